"""The audit log in words: every action the code records has a sentence, numbers read as what they are,
names link where the reader may open them, and nothing shows as a raw dictionary."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from ocop.accounts import services
from ocop.accounts.audit_words import ACTIONS, Reader, tell
from ocop.accounts.audit_words.sentences import IMPORT_BATCH_STATES
from ocop.accounts.models import Role
from ocop.accounts.tests.factories import MO_DUC, TEST_PASSWORD, UserFactory, commune
from ocop.core.models import AuditEvent
from ocop.core.services import audit_record

SOURCE = Path(settings.BASE_DIR) / "ocop"
ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")


def recorded_actions() -> set[str]:
    """Every action name the code passes as ``action=`` (directly, through a constant, or through a
    helper's ``action`` argument), outside tests."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        constants = {
            target.id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name) and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.keyword) or node.arg != "action":
                continue
            for part in ast.walk(node.value):
                value = (
                    part.value if isinstance(part, ast.Constant) else constants.get(getattr(part, "id", ""))
                )
                if isinstance(value, str) and ACTION.match(value):
                    found.add(value)
    return found


def test_every_recorded_action_has_words():
    actions = recorded_actions()

    # The scan finds the actions of every app that records (a scan that finds nothing proves nothing).
    assert {"user.create", "user.deactivate", "user.reactivate", "units.load", "demo.load"} <= actions
    assert {"product.update", "producer.update", "recognitions.import", "certificate.revoke"} <= actions
    assert sorted(actions - ACTIONS.keys()) == []


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_sentence_reads_even_without_details(db, action):
    central = UserFactory(role=Role.CENTRAL_OFFICER, full_name="Trần Trung Ương")
    event = AuditEvent(action=action, actor=central, object_type="test.thing", object_id="7", details={})

    told = tell(event, Reader(central, [event]))

    assert "{" not in told.sentence
    assert action not in told.sentence  # words, not the action's code name
    assert told.sentence.endswith(".")


# --- Through the page


@pytest.fixture
def central(db):
    return UserFactory(
        email="trunguong@example.test", full_name="Trần Trung Ương", role=Role.CENTRAL_OFFICER, is_staff=True
    )


def record(**fields) -> AuditEvent:
    with transaction.atomic():
        return audit_record(**fields)


def row_of(response, event: AuditEvent) -> tuple[str, list[tuple[str, str]]]:
    [told] = [words for shown, words in response.context["told"] if shown.pk == event.pk]
    return str(told.sentence), told.lines


def test_an_import_reads_as_a_sentence_with_quantities(client, central):
    officer = UserFactory(full_name="Nguyễn Văn A", role=Role.PROVINCE_OFFICER)
    summary = {
        "rows": 12345,
        "producers": {"created": 40, "updated": 2, "unchanged": 1000},
        "products": {"created": 120, "updated": 3, "unchanged": 4567},
        "certificates": {"created": 125, "updated": 0, "unchanged": 0},
    }
    event = record(
        actor=officer,
        action="recognitions.import",
        object_type="registry.importbatch",
        object_id="9",
        details={"file_name": "tra-vinh-2019-2022.csv", "sha256": "ab12", "summary": summary},
        province_code=51,
    )
    client.force_login(central)

    response = client.get("/audit/", {"action": "recognitions.import"})

    sentence, lines = row_of(response, event)
    assert sentence == (
        f'<a href="/accounts/users/{officer.pk}/">Nguyễn Văn A</a> đã nhập tệp '
        '<a href="/registry/imports/9">tra-vinh-2019-2022.csv</a>: 120 sản phẩm mới, 3 cập nhật.'
    )
    assert lines == [
        ("Số dòng", "12.345"),
        ("Chủ thể", "40 mới, 2 cập nhật, 1.000 không đổi"),
        ("Sản phẩm", "120 mới, 3 cập nhật, 4.567 không đổi"),
        ("Giấy chứng nhận", "125 mới, 0 cập nhật, 0 không đổi"),
    ]
    html = response.content.decode()
    assert "<div>Số dòng: 12.345</div>" in html
    assert "{&#x27;" not in html
    assert "{'" not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Hệ thống đã nạp sổ đăng ký mẫu (hạt giống 2026): 12.000 sản phẩm của 4.321 chủ thể."),
        ("en", "System loaded the demo registry (seed 2026): 12,000 products of 4,321 producers."),
    ],
)
def test_a_seed_is_an_identifier_and_a_count_a_quantity(client, central, language, expected):
    event = record(
        actor=None,
        action="demo.load",
        object_type="registry.product",
        object_id="*",
        details={
            "seed": 2026,
            "products": 12000,
            "rows": 23456,
            "sha256": "ab12",
            "producers": 4321,
            "enriched": {"producers": 4321, "products": 12000, "certificates": 250},
        },
    )
    client.force_login(central)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/audit/", {"action": "demo.load"})

    sentence, _lines = row_of(response, event)
    assert sentence == expected
    html = response.content.decode()
    assert "2.026" not in html
    assert "2,026" not in html


def test_an_action_without_words_reads_as_lines_formatted_by_type(client, central):
    event = record(
        actor=central,
        action="test.something_new",
        target=central,
        details={"seed": 2026, "rows": 12000, "ok": True, "on": "2026-07-01", "parts": {"a": 1500}},
    )
    client.force_login(central)

    response = client.get("/audit/", {"action": "test.something_new"})

    sentence, lines = row_of(response, event)
    link = f'<a href="/accounts/users/{central.pk}/">'
    assert sentence == (
        f"{link}Trần Trung Ương</a>: test.something_new "
        f"{link}Trần Trung Ương &lt;trunguong@example.test&gt;</a>."
    )
    assert lines == [  # by key: PostgreSQL keeps no order
        ("ok", "có"),
        ("on", "01/07/2026"),
        ("parts", "a: 1.500"),
        ("rows", "12.000"),
        ("seed", "2026"),
    ]


def test_account_changes_read_in_words_with_labels(client, central):
    target = UserFactory(full_name="Đặng Người Mua", role=Role.PRODUCER, unit=commune(MO_DUC))
    with transaction.atomic():
        services.user_update(
            acting_user=central,
            user=target,
            full_name="Đặng Người Bán",
            phone="0912 345 678",
            organisation_name="",
            role=Role.BUYER,
            unit=commune(MO_DUC),
        )
        services.user_deactivate(acting_user=central, user=target)
        services.password_change(user=central, password=TEST_PASSWORD + "!")
    central.refresh_from_db()  # the session carries a hash of the new password
    client.force_login(central)

    response = client.get("/audit/", {"object_type": "accounts.user"})

    link = f'<a href="/accounts/users/{target.pk}/">Đặng Người Bán &lt;{target.email}&gt;</a>'
    me = f'<a href="/accounts/users/{central.pk}/">Trần Trung Ương</a>'
    [changed, closed] = AuditEvent.objects.filter(object_id=str(target.pk)).order_by("id")
    [password] = AuditEvent.objects.filter(action="user.password_change")
    assert row_of(response, changed) == (
        f"{me} đã sửa thông tin tài khoản {link}.",
        [
            ("Họ và tên", "Đặng Người Mua → Đặng Người Bán"),
            ("Điện thoại", "— → 0912 345 678"),
            ("Vai trò", "Chủ thể OCOP → Doanh nghiệp thu mua, phân phối"),
        ],
    )
    assert row_of(response, closed) == (f"{me} đã khóa tài khoản {link}.", [])
    assert row_of(response, password) == (f"{me} đã đổi mật khẩu.", [])


def test_the_user_page_history_links_only_what_the_reader_may_open(client, owner, producer, central):
    with transaction.atomic():
        services.user_update(
            acting_user=central,
            user=producer,
            full_name="Nguyễn Thị Chủ Thể",
            phone="0905 000 111",
            organisation_name="",
            role=Role.PRODUCER,
            unit=producer.unit,
        )
        services.user_deactivate(acting_user=owner, user=producer)
    client.force_login(owner)

    response = client.get(f"/accounts/users/{producer.pk}/")

    sentences = [str(words.sentence) for _event, words in response.context["history"]]
    target = f'<a href="/accounts/users/{producer.pk}/">Nguyễn Thị Chủ Thể &lt;chuthe51@example.test&gt;</a>'
    assert sentences == [
        f'<a href="/accounts/users/{owner.pk}/">Lê Thị Tỉnh</a> đã khóa tài khoản {target}.',
        # The central officer is outside a province officer's user list: named, not linked.
        f"Trần Trung Ương đã sửa thông tin tài khoản {target}.",
    ]


def test_the_filters_name_actions_and_kinds_in_words(client, central):
    with transaction.atomic():
        services.user_deactivate(acting_user=central, user=UserFactory(role=Role.BUYER))
        audit_record(actor=central, action="test.something_new", object_type="test.thing", object_id="1")
    client.force_login(central)

    filters = client.get("/audit/").context["filters"]

    actions = dict(filters.fields["action"].choices)
    kinds = dict(filters.fields["object_type"].choices)
    assert (actions["user.deactivate"], actions["test.something_new"]) == (
        "Khóa tài khoản",
        "test.something_new",
    )
    assert (kinds["accounts.user"], kinds["test.thing"]) == ("Người dùng", "test.thing")


def test_an_import_batch_moving_reads_in_words_of_its_states(client, central):
    officer = UserFactory(full_name="Nguyễn Văn A", role=Role.PROVINCE_OFFICER)
    created = record(
        actor=officer,
        action="import_batch.transition",
        object_type="registry.importbatch",
        object_id="9",
        details={"from": "", "to": "validated", "file_name": "tra-vinh.csv"},
        province_code=51,
    )
    failed = record(
        actor=None,
        action="import_batch.transition",
        object_type="registry.importbatch",
        object_id="9",
        details={"from": "running", "to": "failed", "file_name": "tra-vinh.csv"},
        province_code=51,
    )
    client.force_login(central)

    response = client.get("/audit/", {"action": "import_batch.transition"})

    assert row_of(response, created) == (
        f'<a href="/accounts/users/{officer.pk}/">Nguyễn Văn A</a> đã tạo lượt nhập tệp '
        '<a href="/registry/imports/9">tra-vinh.csv</a> ở trạng thái «Đã kiểm tra».',
        [],
    )
    assert row_of(response, failed) == (
        'Hệ thống đã chuyển lượt nhập tệp <a href="/registry/imports/9">tra-vinh.csv</a> '
        "từ «Đang nhập» sang «Lỗi».",
        [],
    )


def test_the_import_batch_state_words_are_the_registrys():
    from ocop.registry.models import ImportBatch

    assert {state: str(words) for state, words in IMPORT_BATCH_STATES.items()} == {
        state.value: str(state.label) for state in ImportBatch.State
    }
