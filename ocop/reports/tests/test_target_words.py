"""A target's figures in words (``targets.words.figure_text``), in the page's language: the cards, the
dashboard, the statistics page and the provincial report all read them."""

from decimal import Decimal

import pytest
from django.utils import translation

from ocop.reports.targets.words import figure_text


@pytest.mark.parametrize(
    ("value", "share", "vietnamese", "english"),
    [
        (Decimal("200.0000"), False, "200", "200"),
        (Decimal("18000"), False, "18.000", "18,000"),
        (34.25, False, "34,25", "34.25"),
        (Decimal("34.3"), False, "34,3", "34.3"),
        (0, False, "0", "0"),
        (Decimal("0.15"), True, "15%", "15%"),
        (Decimal("0.276"), True, "27,6%", "27.6%"),
        (Decimal("0.27649"), True, "27,6%", "27.6%"),
        (Decimal("0.27650"), True, "27,7%", "27.7%"),  # to a tenth, half up as the projection
        (Decimal("1"), True, "100%", "100%"),
        (Decimal("0"), True, "0%", "0%"),
    ],
)
def test_a_figure_reads_with_the_marks_of_the_language(value, share, vietnamese, english) -> None:
    with translation.override("vi"):
        assert figure_text(value, share=share) == vietnamese
    with translation.override("en"):
        assert figure_text(value, share=share) == english
