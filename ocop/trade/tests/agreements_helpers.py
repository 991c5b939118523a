"""Files and fixtures shared by the agreements' tests (``test_agreements_*``)."""

import csv
import io

import pytest

from ocop.accounts.models import User
from ocop.core.spreadsheets import csv_escape
from ocop.trade.models import Buyer, BuyerType, Verification

HEADER = (
    "event_name",
    "event_date",
    "kind",
    "document_no",
    "signed_on",
    "buyer_name",
    "buyer_type",
    "producer_name",
    "producer_tax_code",
    "province",
    "product_codes",
    "value_vnd",
    "status",
    "delivered_vnd",
)
QUANG_NGAI = 51
DAK_LAK = 66


def row(**cells: str) -> dict[str, str]:
    """A valid contract row of Quảng Ngãi, with ``cells`` changed."""
    return {
        "event_name": "Hội nghị kết nối cung cầu Quảng Ngãi 2024",
        "event_date": "12/09/2024",
        "kind": "contract",
        "document_no": "HĐ-01/2024",
        "signed_on": "2024-09-12",
        "buyer_name": "Siêu thị Co.opmart Quảng Ngãi",
        "buyer_type": "Siêu thị",
        "producer_name": "Hợp tác xã Nông nghiệp Mộ Đức",
        "producer_tax_code": "",
        "province": str(QUANG_NGAI),
        "product_codes": "",
        "value_vnd": "1000000000",
        "status": "",
        "delivered_vnd": "",
        **cells,
    }


def csv_file(rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    for cells in rows:
        writer.writerow([csv_escape(cells.get(column, "")) for column in header])
    return output.getvalue().encode()


def verified_buyer(*members: User, name: str = "Siêu thị Sông Trà") -> Buyer:
    """A supermarket of Quảng Ngãi, verified, with ``members``."""
    buyer = Buyer.objects.create(
        name=name,
        buyer_type=BuyerType.SUPERMARKET,
        province_code=QUANG_NGAI,
        verification=Verification.VERIFIED,
    )
    buyer.members.add(*members)
    return buyer


@pytest.fixture
def plain_static_storage(settings):
    # With DEBUG off the manifest storage fails on files that collectstatic has not seen.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
