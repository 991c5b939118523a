"""One demo account per role, plus a second province to show scoping; safe to run again.

Refuses on a real deployment (DEBUG off and DATABASE_URL set), where a known password would be an open
door. A laptop on the default SQLite database may load them whatever DEBUG says.
"""

import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.accounts.models import Role
from ocop.accounts.services import demo_user_ensure
from ocop.geo.models import AdministrativeUnit, Level, Scheme

DEMO_PASSWORD = "ocop-demo-2026"  # noqa: S105 - published on purpose; refused on deployments
QUANG_NGAI = 51
DAK_LAK = 66
MO_DUC = 21400  # Xã Mộ Đức, Quảng Ngãi


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    unit_level: str | None
    unit_code: int | None
    organisation_name: str = ""
    is_staff: bool = False


DEMO_USERS = [
    DemoUser(
        "trunguong@demo.ocop.vn",
        "Trần Minh Quân",
        Role.CENTRAL_OFFICER,
        None,
        None,
        "Văn phòng Điều phối nông thôn mới Trung ương",
        is_staff=True,
    ),
    DemoUser(
        "tinh.quangngai@demo.ocop.vn",
        "Lê Thị Thu Hà",
        Role.PROVINCE_OFFICER,
        Level.PROVINCE,
        QUANG_NGAI,
        "Văn phòng Điều phối nông thôn mới tỉnh Quảng Ngãi",
    ),
    DemoUser(
        "tinh.daklak@demo.ocop.vn",
        "Nguyễn Đức Thắng",
        Role.PROVINCE_OFFICER,
        Level.PROVINCE,
        DAK_LAK,
        "Văn phòng Điều phối nông thôn mới tỉnh Đắk Lắk",
    ),
    DemoUser(
        "xa.moduc@demo.ocop.vn",
        "Phạm Văn Hùng",
        Role.COMMUNE_OFFICER,
        Level.COMMUNE,
        MO_DUC,
        "Ủy ban nhân dân xã Mộ Đức",
    ),
    DemoUser(
        "hoidong.quangngai@demo.ocop.vn",
        "Võ Thị Mỹ Linh",
        Role.COUNCIL_MEMBER,
        Level.PROVINCE,
        QUANG_NGAI,
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi",
    ),
    # A second member, so that the demo council has three people with the province officer in the chair.
    DemoUser(
        "hoidong2.quangngai@demo.ocop.vn",
        "Trần Minh Phúc",
        Role.COUNCIL_MEMBER,
        Level.PROVINCE,
        QUANG_NGAI,
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi",
    ),
    DemoUser(
        "chuthe.moduc@demo.ocop.vn",
        "Nguyễn Thị Hồng",
        Role.PRODUCER,
        Level.COMMUNE,
        MO_DUC,
        # A producer of the demo registry (default size and seed) in Mộ Đức: load_demo makes the account
        # its member, or the commune's largest producer's when another demo set has no such name.
        "Công ty TNHH MTV Cà phê Mộ Đức",
    ),
    DemoUser(
        "nguoimua.quangngai@demo.ocop.vn",
        "Đặng Quốc Bảo",
        Role.BUYER,
        Level.PROVINCE,
        QUANG_NGAI,
        "Công ty TNHH Phân phối Nông sản Sông Trà",
    ),
    DemoUser(
        "diemban.quangngai@demo.ocop.vn",
        "Huỳnh Thị Lan",
        Role.SALES_POINT_OPERATOR,
        Level.COMMUNE,
        21025,  # Phường Cẩm Thành
        "Điểm giới thiệu và bán sản phẩm OCOP Cẩm Thành",
    ),
]


def _demo_unit(demo: DemoUser) -> AdministrativeUnit | None:
    if demo.unit_level is None or demo.unit_code is None:
        return None
    try:
        return AdministrativeUnit.objects.get(
            scheme=Scheme.CURRENT, level=demo.unit_level, code=demo.unit_code
        )
    except AdministrativeUnit.DoesNotExist as error:
        raise CommandError("Administrative units are missing: run `manage.py load_units` first.") from error


def is_real_deployment() -> bool:
    return not settings.DEBUG and bool(os.environ.get("DATABASE_URL"))


class Command(BaseCommand):
    help = "Create or restore one demo account per role (password printed at the end); never on deployments."

    def handle(self, *args: Any, **options: Any) -> None:
        if is_real_deployment():
            raise CommandError(
                "Refusing to create demo accounts with a published password: DEBUG is off and DATABASE_URL "
                "is set, which looks like a real deployment."
            )
        changed = 0
        for demo in DEMO_USERS:
            unit = _demo_unit(demo)
            user, was_changed = demo_user_ensure(
                email=demo.email,
                full_name=demo.full_name,
                role=demo.role,
                unit=unit,
                organisation_name=demo.organisation_name,
                password=DEMO_PASSWORD,
                is_staff=demo.is_staff,
            )
            changed += was_changed
            unit_name = unit.name if unit else "—"
            self.stdout.write(f"{user.email:34} {demo.role.label!s:38} {unit_name}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(DEMO_USERS)} demo accounts ready ({changed} created or restored).")
        )
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
