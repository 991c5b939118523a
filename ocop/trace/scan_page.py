"""The page of a genuine stamp's scan, built in Python rather than by the template engine: it is the page
of the platform's hottest path, and the engine took more time to render it (0.6 ms) than the scan took
to find, count and record the stamp. Every value goes through ``escape``; every word through gettext,
so the page speaks the language of the request as the templates do. The page of a stamp that is not
genuine stays a template (``trace/scan.html``): it is rarer, and free to be slow.
"""

from functools import cache

from django.templatetags.static import static
from django.utils.html import escape
from django.utils.translation import get_language, gettext, ngettext

from ocop.trace.place import place_token
from ocop.trace.scan import ScanResult


def _(message: str) -> str:
    """gettext, remembered for each language: every scan's page asks for the same dozen words."""
    return _translated(get_language(), message)


@cache
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _heading(verdict: str) -> str:
    headings = {
        "valid": _("Chính hãng, còn hiệu lực"),
        "revoked": _("Chính hãng, chứng nhận đã bị thu hồi"),
        "expired": _("Chính hãng, chứng nhận đã hết hạn"),
        "no_certificate": _("Chính hãng, chưa có chứng nhận OCOP"),
    }
    return headings[verdict]


@cache
def _head_links() -> str:
    return (
        f'<link rel="stylesheet" href="{escape(static("trace/scan.css"))}">\n'
        f'<link rel="icon" href="{escape(static("core/favicon.svg"))}" type="image/svg+xml">\n'
    )


@cache
def _script() -> str:
    return escape(static("trace/place.js"))


def _share_place(scan_id: int) -> str:
    """The consent button: ``place.js`` asks the phone for its position only when it is pressed, and posts
    it rounded to a tenth of a degree with the signed token (``ocop.trace.place``). No inline script: the
    content security policy allows the site's own files only."""
    done = escape(_("Cảm ơn, đã ghi nhận khu vực của bạn."))
    failed = escape(_("Không lấy được vị trí."))
    # Words outside the f-strings: makemessages does not look inside them.
    share = escape(_("Chia sẻ khu vực của tôi"))
    return (
        f'<p class="place"><button type="button" id="share-place" '
        f'data-url="/truy-xuat/quet/{scan_id}/khu-vuc" data-token="{place_token(scan_id)}" '
        f'data-done="{done}" data-failed="{failed}">{share}</button></p>\n'
        f'<script src="{_script()}" defer></script>\n'
    )


def _row(term: str, value: str) -> str:
    return f"<dt>{escape(term)}</dt><dd>{value}</dd>"


def genuine_page(result: ScanResult, *, message: str, warning: str | None, language: str) -> str:
    certificate = result.certificate
    place = ", ".join(escape(name) for name in (result.commune, result.province) if name)
    rows = [
        _row(_("Chủ thể"), escape(result.producer_name)),
        _row(_("Nơi sản xuất"), place),
    ]
    if certificate is not None:
        potential_words = escape(_("tiềm năng 5★"))
        potential = f" ({potential_words})" if certificate.potential_five_star else ""
        number = escape(certificate.number)
        certificate_words = escape(_("giấy chứng nhận"))
        link = f'<a href="/c/{number}">{certificate_words} {number}</a>'
        rows.append(_row(_("Hạng OCOP"), f"{certificate.stars}★{potential} · {link}"))
    rows.append(_row(_("Lô"), escape(result.lot)))
    rows.append(_row(_("Ngày sản xuất"), f"{result.produced_on:%d/%m/%Y}"))
    if result.expires_on is not None:
        rows.append(_row(_("Hạn sử dụng"), f"{result.expires_on:%d/%m/%Y}"))
    first_day = f"{result.first_scan_local:%d/%m/%Y}"
    scans = ngettext(
        "%(count)s lần, lần đầu ngày %(day)s", "%(count)s lần, lần đầu ngày %(day)s", result.scans
    )
    rows.append(_row(_("Số lần quét tem này"), escape(scans % {"count": result.scans, "day": first_day})))
    alert = f'<p class="warning" role="alert">{escape(warning)}</p>' if warning else ""
    share = _share_place(result.scan_id) if result.scan_id else ""
    # Words outside the f-strings: makemessages does not look inside them.
    title, site, check = escape(_("Kiểm tra tem OCOP")), escape(_("Nền tảng OCOP")), escape(_("Kiểm tra tem"))
    return (
        f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(result.product_name)} · {title}</title>\n"
        f'<meta name="description" content="{escape(message)}">\n<meta name="robots" content="noindex">\n'
        f"{_head_links()}</head>\n<body>\n<main>\n"
        f'<p class="brand"><a href="/">{site}</a> · {check}</p>\n'
        f'<section class="verdict verdict-{result.verdict}" aria-labelledby="verdict-heading">\n'
        f'<h1 id="verdict-heading">{escape(_heading(result.verdict))}</h1>\n'
        f"<p>{escape(message)}</p>\n</section>\n"
        f"{alert}"
        f'<h2><a href="{escape(result.product_url)}">{escape(result.product_name)}</a></h2>\n'
        f"<dl>{''.join(rows)}</dl>\n{share}</main>\n</body>\n</html>\n"
    )
