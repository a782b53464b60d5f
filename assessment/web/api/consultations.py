"""POST /api/v1/consultations: two readings of one activity held against each other.

Each side is an exchange document or the share token of a stored assessment (never an edit
token). Given ``edit_token`` instead of ``ours``, the stored assessment is "ours" and the pairing
is kept on it, as pairing by share link or import does on the consultation page.
"""

import json
from typing import Any

from flask import Response, jsonify, request, url_for
from pydantic import ValidationError

from assessment.catalogue import Catalogue
from assessment.consultation import build_brief, to_json
from assessment.errors import Problem
from assessment.exchange import ExchangeDocument, check_document
from assessment.web.api.consultation_schema import ConsultationRequest
from assessment.web.assessments import store
from assessment.web.assessments.models import Assessment
from assessment.web.consultations import service
from assessment.web.db import db, plausible_token
from assessment.web.http import problem_response


class _Refused(Exception):
    def __init__(self, status: int, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.problems = status, message, problems or []


def _side(catalogue: Catalogue, value: ExchangeDocument | str, where: str) -> ExchangeDocument:
    if isinstance(value, str):
        row = service.by_share_token(value)
        if row is None:
            raise _Refused(404, f"'{where}': no assessment has this share token")
        return store.document_for(catalogue, row)
    problems = [Problem(f"{where}.{p.path}", p.message) for p in check_document(catalogue, value)]
    if problems:
        raise _Refused(400, f"'{where}' is not a valid assessment", problems)
    return value


def _ours(
    catalogue: Catalogue, body: ConsultationRequest
) -> tuple[ExchangeDocument, Assessment | None]:
    if body.edit_token is not None:
        if body.ours is not None:
            raise _Refused(400, "give either 'ours' or 'edit_token', not both")
        row = None
        if plausible_token(body.edit_token):
            row = db.session.scalar(
                db.select(Assessment).where(Assessment.edit_token == body.edit_token)
            )
        if row is None:
            raise _Refused(404, "no assessment has this edit token")
        return store.document_for(catalogue, row), row
    if body.ours is None:
        raise _Refused(400, "give 'ours' (a document or share token) or 'edit_token'")
    return _side(catalogue, body.ours, "ours"), None


def _body() -> ConsultationRequest:
    try:
        data = json.loads(request.get_data())
    except (ValueError, RecursionError) as exc:
        raise _Refused(400, f"malformed JSON: {exc}") from exc
    try:
        return ConsultationRequest.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        raise _Refused(400, "the request is not a consultation request", problems) from exc


def _pair(row: Assessment, body: ConsultationRequest, theirs: ExchangeDocument) -> dict[str, Any]:
    if isinstance(body.theirs, str):
        pairing = service.pair_with_share_token(row, body.theirs)
    else:
        pairing = service.pair_with_document(row, theirs.activity.title, theirs)
    url = url_for(
        "consultations.consultation",
        token=row.edit_token,
        pairing_id=pairing.id,
        _external=True,
    )
    return {"id": pairing.id, "url": url}


def consult(catalogue: Catalogue) -> tuple[Response, int] | Response:
    if not request.is_json:
        return problem_response(415, "send the consultation request as application/json")
    try:
        body = _body()
        ours, row = _ours(catalogue, body)
        theirs = _side(catalogue, body.theirs, "theirs")
        data = to_json(build_brief(catalogue, ours, theirs, ("Ours", "Theirs")))
        if row is None:
            return jsonify(data)
        data["pairing"] = _pair(row, body, theirs)
    except _Refused as exc:
        return problem_response(exc.status, exc.message, tuple(exc.problems))
    except service.PairingError as exc:
        return problem_response(409, str(exc))
    return jsonify(data), 201
