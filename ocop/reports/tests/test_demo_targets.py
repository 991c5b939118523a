"""``manage.py load_demo_targets``: the demo plans load through the import, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from ocop.reports.models import ManualFigure, Target

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_targets", stdout=out)
    return out.getvalue()


def test_the_demo_plans_load_once(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)  # load_demo_users refuses what looks like production
    call_command("load_demo_users", stdout=StringIO())
    assert load() == "targets: 15 created, 0 updated, 0 unchanged; manual figures: 1 recorded\n"
    assert load() == "targets: 0 created, 0 updated, 15 unchanged; manual figures: 0 recorded\n"
    plan = Target.objects.get(label="200 sản phẩm OCOP mới đạt 3 sao trở lên")
    assert (plan.scheme, plan.province_code, plan.date_from, plan.date_to) == (
        "legacy",
        51,
        datetime.date(2021, 1, 1),
        datetime.date(2025, 12, 31),
    )
    figure = ManualFigure.objects.get()
    assert (figure.target.label, figure.value, figure.recorded_by.email) == (
        "60 chủ thể OCOP tham gia chuỗi giá trị",
        41,
        "tinh.daklak@demo.ocop.vn",
    )
    answer = client.get("/api/v1/targets", {"province": "66", "as_of": "2026-10-01"}).json()
    assert [(one["label"], one["achieved"], one["status"]) for one in answer] == [
        ("60 chủ thể OCOP tham gia chuỗi giá trị", 41, "behind"),
        ("30 sản phẩm OCOP mới", 0, "behind"),
    ]


def test_the_demo_needs_its_officers_first() -> None:
    with pytest.raises(CommandError, match=r"no user tinh\.daklak@demo\.ocop\.vn: run load_demo_users first"):
        load()
    assert Target.objects.count() == 0
