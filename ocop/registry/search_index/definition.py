"""What the search index is made of, and the words both engines' definitions are built from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One object of the index: a table, an index, a function or a trigger, and how to make it."""

    kind: str  # "table", "index", "function", "trigger", "extension"
    name: str
    statements: tuple[str, ...]
    # What the database must hold for the object to be current; None: being there is enough.
    definition: object = None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


# The words indexed, the certificate fields copied, and every column of a SQLite search document.
INDEXED = ("name", "code", "producer", "product_set", "place")
CERTIFICATE_COLUMNS = ("stars", "potential_five_star", "decision_date", "valid_until", "revoked_on")
DOCUMENT_COLUMNS = (
    *INDEXED,
    "producer_id",
    "product_set_id",
    "province_code",
    "legacy_province_code",
    "search_name",
    "sector",
    "certificate_id",
    *CERTIFICATE_COLUMNS,
)
# The product columns a search row is made of, on both engines: a change to any other leaves the index alone.
PRODUCT_COLUMNS = (
    "name",
    "code",
    "producer_id",
    "product_set_id",
    "province_code",
    "legacy_province_code",
    "search_name",
    "sector",
    "latest_certificate_id",
)


def column_list(columns: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(f"{prefix}{column}" for column in columns)


def changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"old.{column} IS NOT new.{column}" for column in columns)
