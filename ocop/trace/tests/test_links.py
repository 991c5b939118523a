import re

import pytest

from ocop.trace import links
from ocop.trace.links import StampPath, stamp_path_parse


def test_a_serial_is_12_characters_of_the_gs1_alphabet_and_never_repeats():
    serials = [links.new_serial() for _index in range(10_000)]

    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12}", serial) for serial in serials)
    assert len(set(serials)) == 10_000


def test_serials_drawn_together_are_as_many_as_asked_and_each_like_one_drawn_alone():
    serials = links.new_serials(10_000)

    assert len(serials) == 10_000
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12}", serial) for serial in serials)
    assert len(set(serials)) == 10_000


@pytest.mark.parametrize(
    ("gtin", "code", "lot", "path"),
    [
        ("08935049500018", "", "L2026-01", "/01/08935049500018/10/L2026-01/21/AbC-_9xyz012"),
        ("", "51-21400-901-2025", "L2026-01", "/p/51-21400-901-2025/10/L2026-01/21/AbC-_9xyz012"),
        ("", "51-21400-901-2025", "Lô 3 A", "/p/51-21400-901-2025/10/L%C3%B4%203%20A/21/AbC-_9xyz012"),
    ],
)
def test_the_path_of_a_stamp_reads_back_as_what_it_was_made_of(gtin, code, lot, path):
    made = links.stamp_path(gtin=gtin, code=code, lot=lot, serial="AbC-_9xyz012")

    assert made == path
    assert stamp_path_parse(made) == StampPath(gtin=gtin, code=code, lot=lot, serial="AbC-_9xyz012")


@pytest.mark.parametrize(
    "path",
    [
        "/01/0893504950001/10/L1/21/AbC",  # 13 digits
        "/01/08935049500018/10/L1/21/",  # no serial
        "/01/08935049500018/10/L1/21/Ab!C",  # not the GS1 alphabet
        "/01/08935049500018/10/L1/21/" + "A" * 21,  # longer than AI 21 allows
        "/01/08935049500018/10/" + "L" * 21 + "/21/AbC",  # lot longer than AI 10 allows
        "/01/08935049500018/10/%FF/21/AbC",  # not UTF-8
        "/01/08935049500018",
        "/p/51-21400-901-2025/10/L1",
    ],
)
def test_what_is_not_a_stamp_path_is_left_to_the_other_views(path):
    assert stamp_path_parse(path) is None


def test_stamps_are_on_the_platform_domain_over_http_while_it_is_served_so(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://ocop.gov.vn"
    settings.OCOP_DOMAIN = "ocop.gov.vn"
    assert links.stamp_uri(gtin="", code="51-1-1-2025", lot="L1", serial="X") == (
        "https://ocop.gov.vn/p/51-1-1-2025/10/L1/21/X"
    )
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.OCOP_DOMAIN = "127.0.0.1:8000"
    assert links.origin() == "http://127.0.0.1:8000"
