"""``POST /api/v1/imports/recognitions``: a recognitions file (contracts/recognitions.md §1) for systems.

Multipart, the file in the field ``file``; ``dry_run=true`` (a form field) checks and reports without
writing. Signed-in session with its CSRF token (``X-CSRFToken``), as for every writing call of this API.

- 200: imported (or, with ``dry_run``, would import): ``summary`` counts producers, products and
  certificates created, updated and unchanged; ``preview`` names the first of each.
- 401: not signed in (with or without a CSRF token: who calls is decided first). 403: signed in without
  the CSRF token, or neither a central nor a province officer.
- 422, the file refused: nothing was written; ``errors`` lists ``{line, column, message}`` (line 0: the
  file as a whole, e.g. too large, not UTF-8, not CSV or XLSX), the first 200 of ``error_count``. A
  province officer's rows that lie outside their province, or touch a producer or product recorded in
  another province, are errors of this kind, naming their lines: the file is what is wrong, and it only
  tells the officer what they sent.
- 422, the request malformed (no ``file``, ``dry_run`` not a boolean): nothing was read or written;
  ``detail`` lists the fields, as for every endpoint (``{"detail": [{"loc": ["file", "file"], ...}]}``).
- 413: the request's ``Content-Length`` is over the file's limit plus 64 KB for the form: refused before
  any of it is read (400 when ``Content-Length`` is not a number).
"""

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from ocop.core.api import SIGN_IN_ERRORS, session_auth
from ocop.core.schemas import ErrorOut, ValidationErrorOut
from ocop.registry.importing import ImportResult, may_import_recognitions, recognitions_import
from ocop.registry.importing.reading import FileRefusedError, check_size

router = Router()


class RowErrorOut(Schema):
    line: int
    column: str
    message: str


class ImportOut(Schema):
    ok: bool
    dry_run: bool
    summary: dict[str, Any]
    preview: dict[str, Any]
    warnings: list[str]
    batch_id: int | None


class ImportRefusedOut(Schema):
    ok: bool
    detail: str
    errors: list[RowErrorOut]
    error_count: int
    warnings: list[str]


@router.post(
    "/recognitions",
    auth=session_auth,
    # 400: a body Django cannot parse (a broken multipart, too many fields).
    response={
        200: ImportOut,
        400: ErrorOut,
        **SIGN_IN_ERRORS,
        413: ErrorOut,
        422: ImportRefusedOut | ValidationErrorOut,
    },
    summary="Import OCOP recognitions from a CSV or XLSX file",
    description=__doc__,  # what each answer means, in the OpenAPI document as here
)
def recognitions_upload(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[dict[str, Any]]:
    if not may_import_recognitions(request.user):
        raise HttpError(403, "Chỉ cán bộ Trung ương và cấp tỉnh được nhập dữ liệu (officers only).")
    try:
        check_size(file.size or 0)
    except FileRefusedError as refused:
        return Status(422, _refused([{"line": 0, "column": "", "message": refused.message}], 1, []))
    result = recognitions_import(
        acting_user=request.user, file_name=file.name or "upload", content=file, dry_run=dry_run
    )
    if not result.ok:
        return Status(422, _refused_result(result))
    return Status(
        200,
        {
            "ok": True,
            "dry_run": dry_run,
            "summary": result.summary,
            "preview": result.preview,
            "warnings": result.warnings,
            "batch_id": result.batch_id,
        },
    )


def _refused_result(result: ImportResult) -> dict[str, Any]:
    errors = [{"line": e.line, "column": e.column, "message": e.message} for e in result.errors]
    return _refused(errors, result.error_count, result.warnings)


def _refused(errors: list[dict[str, Any]], count: int, warnings: list[str]) -> dict[str, Any]:
    return {
        "ok": False,
        "detail": f"{count} lỗi, không nhập gì (errors found, nothing imported)",
        "errors": errors,
        "error_count": count,
        "warnings": warnings,
    }
