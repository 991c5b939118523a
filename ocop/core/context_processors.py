"""The site navigation for the signed-in user's role, given to every page rendered with a request."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import acting_user, is_central_officer, is_officer
from ocop.accounts.models import Role

# Pages that other apps serve; plain paths so the menu does not depend on when they arrive.
CATALOGUE_PATH = "/san-pham/"
STATISTICS_PATH = "/thong-ke/"


@dataclass(frozen=True)
class NavigationItem:
    label: str | Promise
    url: str
    current: bool = False


def _is_current(url: str, path: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def navigation(request: HttpRequest) -> dict[str, Any]:
    links: list[tuple[str | Promise, str]] = [
        (_("Trang chủ"), reverse("portal:home")),
        (_("Sản phẩm OCOP"), CATALOGUE_PATH),
        (_("Thống kê"), STATISTICS_PATH),
    ]
    user = getattr(request, "user", None)
    actor = acting_user(user) if user is not None else None
    role = actor.role if actor is not None else None
    if actor is not None and (is_officer(actor) or role == Role.COUNCIL_MEMBER):
        links.append((_("Quản lý sản phẩm"), reverse("registry:product_list")))
        links.append((_("Quản lý chủ thể"), reverse("registry:producer_list")))
    if role in (Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER):
        links.append((_("Nhập dữ liệu"), reverse("registry:import_new")))
    if user is not None and is_officer(user):
        links.append((_("Người dùng"), reverse("accounts:user_list")))
    if user is not None and is_central_officer(user):
        links.append((_("Nhật ký"), reverse("audit:log")))
    return {
        "navigation": [NavigationItem(label, url, _is_current(url, request.path)) for label, url in links]
    }
