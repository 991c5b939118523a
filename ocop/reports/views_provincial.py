"""The provincial report for officers, ``/thong-ke/bao-cao/``: a form (GET without ``format``), and the
report as a file (``format=xlsx`` or ``pdf``) in one click.

Parameters, as ``manage.py provincial_report`` takes them: ``province`` or ``legacy_province`` (none: the
country), ``from`` and ``to`` (YYYY-MM-DD or dd/mm/yyyy; default 1 January of this year to today in Việt
Nam), ``format``. The form sends its choice of scope as ``scope`` (``province:51``,
``legacy_province:62``, ``national``), as the statistics page does. A parameter that cannot be read is
named on the form page, answered 400; a scope the officer may not have is 404, like any out-of-scope object.

Downloads are not audited: the audit log records state changes (``ocop.core.models.AuditEvent``), and a
report changes nothing.
"""

import datetime
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ocop.accounts.access import request_actor, role_required
from ocop.accounts.models import Role, User
from ocop.core.forms import DayInput
from ocop.geo.models import AdministrativeUnit, Level, Scheme
from ocop.reports.provincial import FORMATS, default_period, filename, provincial_report, write_report
from ocop.reports.provincial.access import REPORT_ROLES, can_have_report, legacy_provinces_in, report_province
from ocop.reports.selectors import StatisticsQueryError, StatisticsScope, parse_date, scope_query

NATIONAL = "national"


@role_required(*REPORT_ROLES)
@require_safe
def provincial_report_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    parameters = _parameters(request)
    if not parameters["format"]:
        return _form(request, parameters, problem=None, status=200)
    try:
        file_format, scope, date_from, date_to = _question(parameters)
        if not can_have_report(actor, scope):
            raise Http404
        report = provincial_report(scope=scope, date_from=date_from, date_to=date_to)
    except StatisticsQueryError as error:
        return _form(request, parameters, problem=error, status=400)
    stream = io.BytesIO()
    write_report(report, file_format, stream)
    response = HttpResponse(stream.getvalue(), content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename(report, file_format)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _parameters(request: HttpRequest) -> dict[str, str]:
    """The parameters as given, the form's ``scope`` turned into ``province`` or ``legacy_province``."""
    names = ("province", "legacy_province", "from", "to", "format")
    parameters = {name: request.GET.get(name, "").strip() for name in names}
    scope = request.GET.get("scope", "").strip()
    if scope:
        kind, _separator, code = scope.partition(":")
        parameters.update(province="", legacy_province="")
        if kind in ("province", "legacy_province"):
            parameters[kind] = code
        elif kind != NATIONAL:
            parameters["province"] = scope  # named as the province at fault
    return parameters


def _question(parameters: dict[str, str]) -> tuple[str, StatisticsScope, datetime.date, datetime.date]:
    file_format = parameters["format"]
    if file_format not in FORMATS:
        raise StatisticsQueryError("format", f"unknown format {file_format!r}; use xlsx or pdf")
    scope = scope_query(
        province=parameters["province"], legacy_province=parameters["legacy_province"], scheme=None
    )
    first, last = default_period()
    date_from = _day("from", parameters["from"]) if parameters["from"] else first
    date_to = _day("to", parameters["to"]) if parameters["to"] else last
    # A period that ends before it starts is refused by the flows (``recognition_flows``), naming ``to``.
    return file_format, scope, date_from, date_to


def _day(argument: str, raw: str) -> datetime.date:
    """A day as YYYY-MM-DD (the API's and the command's) or dd/mm/yyyy (the form's)."""
    try:
        return datetime.datetime.strptime(raw, "%d/%m/%Y").date()
    except ValueError:
        return parse_date(argument, raw)


def _problem(error: StatisticsQueryError) -> str:
    if error.argument == "format":
        return _("Định dạng không hợp lệ: hãy chọn XLSX hoặc PDF.")
    if error.argument == "from":
        return _("Ngày bắt đầu không hợp lệ: hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 01/01/2025.")
    if error.argument == "to":
        return _(
            "Ngày kết thúc không hợp lệ: hãy nhập ngày theo dạng ngày/tháng/năm, không trước ngày bắt đầu."
        )
    return _("Phạm vi không hợp lệ: hãy chọn một tỉnh, thành phố trong danh sách.")


def _form(
    request: HttpRequest, parameters: dict[str, str], *, problem: StatisticsQueryError | None, status: int
) -> HttpResponse:
    actor = request_actor(request)
    own = report_province(actor)
    options = _scope_options(actor, own)
    chosen = _chosen(parameters, own)
    for option in options:
        option["selected"] = option["value"] == chosen
    date_from, date_to = _form_days(parameters)
    context: dict[str, Any] = {
        "options": options,
        "from_input": _day_input("from", date_from),
        "to_input": _day_input("to", date_to),
        "problem": _problem(problem) if problem else None,
        "problem_argument": problem.argument if problem else None,
        "problem_detail": str(problem) if problem else None,
    }
    return render(request, "reports/provincial_form.html", context, status=status)


def _scope_options(actor: User, own: AdministrativeUnit | None) -> list[dict[str, Any]]:
    """The scopes the officer may choose: everything for a central officer, else their province and the
    legacy provinces that went into it."""
    if own is not None:
        return [
            {"value": f"province:{own.code}", "label": own.name},
            *(
                {
                    "value": f"legacy_province:{legacy.code}",
                    "label": _("%(name)s (trước 1/7/2025)") % {"name": legacy.name},
                }
                for legacy in legacy_provinces_in(own)
            ),
        ]
    if actor.role != Role.CENTRAL_OFFICER:
        return []
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by("scheme", "name")
    options: list[dict[str, Any]] = [{"value": NATIONAL, "label": _("Toàn quốc")}]
    for scheme, code, name in provinces.values_list("scheme", "code", "name"):
        if scheme == Scheme.CURRENT:
            options.append({"value": f"province:{code}", "label": name})
        else:
            options.append(
                {"value": f"legacy_province:{code}", "label": _("%(name)s (trước 1/7/2025)") % {"name": name}}
            )
    return options


def _chosen(parameters: dict[str, str], own: AdministrativeUnit | None) -> str:
    for kind in ("province", "legacy_province"):
        if parameters[kind]:
            return f"{kind}:{parameters[kind]}"
    return f"province:{own.code}" if own is not None else NATIONAL


def _form_days(parameters: dict[str, str]) -> tuple[str | datetime.date, str | datetime.date]:
    """The days to show in the boxes: as given (to be corrected), else the default period."""
    first, last = default_period()
    return (parameters["from"] or first, parameters["to"] or last)


def _day_input(name: str, value: str | datetime.date) -> str:
    attrs = {"id": f"report-{name}", "aria-describedby": f"report-{name}-help"}
    return DayInput(attrs=attrs).render(name, value)
