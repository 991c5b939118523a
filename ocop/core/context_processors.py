"""The site navigation for the signed-in user's role, given to every page rendered with a request."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import is_central_officer, is_officer

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
    if user is not None and is_officer(user):
        links.append((_("Người dùng"), reverse("accounts:user_list")))
    if user is not None and is_central_officer(user):
        links.append((_("Nhật ký"), reverse("core:audit_log")))
    return {
        "navigation": [NavigationItem(label, url, _is_current(url, request.path)) for label, url in links]
    }
