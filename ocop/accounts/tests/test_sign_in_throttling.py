"""Sign-in throttling, through every way to sign in: the site, the admin, and authenticate() itself.

The attack of issue #8: the admin login skipped the throttle (30 wrong passwords all answered, and the
right one signed in during a lockout of the site).
"""

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth import SESSION_KEY, aauthenticate, authenticate
from django.test import Client, RequestFactory

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory

SITE_LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"
WRONG_PASSWORD = "sai-mat-khau"
REFUSAL = "Đăng nhập không thành công quá nhiều lần. Vui lòng thử lại sau 15 phút."
WRONG_PASSWORD_MESSAGE = "Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."
ADDRESS_A = "10.0.0.2"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900


@pytest.fixture
def officer(db) -> User:
    return UserFactory(email="trunguong@example.test", role=Role.CENTRAL_OFFICER, is_staff=True)


def site_sign_in(client: Client, email: str, password: str = TEST_PASSWORD, *, address: str = ADDRESS_A):
    return client.post(SITE_LOGIN_URL, {"email": email, "password": password}, REMOTE_ADDR=address)


def admin_sign_in(client: Client, email: str, password: str = TEST_PASSWORD, *, address: str = ADDRESS_A):
    return client.post(
        ADMIN_LOGIN_URL, {"username": email, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def admin_error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data()["__all__"]]


def signed_in_as(client: Client, user: User) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


def assert_refused_and_nothing_changed(client: Client, user: User) -> None:
    assert SESSION_KEY not in client.session
    user.refresh_from_db()
    assert user.last_login is None


def test_admin_signs_in_with_the_right_password(client, officer):
    response = admin_sign_in(client, officer.email)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in_as(client, officer)


def test_thirty_wrong_passwords_at_the_admin_are_refused_after_five(client, officer):
    codes = [admin_error_codes(admin_sign_in(client, officer.email, WRONG_PASSWORD)) for _ in range(30)]

    assert codes == [["invalid_login"]] * 5 + [["throttled"]] * 25

    admin = admin_sign_in(client, officer.email)
    assert admin.status_code == 200
    assert admin_error_codes(admin) == ["throttled"]
    assert admin.context["form"].non_field_errors() == [REFUSAL]
    site = site_sign_in(client, officer.email)
    assert site.status_code == 429
    assert REFUSAL in site.content.decode()
    assert_refused_and_nothing_changed(client, officer)


@pytest.mark.parametrize(
    ("fail", "then"),
    [(admin_sign_in, site_sign_in), (site_sign_in, admin_sign_in)],
    ids=["admin-then-site", "site-then-admin"],
)
def test_a_lockout_earned_one_way_holds_the_other_way(client, officer, fail, then):
    for _ in range(5):
        fail(client, officer.email, WRONG_PASSWORD)

    response = then(client, officer.email)

    assert response.status_code in (200, 429)
    assert REFUSAL in response.content.decode()
    assert_refused_and_nothing_changed(client, officer)


def test_the_e_mail_address_is_counted_whatever_its_case(client, officer):
    for attempt in range(5):
        site_sign_in(client, f"  {officer.email.upper()}" if attempt % 2 else officer.email, WRONG_PASSWORD)

    assert admin_error_codes(admin_sign_in(client, "TrungUong@Example.Test")) == ["throttled"]
    assert_refused_and_nothing_changed(client, officer)


def test_authenticate_without_a_request_is_throttled_too(client, officer):
    for _ in range(5):
        assert authenticate(None, email=officer.email, password=WRONG_PASSWORD) is None

    assert authenticate(None, email=officer.email, password=TEST_PASSWORD) is None
    assert site_sign_in(client, officer.email).status_code == 429
    assert_refused_and_nothing_changed(client, officer)


def test_the_asynchronous_authenticate_goes_through_the_same_throttle(client, officer):
    request = RequestFactory().post(ADMIN_LOGIN_URL, REMOTE_ADDR=ADDRESS_A)
    for _ in range(5):
        assert async_to_sync(aauthenticate)(request, email=officer.email, password=WRONG_PASSWORD) is None

    assert async_to_sync(aauthenticate)(request, email=officer.email, password=TEST_PASSWORD) is None
    assert site_sign_in(client, officer.email).status_code == 429
    assert_refused_and_nothing_changed(client, officer)
