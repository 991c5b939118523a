"""The demo registry: producers, products and certificate histories, as rows of the recognitions contract.

Everything follows from the seed: the same seed and size give the same rows, byte for byte. The shares are
the national ones of DOMAIN.md (ranks ~72% 3★ / ~27% 4★ / 126 5★ per 17,300, a few hundred potential 5★;
producers 38.1% cooperatives, 24.2% enterprises, 34.9% households, the rest cooperative groups; food about
two thirds of products). Histories run from 2019 to the data's end date: recognitions in the provinces'
rounds (by 30/6 and 30/12), re-recognition around the 36-month expiry, upgrades from 3★ to 4★, a few
hundred not renewed, a few revoked. Decisions before 1/7/2025 name legacy units, later ones current units.
"""

import csv
import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from ocop.core.text import fold
from ocop.registry.demo import names, people, texts
from ocop.registry.demo.places import Place, Places, national_places
from ocop.registry.importing.validation import COLUMNS
from ocop.registry.rules import add_months

# The data describes the registry as it stood on this day, whatever day it is generated on, so that a seed
# always gives the same rows.
DATA_UNTIL = datetime.date(2026, 11, 15)
REFORM_DAY = datetime.date(2025, 7, 1)  # from here on, records name the 34 provinces' units
VALIDITY_MONTHS = 36

CONTRACT_COLUMNS = COLUMNS  # the recognitions file's columns, in the contract's order

# Latest rank of a product.
RANK_SHARES = (("3", 72.0), ("4", 25.6), ("5_potential", 1.7), ("5", 0.7))
PRODUCER_TYPE_SHARES = (
    ("hop_tac_xa", 38.1),
    ("doanh_nghiep", 24.2),
    ("ho_kinh_doanh", 34.9),
    ("to_hop_tac", 2.8),
)
MEAN_PRODUCTS = {"doanh_nghiep": 2.4, "hop_tac_xa": 1.9, "ho_kinh_doanh": 1.45, "to_hop_tac": 1.4}
WOMAN_SHARE = {"doanh_nghiep": 0.3, "hop_tac_xa": 0.3, "to_hop_tac": 0.4, "ho_kinh_doanh": 0.45}
# Year of a product's first recognition: the national count grew from ~1,000 (2019) to ~18,200 (end 2025).
FIRST_YEAR_SHARES = (
    ("2019", 6), ("2020", 17), ("2021", 15), ("2022", 14),
    ("2023", 12), ("2024", 16), ("2025", 14), ("2026", 6),
)  # fmt: skip
SECTOR_OPTIONS = tuple((str(sector), weight) for sector, weight in names.SECTOR_WEIGHTS.items())
NOT_RENEWED_SHARE = 0.045  # at each expiry
REVOKED_SHARE = 0.003
WITHOUT_CODE_SHARE = 0.15  # spreadsheets that never recorded a product code
WITHOUT_TAX_CODE_SHARE = 0.5  # of households and groups first recognised after the reform
REVOCATION_REASONS = (
    "Không đáp ứng tiêu chí bắt buộc khi đánh giá lại",
    "Không thực hiện đúng quy trình sản xuất đã công bố",
    "Vi phạm quy định về an toàn thực phẩm",
    "Sản phẩm không đúng chất lượng, bao bì như khi được công nhận",
    "Chủ thể ngừng sản xuất sản phẩm",
)
NOT_REEVALUATED_REASON = "Không đánh giá lại sau 36 tháng kể từ ngày được công nhận"
NAME_SUFFIXES = ("loại đặc biệt", "hộp quà", "thượng hạng", "túi 500 g", "cao cấp", "truyền thống", "loại 1")

# Rounds are counted in half-years: year * 2 + (0 for the round closing by 30/6, 1 for the one by 30/12).
LAST_ROUND = 2026 * 2 + 1
FIRST_FIVE_STAR_ROUND = 2020 * 2 + 1
DISTRICT_PERIOD = (2023 * 2, 2025 * 2)  # Decision 148: district People's Committees recognised 3★
MINISTRY_RENAMED = datetime.date(2025, 3, 1)  # MARD became the Ministry of Agriculture and Environment


@dataclass
class DemoCertificate:
    rank: str  # "3", "4", "5_potential", "5"
    round: int
    decision_no: str
    decision_date: datetime.date
    score: Decimal | None
    revoked_on: datetime.date | None = None
    revocation_reason: str = ""

    @property
    def stars(self) -> int:
        return 4 if self.rank == "5_potential" else int(self.rank)

    @property
    def valid_until(self) -> datetime.date:
        return add_months(self.decision_date, VALIDITY_MONTHS)

    @property
    def is_current_scheme(self) -> bool:
        return self.decision_date >= REFORM_DAY


@dataclass
class DemoProducer:
    name: str
    producer_type: str
    tax_code: str
    place: Place
    representative: people.Person
    address: str
    management_certifications: list[str]
    products: list["DemoProduct"] = field(default_factory=list)

    @property
    def women_led(self) -> bool:
        return self.representative.is_woman

    @property
    def ethnic_minority_led(self) -> bool:
        return self.representative.is_ethnic_minority


@dataclass
class DemoProduct:
    code: str
    name: str
    kind: names.Kind
    producer: DemoProducer
    certificates: list[DemoCertificate]
    description: str = ""
    story: str = ""
    packaging: str = ""
    standards: str = ""

    @property
    def rank(self) -> str:
        return self.certificates[-1].rank


@dataclass
class DemoRegistry:
    seed: int
    producers: list[DemoProducer]

    @property
    def products(self) -> list[DemoProduct]:
        return [product for producer in self.producers for product in producer.products]

    @property
    def certificates(self) -> list[DemoCertificate]:
        return [certificate for product in self.products for certificate in product.certificates]


# ``fold`` one character at a time, as a translation table: the same keys for the composed text generated
# here, several times faster on a hundred thousand names.
_FOLD_TABLE = {code: fold(chr(code)) or None for code in range(0x41, 0x1F00) if len(fold(chr(code))) <= 1}


def _name_key(name: str) -> str:
    return name.translate(_FOLD_TABLE)


class _Calendar:
    """Each issuer's recognition rounds: one decision (date and number) per issuer and half-year."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._decisions: dict[tuple[str, int], tuple[datetime.date, str]] = {}

    def decision(self, issuer: str, round_index: int) -> tuple[datetime.date, str]:
        key = (issuer, round_index)
        if key not in self._decisions:
            # Its own stream per round, so a round's date does not depend on the order products reach it.
            rng = random.Random(f"{self.seed}:{issuer}:{round_index}")  # noqa: S311 (not a secret)
            year, half = divmod(round_index, 2)
            start, end = (
                (datetime.date(year, 5, 5), datetime.date(year, 6, 28))
                if half == 0
                else (datetime.date(year, 10, 15), datetime.date(year, 12, 28))
            )
            if round_index == LAST_ROUND:
                start, end = datetime.date(year, 9, 1), DATA_UNTIL - datetime.timedelta(days=5)
            day = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
            if issuer == "central":
                suffix = "QĐ-BNN-VPĐP" if day < MINISTRY_RENAMED else "QĐ-BNNMT"
            else:
                suffix = "QĐ-UBND"
            self._decisions[key] = (day, f"{rng.randint(150, 4800)}/{suffix}")
        return self._decisions[key]


class _Builder:
    def __init__(self, *, seed: int, places: Places, namespace: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (demo data, not a secret)
        self.seed = seed
        self.places = places
        self.namespace = namespace
        self.calendar = _Calendar(seed)
        self.sequence_by_province: dict[str, int] = {}
        self.producer_names: set[str] = set()
        self.producer_count = 0

    # --- producers

    def producer(self, remaining: int) -> DemoProducer:
        rng = self.rng
        producer_type = names.weighted(rng, PRODUCER_TYPE_SHARES)
        place = self.places.pick(rng)
        island_kind = names.ISLAND_KINDS.get(place.district_name or "") if place.is_island_district else None
        first_kind = island_kind or self.kind(place, self.sector())
        count = 1
        continue_share = 1 - 1 / MEAN_PRODUCTS[producer_type]
        while count < min(8, remaining) and rng.random() < continue_share:
            count += 1
        first_rounds = sorted(self.first_round() for _ in range(count))
        person = people.person_in(rng, place.legacy_province_code, woman_share=WOMAN_SHARE[producer_type])
        self.producer_count += 1
        name_place = rng.choice(place.name_choices())
        producer = DemoProducer(
            name=self.producer_name(producer_type, first_kind, name_place, place, person),
            producer_type=producer_type,
            tax_code=self.tax_code(place, producer_type, first_rounds[0]),
            place=place,
            representative=person,
            address=texts.address(
                rng,
                commune=place.current_commune.name,
                province=place.current_province_full_name,
                legacy_province_code=place.legacy_province_code,
                urban=place.urban,
            ),
            management_certifications=texts.certifications(
                rng, product_set=first_kind.product_set, producer_type=producer_type
            ),
        )
        taken: set[str] = set()
        for number, first_round in enumerate(first_rounds):
            kind = first_kind if number == 0 else self.next_kind(first_kind, place)
            producer.products.append(self.product(producer, kind, first_round, name_place, taken))
        return producer

    def producer_name(
        self, producer_type: str, kind: names.Kind, place_name: str, place: Place, person: people.Person
    ) -> str:
        for attempt in range(12):
            where = place_name if attempt < 6 else self.rng.choice(place.name_choices())
            name = names.producer_name(
                self.rng,
                producer_type,
                trade=kind.trade,
                place=where,
                person=person.name,
                province=place.legacy_province_name,
            )
            if _name_key(name) not in self.producer_names:
                break
        else:
            name = f"{name} {place.district_name or place.legacy_province_name} {self.producer_count}"
        self.producer_names.add(_name_key(name))
        return name

    def tax_code(self, place: Place, producer_type: str, first_round: int) -> str:
        new_small_producer = producer_type in ("ho_kinh_doanh", "to_hop_tac") and first_round > 2025 * 2
        if new_small_producer and self.rng.random() < WITHOUT_TAX_CODE_SHARE:
            return ""
        # Ten digits like a real tax code; the namespace keeps separate demo sets from colliding.
        return f"{place.legacy_province_code:02d}{self.namespace}{self.producer_count:07d}"

    def sector(self) -> int:
        return int(names.weighted(self.rng, SECTOR_OPTIONS))

    def kind(self, place: Place, sector: int, product_set: str = "") -> names.Kind:
        kinds, cumulative = names.kinds_for(sector, place.legacy_province_code, product_set)
        return self.rng.choices(kinds, cum_weights=cumulative)[0]

    def next_kind(self, first: names.Kind, place: Place) -> names.Kind:
        """Producers mostly widen one line: variants of their first product, then its neighbours."""
        roll = self.rng.random()
        if roll < 0.55 or first not in names.KINDS:
            return first
        if roll < 0.8:
            return self.kind(place, first.sector, first.product_set)
        if roll < 0.95:
            return self.kind(place, first.sector)
        return self.kind(place, self.sector())

    def first_round(self) -> int:
        year = int(names.weighted(self.rng, FIRST_YEAR_SHARES))
        half = 1 if year == 2019 or self.rng.random() < 0.55 else 0
        return year * 2 + half

    # --- products

    def product(
        self, producer: DemoProducer, kind: names.Kind, first_round: int, place_name: str, taken: set[str]
    ) -> DemoProduct:
        rng = self.rng
        rank = names.weighted(rng, RANK_SHARES)
        if rank == "5":
            first_round = max(first_round, FIRST_FIVE_STAR_ROUND - 1)
        name = self.product_name(kind, place_name if rng.random() < 0.7 else None, producer.place, taken)
        certificates = self.history(producer.place, rank, first_round)
        product = DemoProduct(
            code=self.product_code(producer.place, certificates[0]),
            name=name,
            kind=kind,
            producer=producer,
            certificates=certificates,
        )
        self.enrich(product)
        return product

    def product_name(self, kind: names.Kind, place_name: str | None, place: Place, taken: set[str]) -> str:
        rng = self.rng
        for attempt in range(20):
            where = place_name if place_name and attempt < 4 else rng.choice(place.name_choices())
            variant = rng.choice(kind.variants)
            name = " ".join(part for part in (kind.name, variant, where) if part)
            if attempt >= 10:
                name = f"{name} {rng.choice(NAME_SUFFIXES)}"
            if _name_key(name) not in taken:
                break
        else:
            name = f"{name} {len(taken) + 1}"
        taken.add(_name_key(name))
        return name

    def product_code(self, place: Place, first: DemoCertificate) -> str:
        if self.rng.random() < WITHOUT_CODE_SHARE:
            return ""
        year = first.decision_date.year
        if first.is_current_scheme:
            key = f"current:{place.current_commune.province_code}"
            location = f"{place.current_commune.province_code:02d}-{place.current_commune.code:05d}"
        else:
            key = f"legacy:{place.legacy_province_code}"
            location = f"{place.legacy_province_code:02d}-{place.legacy_district_code:03d}"
            if not place.is_island_district:
                location += f"-{place.legacy_unit.code:05d}"
        sequence = self.sequence_by_province.get(key, 0) + 1
        self.sequence_by_province[key] = sequence
        return f"{location}-{self.namespace * 100_000 + sequence}-{year}"

    def history(self, place: Place, rank: str, first_round: int) -> list[DemoCertificate]:
        """Recognitions from the first round on: upgrades on the way to the final rank, then renewals."""
        rng = self.rng
        steps = self.steps(rank)
        certificates: list[DemoCertificate] = []
        round_index, step = first_round, 0
        while True:
            certificates.append(self.certificate(place, steps[step], round_index))
            if step + 1 < len(steps):
                step += 1
                round_index += rng.choice((2, 3, 4, 5))  # an upgrade, mid-term or at re-evaluation
            elif rng.random() < NOT_RENEWED_SHARE:
                break
            else:
                # Re-recognition: filed 180 to 120 days before expiry, sometimes decided late.
                round_index += rng.choices((5, 6, 7), (0.5, 0.4, 0.1))[0]
            if steps[step] == "5":
                round_index = max(round_index, FIRST_FIVE_STAR_ROUND)
            if round_index > LAST_ROUND:
                break
        last = certificates[-1]
        if last.rank != rank:  # the history ran out before the final rank: reach it at the last decision
            round_index = max(last.round, FIRST_FIVE_STAR_ROUND) if rank == "5" else last.round
            certificates[-1] = self.certificate(place, rank, round_index)
        if rng.random() < REVOKED_SHARE:
            self.revoke(certificates)
        return certificates

    def steps(self, rank: str) -> list[str]:
        roll = self.rng.random()
        if rank == "4":
            return ["3", "4"] if roll < 0.35 else ["4"]
        if rank == "5_potential":
            return (
                ["5_potential"]
                if roll < 0.6
                else (["4", "5_potential"] if roll < 0.9 else ["3", "5_potential"])
            )
        if rank == "5":
            return ["4", "5"] if roll < 0.5 else ["5_potential", "5"]
        return ["3"]

    def certificate(self, place: Place, rank: str, round_index: int) -> DemoCertificate:
        day, number = self.calendar.decision(self.issuer(place, rank, round_index), round_index)
        return DemoCertificate(rank, round_index, number, day, self.score(rank))

    def issuer(self, place: Place, rank: str, round_index: int) -> str:
        if rank == "5":
            return "central"
        if round_index >= 2025 * 2 + 1:
            return f"province:{place.current_commune.province_code}"
        if rank == "3" and DISTRICT_PERIOD[0] <= round_index <= DISTRICT_PERIOD[1]:
            return f"district:{place.legacy_district_code}"
        return f"legacy-province:{place.legacy_province_code}"

    def score(self, rank: str) -> Decimal | None:
        if self.rng.random() < 0.1:
            return None  # older spreadsheets often omit it
        low, high = {"3": (50, 69.9), "4": (70, 89.9), "5_potential": (90, 95.5), "5": (90, 98.5)}[rank]
        return Decimal(f"{self.rng.uniform(low, high):.1f}")

    def revoke(self, certificates: list[DemoCertificate]) -> None:
        rng = self.rng
        keep = rng.randrange(len(certificates))
        del certificates[keep + 1 :]
        certificate = certificates[-1]
        latest = min(certificate.valid_until + datetime.timedelta(days=90), DATA_UNTIL)
        earliest = certificate.decision_date + datetime.timedelta(days=60)
        if earliest > latest:
            earliest = certificate.decision_date
        certificate.revoked_on = earliest + datetime.timedelta(
            days=rng.randrange((latest - earliest).days + 1)
        )
        certificate.revocation_reason = (
            NOT_REEVALUATED_REASON
            if certificate.revoked_on > certificate.valid_until
            else rng.choice(REVOCATION_REASONS)
        )

    def enrich(self, product: DemoProduct) -> None:
        rng, producer, place = self.rng, product.producer, product.producer.place
        first_year = product.certificates[0].decision_date.year
        product.description = texts.description(
            rng,
            product_name=product.name,
            product_set=product.kind.product_set,
            commune=place.current_commune.name,
            province=place.current_province_full_name,
        )
        product.story = texts.story(
            rng,
            trade=product.kind.trade,
            place=rng.choice(place.name_choices()),
            year=first_year - rng.randint(2, 15),
            founder=producer.representative.name,
            is_woman=producer.representative.is_woman,
            producer=producer.name,
            product=product.name,
        )
        product.packaging = texts.packaging(rng, product.kind.product_set)
        product.standards = texts.standard(rng, producer.name, first_year - rng.randint(0, 2))


def build(*, products: int, seed: int, places: Places | None = None, namespace: int = 0) -> DemoRegistry:
    """A registry of exactly ``products`` products; ``namespace`` (0–9) keeps codes apart between sets."""
    builder = _Builder(seed=seed, places=places or national_places(), namespace=namespace)
    producers: list[DemoProducer] = []
    made = 0
    while made < products:
        producer = builder.producer(products - made)
        producers.append(producer)
        made += len(producer.products)
    return DemoRegistry(seed=seed, producers=producers)


def contract_rows(registry: DemoRegistry) -> list[dict[str, str]]:
    """One row per certificate, written the many ways provincial spreadsheets write the same thing."""
    rng = random.Random(f"{registry.seed}:rows")  # noqa: S311 (not a secret)
    rows = []
    for product in registry.products:
        producer, place = product.producer, product.producer.place
        producer_type = names.weighted(rng, names.PRODUCER_TYPE_LABELS[producer.producer_type])
        product_set = product.kind.product_set
        if rng.random() < 0.15:  # Arabic sector numbers are accepted too
            _sector, _, rest = product_set.partition(".")
            product_set = f"{product.kind.sector}.{rest}"
        for certificate in product.certificates:
            if certificate.is_current_scheme:
                scheme, ward, district = "2025", str(place.current_commune.code), ""
            elif place.is_island_district:
                scheme, ward, district = "legacy", "", str(place.legacy_unit.code)
            else:
                scheme, ward, district = "legacy", str(place.legacy_unit.code), ""
            rows.append(
                {
                    "product_code": product.code,
                    "product_name": product.name,
                    "sector": str(product.kind.sector),
                    "product_set": product_set,
                    "producer_name": producer.name,
                    "producer_type": producer_type,
                    "producer_tax_code": producer.tax_code,
                    "unit_scheme": scheme,
                    "ward_code": ward,
                    "district_code": district,
                    "stars": str(certificate.stars),
                    "potential_5_star": _potential(rng, certificate),
                    "score": "" if certificate.score is None else f"{certificate.score:f}".removesuffix(".0"),
                    "decision_no": certificate.decision_no,
                    "decision_date": _date(rng, certificate.decision_date),
                    "valid_until": certificate.valid_until.isoformat() if rng.random() < 0.3 else "",
                    "revoked_on": certificate.revoked_on.isoformat() if certificate.revoked_on else "",
                }
            )
    return rows


def _potential(rng: random.Random, certificate: DemoCertificate) -> str:
    if certificate.rank == "5_potential":
        return rng.choice(("1", "true", "có", "x"))
    if certificate.rank == "4":
        return rng.choice(("", "", "0", "false", "không"))
    return ""


def _date(rng: random.Random, day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y") if rng.random() < 0.2 else day.isoformat()


def to_csv(rows: list[dict[str, str]]) -> bytes:
    """The rows as a UTF-8 CSV with a byte-order mark, as spreadsheet programs save it."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CONTRACT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
