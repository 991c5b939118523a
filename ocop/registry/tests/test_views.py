"""The officials' registry screens, through HTTP, for everyone who may or may not use them.

The cast, after healthchecks' test base: ``owner`` is a province officer of Quảng Ngãi (51), ``teammate``
a council member of the same province (reads, never changes), ``outsider`` a province officer of
Đắk Lắk (66); then a central officer, a commune officer of Xã Mộ Đức (51), a producer and a buyer.

The registry: six products in Quảng Ngãi (one recorded in a legacy Kon Tum unit, now in Quảng Ngãi) and
one in Đắk Lắk; their newest certificates are valid, expired, revoked, potential 5★, 5★ or missing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry.models import Certificate, Producer, ProducerType, Product, RevocationEvidence
from ocop.registry.rules import add_months, product_sets_by_code
from ocop.registry.tests.factories import (
    commune,
    make_certificate,
    make_producer,
    make_product,
    revocation_evidence_upload,
)

pytestmark = pytest.mark.django_db

MO_DUC, CAM_THANH, BUON_MA_THUOT = 21400, 21025, 24133
MANG_DEN_LEGACY = 23473  # Thị trấn Măng Đen, legacy Kon Tum (62); now Xã Măng Đen, Quảng Ngãi (51)
TODAY = timezone.localdate()
A_YEAR_AGO = TODAY - datetime.timedelta(days=365)
FOUR_YEARS_AGO = TODAY - datetime.timedelta(days=4 * 365)
QUANG_NGAI_NAMES = [
    "Bánh ít lá gai",
    "Đường phèn Mộ Đức",
    "Nước mắm Sa Huỳnh",
    "Rượu ngô Sơn Tây",
    "Sâm Ngọc Linh",
    "Tỏi Lý Sơn",
]


@dataclass
class Registry:
    fish_sauce: Product  # 4★ valid, Mộ Đức; an older 3★ superseded
    garlic: Product  # 3★ expired, Cẩm Thành
    spirit: Product  # 3★ revoked, Cẩm Thành, sector 2
    rock_sugar: Product  # 4★ potential 5★ valid, Mộ Đức
    ginseng: Product  # 5★ valid, recorded in legacy Kon Tum, now Quảng Ngãi
    rice_cake: Product  # no certificate, Mộ Đức
    coffee: Product  # 4★ valid, Đắk Lắk
    sa_huynh: Producer
    cam_thanh: Producer
    mang_den: Producer
    ea_tu: Producer


@pytest.fixture
def registry(db) -> Registry:
    sa_huynh = make_producer(
        unit=commune(MO_DUC), name="Hợp tác xã Nước mắm Sa Huỳnh", women_led=True, tax_code="4300000001"
    )
    cam_thanh = make_producer(
        unit=commune(CAM_THANH), name="Công ty Đặc sản Cẩm Thành", producer_type=ProducerType.ENTERPRISE
    )
    mang_den = make_producer(
        unit=commune(MANG_DEN_LEGACY, scheme="legacy"),
        name="Hộ kinh doanh Sâm Măng Đen",
        producer_type=ProducerType.HOUSEHOLD_BUSINESS,
        ethnic_minority_led=True,
    )
    ea_tu = make_producer(unit=commune(BUON_MA_THUOT), name="Hợp tác xã Cà phê Ea Tu")

    fish_sauce = make_product(
        producer=sa_huynh, name="Nước mắm Sa Huỳnh", product_set="I.4.a", code="51-21400-001-2025"
    )
    make_certificate(fish_sauce, stars=3, decision_date=FOUR_YEARS_AGO, decision_no="12/QĐ-UBND")
    make_certificate(
        fish_sauce, stars=4, decision_date=A_YEAR_AGO, decision_no="345/QĐ-UBND", score=Decimal(78)
    )
    garlic = make_product(producer=cam_thanh, name="Tỏi Lý Sơn", product_set="I.4.b")
    make_certificate(garlic, stars=3, decision_date=FOUR_YEARS_AGO)
    spirit = make_product(producer=cam_thanh, name="Rượu ngô Sơn Tây", product_set="II.1.a")
    make_certificate(
        spirit,
        stars=3,
        decision_date=A_YEAR_AGO,
        revoked_on=TODAY - datetime.timedelta(days=30),
        revocation_reason="Ngừng sản xuất",
    )
    rock_sugar = make_product(producer=sa_huynh, name="Đường phèn Mộ Đức", product_set="I.3.b")
    make_certificate(
        rock_sugar, stars=4, potential_five_star=True, decision_date=A_YEAR_AGO, score=Decimal(91)
    )
    ginseng = make_product(producer=mang_den, name="Sâm Ngọc Linh", product_set="III.1")
    make_certificate(ginseng, stars=5, decision_date=A_YEAR_AGO, score=Decimal(93))
    rice_cake = make_product(producer=sa_huynh, name="Bánh ít lá gai", product_set="I.3.b")
    coffee = make_product(producer=ea_tu, name="Cà phê Buôn Ma Thuột", product_set="I.6")
    make_certificate(coffee, stars=4, decision_date=A_YEAR_AGO)
    return Registry(
        fish_sauce,
        garlic,
        spirit,
        rock_sugar,
        ginseng,
        rice_cake,
        coffee,
        sa_huynh,
        cam_thanh,
        mang_den,
        ea_tu,
    )


def _user(role: Role, **fields: object) -> User:
    return UserFactory(role=role, **fields)


@pytest.fixture
def central(db) -> User:
    return _user(Role.CENTRAL_OFFICER, full_name="Trần Trung Ương")


@pytest.fixture
def owner(db) -> User:
    return _user(Role.PROVINCE_OFFICER, full_name="Lê Thị Tỉnh")


@pytest.fixture
def teammate(db) -> User:
    return _user(Role.COUNCIL_MEMBER, full_name="Võ Văn Hội Đồng")


@pytest.fixture
def outsider(db) -> User:
    return _user(Role.PROVINCE_OFFICER, full_name="Nguyễn Đắk Lắk", unit=province(DAK_LAK))


@pytest.fixture
def commune_officer(db) -> User:
    return _user(Role.COMMUNE_OFFICER, full_name="Phạm Văn Xã")  # Xã Mộ Đức


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _names(response) -> list[str]:
    return [product.name for product in response.context["page"].object_list]


def _list(user: User, **params: Any):
    response = _client(user).get(reverse("registry:product_list"), params)
    assert response.status_code == 200
    return response


def _snapshot(product: Product) -> tuple[Any, ...]:
    """Everything a denied request must leave as it was."""
    row = Product.objects.values().get(pk=product.pk)
    certificates = list(Certificate.objects.filter(product=product).order_by("pk").values())
    return row, certificates, AuditEvent.objects.count()


# --- Who sees the lists


def test_a_province_officer_lists_exactly_the_products_of_their_province(registry, owner):
    response = _list(owner)
    assert _names(response) == QUANG_NGAI_NAMES
    assert response.context["counts"] == {"valid": 3, "expired": 1, "revoked": 1, "uncertified": 1}
    assert "Cà phê Buôn Ma Thuột" not in response.content.decode()


def test_a_council_member_lists_their_province_too(registry, teammate):
    assert _names(_list(teammate)) == QUANG_NGAI_NAMES


def test_the_other_province_officer_lists_only_theirs(registry, outsider):
    assert _names(_list(outsider)) == ["Cà phê Buôn Ma Thuột"]


def test_a_commune_officer_lists_only_their_commune(registry, commune_officer):
    assert _names(_list(commune_officer)) == ["Bánh ít lá gai", "Đường phèn Mộ Đức", "Nước mắm Sa Huỳnh"]


def test_a_central_officer_lists_every_province(registry, central):
    assert _names(_list(central)) == ["Bánh ít lá gai", "Cà phê Buôn Ma Thuột", *QUANG_NGAI_NAMES[1:]]


@pytest.mark.parametrize("role", [Role.BUYER, Role.PRODUCER, Role.SALES_POINT_OPERATOR])
@pytest.mark.parametrize("page", ["registry:product_list", "registry:producer_list"])
def test_people_who_are_not_officials_get_404_on_the_lists(registry, role, page):
    user = _user(role)
    if role == Role.PRODUCER:
        registry.sa_huynh.members.add(user)  # even a member of a producer in the registry
    assert _client(user).get(reverse(page)).status_code == 404


def test_a_producer_member_gets_404_on_their_own_product_page_for_officials(registry):
    user = _user(Role.PRODUCER)
    registry.sa_huynh.members.add(user)
    url = reverse("registry:product_detail", args=[registry.fish_sauce.pk])
    assert _client(user).get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("registry:product_list"),
        reverse("registry:producer_list"),
        reverse("registry:product_detail", args=[1]),
        reverse("registry:product_edit", args=[1]),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_an_inactive_officer_is_refused(registry, owner):
    client = _client(owner)
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert client.get(reverse("registry:product_list")).status_code == 302


# --- Filters


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": 2}, ["Rượu ngô Sơn Tây"]),
        ({"sector": 1}, ["Bánh ít lá gai", "Đường phèn Mộ Đức", "Nước mắm Sa Huỳnh", "Tỏi Lý Sơn"]),
        ({"product_set": "I.4.a"}, ["Nước mắm Sa Huỳnh"]),
        ({"product_set": "I.3.b"}, ["Bánh ít lá gai", "Đường phèn Mộ Đức"]),
        ({"rank": "3"}, ["Rượu ngô Sơn Tây", "Tỏi Lý Sơn"]),
        ({"rank": "4"}, ["Nước mắm Sa Huỳnh"]),
        ({"rank": "5_potential"}, ["Đường phèn Mộ Đức"]),
        ({"rank": "5"}, ["Sâm Ngọc Linh"]),
        ({"status": "valid"}, ["Đường phèn Mộ Đức", "Nước mắm Sa Huỳnh", "Sâm Ngọc Linh"]),
        ({"status": "expired"}, ["Tỏi Lý Sơn"]),
        ({"status": "revoked"}, ["Rượu ngô Sơn Tây"]),
        ({"unit": MO_DUC}, ["Bánh ít lá gai", "Đường phèn Mộ Đức", "Nước mắm Sa Huỳnh"]),
        ({"unit": 23473}, ["Sâm Ngọc Linh"]),  # recorded in legacy Kon Tum, now Xã Măng Đen
        ({"q": "nuoc mam"}, ["Nước mắm Sa Huỳnh"]),
        ({"q": "  SAM   ngoc "}, ["Sâm Ngọc Linh"]),
        ({"q": "duong"}, ["Đường phèn Mộ Đức"]),
        ({"status": "valid", "unit": MO_DUC, "q": "mo duc"}, ["Đường phèn Mộ Đức"]),
        ({"sort": "-name"}, QUANG_NGAI_NAMES[::-1]),
        ({"sort": "code"}, [*QUANG_NGAI_NAMES[:2], *QUANG_NGAI_NAMES[3:], "Nước mắm Sa Huỳnh"]),
        (
            {"sort": "-decision_date"},
            [
                "Đường phèn Mộ Đức",
                "Nước mắm Sa Huỳnh",
                "Rượu ngô Sơn Tây",
                "Sâm Ngọc Linh",
                "Tỏi Lý Sơn",
                "Bánh ít lá gai",
            ],
        ),
    ],
)
def test_the_filters_of_a_province_officer(registry, owner, params, expected):
    assert _names(_list(owner, **params)) == expected


def test_counts_follow_every_filter_but_the_status(registry, owner):
    response = _list(owner, unit=MO_DUC, status="valid")
    assert response.context["counts"] == {"valid": 2, "expired": 0, "revoked": 0, "uncertified": 1}
    assert response.context["page"].paginator.count == 2


def test_a_central_officer_filters_by_province(registry, central):
    assert _names(_list(central, unit=DAK_LAK)) == ["Cà phê Buôn Ma Thuột"]
    choices = dict(response_choices(_list(central), "unit"))
    assert (choices[51], choices[66], len(choices)) == ("Tỉnh Quảng Ngãi", "Tỉnh Đắk Lắk", 34)


def test_a_province_officer_chooses_among_the_communes_of_their_province(registry, owner):
    choices = dict(response_choices(_list(owner), "unit"))
    assert (len(choices), choices[MO_DUC], choices[23473]) == (96, "Xã Mộ Đức", "Xã Măng Đen")
    assert _names(_list(owner, unit=BUON_MA_THUOT)) == QUANG_NGAI_NAMES  # not theirs: the filter is refused
    assert "unit" in _list(owner, unit=BUON_MA_THUOT).context["filters"].errors


def test_a_commune_officer_has_no_unit_filter(registry, commune_officer):
    assert "unit" not in _list(commune_officer).context["filters"].fields


def response_choices(response, name: str) -> list[tuple[object, str]]:
    return [(value, str(label)) for value, label in response.context["filters"].fields[name].choices if value]


def test_the_export_link_carries_the_filters(registry, owner):
    content = _list(owner, status="expired", page=1).content.decode()
    export_url = reverse("registry:export") if _has_export() else "/registry/export.csv"
    assert f'href="{export_url}?status=expired"' in content


def _has_export() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("registry:export")
    except NoReverseMatch:
        return False
    return True


def test_htmx_gets_only_the_results(registry, owner):
    response = _client(owner).get(
        reverse("registry:product_list"), {"status": "revoked"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="results"')
    assert "<html" not in content
    assert "<form" not in content
    assert "Rượu ngô Sơn Tây" in content
    assert "HX-Request" in response["Vary"]


def test_the_full_page_has_the_filter_form_and_works_without_javascript(registry, owner):
    content = _list(owner, rank="5").content.decode()
    assert content.startswith("<!doctype html>")
    assert 'method="get" action="/registry/products/"' in content
    assert '<option value="5" selected>5 sao</option>' in content


def test_lists_run_a_fixed_number_of_queries(registry, owner, django_assert_max_num_queries):
    for number in range(30):
        product = make_product(producer=registry.cam_thanh, name=f"Sản phẩm thêm {number}")
        make_certificate(product, stars=3, decision_date=A_YEAR_AGO)
    client = _client(owner)
    # Session, user, user's unit, the filters' communes, sectors and sets, status counts, count, page, and
    # the header's unread notifications.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:product_list"))
    assert len(response.context["page"].object_list) == 36
    with django_assert_max_num_queries(7):
        response = client.get(reverse("registry:producer_list"))
    assert len(response.context["page"].object_list) == 3


def test_lists_are_paginated_by_50(registry, central):
    for number in range(50):
        make_product(producer=registry.cam_thanh, name=f"Zz sản phẩm {number:02}")
    first, second = _list(central), _list(central, page=2)
    assert (len(first.context["page"].object_list), len(second.context["page"].object_list)) == (50, 7)
    assert _names(second) == [f"Zz sản phẩm {number:02}" for number in range(43, 50)]


# --- Producers


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Công ty Đặc sản Cẩm Thành", "Hộ kinh doanh Sâm Măng Đen", "Hợp tác xã Nước mắm Sa Huỳnh"]),
        ({"producer_type": "doanh_nghiep"}, ["Công ty Đặc sản Cẩm Thành"]),
        ({"women_led": "on"}, ["Hợp tác xã Nước mắm Sa Huỳnh"]),
        ({"ethnic_minority_led": "on"}, ["Hộ kinh doanh Sâm Măng Đen"]),
        ({"unit": CAM_THANH}, ["Công ty Đặc sản Cẩm Thành"]),
        ({"q": "nuoc mam"}, ["Hợp tác xã Nước mắm Sa Huỳnh"]),
    ],
)
def test_the_producer_list_of_a_province_officer(registry, owner, params, expected):
    response = _client(owner).get(reverse("registry:producer_list"), params)
    assert [producer.name for producer in response.context["page"].object_list] == expected


def test_producer_lists_count_the_products_in_scope(registry, owner, commune_officer):
    counts = {p.name: p.product_count for p in _client(owner).get("/registry/producers/").context["page"]}
    assert counts == {
        "Công ty Đặc sản Cẩm Thành": 2,
        "Hộ kinh doanh Sâm Măng Đen": 1,
        "Hợp tác xã Nước mắm Sa Huỳnh": 3,
    }
    page = _client(commune_officer).get("/registry/producers/").context["page"]
    assert [(p.name, p.product_count) for p in page] == [("Hợp tác xã Nước mắm Sa Huỳnh", 3)]


def test_a_producer_page_lists_its_products_in_scope(registry, owner, outsider):
    url = reverse("registry:producer_detail", args=[registry.sa_huynh.pk])
    response = _client(owner).get(url)
    assert [p.name for p in response.context["products"]] == [
        "Bánh ít lá gai",
        "Đường phèn Mộ Đức",
        "Nước mắm Sa Huỳnh",
    ]
    assert response.context["can_change"] is True
    assert _client(outsider).get(url).status_code == 404


def test_a_producer_registered_elsewhere_is_seen_through_a_product_in_scope(registry, outsider):
    # A Quảng Ngãi cooperative with a product made in Đắk Lắk: its page opens, showing only that product.
    product = make_product(producer=registry.sa_huynh, unit=commune(BUON_MA_THUOT), name="Mắm cá Ea Súp")
    response = _client(outsider).get(reverse("registry:producer_detail", args=[registry.sa_huynh.pk]))
    assert [p.name for p in response.context["products"]] == [product.name]
    assert response.context["can_change"] is False
    edit = reverse("registry:producer_edit", args=[registry.sa_huynh.pk])
    assert _client(outsider).get(edit).status_code == 404


# --- The product page


def test_the_product_page_tells_the_whole_history(registry, owner):
    response = _client(owner).get(reverse("registry:product_detail", args=[registry.fish_sauce.pk]))
    assert response.status_code == 200
    history = [(c.decision_no, c.stars, status) for c, status in response.context["history"]]
    assert history == [("345/QĐ-UBND", 4, "valid"), ("12/QĐ-UBND", 3, "superseded")]
    assert response.context["status"] == "valid"
    location = response.context["location"]
    assert (location.commune.name, location.province.name) == ("Xã Mộ Đức", "Tỉnh Quảng Ngãi")
    assert location.legacy_province.name == "Tỉnh Quảng Ngãi"
    content = response.content.decode()
    assert "✓ Còn hiệu lực" in content
    assert "Đã được thay thế" in content
    assert 'class="status status-valid"' in content
    assert reverse("registry:producer_detail", args=[registry.sa_huynh.pk]) in content
    assert reverse("registry:product_edit", args=[registry.fish_sauce.pk]) in content
    newest, older = (certificate for certificate, _ in response.context["history"])
    assert reverse("registry:certificate_revoke", args=[newest.pk]) in content
    assert (
        reverse("registry:certificate_revoke", args=[older.pk]) not in content
    )  # superseded: nothing to revoke


def test_the_product_page_names_the_revocation_and_the_legacy_unit(registry, owner):
    response = _client(owner).get(reverse("registry:product_detail", args=[registry.spirit.pk]))
    content = response.content.decode()
    assert "✕ Đã thu hồi" in content
    assert "Ngừng sản xuất" in content
    ginseng = _client(owner).get(reverse("registry:product_detail", args=[registry.ginseng.pk]))
    location = ginseng.context["location"]
    assert (location.recorded.name, location.recorded.scheme) == ("Thị trấn Măng Đen", "legacy")
    assert (location.commune.name, location.province.name) == ("Xã Măng Đen", "Tỉnh Quảng Ngãi")
    assert (location.legacy_district.name, location.legacy_province.name) == (
        "Huyện Kon Plông",
        "Tỉnh Kon Tum",
    )


def test_a_product_without_a_certificate_has_its_page_too(registry, owner):
    response = _client(owner).get(reverse("registry:product_detail", args=[registry.rice_cake.pk]))
    assert response.status_code == 200
    assert (response.context["history"], response.context["status"]) == ([], None)
    assert "Sản phẩm chưa có giấy chứng nhận nào." in response.content.decode()


def test_read_only_officials_see_the_page_without_buttons(registry, commune_officer, teammate):
    url = reverse("registry:product_detail", args=[registry.fish_sauce.pk])
    for user in (commune_officer, teammate):
        response = _client(user).get(url)
        assert response.status_code == 200
        assert response.context["can_change"] is False
        content = response.content.decode()
        assert reverse("registry:product_edit", args=[registry.fish_sauce.pk]) not in content
        assert reverse("registry:product_image_add", args=[registry.fish_sauce.pk]) not in content


def test_the_product_page_of_another_province_is_404(registry, owner, commune_officer):
    url = reverse("registry:product_detail", args=[registry.coffee.pk])
    assert _client(owner).get(url).status_code == 404
    garlic = reverse("registry:product_detail", args=[registry.garlic.pk])  # Cẩm Thành, not Mộ Đức
    assert _client(commune_officer).get(garlic).status_code == 404


# --- Editing a product


def _product_data(product: Product, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        name: getattr(product, name)
        for name in ("code", "name", "description", "story", "packaging", "standards", "gtin")
    }
    data["product_set"] = product.product_set_id or ""
    data.update(changes)
    return data


def test_an_edit_writes_exactly_one_audit_event_with_the_changes(registry, owner):
    product = registry.fish_sauce
    new_set = product_sets_by_code()["II.2.b"]
    before = AuditEvent.objects.count()
    response = _client(owner).post(
        reverse("registry:product_edit", args=[product.pk]),
        _product_data(product, name="Nước mắm cốt Sa Huỳnh", product_set=new_set.pk, gtin="8938505974194"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:product_detail", args=[product.pk])
    product.refresh_from_db()
    assert (product.name, product.search_name, product.sector, product.gtin) == (
        "Nước mắm cốt Sa Huỳnh",
        "nuoc mam cot sa huynh",
        2,
        "08938505974194",  # kept as 14 digits, as the stamps write it
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.object_id, event.province_code) == (
        "product.update",
        owner,
        str(product.pk),
        51,
    )
    assert event.details == {
        "changes": {
            "name": ["Nước mắm Sa Huỳnh", "Nước mắm cốt Sa Huỳnh"],
            "product_set": [product_sets_by_code()["I.4.a"].pk, new_set.pk],
            "gtin": ["", "08938505974194"],
            "sector": [1, 2],
        }
    }
    trail = _client(owner).get(reverse("registry:product_detail", args=[product.pk])).context["audit_trail"]
    assert trail[0].event == event
    assert trail[0].lines == [
        "tên sản phẩm: Nước mắm Sa Huỳnh → Nước mắm cốt Sa Huỳnh",
        "ngành: 1 → 2",
        "bộ sản phẩm: I.4.a → II.2.b",
        "mã GTIN: — → 08938505974194",
    ]


def test_saving_an_unchanged_product_writes_nothing(registry, owner):
    before = _snapshot(registry.fish_sauce)
    url = reverse("registry:product_edit", args=[registry.fish_sauce.pk])
    assert _client(owner).post(url, _product_data(registry.fish_sauce)).status_code == 302
    assert _snapshot(registry.fish_sauce) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"gtin": "8938505974195"}, "gtin"),  # wrong check digit
        ({"code": "taken"}, "code"),
    ],
)
def test_an_invalid_edit_writes_nothing(registry, owner, changes, field):
    Product.objects.filter(pk=registry.garlic.pk).update(code="taken")
    before = _snapshot(registry.fish_sauce)
    url = reverse("registry:product_edit", args=[registry.fish_sauce.pk])
    response = _client(owner).post(url, _product_data(registry.fish_sauce, **changes))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert _snapshot(registry.fish_sauce) == before
    assert RevocationEvidence.objects.count() == 0


def test_the_edit_form_offers_the_current_product_sets(registry, owner):
    response = _client(owner).get(reverse("registry:product_edit", args=[registry.fish_sauce.pk]))
    codes = [product_set.code for product_set in response.context["form"].fields["product_set"].queryset]
    assert (len(codes), codes[0], codes[-1]) == (26, "I.1.a", "VI.1")
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_an_official_of_another_province_cannot_edit_or_revoke(registry, owner):
    coffee = registry.coffee
    certificate = coffee.latest_certificate
    before = _snapshot(coffee)
    client = _client(owner)
    urls = [
        reverse("registry:product_edit", args=[coffee.pk]),
        reverse("registry:certificate_add", args=[coffee.pk]),
        reverse("registry:certificate_revoke", args=[certificate.pk]),
        reverse("registry:producer_edit", args=[registry.ea_tu.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[0], _product_data(coffee, name="Cà phê của Quảng Ngãi")).status_code == 404
    certificate_data = {"stars": 5, "decision_no": "1/QĐ-UBND", "decision_date": TODAY.isoformat()}
    assert client.post(urls[1], certificate_data).status_code == 404
    revocation = {"revoked_on": TODAY.isoformat(), "reason": "Thử thu hồi"}
    assert client.post(urls[2], revocation).status_code == 404
    assert client.post(urls[3], _producer_data(registry.ea_tu, name="Đổi tên")).status_code == 404
    assert _snapshot(coffee) == before
    assert Producer.objects.get(pk=registry.ea_tu.pk).name == "Hợp tác xã Cà phê Ea Tu"


@pytest.mark.parametrize("who", ["commune_officer", "teammate"])
def test_read_only_officials_get_404_on_every_change(registry, request, who):
    client = _client(request.getfixturevalue(who))
    product = registry.fish_sauce  # in Mộ Đức: in both their scopes
    before = _snapshot(product)
    urls = [
        reverse("registry:product_edit", args=[product.pk]),
        reverse("registry:certificate_add", args=[product.pk]),
        reverse("registry:certificate_revoke", args=[product.latest_certificate.pk]),
        reverse("registry:producer_edit", args=[registry.sa_huynh.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert (
            client.post(
                url, {"name": "Đổi tên", "reason": "Thử", "revoked_on": TODAY.isoformat()}
            ).status_code
            == 404
        )
    assert _snapshot(product) == before


def test_a_central_officer_edits_everywhere(registry, central):
    url = reverse("registry:product_edit", args=[registry.coffee.pk])
    response = _client(central).post(url, _product_data(registry.coffee, packaging="Túi 500 g"))
    assert response.status_code == 302
    registry.coffee.refresh_from_db()
    assert registry.coffee.packaging == "Túi 500 g"


def test_changes_need_the_csrf_token(registry, owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    before = _snapshot(registry.fish_sauce)
    url = reverse("registry:product_edit", args=[registry.fish_sauce.pk])
    assert client.post(url, _product_data(registry.fish_sauce, name="Không có mã")).status_code == 403
    assert _snapshot(registry.fish_sauce) == before


def test_other_methods_are_refused(registry, owner):
    url = reverse("registry:product_edit", args=[registry.fish_sauce.pk])
    assert _client(owner).put(url).status_code == 405
    assert _client(owner).post(reverse("registry:product_list")).status_code == 405


# --- Certificates


def _certificate_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "stars": 4,
        "score": "78,50",
        "decision_no": "777/QĐ-UBND",
        "decision_date": (TODAY - datetime.timedelta(days=10)).isoformat(),
        "valid_until": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_adding_a_certificate(registry, owner):
    product = registry.garlic
    decision_date = TODAY - datetime.timedelta(days=10)
    before = AuditEvent.objects.count()
    response = _client(owner).post(
        reverse("registry:certificate_add", args=[product.pk]), _certificate_data()
    )
    assert response.status_code == 302
    product.refresh_from_db()
    certificate = product.latest_certificate
    assert (certificate.stars, certificate.score, certificate.decision_no, certificate.issuing_level) == (
        4,
        Decimal("78.50"),
        "777/QĐ-UBND",
        "province",
    )
    assert certificate.valid_until == add_months(decision_date, 36)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.details) == (
        "certificate.add",
        owner,
        {"stars": 4, "decision_no": "777/QĐ-UBND", "decision_date": decision_date.isoformat()},
    )
    assert _names(_list(owner, status="valid", rank="4")) == ["Nước mắm Sa Huỳnh", "Tỏi Lý Sơn"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"stars": 3, "potential_five_star": "on"}, "potential_five_star"),
        ({"stars": 5, "potential_five_star": "on"}, "potential_five_star"),
        ({"decision_date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "decision_date"),
        ({"valid_until": (TODAY - datetime.timedelta(days=11)).isoformat()}, "valid_until"),
        ({"score": "100,5"}, "score"),
        ({"stars": 2}, "stars"),
        ({"decision_no": ""}, "decision_no"),
    ],
)
def test_an_invalid_certificate_is_refused_next_to_its_field(registry, owner, changes, field):
    product = registry.garlic
    before = _snapshot(product)
    url = reverse("registry:certificate_add", args=[product.pk])
    response = _client(owner).post(url, _certificate_data(**changes))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert _snapshot(product) == before


def test_potential_five_stars_on_three_stars_is_explained(registry, owner):
    url = reverse("registry:certificate_add", args=[registry.garlic.pk])
    response = _client(owner).post(url, _certificate_data(stars=3, potential_five_star="on"))
    assert response.context["form"].errors == {
        "potential_five_star": ["Chỉ sản phẩm 4 sao mới được ghi là tiềm năng 5 sao."]
    }
    assert "Chỉ sản phẩm 4 sao mới được ghi là tiềm năng 5 sao." in response.content.decode()


def test_the_same_decision_twice_is_refused(registry, owner):
    existing = registry.fish_sauce.latest_certificate
    url = reverse("registry:certificate_add", args=[registry.fish_sauce.pk])
    data = _certificate_data(
        decision_no=existing.decision_no, decision_date=existing.decision_date.isoformat()
    )
    response = _client(owner).post(url, data)
    assert list(response.context["form"].errors) == ["decision_no"]
    assert Certificate.objects.filter(product=registry.fish_sauce).count() == 2


# One of the six grounds and the revocation decision, which every revocation on this screen names.
GROUND_AND_DECISION = {
    "ground": "not_reevaluated",
    "decision_no": "31/QĐ-UBND",
    "decision_date": (TODAY - datetime.timedelta(days=2)).isoformat(),
}


def test_revoking_a_certificate(registry, owner):
    certificate = registry.fish_sauce.latest_certificate
    url = reverse("registry:certificate_revoke", args=[certificate.pk])
    assert _client(owner).get(url).status_code == 200
    revoked_on = TODAY - datetime.timedelta(days=2)
    response = _client(owner).post(
        url,
        {
            "revoked_on": revoked_on.isoformat(),
            "reason": "Không tái đánh giá",
            "evidence": [revocation_evidence_upload()],
            **GROUND_AND_DECISION,
        },
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.revoked_on, certificate.revocation_reason) == (revoked_on, "Không tái đánh giá")
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor, event.details) == (
        "certificate.revoke",
        owner,
        {
            "revoked_on": revoked_on.isoformat(),
            "reason": "Không tái đánh giá",
            "ground": "not_reevaluated",
            "ground_label": "Không được đánh giá lại khi giấy chứng nhận hết thời hạn",
            "decision_no": "31/QĐ-UBND",
            "decision_date": revoked_on.isoformat(),
            "evidence": [
                {"name": "quyet-dinh-thu-hoi.pdf", "sha256": RevocationEvidence.objects.get().file.sha256}
            ],
        },
    )
    assert _names(_list(owner, status="revoked")) == ["Nước mắm Sa Huỳnh", "Rượu ngô Sơn Tây"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"revoked_on": (A_YEAR_AGO - datetime.timedelta(days=1)).isoformat(), "reason": "Sớm"},
            "revoked_on",
        ),
        ({"revoked_on": TODAY.isoformat(), "reason": "", "ground": ""}, "ground"),
        ({"revoked_on": "", "reason": "Không ngày"}, "revoked_on"),
    ],
)
def test_an_invalid_revocation_writes_nothing(registry, owner, data, field):
    certificate = registry.fish_sauce.latest_certificate
    before = _snapshot(registry.fish_sauce)
    response = _client(owner).post(
        reverse("registry:certificate_revoke", args=[certificate.pk]),
        {**GROUND_AND_DECISION, "evidence": [revocation_evidence_upload()], **data},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert _snapshot(registry.fish_sauce) == before


def test_a_revoked_certificate_cannot_be_revoked_again(registry, owner):
    certificate = registry.spirit.latest_certificate
    before = _snapshot(registry.spirit)
    url = reverse("registry:certificate_revoke", args=[certificate.pk])
    response = _client(owner).post(
        url, {"revoked_on": TODAY.isoformat(), "reason": "Lần nữa", **GROUND_AND_DECISION}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Giấy chứng nhận này đã bị thu hồi."]
    assert _snapshot(registry.spirit) == before


# --- Editing a producer


def _producer_data(producer: Producer, **changes: object) -> dict[str, object]:
    names = ("name", "producer_type", "tax_code", "address", "representative", "phone", "email", "website")
    data: dict[str, object] = {name: getattr(producer, name) for name in names}
    data["management_certifications"] = producer.management_certifications
    for flag in ("women_led", "ethnic_minority_led"):
        if getattr(producer, flag):
            data[flag] = "on"
    data.update(changes)
    return data


def test_editing_a_producer_with_certification_boxes(registry, owner):
    producer = registry.sa_huynh
    url = reverse("registry:producer_edit", args=[producer.pk])
    form_page = _client(owner).get(url).content.decode()
    assert 'type="checkbox" name="management_certifications" value="vietgap"' in form_page
    data = _producer_data(
        producer, management_certifications=["haccp", "vietgap"], representative="Lê Thị Mắm"
    )
    assert _client(owner).post(url, data).status_code == 302
    producer.refresh_from_db()
    assert (producer.management_certifications, producer.representative) == (
        ["vietgap", "haccp"],
        "Lê Thị Mắm",
    )
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.details) == (
        "producer.update",
        {
            "changes": {
                "representative": ["", "Lê Thị Mắm"],
                "management_certifications": [[], ["vietgap", "haccp"]],
            }
        },
    )


def test_a_taken_tax_code_is_refused(registry, owner):
    before = Producer.objects.values().get(pk=registry.cam_thanh.pk)
    url = reverse("registry:producer_edit", args=[registry.cam_thanh.pk])
    response = _client(owner).post(url, _producer_data(registry.cam_thanh, tax_code="4300000001"))
    assert response.context["form"].errors == {"tax_code": ["Mã số thuế này đã thuộc về một chủ thể khác."]}
    assert Producer.objects.values().get(pk=registry.cam_thanh.pk) == before
