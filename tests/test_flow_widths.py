"""The page estimate's character widths are pypdf's standard-font widths, copied (issue 8)."""

from __future__ import annotations

from report_lint.parsers import font_widths
from report_lint.parsers._flow import text_width


def test_shipped_widths_are_pypdfs():
    shipped = font_widths.widths()
    assert len(shipped) == 6
    assert {name: shipped[key] for key, name in font_widths.FONTS.items()} == \
        font_widths.from_pypdf()


def test_text_is_measured_with_them():
    helvetica = font_widths.widths()[("sans", False)]
    assert text_width("Wi", 10) == (helvetica["W"] + helvetica["i"]) * 10 / 1000
    assert text_width("Wi", 10, bold=True) > text_width("Wi", 10)
    assert text_width("é", 10) == helvetica["e"] * 10 / 1000  # accents: the base letter
