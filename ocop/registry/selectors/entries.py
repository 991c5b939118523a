"""What the registry's public reads answer with: a catalogue entry, a product's or producer's page, a
product's standing on a day, and the names they show (issuers, provinces, addresses)."""

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.functional import Promise
from django.utils.text import slugify

from ocop.core.text import fold
from ocop.geo.selectors import ProvinceNames
from ocop.registry.models import (
    Certificate,
    CertificateStatus,
    IssuingLevel,
    Producer,
    Product,
    ProductImage,
)
from ocop.registry.status import (
    Rank,
)

RANK_LABELS: dict[str, str | Promise] = dict(Rank.choices)
STATUS_LABELS: dict[str, str | Promise] = dict(CertificateStatus.choices)
_PROVINCE_TYPE_WORDS = ("Tỉnh ", "Thành phố ")
# 34 provinces and no districts from this day (DOMAIN.md: the July 2025 reform).
REFORM_DAY = datetime.date(2025, 7, 1)
# The Ministry of Agriculture and Rural Development and the Ministry of Natural Resources and Environment
# merged into the Ministry of Agriculture and Environment on this day.
MINISTRY_MERGER_DAY = datetime.date(2025, 3, 1)


class CatalogueQueryError(ValueError):
    """A filter the registry cannot apply; ``argument`` names the parameter at fault."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


class CertificateTerms(Protocol):
    """What a reader of a product's standing sees of its certificate: a ``Certificate``, or the
    ``ListedCertificate`` a list reads without building one."""

    @property
    def stars(self) -> int: ...
    @property
    def potential_five_star(self) -> bool: ...
    @property
    def decision_no(self) -> str: ...
    @property
    def decision_date(self) -> datetime.date: ...
    @property
    def valid_until(self) -> datetime.date: ...
    @property
    def revoked_on(self) -> datetime.date | None: ...
    @property
    def revocation_ground(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def rank(self) -> Rank: ...


@dataclass(frozen=True)
class Standing:
    """Where a product's OCOP recognition stands on a day: its newest certificate and that one's status."""

    certificate: CertificateTerms
    status: str  # a CertificateStatus: valid, expired, revoked, or not yet issued

    @property
    def rank(self) -> str:
        return self.certificate.rank

    @property
    def rank_label(self) -> str | Promise:
        return RANK_LABELS[self.rank]

    @property
    def status_label(self) -> str | Promise:
        return STATUS_LABELS[self.status]

    @property
    def stars_text(self) -> str:
        return "★" * self.certificate.stars

    @property
    def expired_from(self) -> datetime.date:
        """The first day the certificate no longer holds: the day after its last valid day."""
        return self.certificate.valid_until + datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ListedCertificate:
    """The terms of a listed product's standing certificate, as the list reads them."""

    stars: int
    potential_five_star: bool
    decision_no: str
    decision_date: datetime.date
    valid_until: datetime.date
    revoked_on: datetime.date | None
    revocation_ground: str
    number: str

    @property
    def rank(self) -> Rank:
        return Rank.of(stars=self.stars, potential_five_star=self.potential_five_star)


@dataclass(frozen=True, slots=True)
class ListedProducer:
    pk: int
    name: str
    producer_type: str
    certifications: list[str]  # management certifications, ``ManagementCertification`` values


@dataclass(frozen=True, slots=True)
class ListedUnit:
    scheme: str
    code: int
    name: str
    province_code: int


@dataclass(frozen=True, slots=True)
class ListedProduct:
    """A product in a list (the catalogue, a producer's page, the API and its open data): the columns of
    ``LIST_COLUMNS``, read as tuples. Twenty products built as models, with their producers, units,
    product sets and certificates, took 1.5 of the 9 ms of a search request on PostgreSQL."""

    pk: int
    code: str
    name: str
    sector: int
    province_code: int
    product_set_code: str | None
    gtin: str  # 14 digits, or "" (``ocop.registry.gtin``)
    producer: ListedProducer
    unit: ListedUnit
    latest_certificate: ListedCertificate


@dataclass(frozen=True)
class CatalogueEntry:
    product: ListedProduct
    standing: Standing
    province_name: str  # current province, full name
    main_image: ProductImage | None = None  # filled where the entry is shown with its thumbnail

    @property
    def slug(self) -> str:
        return public_slug(self.product.name)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str | Promise
    count: int | None
    selected: bool


@dataclass(frozen=True)
class ProductPage:
    entries: list[CatalogueEntry]
    count: int
    page: int
    page_size: int
    approximate: bool
    today: datetime.date
    province_names: ProvinceNames
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    partial: bool = False  # every product lacks one of the words searched for
    # The query as also searched for, other spellings written as the registry writes them; else "".
    respelled: str = ""

    @property
    def page_count(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


@dataclass(frozen=True)
class CertificateEntry:
    certificate: Certificate
    status: str  # a CertificateStatus value: valid, expired, revoked, superseded, not_yet_issued
    issuer: str  # the body that recognised the product, e.g. "Ủy ban nhân dân tỉnh Quảng Ngãi"

    @property
    def status_label(self) -> str | Promise:
        return CertificateStatus(self.status).label


@dataclass(frozen=True)
class CertificateVerification:
    entry: CertificateEntry  # the certificate, its status today and its issuer
    successor: CertificateEntry | None  # the product's next certificate, which replaces it from its day
    product: Product
    product_is_public: bool  # the catalogue has a page for it
    province_name: str  # current scheme


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    standing: Standing
    history: list[CertificateEntry]  # newest first
    sector_name: str
    province_name: str
    legacy_province_name: str
    images: list[ProductImage]  # the main image first
    producer_certifications: list[str | Promise]  # names of the producer's management certifications


@dataclass(frozen=True)
class ProducerDetail:
    producer: Producer
    entries: list[CatalogueEntry]
    province_name: str
    certifications: list[str | Promise]  # names of its management certifications


def short_province_name(name: str) -> str:
    """``"Tỉnh Quảng Ngãi"`` → ``"Quảng Ngãi"``, for lists of provinces."""
    for words in _PROVINCE_TYPE_WORDS:
        if name.startswith(words):
            return name[len(words) :]
    return name


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def issuer_name(
    certificate: Certificate, *, province_name: str, district_name: str, commune_name: str
) -> str:
    """Who recognised the product: the ministry for 5★, else the People's Committee of the level.

    The Ministry of Agriculture and Rural Development became the Ministry of Agriculture and Environment
    on 1/3/2025. The place names are those of the unit on the decision date (``product_get_public``).
    """
    if certificate.issuing_level == IssuingLevel.CENTRAL:
        if certificate.decision_date < MINISTRY_MERGER_DAY:
            return "Bộ Nông nghiệp và Phát triển nông thôn"
        return "Bộ Nông nghiệp và Môi trường"
    place = {
        IssuingLevel.PROVINCE: province_name,
        IssuingLevel.DISTRICT: district_name,
        IssuingLevel.COMMUNE: commune_name,
    }.get(IssuingLevel(certificate.issuing_level), "")
    return f"Ủy ban nhân dân {_lower_first(place)}" if place else "Ủy ban nhân dân"


def public_slug(name: str) -> str:
    """The readable part of a public page's address: ``"Cà phê Đặc sản"`` → ``"ca-phe-dac-san"``."""
    return slugify(fold(name))[:80].strip("-") or "san-pham"
