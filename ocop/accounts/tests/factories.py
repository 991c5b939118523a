"""Users for tests: ``UserFactory(role=Role.PROVINCE_OFFICER, unit=province(DAK_LAK))``.

Without a ``unit``, roles that need one get a unit in Quảng Ngãi (51): the province itself for province
officers and council members, Xã Mộ Đức for commune officers. Every factory user signs in with
``TEST_PASSWORD``. The administrative units are those the root conftest loads for the test session.
"""

from functools import cache
from typing import TYPE_CHECKING, Any

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from ocop.accounts.models import Role, User
from ocop.geo.models import AdministrativeUnit, Level, Scheme

TEST_PASSWORD = "mat-khau-thu-nghiem-2026"
QUANG_NGAI = 51
DAK_LAK = 66
MO_DUC = 21400  # a commune of Quảng Ngãi
BUON_MA_THUOT = 24133  # Phường Buôn Ma Thuột, a commune-level unit of Đắk Lắk


def province(code: int) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code=code)


def commune(code: int) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(scheme=Scheme.CURRENT, level=Level.COMMUNE, code=code)


@cache
def _test_password_hash() -> str:
    # Argon2 is slow on purpose; hash once and share the hash between all test users.
    return make_password(TEST_PASSWORD)


def default_unit(role: str) -> AdministrativeUnit | None:
    if role in (Role.PROVINCE_OFFICER, Role.COUNCIL_MEMBER):
        return province(QUANG_NGAI)
    if role == Role.COMMUNE_OFFICER:
        return commune(MO_DUC)
    return None


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    if TYPE_CHECKING:
        # Calling the factory gives a saved User; tell the type checker so.
        def __new__(cls, *args: Any, **kwargs: Any) -> User: ...  # type: ignore[misc]

    email = factory.Sequence(lambda n: f"nguoidung{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    role = Role.PRODUCER
    unit = factory.LazyAttribute(lambda user: default_unit(user.role))
    password = factory.LazyFunction(_test_password_hash)
