"""Assessments: describe, answer, review, result, keep, compare, import/export, PDF downloads.

``views`` gathers the routes (``questionnaire``, ``manage``, ``reports``); ``store`` is the only
code that writes assessment rows; ``access`` resolves capability links.
"""
