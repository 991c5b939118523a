"""Recognitions files for the import and export tests, built from the published Trà Vinh example.

``../shared/data/tra-vinh-2019-2022.csv`` sits beside the repository: 184 rows of legacy Trà Vinh (84,
now part of Vĩnh Long, 86) with mixed date formats, Vietnamese producer-type labels and a byte-order mark.
"""

import csv
import io
import zipfile
from functools import cache
from pathlib import Path

import openpyxl
from django.conf import settings

VINH_LONG = 86  # the current province of legacy Trà Vinh (84)
TRA_VINH_LEGACY = 84


def tra_vinh_path() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "tra-vinh-2019-2022.csv"


@cache
def tra_vinh_bytes() -> bytes:
    return tra_vinh_path().read_bytes()


def tra_vinh_rows() -> list[dict[str, str]]:
    """The example's rows as dicts (a fresh copy each time, to change freely)."""
    return list(csv.DictReader(io.StringIO(tra_vinh_bytes().decode("utf-8-sig"))))


def csv_bytes(rows: list[dict[str, str]], *, columns: list[str] | None = None, bom: bool = False) -> bytes:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, str]], *, columns: list[str] | None = None) -> bytes:
    """An XLSX of ``rows``, with whole numbers as numbers, as a spreadsheet program would save them."""
    columns = columns or list(rows[0])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(columns)
    for row in rows:
        sheet.append(
            [
                int(value) if value.isdigit() and len(value) < 9 else value
                for value in (row.get(c, "") for c in columns)
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
