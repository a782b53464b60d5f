"""The blueprint that the training pages (facilitator and participant) register on."""

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/training")
