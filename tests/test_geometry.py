"""Unit tests of report_lint.geometry on hand-made polygons."""

from __future__ import annotations

import math
import random
import time

import pytest

from report_lint.document import ImageBox
from report_lint.geometry import (
    IDENTITY,
    apply,
    apply_all,
    clip_convex,
    covered_share,
    multiply,
    rect_polygon,
    signed_area,
    translate,
    union_area,
)

A4_W, A4_H = 595.276, 841.89


def rect(x0, y0, x1, y1, clips=()):
    return ImageBox(rect_polygon(x0, y0, x1, y1), [list(c) for c in clips])


def rotation(deg):
    r = math.radians(deg)
    return (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0.0, 0.0)


def rotated_rect(cx, cy, w, h, deg):
    m = multiply(multiply(translate(-w / 2, -h / 2), rotation(deg)), translate(cx, cy))
    return apply_all(m, rect_polygon(0, 0, w, h))


# --- matrices -------------------------------------------------------------------------------


def test_multiply_applies_first_matrix_first():
    scale = (2.0, 0.0, 0.0, 3.0, 0.0, 0.0)
    move = translate(10, 20)
    # scale then move
    assert apply(multiply(scale, move), 1, 1) == pytest.approx((12, 23))
    # move then scale
    assert apply(multiply(move, scale), 1, 1) == pytest.approx((22, 63))


def test_identity_and_rotation():
    assert multiply(IDENTITY, rotation(30)) == pytest.approx(rotation(30))
    assert apply(rotation(90), 1, 0) == pytest.approx((0, 1))
    assert multiply(rotation(30), rotation(60)) == pytest.approx(rotation(90))


# --- polygon clipping -----------------------------------------------------------------------


def test_clip_convex_either_orientation():
    a = rect_polygon(0, 0, 10, 10)
    b = rect_polygon(5, 5, 20, 20)
    assert abs(signed_area(clip_convex(a, b))) == pytest.approx(25)
    assert abs(signed_area(clip_convex(a, list(reversed(b))))) == pytest.approx(25)
    assert clip_convex(a, rect_polygon(11, 11, 12, 12)) == []
    assert clip_convex(a, [(0, 0), (1, 1), (2, 2)]) == []  # degenerate clip shows nothing


# --- covered_share --------------------------------------------------------------------------


def test_single_rectangle():
    # 100 mm x 80 mm on A4: 8000 / 62370 mm2
    mm = 72 / 25.4
    box = rect(50, 50, 50 + 100 * mm, 50 + 80 * mm)
    assert covered_share([box], A4_W, A4_H) == pytest.approx(8000 / 62370, abs=1e-4)


def test_union_not_sum():
    a = rect(0, 0, 100, 100)
    b = rect(50, 50, 150, 150)
    assert covered_share([a, b], 200, 200) == pytest.approx((10000 + 10000 - 2500) / 40000)
    assert covered_share([a, rect(0, 0, 100, 100)], 200, 200) == pytest.approx(0.25)
    assert covered_share([a, rect(120, 120, 140, 140)], 200, 200) == pytest.approx(0.26)


def test_clipped_to_page():
    assert covered_share([rect(-50, 10, 50, 60)], 100, 100) == pytest.approx(0.25)
    assert covered_share([rect(-50, -50, 150, 150)], 100, 100) == pytest.approx(1.0)
    assert covered_share([rect(200, 200, 300, 300)], 100, 100) == 0.0


def test_clips_show_only_their_inside():
    box = rect(0, 0, 100, 100, clips=[rect_polygon(25, 25, 75, 75)])
    assert covered_share([box], 100, 100) == pytest.approx(0.25)
    two = rect(0, 0, 100, 100, clips=[rect_polygon(0, 0, 60, 100), rect_polygon(40, 0, 100, 100)])
    assert covered_share([two], 100, 100) == pytest.approx(0.2)
    hidden = rect(0, 0, 10, 10, clips=[rect_polygon(50, 50, 60, 60)])
    assert covered_share([hidden], 100, 100) == 0.0


def test_rotated_picture_counts_its_own_area():
    diamond = ImageBox(rotated_rect(100, 100, 60, 40, 30))
    assert covered_share([diamond], 200, 200) == pytest.approx(2400 / 40000)
    # a rotated clip crops a rotated picture
    clip = rotated_rect(100, 100, 30, 40, 30)
    assert covered_share([ImageBox(diamond.points, [clip])], 200, 200) == pytest.approx(1200 / 40000)


def test_triangle_and_degenerate():
    tri = ImageBox([(0, 0), (100, 0), (0, 100)])
    assert covered_share([tri], 100, 100) == pytest.approx(0.5)
    flat = ImageBox([(0, 10), (100, 10), (50, 10)])
    assert covered_share([flat, ImageBox([(1, 1)])], 100, 100) == 0.0
    assert covered_share([], 100, 100) == 0.0
    assert covered_share([tri], 0, 100) == 0.0


def _raster_estimate(polys, width, height, step=0.25):
    """Brute force: count sample points inside any polygon."""
    inside = 0
    total = 0
    y = step / 2
    while y < height:
        x = step / 2
        while x < width:
            total += 1
            for p in polys:
                if _point_in_convex(p, x, y):
                    inside += 1
                    break
            x += step
        y += step
    return inside / total


def _point_in_convex(poly, x, y):
    sign = 0
    for i in range(len(poly)):
        x1, y1 = poly[i]
        x2, y2 = poly[(i + 1) % len(poly)]
        c = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
        if c != 0:
            s = 1 if c > 0 else -1
            if sign and s != sign:
                return False
            sign = s
    return True


def test_random_rotated_boxes_match_brute_force():
    rng = random.Random(7)
    boxes = []
    for _ in range(8):
        boxes.append(ImageBox(rotated_rect(rng.uniform(0, 60), rng.uniform(0, 60), rng.uniform(5, 40),
                                           rng.uniform(5, 40), rng.uniform(0, 180))))
    exact = covered_share(boxes, 60, 60)
    from report_lint.geometry import visible_polygon

    visible = [visible_polygon(b, 60, 60) for b in boxes]
    estimate = _raster_estimate([v for v in visible if v], 60, 60)
    assert exact == pytest.approx(estimate, abs=0.005)


def test_row_sampling_fallback_is_close():
    rng = random.Random(3)
    polys = [rotated_rect(rng.uniform(50, 500), rng.uniform(50, 800), 80, 50, rng.uniform(0, 90))
             for _ in range(30)]
    exact = union_area(polys)
    sampled = union_area(polys, max_slabs=10)
    assert sampled == pytest.approx(exact, rel=0.005)


def test_twenty_boxes_on_a4_are_fast():
    rng = random.Random(1)
    boxes = [ImageBox(rotated_rect(rng.uniform(0, A4_W), rng.uniform(0, A4_H), rng.uniform(20, 200),
                                   rng.uniform(20, 200), rng.uniform(0, 90)),
                      [rect_polygon(0, 0, A4_W, A4_H * 0.9)])
             for _ in range(20)]
    start = time.perf_counter()
    share = covered_share(boxes, A4_W, A4_H)
    elapsed = time.perf_counter() - start
    assert 0 < share < 1
    assert elapsed < 0.05  # a few ms in practice


def test_hostile_coordinates_do_not_break_the_measure():
    nan = float("nan")
    assert covered_share([ImageBox([(nan, 0), (10, 0), (10, 10)])], 100, 100) == 0.0
    huge = rect(-1e300, -1e300, 1e300, 1e300)
    assert covered_share([huge], 100, 100) == pytest.approx(1.0)
    inf = ImageBox(rect_polygon(0, 0, float("inf"), 50))
    assert covered_share([inf], 100, 100) == pytest.approx(0.5)
