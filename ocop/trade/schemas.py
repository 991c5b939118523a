"""The shapes of the trade API's answers (contract trade.md §1)."""

import datetime

from ninja import Schema


class MatchedProductRefOut(Schema):
    code: str
    name: str
    url: str


class MatchedProvinceOut(Schema):
    code: int
    name: str


class MatchedProducerOut(Schema):
    name: str
    type: str
    province: MatchedProvinceOut


class MatchedCertificateOut(Schema):
    status: str
    valid_until: datetime.date


class MatchOut(Schema):
    product: MatchedProductRefOut
    producer: MatchedProducerOut
    stars: int
    potential_five_star: bool
    certificate: MatchedCertificateOut
    certifications: list[str]
    score: float
    reasons: list[str]


class MatchListOut(Schema):
    count: int
    items: list[MatchOut]
