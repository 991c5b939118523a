import datetime

import pytest
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import DAK_LAK, UserFactory, province
from ocop.core.models import AuditEvent
from ocop.notifications.models import Notification
from ocop.trade.models import Buyer, BuyerType, Demand, Offer, Shortlisted, Verification
from ocop.trade.tests.labelled import QUANG_NGAI, labelled_products

CONTACT_PHONE = "0912345678"


def _buyer(*, verified: bool, member=None, province_code: int = QUANG_NGAI) -> Buyer:
    buyer = Buyer.objects.create(
        name="Siêu thị Thử nghiệm",
        buyer_type=BuyerType.SUPERMARKET,
        province_code=province_code,
        verification=Verification.VERIFIED if verified else Verification.PENDING,
    )
    buyer.members.add(member or UserFactory(role=Role.BUYER))
    return buyer


def _demand_form(**changes) -> dict:
    form = {
        "title": "Mật ong cho chuỗi siêu thị",
        "sector": "1",
        "product_set": "",
        "words": "",
        "quantity": "500",
        "unit": "chai",
        "frequency": "monthly",
        "certifications": ["vietgap"],
        "min_stars": "4",
        "price_min_vnd": "100000",
        "price_max_vnd": "200000",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
    }
    form.update(changes)
    return form


@pytest.fixture
def products(db):
    made = labelled_products()
    for product in made.values():
        product.producer.phone = CONTACT_PHONE
        product.producer.save(update_fields=["phone"])
    return made


def test_a_buyer_registers_pending_and_the_province_is_told(client, db):
    user = UserFactory(role=Role.BUYER)
    officer = UserFactory(role=Role.PROVINCE_OFFICER)
    client.force_login(user)
    response = client.post(
        "/giao-thuong/dang-ky/",
        {"name": "Nhà phân phối Sông Trà", "buyer_type": "distributor", "province_code": "51"},
    )
    assert response.status_code == 302
    buyer = Buyer.objects.get()
    assert (buyer.verification, list(buyer.members.all())) == (Verification.PENDING, [user])
    assert AuditEvent.objects.filter(action="buyer.register", object_id=str(buyer.pk)).count() == 1
    assert Notification.objects.filter(recipient=officer, kind="trade.buyer_registered").count() == 1


def test_registration_with_a_bad_field_makes_nothing(client, db):
    client.force_login(UserFactory(role=Role.BUYER))
    response = client.post(
        "/giao-thuong/dang-ky/", {"name": "", "buyer_type": "supermarket", "province_code": "51"}
    )
    assert response.status_code == 400
    assert Buyer.objects.count() == 0


def test_only_the_buyer_role_registers(client, db):
    client.force_login(UserFactory(role=Role.PRODUCER))
    response = client.post(
        "/giao-thuong/dang-ky/", {"name": "X", "buyer_type": "other", "province_code": "51"}
    )
    assert response.status_code == 404
    assert Buyer.objects.count() == 0


def test_an_officer_of_the_buyers_province_verifies_and_the_members_are_told(client, db):
    buyer = _buyer(verified=False)
    member = buyer.members.get()
    client.force_login(UserFactory(role=Role.PROVINCE_OFFICER))
    response = client.post(
        f"/giao-thuong/xac-minh/{buyer.pk}/", {"decision": "verify", "note": "Đã kiểm tra"}
    )
    assert response.status_code == 302
    buyer.refresh_from_db()
    assert (buyer.verification, buyer.verification_note) == (Verification.VERIFIED, "Đã kiểm tra")
    assert AuditEvent.objects.filter(action="buyer.verify").count() == 1
    assert Notification.objects.filter(recipient=member, kind="trade.buyer_verification").count() == 1


def test_an_officer_of_another_province_gets_404_and_nothing_changes(client, db):
    buyer = _buyer(verified=False)
    client.force_login(UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK)))
    assert client.get(f"/giao-thuong/xac-minh/{buyer.pk}/").status_code == 404
    assert client.post(f"/giao-thuong/xac-minh/{buyer.pk}/", {"decision": "verify"}).status_code == 404
    buyer.refresh_from_db()
    assert buyer.verification == Verification.PENDING


def test_a_central_officer_rejects_only_with_a_reason(client, db):
    buyer = _buyer(verified=False, province_code=DAK_LAK)
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER))
    response = client.post(f"/giao-thuong/xac-minh/{buyer.pk}/", {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert "Ghi chú: hãy ghi lý do không xác minh." in response.content.decode()
    buyer.refresh_from_db()
    assert buyer.verification == Verification.PENDING
    response = client.post(
        f"/giao-thuong/xac-minh/{buyer.pk}/", {"decision": "reject", "note": "Sai mã số thuế"}
    )
    buyer.refresh_from_db()
    assert buyer.verification == Verification.REJECTED


def test_a_buyer_not_verified_sees_no_contacts_and_posts_no_demand(client, products):
    buyer = _buyer(verified=False)
    client.force_login(buyer.members.get())
    page = client.get("/giao-thuong/", {"q": "mat ong"}).content.decode()
    assert "Mật ong 5 sao" in page
    assert CONTACT_PHONE not in page
    assert client.get("/giao-thuong/nhu-cau/moi/").status_code == 404
    assert client.post("/giao-thuong/nhu-cau/moi/", _demand_form()).status_code == 404
    assert Demand.objects.count() == 0


def test_a_verified_buyer_sees_contacts(client, products):
    buyer = _buyer(verified=True)
    client.force_login(buyer.members.get())
    page = client.get("/giao-thuong/", {"q": "mat ong"}).content.decode()
    assert CONTACT_PHONE in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline": "01/01/2020"}, "Hạn chót không được ở trong quá khứ."),
        ({"price_min_vnd": "300000"}, "Giá cao nhất phải lớn hơn hoặc bằng giá thấp nhất."),
        ({"quantity": "0"}, "Số lượng phải lớn hơn 0."),
        ({"product_set": "IX.9"}, "Bộ sản phẩm: không có bộ sản phẩm “IX.9”, hãy ghi mã như I.3.c."),
        ({"sector": "", "words": ""}, "Ngành: hãy chọn ngành, ghi bộ sản phẩm hoặc từ khóa."),
    ],
)
def test_a_bad_demand_is_refused_naming_the_field_and_nothing_is_made(client, products, changes, message):
    buyer = _buyer(verified=True)
    client.force_login(buyer.members.get())
    response = client.post("/giao-thuong/nhu-cau/moi/", _demand_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Demand.objects.count() == 0


def test_a_demand_shows_ranked_matches_and_fitting_producers_are_told(client, products):
    fitting_user = UserFactory(role=Role.PRODUCER)
    products["Mật ong 5 sao"].producer.members.add(fitting_user)
    other_user = UserFactory(role=Role.PRODUCER)
    products["Bánh 3 sao"].producer.members.add(other_user)
    buyer = _buyer(verified=True)
    client.force_login(buyer.members.get())
    response = client.post("/giao-thuong/nhu-cau/moi/", _demand_form())
    demand = Demand.objects.get()
    assert response.status_code == 302
    page = client.get(f"/giao-thuong/nhu-cau/{demand.pk}/").content.decode()
    assert page.index("Mật ong 5 sao") < page.index("Nước mắm 4 sao") < page.index("Cà phê tiềm năng")
    assert "Bánh 3 sao" not in page
    assert "điểm 100/100" in page
    assert Notification.objects.filter(recipient=fitting_user, kind="trade.demand").count() == 1
    assert Notification.objects.filter(recipient=other_user).count() == 0


def test_a_producer_that_fits_sees_the_demand_and_offers(client, products):
    buyer = _buyer(verified=True)
    demand = Demand.objects.create(
        buyer=buyer,
        title="Mật ong cho siêu thị",
        sector=1,
        quantity=500,
        unit="chai",
        frequency="monthly",
        certifications=["vietgap"],
        min_stars=4,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    honey = products["Mật ong 5 sao"]
    producer_user = UserFactory(role=Role.PRODUCER)
    honey.producer.members.add(producer_user)
    client.force_login(producer_user)
    assert "Mật ong cho siêu thị" in client.get("/giao-thuong/nhu-cau-phu-hop/").content.decode()
    response = client.post(
        f"/giao-thuong/nhu-cau-phu-hop/{demand.pk}/",
        {"product": honey.pk, "quantity": "200", "price_vnd": "150000", "message": "Giao hằng tháng"},
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.product, offer.producer, offer.price_vnd) == (honey, honey.producer, 150000)
    assert Notification.objects.filter(recipient=buyer.members.get(), kind="trade.offer").count() == 1
    assert AuditEvent.objects.filter(action="offer.create").count() == 1

    # Another fitting producer sees the demand but not this offer.
    rival_user = UserFactory(role=Role.PRODUCER)
    products["Nước mắm 4 sao"].producer.members.add(rival_user)
    client.force_login(rival_user)
    page = client.get(f"/giao-thuong/nhu-cau-phu-hop/{demand.pk}/").content.decode()
    assert "Giao hằng tháng" not in page
    assert "150000" not in page

    # A producer whose products do not fit gets 404, and offers nothing.
    outsider = UserFactory(role=Role.PRODUCER)
    products["Bánh 3 sao"].producer.members.add(outsider)
    client.force_login(outsider)
    assert client.get(f"/giao-thuong/nhu-cau-phu-hop/{demand.pk}/").status_code == 404
    bread = products["Bánh 3 sao"]
    assert (
        client.post(
            f"/giao-thuong/nhu-cau-phu-hop/{demand.pk}/",
            {"product": bread.pk, "quantity": "1", "price_vnd": "1"},
        ).status_code
        == 404
    )
    assert Offer.objects.count() == 1

    # The buyer sees the offer with the producer's contacts.
    client.force_login(buyer.members.get())
    page = client.get(f"/giao-thuong/nhu-cau/{demand.pk}/").content.decode()
    assert "Giao hằng tháng" in page
    assert CONTACT_PHONE in page


def test_a_product_offered_twice_is_refused(client, products):
    buyer = _buyer(verified=True)
    demand = Demand.objects.create(
        buyer=buyer,
        title="Mật ong",
        sector=1,
        quantity=5,
        unit="chai",
        frequency="once",
        deadline=timezone.localdate(),
    )
    honey = products["Mật ong 5 sao"]
    user = UserFactory(role=Role.PRODUCER)
    honey.producer.members.add(user)
    client.force_login(user)
    form = {"product": honey.pk, "quantity": "2", "price_vnd": "1000"}
    assert client.post(f"/giao-thuong/nhu-cau-phu-hop/{demand.pk}/", form).status_code == 302
    response = client.post(f"/giao-thuong/nhu-cau-phu-hop/{demand.pk}/", form)
    assert response.status_code == 400
    assert "Đã chào hàng sản phẩm này cho nhu cầu này." in response.content.decode()
    assert Offer.objects.count() == 1


def test_another_buyer_gets_404_on_a_demand(client, products):
    demand = Demand.objects.create(
        buyer=_buyer(verified=True),
        title="Mật ong",
        sector=1,
        quantity=5,
        unit="chai",
        frequency="once",
        deadline=timezone.localdate(),
    )
    client.force_login(_buyer(verified=True).members.get())
    assert client.get(f"/giao-thuong/nhu-cau/{demand.pk}/").status_code == 404
    assert client.post(f"/giao-thuong/nhu-cau/{demand.pk}/dong").status_code == 404
    demand.refresh_from_db()
    assert demand.is_open


def test_the_buyer_shortlists_a_matching_product_only(client, products):
    buyer = _buyer(verified=True)
    demand = Demand.objects.create(
        buyer=buyer,
        title="Mật ong",
        sector=1,
        quantity=5,
        unit="chai",
        frequency="once",
        min_stars=4,
        deadline=timezone.localdate(),
    )
    client.force_login(buyer.members.get())
    honey, bread = products["Mật ong 5 sao"], products["Bánh 3 sao"]
    assert client.post(f"/giao-thuong/nhu-cau/{demand.pk}/danh-sach-chon/{honey.pk}").status_code == 302
    assert client.post(f"/giao-thuong/nhu-cau/{demand.pk}/danh-sach-chon/{bread.pk}").status_code == 404
    assert list(Shortlisted.objects.values_list("product_id", flat=True)) == [honey.pk]
    client.post(f"/giao-thuong/nhu-cau/{demand.pk}/danh-sach-chon/{honey.pk}")
    assert Shortlisted.objects.count() == 0


def test_the_demand_being_written_shows_its_matches_as_the_buyer_types(client, products):
    buyer = _buyer(verified=True)
    client.force_login(buyer.members.get())
    # Half written: only what shapes the matches counts.
    form = _demand_form(title="", quantity="", deadline="")
    response = client.get("/giao-thuong/nhu-cau/xem-truoc/", form)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.count, [match.product.name for match in preview.items]) == (
        3,
        ["Mật ong 5 sao", "Nước mắm 4 sao", "Cà phê tiềm năng"],
    )
    page = response.content.decode()
    assert "3 sản phẩm OCOP đáp ứng nhu cầu này." in page
    assert 'id="demand-preview"' in page
    assert CONTACT_PHONE not in page
    assert (Demand.objects.count(), AuditEvent.objects.filter(action__startswith="trade.").count()) == (0, 0)


def test_the_preview_says_what_to_fill_in_and_never_widens_a_bad_product_set(client, products):
    buyer = _buyer(verified=True)
    client.force_login(buyer.members.get())
    empty = client.get("/giao-thuong/nhu-cau/xem-truoc/", _demand_form(sector="", words=""))
    assert empty.context["preview_errors"] == ["Ngành: hãy chọn ngành, ghi bộ sản phẩm hoặc từ khóa."]
    bad_set = client.get("/giao-thuong/nhu-cau/xem-truoc/", _demand_form(product_set="IX.9"))
    assert bad_set.context["preview_errors"] == [
        "Bộ sản phẩm: không có bộ sản phẩm “IX.9”, hãy ghi mã như I.3.c."
    ]
    assert "preview" not in bad_set.context


def test_only_a_verified_buyer_previews(client, products):
    pending = _buyer(verified=False)
    client.force_login(pending.members.get())
    assert client.get("/giao-thuong/nhu-cau/xem-truoc/", _demand_form()).status_code == 404
    client.force_login(UserFactory(role=Role.PRODUCER))
    assert client.get("/giao-thuong/nhu-cau/xem-truoc/", _demand_form()).status_code == 404
    client.logout()
    assert client.get("/giao-thuong/nhu-cau/xem-truoc/", _demand_form()).status_code == 302
