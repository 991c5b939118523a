"""The officials' reads of ``ocop.registry.selectors``, called directly: each applies its actor's scope.

The registry: in Quảng Ngãi (51) a cooperative of Xã Mộ Đức with a valid fish sauce and an expired rock
sugar, a company of Phường Cẩm Thành with a revoked garlic and an uncertified rice cake; in Đắk Lắk (66)
a cooperative with a valid coffee. The cast: a central officer, Quảng Ngãi's province officer (who
uploaded the import batches), a second officer of Quảng Ngãi, a council member of Quảng Ngãi, Mộ Đức's
commune officer, a member of the Mộ Đức cooperative (producer), a buyer and Đắk Lắk's province officer.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.registry import services
from ocop.registry.importing import recognitions_import
from ocop.registry.models import Certificate, ImportBatch, Producer, Product
from ocop.registry.selectors import (
    OfficialProducerFilters,
    OfficialProductFilters,
    producer_list_for_officials,
    producer_record_for_officials,
    product_history,
    product_list_for_officials,
    product_record_for_officials,
)
from ocop.registry.tests.factories import commune, make_certificate, make_producer, make_product
from ocop.registry.tests.files import VINH_LONG, csv_bytes, tra_vinh_rows

pytestmark = pytest.mark.django_db

MO_DUC, CAM_THANH, BUON_MA_THUOT = 21400, 21025, 24133
TODAY = timezone.localdate()
A_YEAR_AGO = TODAY - datetime.timedelta(days=365)
FOUR_YEARS_AGO = TODAY - datetime.timedelta(days=4 * 365)


@dataclass
class Registry:
    mo_duc: Producer
    cam_thanh: Producer
    ea_tu: Producer
    fish_sauce: Product  # valid, Mộ Đức
    rock_sugar: Product  # expired, Mộ Đức
    garlic: Product  # revoked, Cẩm Thành
    rice_cake: Product  # no certificate, Cẩm Thành
    coffee: Product  # valid, Đắk Lắk


@dataclass
class Cast:
    central: User
    owner: User  # Quảng Ngãi's province officer
    colleague: User  # another province officer of Quảng Ngãi
    council_member: User
    commune_officer: User  # Xã Mộ Đức
    member: User  # a producer account of the Mộ Đức cooperative
    buyer: User
    outsider: User  # Đắk Lắk's province officer


@pytest.fixture
def registry(db) -> Registry:
    mo_duc = make_producer(unit=commune(MO_DUC), name="Hợp tác xã Nước mắm Mộ Đức")
    cam_thanh = make_producer(unit=commune(CAM_THANH), name="Công ty Đặc sản Cẩm Thành")
    ea_tu = make_producer(unit=commune(BUON_MA_THUOT), name="Hợp tác xã Cà phê Ea Tu")
    fish_sauce = make_product(producer=mo_duc, name="Nước mắm Sa Huỳnh", product_set="I.4.a")
    make_certificate(fish_sauce, stars=4, decision_date=A_YEAR_AGO)
    rock_sugar = make_product(producer=mo_duc, name="Đường phèn Mộ Đức", product_set="I.3.b")
    make_certificate(rock_sugar, stars=3, decision_date=FOUR_YEARS_AGO)
    garlic = make_product(producer=cam_thanh, name="Tỏi Lý Sơn", product_set="I.4.b")
    certificate = make_certificate(garlic, stars=3, decision_date=A_YEAR_AGO)
    services.certificate_revoke(
        acting_user=None,
        certificate=certificate,
        revoked_on=TODAY - datetime.timedelta(days=30),
        reason="Hậu kiểm",
    )
    rice_cake = make_product(producer=cam_thanh, name="Bánh ít lá gai", product_set="I.3.b")
    coffee = make_product(producer=ea_tu, name="Cà phê Buôn Ma Thuột", product_set="I.6")
    make_certificate(coffee, stars=4, decision_date=A_YEAR_AGO)
    return Registry(mo_duc, cam_thanh, ea_tu, fish_sauce, rock_sugar, garlic, rice_cake, coffee)


@pytest.fixture
def cast(registry) -> Cast:
    member = UserFactory(role=Role.PRODUCER)
    registry.mo_duc.members.add(member)
    return Cast(
        central=UserFactory(role=Role.CENTRAL_OFFICER),
        owner=UserFactory(role=Role.PROVINCE_OFFICER, full_name="Lê Thị Tỉnh"),
        colleague=UserFactory(role=Role.PROVINCE_OFFICER, full_name="Phan Văn Xem"),
        council_member=UserFactory(role=Role.COUNCIL_MEMBER),
        commune_officer=UserFactory(role=Role.COMMUNE_OFFICER),
        member=member,
        buyer=UserFactory(role=Role.BUYER),
        outsider=UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)),
    )


def listed(actor: User, **filters: object) -> list[int]:
    listing = product_list_for_officials(
        actor=actor,
        filters=OfficialProductFilters(**filters),  # type: ignore[arg-type]
        today=TODAY,
    )
    return [product.pk for product in listing.products]


def ids(*products: Product | Producer) -> list[int]:
    return [record.pk for record in products]


# --- The product list


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # By name as folded: bánh, cà phê, đường, nước mắm, tỏi.
        ("central", ["rice_cake", "coffee", "rock_sugar", "fish_sauce", "garlic"]),
        ("owner", ["rice_cake", "rock_sugar", "fish_sauce", "garlic"]),
        ("council_member", ["rice_cake", "rock_sugar", "fish_sauce", "garlic"]),
        ("commune_officer", ["rock_sugar", "fish_sauce"]),  # its commune's only
        ("member", ["rock_sugar", "fish_sauce"]),  # its own producer's only
        ("buyer", []),
        ("outsider", ["coffee"]),
    ],
)
def test_the_product_list_holds_the_actors_scope_and_nothing_else(registry, cast, who, expected):
    assert listed(getattr(cast, who)) == ids(*(getattr(registry, name) for name in expected))


def test_the_product_list_counts_each_status_today_before_the_status_filter(registry, cast):
    listing = product_list_for_officials(
        actor=cast.owner, filters=OfficialProductFilters(status="valid"), today=TODAY
    )
    assert [product.pk for product in listing.products] == [registry.fish_sauce.pk]
    assert listing.counts == {"valid": 1, "expired": 1, "revoked": 1, "uncertified": 1}
    annotated = ("status_today", "province_name", "commune_name")  # by the selector: unknown to mypy
    assert list(listing.products.values_list(*annotated)) == [("valid", "Tỉnh Quảng Ngãi", "Xã Mộ Đức")]


def test_the_unit_filter_is_a_province_for_central_officers_and_a_commune_for_the_others(registry, cast):
    assert listed(cast.central, unit=DAK_LAK) == ids(registry.coffee)
    assert listed(cast.central, unit=MO_DUC) == []  # no province has that code
    assert listed(cast.owner, unit=MO_DUC) == ids(registry.rock_sugar, registry.fish_sauce)
    assert listed(cast.owner, unit=BUON_MA_THUOT) == []  # a commune of Đắk Lắk: out of the scope anyway


def test_text_rank_and_order_narrow_and_sort_within_the_scope(registry, cast):
    assert listed(cast.owner, text="NUOC MAM") == ids(registry.fish_sauce)
    assert listed(cast.outsider, text="nước mắm") == []
    assert listed(cast.central, rank="4") == ids(registry.coffee, registry.fish_sauce)
    assert listed(cast.owner, sort="-name") == ids(
        registry.garlic, registry.fish_sauce, registry.rock_sugar, registry.rice_cake
    )


# --- The producer list


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("central", [("cam_thanh", 2), ("ea_tu", 1), ("mo_duc", 2)]),
        ("owner", [("cam_thanh", 2), ("mo_duc", 2)]),
        ("commune_officer", [("mo_duc", 2)]),
        ("member", [("mo_duc", 2)]),
        ("buyer", []),
        ("outsider", [("ea_tu", 1)]),
    ],
)
def test_the_producer_list_holds_the_actors_scope_with_the_products_it_sees(registry, cast, who, expected):
    producers = producer_list_for_officials(actor=getattr(cast, who), filters=OfficialProducerFilters())
    columns = ("pk", "product_count")  # annotated by the selector: unknown to mypy
    assert list(producers.values_list(*columns)) == [
        (getattr(registry, name).pk, count) for name, count in expected
    ]


def test_the_producer_list_narrows_by_unit_and_name(registry, cast):
    def names(actor: User, **filters: object) -> list[str]:
        chosen = OfficialProducerFilters(**filters)  # type: ignore[arg-type]
        return [producer.name for producer in producer_list_for_officials(actor=actor, filters=chosen)]

    assert names(cast.owner, unit=CAM_THANH) == ["Công ty Đặc sản Cẩm Thành"]
    assert names(cast.central, text="ca phe") == ["Hợp tác xã Cà phê Ea Tu"]
    assert names(cast.outsider, text="mo duc") == []


# --- Pages and history


def test_a_record_outside_the_actors_scope_is_404(registry, cast):
    with pytest.raises(Http404):
        product_record_for_officials(actor=cast.outsider, product_id=registry.fish_sauce.pk, today=TODAY)
    with pytest.raises(Http404):
        product_record_for_officials(actor=cast.commune_officer, product_id=registry.garlic.pk, today=TODAY)
    with pytest.raises(Http404):
        product_history(actor=cast.buyer, product_id=registry.fish_sauce.pk)
    with pytest.raises(Http404):
        producer_record_for_officials(actor=cast.member, producer_id=registry.cam_thanh.pk, today=TODAY)


def test_a_producer_reads_its_own_product_and_may_not_change_it(registry, cast):
    record = product_record_for_officials(actor=cast.member, product_id=registry.fish_sauce.pk, today=TODAY)
    assert (record.product, record.status, record.can_change) == (registry.fish_sauce, "valid", False)
    assert (record.location.province.code, record.location.commune.code) == (51, MO_DUC)  # type: ignore[union-attr]
    assert [entry.event.action for entry in record.audit_trail] == ["certificate.add", "product.create"]
    assert [str(entry.label) for entry in record.audit_trail] == ["Thêm giấy chứng nhận", "Thêm sản phẩm"]


def test_a_producers_page_lists_only_the_products_in_the_actors_scope(registry, cast):
    # A product of the Cẩm Thành company recorded in Mộ Đức: the commune officer sees it, and the company.
    shop = make_product(producer=registry.cam_thanh, unit=commune(MO_DUC), name="Mạch nha Mộ Đức")
    seen_by_commune = producer_record_for_officials(
        actor=cast.commune_officer, producer_id=registry.cam_thanh.pk, today=TODAY
    )
    seen_by_province = producer_record_for_officials(
        actor=cast.owner, producer_id=registry.cam_thanh.pk, today=TODAY
    )
    assert ids(*seen_by_commune.products) == ids(shop)
    assert ids(*seen_by_province.products) == ids(registry.rice_cake, shop, registry.garlic)
    assert (seen_by_commune.can_change, seen_by_province.can_change) == (False, True)


# --- Products by import batch


def batch_of(user: User | None, file_name: str) -> ImportBatch:
    return ImportBatch.objects.create(
        acting_user=user, file_name=file_name, sha256="0" * 64, state=ImportBatch.State.DONE, rows_total=2
    )


@pytest.fixture
def batches(registry, cast) -> tuple[ImportBatch, ImportBatch]:
    """The owner's batch wrote the fish sauce itself and the rock sugar's certificate; the colleague's,
    the garlic. (Set by hand: which rows an import points at is ``test_import_history``'s subject.)"""
    own = batch_of(cast.owner, "quang-ngai-2025.csv")
    colleagues = batch_of(cast.colleague, "quang-ngai-bo-sung.csv")
    Product.objects.filter(pk=registry.fish_sauce.pk).update(import_batch=own)
    Certificate.objects.filter(product=registry.rock_sugar).update(import_batch=own)
    Product.objects.filter(pk=registry.garlic.pk).update(import_batch=colleagues)
    return own, colleagues


def test_the_product_list_narrows_to_what_an_import_batch_wrote(registry, cast, batches):
    own, colleagues = batches
    listing = product_list_for_officials(
        actor=cast.owner, filters=OfficialProductFilters(import_batch=own.pk), today=TODAY
    )
    assert [product.pk for product in listing.products] == ids(registry.rock_sugar, registry.fish_sauce)
    assert listing.counts == {"valid": 1, "expired": 1, "revoked": 0, "uncertified": 0}
    assert listed(cast.central, import_batch=colleagues.pk) == ids(registry.garlic)


@pytest.mark.parametrize("who", ["colleague", "council_member", "commune_officer", "member", "outsider"])
def test_a_batch_the_actor_may_not_look_at_narrows_to_nothing(registry, cast, batches, who):
    own, _ = batches
    assert listed(getattr(cast, who), import_batch=own.pk) == []
    assert listed(cast.owner, import_batch=own.pk + 1000) == []  # no such batch


def page_of(user: User, query: str) -> tuple[list[int], str, object]:
    client = Client()
    client.force_login(user)
    response = client.get(f"/registry/products/?{query}")
    assert response.status_code == 200
    products = [product.pk for product in response.context["page"].object_list]
    return products, response.content.decode(), response.context["filters"].errors


def test_the_officers_list_shows_the_batch_it_is_narrowed_to(registry, cast, batches):
    own, _ = batches
    products, page, errors = page_of(cast.owner, f"import_batch={own.pk}&sort=-name")
    assert products == ids(registry.fish_sauce, registry.rock_sugar)
    assert errors == {}
    day = own.created_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y")
    assert f"Sản phẩm do lần nhập quang-ngai-2025.csv ({day}) ghi" in page
    assert f'<input type="hidden" name="import_batch" value="{own.pk}" id="id_import_batch">' in page
    assert 'href="?sort=-name">Bỏ lọc theo lần nhập</a>' in page


def test_a_batch_the_officer_may_not_look_at_is_refused_alike_whether_it_exists_or_not(
    registry, cast, batches
):
    own, _ = batches
    everything = ids(registry.rice_cake, registry.rock_sugar, registry.fish_sauce, registry.garlic)
    missing = own.pk + 1000
    for batch_id in (own.pk, missing):
        products, page, errors = page_of(cast.colleague, f"import_batch={batch_id}")
        message = f"Không có lượt nhập số {batch_id} trong các lượt nhập bạn được xem."
        # Refused and left out, like any refused filter: the list is the officer's whole scope, and the
        # page names neither the batch's file nor its products.
        assert (products, errors) == (everything, {"import_batch": [message]})
        assert message in page
        assert "quang-ngai-2025.csv" not in page
        assert 'name="import_batch"' not in page  # not carried into the next filtering
    assert page_of(cast.owner, "import_batch=abc")[2] == {"import_batch": ["Lượt nhập phải là một số."]}


def test_the_import_batch_columns_are_indexed_on_this_engine(db):
    with connection.cursor() as cursor:
        for table in ("registry_product", "registry_certificate"):
            constraints = connection.introspection.get_constraints(cursor, table)
            indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
            assert ["import_batch_id"] in indexed, table


# --- Through an import, from its page to the list and back


@pytest.fixture
def vinh_long_officer(db) -> User:
    return UserFactory(role=Role.PROVINCE_OFFICER, full_name="Lê Thị Nhập", unit=province(VINH_LONG))


def test_an_imports_page_and_a_products_history_lead_to_exactly_the_products_it_wrote(vinh_long_officer):
    rows = tra_vinh_rows()[:3]
    first = recognitions_import(
        acting_user=vinh_long_officer, file_name="tra-vinh.csv", content=csv_bytes(rows)
    )
    renewal = {**rows[0], "stars": "4", "decision_no": "88/QĐ-UBND", "decision_date": "2025-05-20"}
    second = recognitions_import(
        acting_user=vinh_long_officer, file_name="gia-han.csv", content=csv_bytes([renewal])
    )
    written = sorted(Product.objects.filter(import_batch_id=first.batch_id).values_list("pk", flat=True))
    renewed = Product.objects.get(name=rows[0]["product_name"])
    assert len(written) == 3

    client = Client()
    client.force_login(vinh_long_officer)
    result = client.get(f"/registry/imports/{second.batch_id}").content.decode()
    link = (
        f'<a href="/registry/products/?import_batch={second.batch_id}">Xem các sản phẩm của lần nhập này</a>'
    )
    assert link in result
    assert page_of(vinh_long_officer, f"import_batch={second.batch_id}")[0] == [renewed.pk]
    assert sorted(page_of(vinh_long_officer, f"import_batch={first.batch_id}")[0]) == written

    history = product_history(actor=vinh_long_officer, product_id=renewed.pk)
    assert [(str(e.label), e.link_text, e.link_url, e.products_url) for e in history] == [
        (
            "Nhập từ tệp",
            "gia-han.csv",
            f"/registry/imports/{second.batch_id}",
            f"/registry/products/?import_batch={second.batch_id}",
        ),
        (
            "Nhập từ tệp",
            "tra-vinh.csv",
            f"/registry/imports/{first.batch_id}",
            f"/registry/products/?import_batch={first.batch_id}",
        ),
    ]
    # Another officer of the province reads the same history, without the links to batches not theirs.
    colleague = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(VINH_LONG))
    assert [
        (e.link_url, e.products_url) for e in product_history(actor=colleague, product_id=renewed.pk)
    ] == [
        ("", ""),
        ("", ""),
    ]
