"""Every change to rubrics and self-assessments, checked against ``ocop.evaluation.access`` and audited in its
transaction.

A version moves draft → active → retired and never back; at most one is active per decision and product
set (a database constraint). Only a draft is edited. ``acting_user=None`` is the platform itself (the
loader of the shipped files).
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts import access as accounts_access
from ocop.accounts.access import Actor
from ocop.core.services import audit_record
from ocop.evaluation import scoring
from ocop.evaluation.access import may_correct_rubrics, may_save_self_assessment
from ocop.evaluation.models import (
    STAR_RANKS_WITH_MINIMUMS,
    Criterion,
    Option,
    RubricGroup,
    RubricPart,
    RubricStatus,
    RubricVersion,
    SelfAssessment,
    StarBand,
)
from ocop.evaluation.rubric_files import RubricFileError, SheetData
from ocop.registry.models import ProductSet, RuleSet

# --- Loading the shipped files


@dataclass
class LoadReport:
    created: list[RubricVersion] = field(default_factory=list)
    unchanged: int = 0


@transaction.atomic
def rubrics_load(*, sheets: list[SheetData]) -> LoadReport:
    """Load checked sheets as versions: a sheet already loaded with the same content changes nothing; a new
    or changed one becomes the next version of its product set, active, and the active one is retired.

    A shipped file that changes is a correction of the law's text, so its sheet replaces whatever is
    active, a central officer's correction included (their version stays, retired, with the scores made on
    it). Every product set is looked up before anything is written, so a file naming an unknown one writes
    nothing at all.
    """
    product_sets = _product_sets_of(sheets)
    report = LoadReport()
    for sheet in sheets:
        product_set = product_sets[sheet.decision, sheet.product_set_code]
        versions = RubricVersion.objects.select_for_update().filter(
            decision=sheet.decision, product_set=product_set
        )
        if versions.filter(content_fingerprint=sheet.fingerprint).exists():
            report.unchanged += 1
            continue
        number = (versions.aggregate(last=Max("version"))["last"] or 0) + 1
        retired = list(versions.filter(status=RubricStatus.ACTIVE))
        versions.filter(status=RubricStatus.ACTIVE).update(status=RubricStatus.RETIRED)
        version = _create_version_from_sheet(sheet, product_set, number)
        report.created.append(version)
        audit_record(
            actor=None,
            action="rubric.load",
            target=version,
            details={
                "file": sheet.file_name,
                "version": number,
                "retired": [old.pk for old in retired],
            },
        )
    return report


def _product_sets_of(sheets: list[SheetData]) -> dict[tuple[str, str], ProductSet]:
    found: dict[tuple[str, str], ProductSet] = {}
    problems = []
    for sheet in sheets:
        rule_set = RuleSet.objects.filter(decision=sheet.decision).first()
        product_set = (
            ProductSet.objects.filter(
                classification=rule_set.classification, code=sheet.product_set_code
            ).first()
            if rule_set is not None
            else None
        )
        if product_set is None:
            problems.append(
                f"{sheet.file_name}, bộ {sheet.product_set_code}: không có bộ sản phẩm này trong bộ phân "
                f"loại của quyết định {sheet.decision} (unknown product set for that decision)"
            )
        else:
            found[sheet.decision, sheet.product_set_code] = product_set
    if problems:
        raise RubricFileError(problems)
    return found


# The keys of a sheet that have fields of their own; every other one is kept in ``sheet_details``.
_STORED_APART = frozenset(
    {"parts", "source", "disqualifiers", "product_code_format", "star_marker_rule", "total_max_points"}
)


def _create_version_from_sheet(sheet: SheetData, product_set: ProductSet, number: int) -> RubricVersion:
    data = sheet.data
    source = data.get("source") or {}
    version = RubricVersion.objects.create(
        decision=sheet.decision,
        decision_date=data["decision"]["date"],
        product_set=product_set,
        version=number,
        status=RubricStatus.ACTIVE,
        valid_from=data["decision"]["effective"],
        source=_source_line(source),
        source_details=source,
        sheet_details={key: value for key, value in data.items() if key not in _STORED_APART},
        total_max_points=data["total_max_points"],
        recognised_from_stars=sheet.recognised_from_stars,
        disqualifiers=data.get("disqualifiers", []),
        product_code_format=data.get("product_code_format", {}),
        star_marker_rule=data.get("star_marker_rule", ""),
        content_fingerprint=sheet.fingerprint,
        published_at=timezone.now(),
    )
    StarBand.objects.bulk_create(
        StarBand(version=version, stars=band["stars"], min_points=band["min_points"]) for band in sheet.bands
    )
    # Level by level, in bulk (the database gives back each row's id): 26 sheets in about a second.
    parts_data = data["parts"]
    parts = RubricPart.objects.bulk_create(
        RubricPart(
            version=version,
            position=position,
            code=part["code"],
            name=part["name"],
            heading_in_source=part.get("heading_in_source", ""),
            max_points=part["max_points"],
        )
        for position, part in enumerate(parts_data)
    )
    groups_data = [
        (part, group) for part, data_of in zip(parts, parts_data, strict=True) for group in data_of["groups"]
    ]
    groups = RubricGroup.objects.bulk_create(
        RubricGroup(
            part=part,
            position=position,
            code=group["code"],
            name=group["name"],
            max_points=group["max_points"],
        )
        for position, (part, group) in enumerate(groups_data)
    )
    criteria_data = [
        (group, criterion)
        for group, (_part, data_of) in zip(groups, groups_data, strict=True)
        for criterion in data_of["criteria"]
    ]
    criteria = Criterion.objects.bulk_create(
        Criterion(
            version=version,
            group=group,
            position=position,
            code=criterion["code"],
            text=criterion["text"],
            max_points=criterion["max_points"],
            mandatory_for_stars=criterion.get("mandatory_for_stars") or {},
            notes=criterion.get("notes", []),
            cases=criterion.get("cases", []),
            cases_note=criterion.get("cases_note", ""),
            subgroup=criterion.get("subgroup"),
            options_synthesized=criterion.get("options_synthesized", ""),
        )
        for position, (group, criterion) in enumerate(criteria_data)
    )
    Option.objects.bulk_create(
        Option(
            criterion=criterion,
            position=position,
            text=option["text"],
            points=option["points"],
            case=option.get("case") or "",
            min_for_stars=option.get("min_for_stars"),
            points_blank_in_source=bool(option.get("points_blank_in_source")),
            points_in_source=option.get("points_in_source"),
            correction=option.get("correction", ""),
        )
        for criterion, (_group, data_of) in zip(criteria, criteria_data, strict=True)
        for position, option in enumerate(data_of["options"])
    )
    return version


def _source_line(source: dict[str, Any]) -> str:
    if not source:
        return ""
    verified = source.get("verified_against_official_site")
    return " ".join(
        part
        for part in (
            f"{source.get('repo', '')} {source.get('path', '')} @ {source.get('commit', '')[:12]}".strip(),
            f"({source['official_link_cited_by_repos']})"
            if source.get("official_link_cited_by_repos")
            else "",
            "— chưa đối chiếu với công báo (not checked against the official gazette)"
            if verified is False
            else "",
        )
        if part
    )


# --- Correcting a sheet: copy the active version to a draft, edit it, publish it


def _require_corrector(acting_user: Actor) -> None:
    if not may_correct_rubrics(acting_user):
        raise PermissionDenied


def _locked_draft(version: RubricVersion) -> RubricVersion:
    locked = RubricVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != RubricStatus.DRAFT:
        raise ValidationError(_("Chỉ sửa được bản nháp; phiên bản này đã ban hành."))
    return locked


@transaction.atomic
def rubric_draft_create(*, acting_user: Actor, version: RubricVersion) -> RubricVersion:
    """A draft copy of the active ``version``, numbered after the last one of its product set.

    One draft at a time per product set: a second request answers the existing draft.
    """
    _require_corrector(acting_user)
    versions = RubricVersion.objects.select_for_update().filter(
        decision=version.decision, product_set_id=version.product_set_id
    )
    existing = versions.filter(status=RubricStatus.DRAFT).first()
    if existing is not None:
        return existing
    source = versions.get(pk=version.pk)
    if source.status != RubricStatus.ACTIVE:
        raise ValidationError(_("Chỉ sao chép được phiên bản đang áp dụng."))
    number = (versions.aggregate(last=Max("version"))["last"] or 0) + 1
    draft = _copy_version(source, number)
    audit_record(
        actor=acting_user,
        action="rubric.draft_create",
        target=draft,
        details={"based_on": source.pk, "version": number},
    )
    return draft


def _copy_version(source: RubricVersion, number: int) -> RubricVersion:
    bands = list(source.bands.all())
    parts = list(source.parts.prefetch_related("groups__criteria__options"))
    draft = RubricVersion.objects.get(pk=source.pk)
    draft.pk = None
    draft.version = number
    draft.status = RubricStatus.DRAFT
    draft.based_on = source
    draft.content_fingerprint = ""
    draft.published_at = None
    draft.published_by = None
    draft.save(force_insert=True)
    StarBand.objects.bulk_create(
        StarBand(version=draft, stars=band.stars, min_points=band.min_points) for band in bands
    )
    options: list[Option] = []
    for part in parts:
        groups = list(part.groups.all())
        part.pk, part.version = None, draft
        part.save(force_insert=True)
        for group in groups:
            criteria = list(group.criteria.all())
            group.pk, group.part = None, part
            group.save(force_insert=True)
            for criterion in criteria:
                criterion_options = list(criterion.options.all())
                criterion.pk, criterion.version, criterion.group = None, draft, group
                criterion.save(force_insert=True)
                for option in criterion_options:
                    option.pk, option.criterion = None, criterion
                    options.append(option)
    Option.objects.bulk_create(options)
    return draft


@transaction.atomic
def rubric_option_update(*, acting_user: Actor, option: Option, text: str, points: int) -> Option:
    """Correct an option of a draft; its criterion's maximum follows its highest option."""
    _require_corrector(acting_user)
    draft = _locked_draft(option.criterion.version)
    option = Option.objects.select_for_update().get(pk=option.pk, criterion__version=draft)
    changes = {
        name: [getattr(option, name), value]
        for name, value in (("text", text.strip()), ("points", points))
        if getattr(option, name) != value
    }
    if not changes:
        return option
    option.text, option.points = text.strip(), points
    option.full_clean()
    option.save()
    criterion = option.criterion
    criterion.max_points = max(criterion.options.values_list("points", flat=True))
    criterion.save(update_fields=["max_points"])
    _mark_starred_options(criterion)
    audit_record(
        actor=acting_user,
        action="rubric.option_update",
        target=draft,
        details={"criterion": criterion.code, "option": option.pk, "changes": changes},
    )
    return option


@transaction.atomic
def rubric_criterion_update(
    *,
    acting_user: Actor,
    criterion: Criterion,
    text: str,
    mandatory_for_stars: dict[str, int],
    notes: list[str],
) -> Criterion:
    """Correct a criterion of a draft: its text, its minimum points per rank (3, 4, 5 sao) and its notes.

    A minimum must be the points of one of its options, and may not fall as the rank rises.
    """
    _require_corrector(acting_user)
    draft = _locked_draft(criterion.version)
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk, version=draft)
    option_points = set(criterion.options.values_list("points", flat=True))
    for stars, least in mandatory_for_stars.items():
        if int(stars) not in STAR_RANKS_WITH_MINIMUMS or least not in option_points:
            raise ValidationError(
                _("Điểm tối thiểu %(points)s cho %(stars)s sao không phải điểm của phương án nào.")
                % {"points": least, "stars": stars}
            )
    ranked = [mandatory_for_stars[stars] for stars in sorted(mandatory_for_stars, key=int)]
    if ranked != sorted(ranked):
        raise ValidationError(_("Điểm tối thiểu của hạng sao cao hơn không được thấp hơn hạng dưới."))
    new = {"text": text.strip(), "mandatory_for_stars": mandatory_for_stars, "notes": notes}
    changes = {
        name: [getattr(criterion, name), value]
        for name, value in new.items()
        if getattr(criterion, name) != value
    }
    if not changes:
        return criterion
    for name, value in new.items():
        setattr(criterion, name, value)
    criterion.full_clean()
    criterion.save()
    _mark_starred_options(criterion)
    audit_record(
        actor=acting_user,
        action="rubric.criterion_update",
        target=draft,
        details={"criterion": criterion.code, "changes": changes},
    )
    return criterion


def _mark_starred_options(criterion: Criterion) -> None:
    """Star the options that are a rank's minimum, as the printed sheet does (``Option.min_for_stars``)."""
    criterion.options.update(min_for_stars=None)
    for stars, least in criterion.mandatory_for_stars.items():
        criterion.options.filter(points=least).update(min_for_stars=int(stars))


@transaction.atomic
def rubric_publish(*, acting_user: Actor, draft: RubricVersion) -> RubricVersion:
    """Make ``draft`` the active version of its product set and retire the one it replaces, at once.

    Refused while the draft's parts, groups and criteria do not add up to its total (100 points).
    """
    _require_corrector(acting_user)
    draft = _locked_draft(draft)
    problems = sheet_problems(draft)
    if problems:
        raise ValidationError(problems)
    active = RubricVersion.objects.select_for_update().filter(
        decision=draft.decision, product_set_id=draft.product_set_id, status=RubricStatus.ACTIVE
    )
    retired = [version.pk for version in active]
    # Retired first: the constraint allows one active version, checked at each statement.
    active.update(status=RubricStatus.RETIRED, updated_at=timezone.now())
    draft.status = RubricStatus.ACTIVE
    draft.published_at = timezone.now()
    draft.published_by = acting_user  # type: ignore[assignment]
    draft.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=acting_user,
        action="rubric.publish",
        target=draft,
        details={"version": draft.version, "retired": retired},
    )
    return draft


def sheet_problems(version: RubricVersion) -> list[str]:
    """What does not add up in ``version``: groups from their criteria, parts from their groups, the total;
    and a minimum per rank that no option of its criterion gives any more."""
    problems = []
    total = 0
    for part in version.parts.prefetch_related("groups__criteria__options"):
        groups = list(part.groups.all())
        for group in groups:
            criteria = list(group.criteria.all())
            points = sum(criterion.max_points for criterion in criteria)
            if points != group.max_points:
                problems.append(
                    _("Nhóm %(code)s: các tiêu chí cộng lại %(points)s điểm, nhóm có %(max)s điểm.")
                    % {"code": group.code, "points": points, "max": group.max_points}
                )
            for criterion in criteria:
                option_points = {option.points for option in criterion.options.all()}
                for stars, least in sorted(criterion.mandatory_for_stars.items()):
                    if least not in option_points:
                        problems.append(
                            _(
                                "Tiêu chí %(code)s: điểm tối thiểu %(points)s cho %(stars)s sao không còn là "
                                "điểm của phương án nào."
                            )
                            % {"code": criterion.code, "points": least, "stars": stars}
                        )
        part_points = sum(group.max_points for group in groups)
        if part_points != part.max_points:
            problems.append(
                _("Phần %(code)s: các nhóm cộng lại %(points)s điểm, phần có %(max)s điểm.")
                % {"code": part.code, "points": part_points, "max": part.max_points}
            )
        total += part.max_points
    if total != version.total_max_points:
        problems.append(
            _("Các phần cộng lại %(points)s điểm, không phải %(max)s.")
            % {"points": total, "max": version.total_max_points}
        )
    return problems


# --- Self-assessment


@transaction.atomic
def self_assessment_create(
    *, acting_user: Actor, version: RubricVersion, answers: dict[str, int]
) -> SelfAssessment:
    """Keep a producer's finished self-assessment, scored on ``version``, as the start of a dossier."""
    producer = accounts_access.acting_user(acting_user)
    if producer is None or not may_save_self_assessment(producer) or version.status == RubricStatus.DRAFT:
        raise PermissionDenied
    score = scoring.score_answers(scoring.sheet_of(version), answers)
    if score.missing:
        raise ValidationError(
            _("Chưa trả lời các tiêu chí: %(codes)s.") % {"codes": ", ".join(score.missing)}
        )
    assessment = SelfAssessment.objects.create(
        user=producer,
        version=version,
        answers=answers,
        result=scoring.score_as_dict(score),
        total=score.total,
        stars=score.stars,
    )
    audit_record(
        actor=acting_user,
        action="self_assessment.create",
        target=assessment,
        details={"version": version.pk, "total": str(score.total), "stars": score.stars},
    )
    return assessment
