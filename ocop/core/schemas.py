"""The shapes of the JSON API's errors: one for a refusal, one for parameters that do not validate."""

from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    """Every refusal but a malformed parameter's: ``detail`` says what is wrong, and which parameter."""

    detail: str


class ValidationIssueOut(Schema):
    type: str = Field(description="What is wrong, e.g. missing, int_parsing, literal_error, string_too_long")
    loc: list[str | int] = Field(
        description="Where: the part of the request (path, query, form, file, body), then the parameter"
    )
    msg: str
    ctx: dict[str, Any] | None = Field(None, description="The limit broken, e.g. the largest value allowed")


class ValidationErrorOut(Schema):
    """Parameters or fields that are missing or malformed (422): one item for each problem."""

    detail: list[ValidationIssueOut]
