"""Changing one's password, and resetting it through a link sent by e-mail (captured in ``mail.outbox``)."""

import re

import pytest
from django.core import mail
from django.test import Client

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory
from ocop.core.models import AuditEvent

NEW_PASSWORD = "mật-khẩu-mới-của-tôi-2027"
CHANGE_URL = "/accounts/password/"
RESET_URL = "/accounts/password/reset/"


def sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"email": email, "password": password})


def password_events() -> list[tuple[str, str, int | None]]:
    events = AuditEvent.objects.filter(action__startswith="user.password").order_by("id")
    return [(event.action, event.object_id, event.actor_id) for event in events]


def errors(response) -> str:
    return " ".join(str(error) for errors in response.context["form"].errors.values() for error in errors)


# --- Changing one's password


def test_anonymous_visitors_are_sent_to_sign_in_to_change_a_password(client, db):
    response = client.get(CHANGE_URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"


@pytest.mark.parametrize("role", list(Role))
def test_every_role_changes_its_password_and_stays_signed_in(client, db, role):
    user = UserFactory(role=role)
    other_session = Client()
    other_session.force_login(user)
    client.force_login(user)

    response = client.post(
        CHANGE_URL,
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == CHANGE_URL
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(CHANGE_URL).status_code == 200  # this session goes on
    assert other_session.get(CHANGE_URL).status_code == 302  # the others end
    assert password_events() == [("user.password_change", str(user.pk), user.pk)]


def test_a_wrong_old_password_changes_nothing(client, producer):
    client.force_login(producer)
    before = User.objects.get(pk=producer.pk).password

    response = client.post(
        CHANGE_URL,
        {"old_password": "không-phải-nó", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"old_password"}
    assert User.objects.get(pk=producer.pk).password == before
    assert password_events() == []


@pytest.mark.parametrize(
    ("new_password1", "new_password2", "field"),
    [
        ("ngắn", "ngắn", "new_password2"),  # Django's validators: too short
        ("password123", "password123", "new_password2"),  # too common
        (NEW_PASSWORD, NEW_PASSWORD + "x", "new_password2"),  # the two do not match
    ],
)
def test_a_weak_or_mistyped_new_password_changes_nothing(
    client, producer, new_password1, new_password2, field
):
    client.force_login(producer)
    before = User.objects.get(pk=producer.pk).password

    response = client.post(
        CHANGE_URL,
        {"old_password": TEST_PASSWORD, "new_password1": new_password1, "new_password2": new_password2},
    )

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {field}
    assert User.objects.get(pk=producer.pk).password == before
    assert password_events() == []


def test_the_user_menu_links_to_the_password_page(client, producer):
    client.force_login(producer)

    page = client.get("/").content.decode()

    assert '<a href="/accounts/password/">Đổi mật khẩu</a>' in page


# --- Resetting a forgotten password


def reset_link(message) -> str:
    [link] = re.findall(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    return link


def test_the_sign_in_page_offers_a_reset(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert '<a href="/accounts/password/reset/">Quên mật khẩu?</a>' in page


def test_a_reset_link_is_mailed_and_works_once(client, owner):
    requested = client.post(RESET_URL, {"email": "  TINH51@example.test "})

    assert requested.status_code == 302
    assert requested["Location"] == "/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == ["tinh51@example.test"]
    assert message.subject == "Đặt lại mật khẩu Nền tảng OCOP"
    link = reset_link(message)
    assert message.body == (
        "Chào Lê Thị Tỉnh,\n\n"
        "Có người đã yêu cầu đặt lại mật khẩu cho tài khoản Nền tảng OCOP của bạn. Để đặt mật khẩu mới, "
        "hãy mở liên kết sau (dùng được một lần, trong 24 giờ):\n\n"
        f"http://testserver{link}\n\n"
        "Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi.\n"
    )
    assert message.from_email == "Nền tảng OCOP <no-reply@localhost>"

    opened = client.get(link)
    assert opened.status_code == 302
    form_url = opened["Location"]
    assert form_url.endswith("/set-password/")
    assert client.get(form_url).context["validlink"] is True
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/done/"
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert sign_in(Client(), "tinh51@example.test", NEW_PASSWORD).wsgi_request.user == owner
    assert password_events() == [
        ("user.password_reset_request", str(owner.pk), None),
        ("user.password_reset", str(owner.pk), owner.pk),
    ]
    # Used once, the link is dead, in this browser and any other.
    for browser in (client, Client()):
        again = browser.get(link, follow=True)
        assert again.context["validlink"] is False
        assert "Liên kết này không còn dùng được" in again.content.decode()


def test_an_expired_link_sets_nothing(client, owner, settings):
    client.post(RESET_URL, {"email": "tinh51@example.test"})
    link = reset_link(mail.outbox[0])
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is past its time
    before = User.objects.get(pk=owner.pk).password

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False
    assert User.objects.get(pk=owner.pk).password == before
    assert [action for action, *_ in password_events()] == ["user.password_reset_request"]


@pytest.mark.parametrize("email", ["khong-co@example.test", "inactive@example.test"])
def test_an_address_without_an_active_account_gets_the_same_answer_and_no_mail(client, db, email):
    UserFactory(email="inactive@example.test", is_active=False)

    response = client.post(RESET_URL, {"email": email}, follow=True)

    assert response.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert (
        "Nếu thư điện tử này thuộc một tài khoản đang hoạt động, một liên kết đặt lại mật khẩu vừa được gửi "
        "đến đó. Liên kết chỉ dùng được một lần, trong 24 giờ."
    ) in response.content.decode()
    assert mail.outbox == []
    assert password_events() == []


def test_one_address_gets_at_most_five_links_an_hour(client, owner):
    answers = [client.post(RESET_URL, {"email": "tinh51@example.test"}).status_code for _ in range(6)]
    refused = client.post(RESET_URL, {"email": "tinh51@example.test"}, REMOTE_ADDR="10.9.9.9")

    assert answers == [302] * 5 + [429]
    assert refused.status_code == 429  # from another client too
    assert (
        "Đã có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau 60 phút." in refused.content.decode()
    )
    assert len(mail.outbox) == 5
    assert len(password_events()) == 5


def test_one_client_asks_at_most_twenty_times_an_hour(client, owner):
    answers = [client.post(RESET_URL, {"email": f"nguoi{n}@example.test"}).status_code for n in range(20)]
    refused = client.post(RESET_URL, {"email": "tinh51@example.test"})
    other_client = Client(REMOTE_ADDR="10.9.9.9").post(RESET_URL, {"email": "tinh51@example.test"})

    assert answers == [302] * 20
    assert refused.status_code == 429
    assert other_client.status_code == 302
    assert [message.to for message in mail.outbox] == [["tinh51@example.test"]]
