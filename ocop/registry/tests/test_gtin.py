"""The one GTIN rule (``ocop.registry.gtin``), and the product form reading GTINs through it."""

import pytest
from django.db import connection
from django.utils import translation

from ocop.registry.forms import ProductForm
from ocop.registry.gtin import GtinError, gtin_normalise
from ocop.registry.models import Product
from ocop.registry.selectors import products_with_gtin
from ocop.registry.tests.factories import make_product


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("8938505974194", "08938505974194"),  # GTIN-13 (EAN-13, Vietnam's 893 prefix)
        ("10012345678902", "10012345678902"),  # GTIN-14
        ("08938505974194", "08938505974194"),  # already 14 digits
        (" 8938505974194 ", "08938505974194"),  # spaces around it, as a cell or a form field may hold
    ],
)
def test_a_gtin_is_kept_as_14_digits(text, expected):
    assert gtin_normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "vietnamese", "english"),
    [
        (
            "8938505974195",
            "Số kiểm tra của mã GTIN không đúng: chữ số cuối phải là 4, không phải 5.",
            "wrong check digit: the last digit should be 4, not 5",
        ),
        (
            "10012345678900",
            "Số kiểm tra của mã GTIN không đúng: chữ số cuối phải là 2, không phải 0.",
            "wrong check digit: the last digit should be 2, not 0",
        ),
        (
            "1234567",
            "Mã GTIN gồm 8, 12, 13 hoặc 14 chữ số, mã này có 7 chữ số.",
            "a GTIN has 8, 12, 13 or 14 digits, this one has 7",
        ),
        (
            "893850597419412",
            "Mã GTIN gồm 8, 12, 13 hoặc 14 chữ số, mã này có 15 chữ số.",
            "a GTIN has 8, 12, 13 or 14 digits, this one has 15",
        ),
        ("89385O5974194", "Mã GTIN chỉ gồm các chữ số.", "a GTIN is digits only"),  # a letter O
        ("893 8505 974194", "Mã GTIN chỉ gồm các chữ số.", "a GTIN is digits only"),
        ("٨٩٣٨٥٠٥٩٧٤١٩٤", "Mã GTIN chỉ gồm các chữ số.", "a GTIN is digits only"),  # Arabic-Indic digits
    ],
)
def test_a_bad_gtin_says_what_is_wrong(text, vietnamese, english):
    with pytest.raises(GtinError) as raised, translation.override("vi"):
        gtin_normalise(text)
    with translation.override("vi"):
        assert str(raised.value) == vietnamese
    assert raised.value.english == english
    assert isinstance(raised.value, ValueError)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "kept"), [("96385074", "00000096385074"), ("8938505974194", "08938505974194"), ("", "")]
)
def test_the_product_form_keeps_the_14_digit_form(typed, kept):
    product = make_product()
    form = ProductForm({"name": product.name, "gtin": typed}, instance=product)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["gtin"] == kept


@pytest.mark.django_db
def test_the_product_form_refuses_with_the_rules_message():
    product = make_product()
    with translation.override("vi"):
        form = ProductForm({"name": product.name, "gtin": "8938505974195"}, instance=product)
        assert form.is_valid() is False
        assert form.errors["gtin"] == [
            "Số kiểm tra của mã GTIN không đúng: chữ số cuối phải là 4, không phải 5."
        ]


@pytest.mark.django_db
def test_a_product_is_found_by_its_gtin_through_the_index():
    wanted = make_product(gtin="08938505974194")
    make_product(gtin="")
    make_product(gtin="00000096385074")
    assert list(products_with_gtin("08938505974194")) == [wanted]
    sql, params = products_with_gtin("08938505974194").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING INDEX product_gtin" in plan
    assert Product.objects.filter(gtin="").count() == 1
