"""A cell a spreadsheet would run as a formula becomes plain text; a number stays a number."""

from decimal import Decimal

import pytest

from common.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+44 20", "'+44 20"),
        ("Siân", "Siân"),
        (None, ""),
        (Decimal("-8.00"), "-8.00"),
        (Decimal("31.20"), "31.20"),
        (-3, "-3"),
        (True, "True"),
    ],
)
def test_formulas_become_text_and_numbers_stay_numbers(value, cell):
    assert spreadsheet_safe(value) == cell
