"""The published shapes of ``GET /api/v1/stats`` (``recognitions.md`` §2) and ``GET /api/v1/stats/flow``
(``targets.md`` §1): every key always present."""

import datetime

from ninja import Field, Schema


class ScopeOut(Schema):
    scheme: str = Field(description="`current` (units since 1/7/2025) or `legacy` (units before)")
    level: str = Field(description="`country` or `province`")
    code: int | None = Field(description="The province's code in `scheme`; null for the country")
    name: str = Field(description="The province's name; `Việt Nam` for the country")


class RankCounts(Schema):
    three: int = Field(alias="3")
    four: int = Field(alias="4")
    potential_five: int = Field(alias="5_potential", description="4★ products rated potential 5★")
    five: int = Field(alias="5")


class GroupCounts(Schema):
    """By sector of Decision 148/QĐ-TTg: food, beverages, herbal, handicrafts, ornamentals, tourism."""

    sector_1: int = Field(alias="1")
    sector_2: int = Field(alias="2")
    sector_3: int = Field(alias="3")
    sector_4: int = Field(alias="4")
    sector_5: int = Field(alias="5")
    sector_6: int = Field(alias="6")


class ProducerTypeCounts(Schema):
    doanh_nghiep: int
    hop_tac_xa: int
    to_hop_tac: int
    ho_kinh_doanh: int


class ProductsOut(Schema):
    recognized: int = Field(
        description="Products holding a certificate issued on or before `as_of` and not revoked by then, "
        "expired ones included"
    )
    valid: int = Field(description="Recognised products with such a certificate covering `as_of`")
    by_rank: RankCounts = Field(description="Recognised products by their latest such certificate")
    valid_by_rank: RankCounts = Field(description="Valid products by their latest covering certificate")
    by_group: GroupCounts = Field(description="Recognised products by sector")
    by_producer_type: ProducerTypeCounts = Field(description="Recognised products by their producer's type")


class ProducersOut(Schema):
    total: int = Field(description="Producers with at least one recognised product in the scope")
    by_type: ProducerTypeCounts


class UnitsOut(Schema):
    """Units of the scope's scheme: within the province, or nationally for the country."""

    districts_with_products: int | None = Field(
        description="Legacy scheme: districts holding a recognised product; null in the current scheme, "
        "which has no districts"
    )
    districts_total: int | None = Field(description="Legacy scheme: districts; null in the current scheme")
    communes_with_products: int = Field(description="Commune-level units holding a recognised product")
    communes_total: int = Field(description="Commune-level units")


class UnitRowOut(Schema):
    code: int
    name: str
    recognized: int
    valid: int


class RegionCounts(Schema):
    """Recognised products in the six GSO regions of the 63 legacy provinces."""

    trung_du_mien_nui_phia_bac: int
    dong_bang_song_hong: int
    bac_trung_bo_duyen_hai_mien_trung: int
    tay_nguyen: int
    dong_nam_bo: int
    dong_bang_song_cuu_long: int


class StatisticsOut(Schema):
    as_of: datetime.date
    scope: ScopeOut
    products: ProductsOut
    producers: ProducersOut
    units: UnitsOut
    by_unit: list[UnitRowOut] = Field(
        description="Every unit one level down (provinces of the scheme nationally, districts of a legacy "
        "province, communes of a current province), zeros included, most recognised first, then by code. "
        "Products that cannot be placed in such a unit (a current commune made of several legacy ones "
        "has no legacy province or district) count in the totals only."
    )
    by_region: RegionCounts | None = Field(
        description="Recognised products by GSO region; null except for the national scope in the legacy "
        "scheme"
    )


class NewOut(Schema):
    total: int = Field(description="Products whose first certificate was decided in the period")
    by_rank: RankCounts = Field(description="The same, by the rank of that first certificate")


class StepCounts(Schema):
    """Upgrades by the previous certificate's stars and the new one's (a potential 5★ counts as 4★)."""

    three_to_four: int = Field(alias="3→4")
    three_to_five: int = Field(alias="3→5")
    four_to_five: int = Field(alias="4→5")


class UpgradedOut(Schema):
    total: int = Field(
        description="Certificates decided in the period, not their product's first, with more stars than the "
        "product's certificate decided just before"
    )
    by_step: StepCounts


class FlowYearOut(Schema):
    """One calendar year the period touches, cut to the period."""

    year: int
    new: int
    upgraded: int
    renewed: int
    downgraded: int
    revoked: int
    lapsed: int


class FlowsOut(Schema):
    scope: ScopeOut
    date_from: datetime.date = Field(alias="from", description="First day of the period, included")
    date_to: datetime.date = Field(alias="to", description="Last day of the period, included")
    new: NewOut
    upgraded: UpgradedOut
    renewed: int = Field(
        description="Certificates decided in the period, not their product's first, with as many stars "
        "as the previous one"
    )
    downgraded: int = Field(
        description="Certificates decided in the period, not their product's first, with fewer stars "
        "than the previous one"
    )
    revoked: int = Field(description="Certificates revoked on a day in the period")
    lapsed: int = Field(
        description="Certificates whose last valid day is followed by a day in the period on which the "
        "product had no valid certificate: none later decided by that day, and this one not revoked by then"
    )
    by_year: list[FlowYearOut] = Field(
        description="The same counts (totals only) for each calendar year the period touches, cut to "
        "the period"
    )


class TargetRangeOut(Schema):
    min: int | float = Field(description="The least figure that meets the target")
    max: int | float | None = Field(
        description="The plan's upper figure, shown only: exceeding it is no failure"
    )


class TargetEvidenceOut(Schema):
    as_of: datetime.date = Field(description="The day the recorded figure holds on")
    text: str = Field(description="The report or document the figure comes from")
    has_file: bool = Field(description="Whether the officer attached the document")


class TargetOut(Schema):
    id: int
    label: str
    decision: str = Field(description="The plan or decision that set the target")
    scope: ScopeOut
    date_from: datetime.date = Field(alias="from")
    date_to: datetime.date = Field(alias="to")
    metric: str = Field(
        description="`new`, `new_potential_5`, `upgraded`, `recognized`, `kept_share`, `share_4_plus` or "
        "`manual`"
    )
    min_stars: int | None = Field(description="For `new`: the least rank counted (3, 4 or 5)")
    step: str | None = Field(description="For `upgraded`: the one step counted (`3→4`, `3→5`, `4→5`)")
    cohort_from: datetime.date | None = Field(description="For `kept_share`: the cohort's first day")
    cohort_to: datetime.date | None = Field(description="For `kept_share`: the cohort's last day")
    target: TargetRangeOut
    achieved: int | float = Field(description="The figure on `as_of`, cut to `to`; shares from 0 to 1")
    projection: int | float = Field(
        description="For `new`, `new_potential_5` and `upgraded`: `achieved` scaled from the days elapsed "
        "to the whole period, one decimal; for the others, `achieved`"
    )
    status: str = Field(description="`not_started`, `met`, `on_track`, `behind` or `missed`")
    as_of: datetime.date
    evidence: TargetEvidenceOut | None = Field(
        description="For `manual`: the latest figure's day and document; null otherwise"
    )
