"""Shapes of the public products API and of the open-data export."""

import datetime
from typing import Literal

from ninja import Field, Schema

from ocop.registry.models import ManagementCertification, RevocationGround
from ocop.registry.status import Rank

# What a product's newest certificate can say today (``ocop.registry.status``): not yet issued when its
# decision is dated after today.
Status = Literal["valid", "expired", "revoked", "not_yet_issued"]


class ProducerOut(Schema):
    id: int
    name: str
    type: str = Field(description="doanh_nghiep, hop_tac_xa, to_hop_tac or ho_kinh_doanh")
    certifications: list[ManagementCertification] = Field(
        description="Management certifications the producer holds: vietgap, globalgap, organic (hữu cơ), "
        "haccp, iso_22000, iso_9001, gmp, fssc_22000"
    )


class RecordedUnitOut(Schema):
    """The administrative unit as recorded, in its own scheme (before or since 1/7/2025)."""

    scheme: Literal["current", "legacy"]
    code: int
    name: str
    province_code: int
    province_name: str


class ProvinceOut(Schema):
    code: int
    name: str


class ProductOut(Schema):
    id: int = Field(description="Stable identifier of the product on this platform")
    code: str = Field(description="OCOP product code; empty when none was recorded")
    name: str
    sector: int = Field(description="Sector number (1-6) of the product's classification")
    product_set: str | None = Field(description="Product set code of Decision 148/QĐ-TTg, e.g. I.3.c")
    gtin: str = Field(
        description="The product's GTIN as 14 digits (GTIN-8/12/13 left-padded with zeros), as its "
        "traceability stamps write it; empty when none was recorded"
    )
    producer: ProducerOut
    rank: Rank = Field(description="Rank of the newest certificate: 3, 4, 5_potential (tiềm năng 5 sao) or 5")
    status: Status = Field(description="Status of the newest certificate today")
    decision_no: str
    decision_date: datetime.date
    valid_until: datetime.date = Field(description="Last day the newest certificate is valid")
    revoked_on: datetime.date | None
    revocation_ground: RevocationGround | None = Field(
        description="Why the newest certificate was revoked: one of the six grounds of 26/2026/QĐ-TTg; "
        "null when it is not revoked or was revoked before grounds were recorded"
    )
    certificate_number: str = Field(
        description="The newest certificate's number; its public verification page is /c/{certificate_number}"
    )
    unit: RecordedUnitOut
    province: ProvinceOut = Field(description="Current-scheme province (34 provinces since 1/7/2025)")
    url: str = Field(description="The product's public page")


class ProductListOut(Schema):
    count: int
    items: list[ProductOut]
