"""Character widths of the six standard fonts the page estimate measures text with.

They are Adobe's AFM widths (thousandths of the font size) as pypdf ships them, copied to
``report_lint/data/core_font_widths.json`` so that reading a LaTeX, Markdown or DOCX source
needs no PDF library (a LaTeX-only run imports neither pypdf nor spaCy, issue 8), and so
that no private pypdf module is read at run time. ``tests/test_flow_widths.py`` checks the
copy against the installed pypdf; regenerate it with::

    python -m report_lint.parsers.font_widths
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

#: (family, bold) -> the standard PDF font whose widths stand for it.
FONTS = {("sans", False): "Helvetica", ("sans", True): "Helvetica-Bold",
         ("serif", False): "Times-Roman", ("serif", True): "Times-Bold",
         ("mono", False): "Courier", ("mono", True): "Courier-Bold"}
DATA = "data/core_font_widths.json"


@lru_cache(maxsize=1)
def widths() -> dict[tuple[str, bool], dict[str, int]]:
    """(family, bold) -> {character: width}; empty if the data file is missing."""
    try:
        stored = json.loads(resources.files("report_lint").joinpath(DATA).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: stored[name] for key, name in FONTS.items() if name in stored}


def from_pypdf() -> dict[str, dict[str, int]]:
    """The same table read from pypdf (what the data file is made from)."""
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    return {name: dict(CORE_FONT_METRICS[name].character_widths) for name in FONTS.values()}


def main() -> None:
    from pathlib import Path

    target = Path(__file__).resolve().parent.parent / DATA
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(from_pypdf(), ensure_ascii=False, sort_keys=True, indent=0)
                      + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
