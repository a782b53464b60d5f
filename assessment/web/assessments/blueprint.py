"""The blueprint that the assessment pages (questionnaire and manage views) register on."""

from flask import Blueprint

bp = Blueprint("assessments", __name__)
