"""A verified buyer records memoranda and contracts with the producers it deals with, always as its own
party; the lines carry each product's quantity and unit, on the buyer's screens and the officers'."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory, province
from ocop.core.models import AuditEvent
from ocop.registry.tests.factories import make_producer, make_product
from ocop.trade.agreements.importing import agreements_import
from ocop.trade.models import (
    Agreement,
    AgreementLine,
    Buyer,
    BuyerType,
    Demand,
    Offer,
    Shortlisted,
    Verification,
)
from ocop.trade.tests.agreements_helpers import (
    QUANG_NGAI,
    csv_file,
    plain_static_storage,
    row,
    verified_buyer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures(plain_static_storage.__name__)]

NEW = "/ket-noi/thoa-thuan/ben-mua-ghi"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def deal():
    """A verified buyer with one member, its demand, and a producer that offered a product to it."""
    member = UserFactory(role=Role.BUYER)
    buyer = verified_buyer(member)
    demand = Demand.objects.create(
        buyer=buyer, title="Mật ong", sector=1, quantity=500, unit="chai", frequency="monthly",
        deadline=datetime.date(2030, 1, 1),
    )  # fmt: skip
    producer = make_producer(name="HTX Mật ong Ba Tơ", tax_code="4300000101")
    honey = make_product(producer=producer, name="Mật ong Ba Tơ", code="QNG-MO-01")
    offer = Offer.objects.create(
        demand=demand, producer=producer, product=honey, quantity=Decimal("200"), price_vnd=150_000
    )
    return {"buyer": buyer, "member": member, "demand": demand, "producer": producer, "honey": honey,
            "offer": offer}  # fmt: skip


def lines(*rows: dict[str, object], initial: int = 0) -> dict[str, object]:
    data: dict[str, object] = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": str(initial),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
    }
    for index, cells in enumerate(rows):
        data.update({f"lines-{index}-{name}": value for name, value in cells.items()})
    return data


def contract(deal, **changes) -> dict[str, object]:
    return {
        "kind": "contract",
        "document_no": "HĐ-15/2026",
        "signed_on": "2026-11-20",
        "producer": deal["producer"].pk,
        "value_vnd": "30000000",
        "status": "signed",
        **lines({"product": deal["honey"].pk, "quantity": "200", "unit": "chai"}),
        **changes,
    }


def test_the_buyer_opens_the_form_from_an_offer_with_its_producer_product_and_quantity(deal):
    client = signed_in(deal["member"])
    demand_page = client.get(f"/giao-thuong/nhu-cau/{deal['demand'].pk}/").content.decode()
    assert f"{NEW}?offer={deal['offer'].pk}&amp;kind=contract" in demand_page
    response = client.get(NEW, {"offer": deal["offer"].pk, "kind": "contract"})
    assert response.status_code == 200
    form, first_line = response.context["form"], response.context["lines"].forms[0]
    assert (form["kind"].value(), form["producer"].value()) == ("contract", deal["producer"].pk)
    assert (first_line["product"].value(), first_line["quantity"].value(), first_line["unit"].value()) == (
        deal["honey"].pk,
        Decimal("200.00"),
        "chai",
    )


def test_the_buyer_records_a_memorandum_then_a_contract_as_its_own_party(deal):
    client = signed_in(deal["member"])
    memorandum = contract(deal, kind="mou", document_no="", value_vnd="")
    response = client.post(NEW, memorandum)
    assert response.status_code == 302, response.context["form"].errors
    first = Agreement.objects.get()
    assert response["Location"] == f"/ket-noi/thoa-thuan/{first.pk}/"
    response = client.post(NEW, contract(deal, buyer=999_999, province_code=66))
    assert response.status_code == 302
    second = Agreement.objects.exclude(pk=first.pk).get()
    assert [
        (a.kind, a.buyer, a.buyer_name, a.buyer_type, a.producer, a.producer_tax_code, a.province_code,
         a.value_vnd, a.source)
        for a in (first, second)
    ] == [
        ("mou", deal["buyer"], "Siêu thị Sông Trà", "supermarket", deal["producer"], "4300000101", QUANG_NGAI,
         None, "screen"),
        ("contract", deal["buyer"], "Siêu thị Sông Trà", "supermarket", deal["producer"], "4300000101",
         QUANG_NGAI, 30_000_000, "screen"),
    ]  # fmt: skip
    assert list(second.products.all()) == [deal["honey"]]
    assert second.product_codes == "QNG-MO-01"
    assert list(second.lines.values_list("product", "product_code", "quantity", "unit")) == [
        (deal["honey"].pk, "QNG-MO-01", Decimal("200.00"), "chai")
    ]
    event = AuditEvent.objects.get(action="agreement.record", object_id=str(second.pk))
    assert (event.actor, event.details["lines"], event.details["value_vnd"]) == (
        deal["member"],
        ["QNG-MO-01: 200 chai"],
        30_000_000,
    )
    follow = client.get(f"/ket-noi/thoa-thuan/{first.pk}/").content.decode()
    assert f"{NEW}?memorandum={first.pk}&amp;kind=contract" in follow
    started = client.get(f"{NEW}?memorandum={first.pk}&kind=contract")
    first_line = started.context["lines"].forms[0]
    assert (started.context["form"]["producer"].value(), first_line["quantity"].value()) == (
        deal["producer"].pk,
        Decimal("200.00"),
    )
    page = client.get(f"/ket-noi/thoa-thuan/{second.pk}/").content.decode()
    assert "Ghi hợp đồng theo biên bản này" not in page
    assert "Mật ong Ba Tơ" in page
    assert 'data-label="Số lượng" class="numeric">200</td>' in page
    assert "Sửa văn bản" not in page  # the buyer reads; the province's officers change


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value_vnd": ""}, "Hợp đồng phải có giá trị."),
        ({"value_vnd": "-1"}, "Giá trị không được âm."),
        ({"lines-0-quantity": "0"}, "Số lượng phải lớn hơn 0."),
        ({"lines-0-quantity": "nhiều"}, "Nhập một số."),
        ({"lines-0-unit": ""}, "Trường này là bắt buộc."),
        ({"signed_on": "31/02/2026"}, "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm"),
        (lines(), "Sản phẩm: hãy ghi ít nhất một sản phẩm với số lượng."),
    ],
)
def test_a_bad_agreement_is_refused_in_words_and_nothing_is_written(deal, changes, message):
    audited = AuditEvent.objects.count()
    response = signed_in(deal["member"]).post(NEW, contract(deal, **changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert (Agreement.objects.count(), AgreementLine.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        audited,
    )


def test_a_buyer_names_only_producers_it_deals_with_and_only_their_products(deal):
    stranger = make_producer(name="HTX Lạ", tax_code="4300000102")
    strange_product = make_product(producer=stranger, name="Nước mắm Lạ", code="QNG-NM-09")
    client = signed_in(deal["member"])
    response = client.post(NEW, contract(deal, producer=stranger.pk))
    assert response.status_code == 422
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    response = client.post(NEW, contract(deal, **{"lines-0-product": strange_product.pk}))
    assert response.status_code == 422
    assert Agreement.objects.count() == 0

    # Once the buyer shortlists one of its products, the stranger is a counterpart, with its products only.
    Shortlisted.objects.create(demand=deal["demand"], product=strange_product)
    response = client.post(NEW, contract(deal, **{"lines-0-product": strange_product.pk}))
    assert response.status_code == 422
    assert "Sản phẩm: Nước mắm Lạ không phải của HTX Mật ong Ba Tơ." in response.content.decode()
    assert Agreement.objects.count() == 0
    line = {"product": strange_product.pk, "quantity": "10", "unit": "thùng"}
    response = client.post(NEW, contract(deal, producer=stranger.pk, document_no="HĐ-16", **lines(line)))
    assert response.status_code == 302
    assert Agreement.objects.get().producer == stranger


def test_a_buyer_not_verified_and_other_roles_record_nothing(deal):
    deal["buyer"].verification = Verification.PENDING
    deal["buyer"].save()
    client = signed_in(deal["member"])
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, contract(deal)).status_code == 404
    producer_member = UserFactory(role=Role.PRODUCER)
    deal["producer"].members.add(producer_member)
    assert signed_in(producer_member).post(NEW, contract(deal)).status_code == 404
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))
    assert signed_in(officer).post(NEW, contract(deal)).status_code == 404
    assert Client().post(NEW, contract(deal)).status_code == 302  # to sign in
    assert Agreement.objects.count() == 0


def test_another_buyers_offer_fills_nothing(deal):
    other = Buyer.objects.create(
        name="Nhà phân phối Khác", buyer_type=BuyerType.DISTRIBUTOR, province_code=QUANG_NGAI,
        verification=Verification.VERIFIED,
    )  # fmt: skip
    other_member = UserFactory(role=Role.BUYER)
    other.members.add(other_member)
    response = signed_in(other_member).get(NEW, {"offer": deal["offer"].pk})
    assert response.status_code == 200
    assert response.context["form"]["producer"].value() is None
    assert list(response.context["form"].fields["producer"].queryset) == []


def test_an_officer_records_lines_by_product_code_and_changes_them():
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))
    producer = make_producer(tax_code="4300000103")
    rice = make_product(producer=producer, name="Gạo Mộ Đức", code="QNG-G-01")
    client = signed_in(officer)
    fields = {
        "kind": "mou", "signed_on": "2026-11-20", "buyer_name": "Bên mua ngoài", "buyer_type": "other",
        "producer_name": "HTX", "producer_tax_code": "4300000103", "province_code": QUANG_NGAI,
        "status": "signed",
    }  # fmt: skip
    response = client.post(
        "/ket-noi/thoa-thuan/moi",
        {**fields, **lines({"product_code": "QNG-G-01", "quantity": "1500.5", "unit": "kg"},
                           {"product_code": "KHONG-CO", "quantity": "3", "unit": "tấn"})},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    agreement = Agreement.objects.get()
    assert agreement.product_codes == "QNG-G-01;KHONG-CO"
    assert list(agreement.products.all()) == [rice]
    assert list(agreement.lines.values_list("product", "product_code", "quantity", "unit")) == [
        (rice.pk, "QNG-G-01", Decimal("1500.50"), "kg"),
        (None, "KHONG-CO", Decimal("3.00"), "tấn"),
    ]
    url = f"/ket-noi/thoa-thuan/{agreement.pk}/"
    bad = client.post(url, {"form": "agreement", **fields, **lines(
        {"product_code": "QNG-G-01", "quantity": "-2", "unit": "kg"}, initial=1)})  # fmt: skip
    assert bad.status_code == 422
    assert "Số lượng phải lớn hơn 0." in bad.content.decode()
    assert agreement.lines.count() == 2
    dropped = lines(
        {"product_code": "QNG-G-01", "quantity": "1600", "unit": "kg"},
        {"product_code": "KHONG-CO", "quantity": "3", "unit": "tấn", "DELETE": "on"},
        initial=2,
    )
    response = client.post(url, {"form": "agreement", **fields, "product_codes": "QNG-G-01", **dropped})
    assert response.status_code == 302
    assert list(agreement.lines.values_list("product_code", "quantity")) == [("QNG-G-01", Decimal("1600.00"))]


def test_an_imported_agreement_without_lines_shows_its_products():
    producer = make_producer(tax_code="4300000104")
    make_product(producer=producer, name="Chè Minh Long", code="QNG-C-01")
    agreement = Agreement.objects.create(
        identity="i", kind="mou", signed_on=datetime.date(2026, 1, 5), buyer_name="Bên mua",
        buyer_type="other", producer=producer, producer_name=producer.name, province_code=QUANG_NGAI,
        product_codes="QNG-C-01", source="import",
    )  # fmt: skip
    agreement.products.set(producer.products.all())
    officer = UserFactory(role=Role.PROVINCE_OFFICER, unit=province(QUANG_NGAI))
    page = signed_in(officer).get(f"/ket-noi/thoa-thuan/{agreement.pk}/").content.decode()
    assert "Chè Minh Long (QNG-C-01)" in page
    assert 'data-label="Số lượng"' not in page


def test_the_agreements_file_writes_no_lines_and_keeps_its_products():
    producer = make_producer(tax_code="4300000105")
    tea = make_product(producer=producer, name="Chè xanh", code="QNG-C-02")
    result = agreements_import(
        acting_user=None,
        file_name="ket-qua.csv",
        content=io.BytesIO(csv_file([row(producer_tax_code="4300000105", product_codes="QNG-C-02")])),
        dry_run=False,
    )
    assert result.ok
    agreement = Agreement.objects.get()
    assert (list(agreement.products.all()), agreement.lines.count()) == ([tea], 0)
