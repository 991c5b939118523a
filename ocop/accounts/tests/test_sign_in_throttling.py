"""Sign-in throttling, through every way to sign in: the site, the admin, and authenticate() itself.

The attacks of issue #8: the admin login skipped the throttle (30 wrong passwords all answered, and the
right one signed in during a lockout of the site), and five failures for one account locked out every
account at that client address. Limits here are those of production for the pair (5) and smaller for
the account (8) and the address (12), so the tests stay fast: every failure costs an Argon2 check.
"""

import time

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth import SESSION_KEY, aauthenticate, authenticate
from django.core.checks import Tags, run_checks
from django.test import Client, RequestFactory

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory

SITE_LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"
WRONG_PASSWORD = "sai-mat-khau"
REFUSAL = "Đăng nhập không thành công quá nhiều lần. Vui lòng thử lại sau 15 phút."
WRONG_PASSWORD_MESSAGE = "Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."
ADDRESS_A = "10.0.0.2"
ADDRESS_B = "10.0.0.3"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900


@pytest.fixture
def officer(db) -> User:
    return UserFactory(email="trunguong@example.test", role=Role.CENTRAL_OFFICER, is_staff=True)


@pytest.fixture
def colleague(db) -> User:
    return UserFactory(email="trunguong2@example.test", role=Role.CENTRAL_OFFICER, is_staff=True)


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
    # Refused attempts are not failures: 25 of them did not bring the account to its limit of 8, so the
    # officer still signs in from another address.
    assert site_sign_in(client, officer.email, address=ADDRESS_B).status_code == 302
    assert signed_in_as(client, officer)


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


def test_one_accounts_failures_leave_other_accounts_at_the_same_address_alone(client, officer, colleague):
    for _ in range(5):
        assert site_sign_in(client, officer.email, WRONG_PASSWORD).status_code == 200
    assert site_sign_in(client, officer.email).status_code == 429

    response = site_sign_in(client, colleague.email)

    assert response.status_code == 302
    assert signed_in_as(client, colleague)


def test_an_account_locked_at_one_address_signs_in_elsewhere_until_its_own_limit(client, officer, colleague):
    for _ in range(5):
        site_sign_in(client, officer.email, WRONG_PASSWORD, address=ADDRESS_A)
    assert site_sign_in(client, officer.email, address=ADDRESS_A).status_code == 429

    assert site_sign_in(client, officer.email, address=ADDRESS_B).status_code == 302
    client.post("/accounts/logout/")
    # Two more failures from two more addresses: seven for the account, one under its limit of 8.
    site_sign_in(client, officer.email, WRONG_PASSWORD, address="10.0.1.1")
    site_sign_in(client, officer.email, WRONG_PASSWORD, address="10.0.1.2")
    assert site_sign_in(client, officer.email, address="10.0.1.3").status_code == 302
    client.post("/accounts/logout/")
    officer.last_login = None
    officer.save(update_fields=["last_login"])

    # The eighth, from yet another address, locks the account from everywhere, and nobody else.
    site_sign_in(client, officer.email, WRONG_PASSWORD, address="10.0.1.4")
    response = site_sign_in(client, officer.email, address="10.0.1.5")

    assert response.status_code == 429
    assert_refused_and_nothing_changed(client, officer)
    assert site_sign_in(client, colleague.email, address="10.0.1.5").status_code == 302


def test_the_address_wide_limit_refuses_at_exactly_its_limit(client, officer, colleague):
    # Eleven guesses at eleven accounts, none of which exists: each pair and each account stays at one.
    for attempt in range(11):
        assert site_sign_in(client, f"doan{attempt}@example.test", WRONG_PASSWORD).status_code == 200
    assert site_sign_in(client, colleague.email).status_code == 302
    client.post("/accounts/logout/")

    assert site_sign_in(client, "doan11@example.test", WRONG_PASSWORD).status_code == 200
    response = site_sign_in(client, officer.email)

    assert response.status_code == 429
    assert_refused_and_nothing_changed(client, officer)
    assert admin_error_codes(admin_sign_in(client, officer.email)) == ["throttled"]
    assert site_sign_in(client, officer.email, address=ADDRESS_B).status_code == 302


def test_a_success_clears_the_pair_counter_and_not_the_accounts(client, officer):
    for _ in range(4):
        site_sign_in(client, officer.email, WRONG_PASSWORD)
    assert site_sign_in(client, officer.email).status_code == 302
    client.post("/accounts/logout/")
    officer.last_login = None
    officer.save(update_fields=["last_login"])

    # Four more from the same address: the pair starts again from zero, so the fifth attempt is
    # answered, but the account has now failed eight times and is locked from everywhere.
    for _ in range(4):
        assert site_sign_in(client, officer.email, WRONG_PASSWORD).status_code == 200
    response = site_sign_in(client, officer.email, address=ADDRESS_B)

    assert response.status_code == 429
    assert_refused_and_nothing_changed(client, officer)


def test_the_e_mail_address_is_counted_whatever_its_case(client, officer):
    for attempt in range(5):
        site_sign_in(client, f"  {officer.email.upper()}" if attempt % 2 else officer.email, WRONG_PASSWORD)

    assert admin_error_codes(admin_sign_in(client, "TrungUong@Example.Test")) == ["throttled"]
    assert_refused_and_nothing_changed(client, officer)


def test_authenticate_without_a_request_counts_as_an_address_of_its_own(client, officer):
    for _ in range(5):
        assert authenticate(None, email=officer.email, password=WRONG_PASSWORD) is None

    assert authenticate(None, email=officer.email, password=TEST_PASSWORD) is None
    # Clients are another address: the officer signs in from the site.
    assert site_sign_in(client, officer.email).status_code == 302
    # Those five count against the account: three more failures from anywhere reach its limit of 8.
    client.post("/accounts/logout/")
    for attempt in range(3):
        site_sign_in(client, officer.email, WRONG_PASSWORD, address=f"10.0.2.{attempt}")
    assert site_sign_in(client, officer.email, address=ADDRESS_B).status_code == 429


def test_the_asynchronous_authenticate_goes_through_the_same_throttle(client, officer):
    request = RequestFactory().post(ADMIN_LOGIN_URL, REMOTE_ADDR=ADDRESS_A)
    for _ in range(5):
        assert async_to_sync(aauthenticate)(request, email=officer.email, password=WRONG_PASSWORD) is None

    assert async_to_sync(aauthenticate)(request, email=officer.email, password=TEST_PASSWORD) is None
    assert site_sign_in(client, officer.email).status_code == 429
    assert_refused_and_nothing_changed(client, officer)


def test_sign_in_works_again_when_the_window_has_passed(client, officer, monkeypatch):
    for _ in range(5):
        site_sign_in(client, officer.email, WRONG_PASSWORD)
    assert site_sign_in(client, officer.email).status_code == 429

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 901)
    response = site_sign_in(client, officer.email)

    assert response.status_code == 302
    assert signed_in_as(client, officer)


def test_a_backend_that_skips_the_throttle_is_a_system_check_error(db, settings):
    assert run_checks(tags=[Tags.security]) == []

    settings.AUTHENTICATION_BACKENDS = [
        "ocop.accounts.backends.ThrottledModelBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]

    assert [(message.id, message.msg) for message in run_checks(tags=[Tags.security])] == [
        (
            "accounts.E001",
            "Authentication backend django.contrib.auth.backends.ModelBackend does not go through the "
            "sign-in throttle.",
        )
    ]
