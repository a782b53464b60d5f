"""The consultation API's request model and its response schema, for the views and OpenAPI."""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from assessment.exchange import ExchangeDocument
from assessment.perception import GAPS

Token = Annotated[str, Field(min_length=1, max_length=64)]


class ConsultationRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ours: ExchangeDocument | Token | None = Field(
        default=None, description="our reading: an exchange document or a share token"
    )
    theirs: ExchangeDocument | Token = Field(
        description="their reading: an exchange document or a share token"
    )
    edit_token: Token | None = Field(
        default=None,
        description="instead of 'ours': the edit token of our stored assessment, which then "
        "keeps the pairing",
    )


def request_schema(ref: str) -> dict[str, Any]:
    schema = ConsultationRequest.model_json_schema(ref_template=ref)
    schema.pop("$defs", None)
    return schema


def response_schema() -> dict[str, Any]:
    string, number = {"type": "string"}, {"type": "number"}
    nullable_string = {"type": ["string", "null"]}
    nullable_number = {"type": ["number", "null"]}
    side = {
        "type": "object",
        "required": ["title", "perspective", "score", "band", "headline", "transparency"],
        "properties": {
            "title": string,
            "perspective": string,
            "score": number,
            "band": string,
            "headline": string,
            "transparency": nullable_number,
        },
    }
    question = {
        "type": "object",
        "required": ["question_id", "gap", "ours_option", "theirs_option"],
        "properties": {
            "question_id": string,
            "gap": {"enum": list(GAPS)},
            "ours_option": nullable_string,
            "theirs_option": nullable_string,
        },
    }
    item = {
        "type": "object",
        "required": ["rank", "question_id", "gap", "measure", "channels", "gain"],
        "properties": {
            "rank": {"type": "integer"},
            "question_id": string,
            "gap": {"enum": [g for g in GAPS if g != "agreement"]},
            "measure": nullable_string,
            "channels": {"type": "array", "items": string},
            "gain": number,
        },
    }
    return {
        "type": "object",
        "required": ["format", "catalogue", "ours", "theirs", "questions", "agenda"],
        "properties": {
            "format": {"const": "due-regard/consultation"},
            "ours": side,
            "theirs": side,
            "questions": {"type": "array", "items": question},
            "agenda": {"type": "array", "items": item},
            "pairing": {
                "type": "object",
                "required": ["id", "url"],
                "properties": {"id": {"type": "integer"}, "url": string},
            },
        },
    }
