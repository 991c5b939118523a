from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ocop.accounts.models import Role, User
from ocop.core.models import AuditEvent

DEMO_EMAILS = {
    "trunguong@demo.ocop.vn": (Role.CENTRAL_OFFICER, None),
    "tinh.quangngai@demo.ocop.vn": (Role.PROVINCE_OFFICER, "Tỉnh Quảng Ngãi"),
    "tinh.daklak@demo.ocop.vn": (Role.PROVINCE_OFFICER, "Tỉnh Đắk Lắk"),
    "xa.moduc@demo.ocop.vn": (Role.COMMUNE_OFFICER, "Xã Mộ Đức"),
    "hoidong.quangngai@demo.ocop.vn": (Role.COUNCIL_MEMBER, "Tỉnh Quảng Ngãi"),
    "hoidong2.quangngai@demo.ocop.vn": (Role.COUNCIL_MEMBER, "Tỉnh Quảng Ngãi"),
    "chuthe.moduc@demo.ocop.vn": (Role.PRODUCER, "Xã Mộ Đức"),
    "nguoimua.quangngai@demo.ocop.vn": (Role.BUYER, "Tỉnh Quảng Ngãi"),
    "diemban.quangngai@demo.ocop.vn": (Role.SALES_POINT_OPERATOR, "Phường Cẩm Thành"),
}


@pytest.fixture(autouse=True)
def _laptop(monkeypatch, settings):
    settings.DEBUG = False
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # Eight Argon2 hashes per load make these tests slow; the hasher is not what they are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load() -> str:
    output = StringIO()
    call_command("load_demo_users", stdout=output)
    return output.getvalue()


def demo_events() -> list[str]:
    return list(AuditEvent.objects.filter(action__startswith="user.demo").values_list("action", flat=True))


@pytest.mark.django_db
def test_one_demo_user_per_role_a_second_province_and_a_second_council_member():
    output = load()

    users = User.objects.filter(email__endswith="@demo.ocop.vn").select_related("unit")
    assert {user.email: (user.role, user.unit.name if user.unit else None) for user in users} == DEMO_EMAILS
    assert {user.role for user in users} == set(Role)
    assert all(user.check_password("ocop-demo-2026") for user in users)
    assert [user.email for user in users if user.is_staff] == ["trunguong@demo.ocop.vn"]
    assert "Password for every demo account: ocop-demo-2026" in output
    assert demo_events() == ["user.demo_create"] * 9


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    load()

    output = load()

    assert User.objects.filter(email__endswith="@demo.ocop.vn").count() == 9
    assert "(0 created or restored)" in output
    assert len(demo_events()) == 9


@pytest.mark.django_db
def test_loading_again_restores_a_changed_demo_user():
    load()
    User.objects.filter(email="tinh.quangngai@demo.ocop.vn").update(is_active=False)

    load()

    restored = User.objects.get(email="tinh.quangngai@demo.ocop.vn")
    assert restored.is_active is True
    event = AuditEvent.objects.get(action="user.demo_restore")
    assert (event.object_id, event.province_code, event.details) == (
        str(restored.pk),
        51,
        {"role": "province_officer", "changed": ["is_active"]},
    )


@pytest.mark.django_db
def test_demo_users_sign_in_with_the_demo_password(client):
    load()

    response = client.post(
        "/accounts/login/", {"email": "tinh.quangngai@demo.ocop.vn", "password": "ocop-demo-2026"}
    )

    assert response.status_code == 302


@pytest.mark.django_db
def test_refuses_on_a_real_deployment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://ocop@db.example/ocop")

    with pytest.raises(CommandError, match="looks like a real deployment"):
        load()

    assert not User.objects.filter(email__endswith="@demo.ocop.vn").exists()


@pytest.mark.django_db
def test_proceeds_with_a_database_url_while_debugging(monkeypatch, settings):
    monkeypatch.setenv("DATABASE_URL", "postgres://ocop@localhost/ocop")
    settings.DEBUG = True

    load()

    assert User.objects.filter(email__endswith="@demo.ocop.vn").count() == 9
