from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.geo.models import AdministrativeUnit


class Role(models.TextChoices):
    CENTRAL_OFFICER = "central_officer", _("Cán bộ Trung ương")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ cấp tỉnh")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ cấp xã")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng đánh giá")
    PRODUCER = "producer", _("Chủ thể OCOP")
    BUYER = "buyer", _("Doanh nghiệp thu mua, phân phối")
    SALES_POINT_OPERATOR = "sales_point_operator", _("Điểm giới thiệu và bán sản phẩm OCOP")


OFFICER_ROLES = frozenset({Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER})
# Roles that act for a current-scheme administrative unit, and the level that unit must be.
UNIT_LEVEL_BY_ROLE = {
    Role.PROVINCE_OFFICER: "province",
    Role.COMMUNE_OFFICER: "commune",
    Role.COUNCIL_MEMBER: "province",
}


def normalised_email(email: str) -> str:
    """An e-mail address as accounts store it and sign-in looks it up: trimmed, in lower case."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("role", Role.CENTRAL_OFFICER)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address and acts in one role for one unit or organisation."""

    email = models.EmailField(_("thư điện tử"), unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        limit_choices_to={"scheme": "current"},
        help_text=_("Tỉnh (cán bộ tỉnh, hội đồng) hoặc xã (cán bộ xã) mà người dùng làm việc cho."),
    )
    # Producers, buyers and sales points are linked to their records by the apps that own them; this is
    # the name they sign for until then.
    organisation_name = models.CharField(_("tổ chức"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("quản trị hệ thống"), default=False)
    date_joined = models.DateTimeField(_("ngày tạo"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        self.email = self.email.lower()
        expected_level = UNIT_LEVEL_BY_ROLE.get(Role(self.role)) if self.role else None
        if expected_level is None:
            return
        if self.unit is None:
            raise ValidationError({"unit": _("Vai trò này cần một đơn vị hành chính.")})
        if self.unit.scheme != "current" or self.unit.level != expected_level:
            raise ValidationError(
                {"unit": _("Vai trò này cần một đơn vị cấp %(level)s hiện hành.") % {"level": expected_level}}
            )

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    @property
    def province_code(self) -> int | None:
        """The current province the user acts in, if the role is tied to one."""
        return self.unit.province_code if self.unit_id and self.unit else None
