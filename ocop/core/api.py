"""What every endpoint of the JSON API shares: the error answers each kind of endpoint gives.

An operation spreads the groups that apply to it into its ``response``, so that its decorator lists every
answer it can give and the OpenAPI document does too (config/tests/test_api_errors.py checks that none is
left out).
"""

from ninja import Schema

from ocop.core.schemas import ErrorOut, ValidationErrorOut

# Any operation with a parameter or a body: ninja answers 422 for a missing or malformed one.
PARAMETER_ERRORS: dict[int, type[Schema]] = {422: ValidationErrorOut}
# Any operation of a router with a throttle.
THROTTLE_ERRORS: dict[int, type[Schema]] = {429: ErrorOut}
# Any operation that needs a session: 401 not signed in; 403 without the CSRF token, or not allowed.
SIGN_IN_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut}
