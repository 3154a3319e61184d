"""Pictures that are page decoration: a logo repeated in the header of every page."""

from __future__ import annotations

from collections import defaultdict

from report_lint.document import Document

BAND = 0.15


def decoration_images(document: Document) -> set[tuple[int, int]]:
    """(page, image index) of header/footer pictures drawn at the same place on three pages.

    Only pictures inside the top or bottom band count: three annexes laid out alike may put
    their pictures at the same place, and those are content.
    """
    places: dict[tuple[int, int, int, int], list[tuple[int, int]]] = defaultdict(list)
    for page in document.pages:
        for j, box in enumerate(page.images):
            x0, y0, x1, y1 = box.bbox
            if not (y1 <= page.height * BAND or y0 >= page.height * (1 - BAND)):
                continue
            places[(round(x0 / 3), round(y0 / 3), round(x1 / 3), round(y1 / 3))].append(
                (page.number, j))
    found: set[tuple[int, int]] = set()
    for where in places.values():
        if len({p for p, _ in where}) >= 3:
            found.update(where)
    return found
