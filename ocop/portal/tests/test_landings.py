"""Every role lands on its own work: signing in leads to /trang-cua-toi/, which sends each role on.

Officers land on their dashboard (/thong-ke/bang-dieu-khien/), producers on their products
(/registry/my-products/), council members on the dossiers they score (/hoi-dong/), buyers on their trade
page (/giao-thuong/), sales-point operators on their points (/diem-ban/quan-ly/).
Each landing is 404 for the other roles (or, for /trang-cua-toi/, a redirect to their own), and anonymous
visitors are sent to sign in.
"""

import pytest

from ocop.accounts.management.commands.load_demo_users import DEMO_PASSWORD
from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANDING_BY_ROLE = {
    Role.CENTRAL_OFFICER: "/thong-ke/bang-dieu-khien/",
    Role.PROVINCE_OFFICER: "/thong-ke/bang-dieu-khien/",
    Role.COMMUNE_OFFICER: "/thong-ke/bang-dieu-khien/",
    Role.COUNCIL_MEMBER: "/hoi-dong/",
    Role.PRODUCER: "/registry/my-products/",
    Role.BUYER: "/giao-thuong/",
    Role.SALES_POINT_OPERATOR: "/diem-ban/quan-ly/",
}
HEADING_BY_ROLE = {
    Role.CENTRAL_OFFICER: "<h1>Bảng điều khiển</h1>",
    Role.PROVINCE_OFFICER: "<h1>Bảng điều khiển</h1>",
    Role.COMMUNE_OFFICER: "<h1>Bảng điều khiển</h1>",
    Role.COUNCIL_MEMBER: "<h1>Hồ sơ cần chấm</h1>",
    Role.PRODUCER: "<h1>Sản phẩm của tôi</h1>",
    Role.BUYER: "<h1>Giao thương</h1>",
    Role.SALES_POINT_OPERATOR: "<h1>Điểm bán của tôi</h1>",
}
ROLE_PAGES = ["/thong-ke/bang-dieu-khien/", "/registry/my-products/", "/giao-thuong/", "/trang-cua-toi/"]


@pytest.mark.parametrize("role", list(Role))
def test_each_demo_role_signs_in_and_lands_on_its_own_page(client, demo_accounts, role):
    user = demo_accounts[role]

    response = client.post("/accounts/login/", {"email": user.email, "password": DEMO_PASSWORD}, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == LANDING_BY_ROLE[role]
    html = response.content.decode()
    assert HEADING_BY_ROLE[role] in html
    assert [item.url for item in response.context["navigation"] if item.current] == [LANDING_BY_ROLE[role]]
    if role == Role.PRODUCER:
        assert "Công ty TNHH MTV Cà phê Mộ Đức" in html
        assert "Cà phê rang xay Mộ Đức" in html


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_only_its_own_landing(client, db, role):
    client.force_login(UserFactory(role=role))

    answers = {page: client.get(page) for page in ROLE_PAGES}

    own = LANDING_BY_ROLE[role]
    for page, response in answers.items():
        if page == own:
            assert response.status_code == 200, page
        elif page == "/trang-cua-toi/":
            assert (response.status_code, response["Location"]) == (302, own)
        else:
            assert response.status_code == 404, page


@pytest.mark.parametrize("page", ROLE_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, page):
    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={page}"


def test_an_inactive_account_is_sent_to_sign_in(client, db):
    user = UserFactory(role=Role.BUYER, is_active=False)
    client.force_login(user)

    response = client.get("/trang-cua-toi/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/trang-cua-toi/"


def test_the_council_members_page_links_to_the_registry_the_buyers_does_not(client, db):
    client.force_login(UserFactory(role=Role.COUNCIL_MEMBER))
    council = client.get("/trang-cua-toi/", follow=True).content.decode()
    client.force_login(UserFactory(role=Role.BUYER))
    buyer = client.get("/trang-cua-toi/", follow=True).content.decode()

    assert 'href="/registry/products/"' in council
    assert 'href="/registry/products/"' not in buyer
    assert 'href="/san-pham/"' in buyer
