"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""

from typing import Any

from assessment.catalogue import Catalogue
from assessment.exchange import ExchangeDocument
from assessment.web.api import consultation_schema
from assessment.web.i18n import LANGUAGES

REF = "#/components/schemas/{model}"
NUMBER = {"type": "number"}
NULLABLE_NUMBER = {"type": ["number", "null"]}
NULLABLE_STRING = {"type": ["string", "null"]}
STRINGS = {"type": "array", "items": {"type": "string"}}


def _object(properties: dict[str, Any], extra: bool = True) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": extra,
    }


def _result_schema() -> dict[str, Any]:
    string = {"type": "string"}
    overall = _object(
        {
            "score": NUMBER,
            "raw_score": NUMBER,
            "band": string,
            "range": _object({"low": NUMBER, "high": NUMBER}),
            "confidence": NUMBER,
            "capped": {"type": "boolean"},
            # method 2.0 (a method-1.0 result has method 1, empty band ids and null figures)
            "method": {"type": "integer", "enum": [1, 2]},
            "headline": string,  # a band id, or "insufficient_information"
            "band_low": string,
            "band_high": string,
            "transparency": NULLABLE_NUMBER,
            "transparency_low": NULLABLE_NUMBER,
            "transparency_high": NULLABLE_NUMBER,
            "cap": NULLABLE_STRING,
        }
    )
    criterion = _object(
        {
            "criterion_id": string,
            "title": string,
            "score": NULLABLE_NUMBER,
            "low": NULLABLE_NUMBER,
            "high": NULLABLE_NUMBER,
            "confidence": NUMBER,
        }
    )
    recommendation = _object(
        {
            "question_id": string,
            "criterion_id": string,
            "option_id": string,
            "text": string,
            "gain": NUMBER,
            "raw_gain": NUMBER,
            "axis": string,
            "remediable": {"type": "boolean"},
            "actionable": {"type": "boolean"},
            "to": {"type": "string", "enum": ["actor", "affected_state"]},
            "norms": STRINGS,
        }
    )
    red_line = _object(
        {"question_id": string, "option_id": string, "cap": string, "statement": string}
    )
    return _object(
        {
            "catalogue_id": string,
            "catalogue_version": string,
            "overall": overall,
            "criteria": {"type": "array", "items": criterion},
            "red_lines": {"type": "array", "items": red_line},
            "recommendations": {"type": "array", "items": recommendation},
            "unanswered": {"type": "array", "items": string},
            "complete": {"type": "boolean"},
            "phase": NULLABLE_STRING,
            "possible_red_lines": {"type": "array", "items": red_line},
            "action_plan": STRINGS,
            "cannot_change": STRINGS,
        }
    )


def _error_schema() -> dict[str, Any]:
    problem = _object({"path": {"type": "string"}, "message": {"type": "string"}})
    return _object({"error": {"type": "string"}, "problems": {"type": "array", "items": problem}})


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": REF.format(model=schema)}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): {"description": "error", "content": _json("Error")} for c in codes}


TOKEN = {
    "name": "token",
    "in": "path",
    "required": True,
    "description": "an assessment's edit or share link token",
    "schema": {"type": "string", "maxLength": 64},
}


def _with_catalogue_enums(definitions: dict[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """Name the ids this catalogue accepts, so clients and fuzzers send meaningful documents."""
    ref = definitions["CatalogueRef"]["properties"]
    ref["id"]["enum"] = [catalogue.id]
    ref["version"]["enum"] = [catalogue.version]
    activity = definitions["Activity"]["properties"]
    activity["kinds"]["items"]["enum"] = [k.id for k in catalogue.activity_kinds]
    return definitions


PAPER = {
    "name": "paper",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["a4", "letter"], "default": "a4"},
}
LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": (
        "the language of the texts (catalogue, scenarios, messages, PDF); English when absent, "
        "whatever Accept-Language or cookie the client sends; ids and scores never depend on it"
    ),
    "schema": {"type": "string", "enum": [lang.code for lang in LANGUAGES], "default": "en"},
}
PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def openapi_document(catalogue: Catalogue) -> dict[str, Any]:
    """The API description; the exchange schema comes from the same model the API validates with."""
    exchange = ExchangeDocument.model_json_schema(ref_template=REF)
    definitions = _with_catalogue_enums(exchange.pop("$defs", {}), catalogue)
    stored = _object(
        {
            "title": {"type": "string"},
            "updated_at": {"type": "string"},
            "document": {"$ref": REF.format(model="ExchangeDocument")},
            "result": {"$ref": REF.format(model="Result")},
        }
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Due Regard API",
            "version": "1.0.0",
            "description": (
                f"Scores assessments on catalogue {catalogue.id} {catalogue.version}. Texts "
                "(catalogue, scenarios, error messages, PDFs) are in English unless ?lang= names "
                f"one of {', '.join(lang.code for lang in LANGUAGES)}: Accept-Language and the "
                "site's language cookie "
                "are ignored, and an unknown lang is a 400. Ids and scores never depend on it."
            ),
        },
        "paths": {
            "/api/v1/catalogue": {
                "get": {
                    "summary": "The criteria catalogue in force",
                    "parameters": [LANG],
                    "responses": {
                        "200": {
                            "description": "the catalogue",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **_errors(400),
                    },
                }
            },
            "/api/v1/score": {
                "post": {
                    "summary": "Score an exchange document without storing it",
                    "parameters": [LANG],
                    "requestBody": {"required": True, "content": _json("ExchangeDocument")},
                    "responses": {
                        "200": {"description": "the result", "content": _json("Result")},
                        **_errors(400, 413, 415),
                    },
                }
            },
            "/api/v1/consultations": {
                "post": {
                    "summary": "Hold two readings of one activity against each other",
                    "parameters": [LANG],
                    "description": (
                        "Each side is an exchange document or a share token. With edit_token "
                        "instead of ours, the pairing is kept on that assessment (201)."
                    ),
                    "requestBody": {"required": True, "content": _json("ConsultationRequest")},
                    "responses": {
                        "200": {"description": "gaps and agenda", "content": _json("Consultation")},
                        "201": {"description": "paired", "content": _json("Consultation")},
                        **_errors(400, 404, 409, 413, 415),
                    },
                }
            },
            "/api/v1/assessments/{token}": {
                "get": {
                    "summary": "A stored assessment and its result",
                    "parameters": [TOKEN, LANG],
                    "responses": {
                        "200": {
                            "description": "the assessment",
                            "content": _json("StoredAssessment"),
                        },
                        **_errors(400, 404),
                    },
                }
            },
            "/api/v1/assessments/{token}/export": {
                "get": {
                    "summary": "A stored assessment as an exchange document",
                    "parameters": [TOKEN, LANG],
                    "responses": {
                        "200": {
                            "description": "the document",
                            "content": _json("ExchangeDocument"),
                        },
                        **_errors(400, 404),
                    },
                }
            },
            "/api/v1/brief": {
                "post": {
                    "summary": "The two-page brief PDF of an exchange document (nothing stored)",
                    "parameters": [PAPER, LANG],
                    "requestBody": {"required": True, "content": _json("ExchangeDocument")},
                    "responses": {
                        "200": {"description": "the brief", "content": PDF},
                        **_errors(400, 413, 415),
                    },
                }
            },
            "/api/v1/assessments/{token}/brief.pdf": {
                "get": {
                    "summary": "A stored assessment's two-page brief PDF",
                    "parameters": [TOKEN, PAPER, LANG],
                    "responses": {
                        "200": {"description": "the brief", "content": PDF},
                        **_errors(400, 404),
                    },
                }
            },
            "/api/v1/training/{token}/aggregate": {
                "get": {
                    "summary": "A training session's aggregate (facilitator token only)",
                    "parameters": [{**TOKEN, "description": "the facilitator link token"}, LANG],
                    "responses": {
                        "200": {
                            "description": "distributions, divergence, group against reference",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **_errors(400, 404),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                **definitions,
                "ExchangeDocument": exchange,
                "Result": _result_schema(),
                "StoredAssessment": stored,
                "ConsultationRequest": consultation_schema.request_schema(REF),
                "Consultation": consultation_schema.response_schema(),
                "Error": _error_schema(),
            }
        },
    }
