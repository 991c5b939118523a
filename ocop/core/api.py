"""What every endpoint of the JSON API shares: the error answers each kind of endpoint gives, and sign-in.

An operation spreads the groups that apply to it into its ``response``, so that its decorator lists every
answer it can give and the OpenAPI document does too (config/tests/test_api_errors.py checks that none is
left out).
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from ninja.security import SessionAuth

from ocop.core.schemas import ErrorOut, ValidationErrorOut

# Any operation with a parameter or a body: ninja answers 422 for a missing or malformed one.
PARAMETER_ERRORS: dict[int, type[Schema]] = {422: ValidationErrorOut}
# Any operation of a router with a throttle.
THROTTLE_ERRORS: dict[int, type[Schema]] = {429: ErrorOut}
# Any operation behind session_auth: 401 not signed in; 403 signed in without the CSRF token, or not allowed.
SIGN_IN_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut}

CSRF_REFUSED = (
    "Thiếu hoặc sai mã CSRF: gửi mã của phiên trong tiêu đề X-CSRFToken "
    "(CSRF token missing or incorrect: send the session's token in the X-CSRFToken header)"
)


class SignedInSession(SessionAuth):
    """Django's session sign-in, asking who calls before checking the CSRF token.

    ninja's own checks the token first, so an anonymous caller without one got 403 where 401 (sign in) is
    the answer that helps; a signed-in caller without the token still gets 403.
    """

    def _get_key(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None  # authenticate() then finds no user: 401
        try:
            return super()._get_key(request)
        except HttpError as refused:
            raise HttpError(403, CSRF_REFUSED) from refused


session_auth = SignedInSession()


def typed_answer(data: Any, *, status: int = 200) -> HttpResponse:
    """``data`` as ninja's JSON renderer writes it, without checking it against the operation's schema.

    For answers built field by field from values already of the schema's types, where ninja's check
    re-reads every one through pydantic (the search: 0.5 ms of 20 products, a twentieth of a request's
    CPU). The operation still declares its schema, so the OpenAPI document is unchanged; a test of each
    such operation holds its answers to the schema instead.
    """
    renderer = JSONRenderer()
    content = json.dumps(data, cls=renderer.encoder_class, **renderer.json_dumps_params)
    return HttpResponse(
        content, status=status, content_type=f"{renderer.media_type}; charset={settings.DEFAULT_CHARSET}"
    )
