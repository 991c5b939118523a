import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import TEST_PASSWORD, UserFactory

LOGIN_URL = "/accounts/login/"
PUBLIC_NAVIGATION = ["Trang chủ", "Sản phẩm OCOP", "Tự đánh giá", "Thống kê", "Điểm bán OCOP"]
REGISTRY_NAVIGATION = ["Quản lý sản phẩm", "Quản lý chủ thể"]
NAVIGATION_BY_ROLE = {
    Role.CENTRAL_OFFICER: [
        *PUBLIC_NAVIGATION,
        "Bảng điều khiển",
        *REGISTRY_NAVIGATION,
        "Nhập dữ liệu",
        "Hồ sơ",
        "Bộ tiêu chí",
        "Hội đồng đánh giá",
        "Truy xuất nguồn gốc",
        "Xác minh bên mua",
        "Hội nghị kết nối",
        "Quản lý điểm bán",
        "Mục tiêu",
        "Người dùng",
        "Nhật ký",
    ],
    Role.PROVINCE_OFFICER: [
        *PUBLIC_NAVIGATION,
        "Bảng điều khiển",
        *REGISTRY_NAVIGATION,
        "Nhập dữ liệu",
        "Hồ sơ",
        "Hội đồng đánh giá",
        "Truy xuất nguồn gốc",
        "Xác minh bên mua",
        "Hội nghị kết nối",
        "Quản lý điểm bán",
        "Mục tiêu",
        "Người dùng",
    ],
    Role.COMMUNE_OFFICER: [
        *PUBLIC_NAVIGATION,
        "Bảng điều khiển",
        *REGISTRY_NAVIGATION,
        "Hồ sơ",
        "Truy xuất nguồn gốc",
        "Mục tiêu",
        "Người dùng",
    ],
    Role.COUNCIL_MEMBER: [*PUBLIC_NAVIGATION, "Hồ sơ cần chấm", *REGISTRY_NAVIGATION],
    Role.PRODUCER: [
        *PUBLIC_NAVIGATION,
        "Sản phẩm của tôi",
        "Hồ sơ",
        "Truy xuất nguồn gốc",
        "Nhu cầu phù hợp",
        "Thỏa thuận thương mại",
    ],
    Role.BUYER: [*PUBLIC_NAVIGATION, "Giao thương", "Thỏa thuận thương mại"],
    Role.SALES_POINT_OPERATOR: [*PUBLIC_NAVIGATION, "Điểm bán của tôi"],
}
# Signing in leads to /trang-cua-toi/, which sends officers, producers and buyers on to their own page.
LANDING_CHAIN_BY_ROLE = {
    Role.CENTRAL_OFFICER: [("/trang-cua-toi/", 302), ("/thong-ke/bang-dieu-khien/", 302)],
    Role.PROVINCE_OFFICER: [("/trang-cua-toi/", 302), ("/thong-ke/bang-dieu-khien/", 302)],
    Role.COMMUNE_OFFICER: [("/trang-cua-toi/", 302), ("/thong-ke/bang-dieu-khien/", 302)],
    Role.COUNCIL_MEMBER: [("/trang-cua-toi/", 302), ("/hoi-dong/", 302)],
    Role.PRODUCER: [("/trang-cua-toi/", 302), ("/registry/my-products/", 302)],
    Role.BUYER: [("/trang-cua-toi/", 302), ("/giao-thuong/", 302)],
    Role.SALES_POINT_OPERATOR: [("/trang-cua-toi/", 302), ("/diem-ban/quan-ly/", 302)],
}


def sign_in(
    client: Client,
    email: str,
    password: str = TEST_PASSWORD,
    *,
    follow: bool = False,
):
    return client.post(LOGIN_URL, {"email": email, "password": password}, follow=follow)


def navigation_labels(response) -> list[str]:
    return [str(item.label) for item in response.context["navigation"]]


def test_login_page_has_labelled_fields(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_email">Thư điện tử:</label>' in html
    assert '<label for="id_password">Mật khẩu:</label>' in html
    assert 'autocomplete="current-password"' in html


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_navigation(client, db, role):
    user = UserFactory(email=f"{role}@example.test", full_name="Đỗ Thị Vai Trò", role=role)

    response = sign_in(client, "  " + user.email.upper(), follow=True)

    assert response.redirect_chain == LANDING_CHAIN_BY_ROLE[role]
    assert client.session[SESSION_KEY] == str(user.pk)
    assert navigation_labels(response) == NAVIGATION_BY_ROLE[role]
    html = response.content.decode()
    assert "Đỗ Thị Vai Trò" in html
    assert 'action="/accounts/logout/"' in html
    assert 'href="/accounts/login/"' not in html


def test_anonymous_navigation_offers_sign_in(client, db):
    response = client.get("/")

    assert navigation_labels(response) == PUBLIC_NAVIGATION
    assert 'href="/accounts/login/"' in response.content.decode()


def test_wrong_password_is_refused_with_one_message(client, db):
    user = UserFactory()

    response = sign_in(client, user.email, "sai-mat-khau")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert response.context["form"].non_field_errors() == [
        "Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."
    ]


def test_unknown_address_gets_the_same_message(client, db):
    response = sign_in(client, "khong-co@example.test")

    assert response.context["form"].non_field_errors() == [
        "Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."
    ]


def test_inactive_user_cannot_sign_in_even_with_the_right_password(client, db):
    user = UserFactory(is_active=False)

    response = sign_in(client, user.email)

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert response.context["form"].non_field_errors() == [
        "Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa."
    ]


def test_sign_in_follows_a_local_next_and_ignores_a_foreign_one(client, db):
    user = UserFactory(role=Role.CENTRAL_OFFICER)

    local = client.post(LOGIN_URL, {"email": user.email, "password": TEST_PASSWORD, "next": "/audit/"})
    client.post("/accounts/logout/")
    foreign = client.post(
        LOGIN_URL, {"email": user.email, "password": TEST_PASSWORD, "next": "https://evil.example/"}
    )

    assert local["Location"] == "/audit/"
    assert foreign["Location"] == "/trang-cua-toi/"


def test_sign_out_needs_post(client, db):
    user = UserFactory()
    client.force_login(user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_out_needs_the_csrf_token(db):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    refused = client.post("/accounts/logout/")
    assert refused.status_code == 403
    assert client.session[SESSION_KEY] == str(user.pk)

    home = client.get("/")
    token = home.context["csrf_token"]
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session
