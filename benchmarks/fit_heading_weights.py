"""Fit the typographic heading model on the real reports that give their headings for free.

Training set: the labelled reports of ``../shared/realworld`` (read in place, nothing copied)
whose headings are known without typography:

- PDFs (and DOCX/ODT exported by LibreOffice, LaTeX/Markdown with a compiled PDF) with
  bookmarks: each entry is located on its page (``headings.outline_headings``);
- LaTeX / Markdown sources whose compiled PDF has no bookmarks: the headings the source
  declares, located in the PDF in reading order.

On every page holding a located heading (tables of contents aside), the heading's line is a
positive, every other line that is not page furniture is a negative (the second line of a
wrapped heading is left out). A logistic regression with L2 regularisation (Newton steps in
plain numpy, each report weighing the same) is scored by leave-one-report-out
cross-validation: the threshold is chosen on the training reports of each fold (best F1),
and precision / recall are counted on the held-out report only. Today's rule
(``headings._looks_like_heading``) is scored on the same held-out lines.

Writes ``report_lint/data/heading_weights.json``: feature weights, bias, threshold, the CV
metrics, the number of reports and lines, the date. Numbers only.

    python benchmarks/fit_heading_weights.py [--corpus ../shared/realworld] [--dry-run]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "realworld"
OUT = REPO_ROOT / "report_lint" / "data" / "heading_weights.json"
MIN_HEADINGS = 5  # a report gives a training set when this many headings are located
L2 = 1.0  # on standardised features, in units of one report's total weight


def _source_headings(path: Path, fmt: str) -> list[tuple[str, int]]:
    """(title, level) of the headings a LaTeX / Markdown source declares, in order."""
    from report_lint.parsers._flow import Para

    if fmt == "tex":
        from report_lint.parsers.latex import read_latex
        _, flow, _ = read_latex(path, {})
    else:
        from report_lint.parsers.markdown import read_markdown
        _, _, flow, _ = read_markdown(path, {})
    return [(item.text.strip(), item.level) for item in flow.items
            if isinstance(item, Para) and item.level and item.text.strip()]


def _locate_in_order(document, titles, skip) -> list[tuple[int, int, str]]:
    from report_lint.structure.headings import _find_title_line

    found, page_number = [], 1
    for title, _ in titles:
        for number in range(page_number, document.page_count + 1):
            line = _find_title_line(document.pages[number - 1].lines, title, number, skip)
            if line is not None and document.pages[number - 1].lines[line].text.strip():
                found.append((number, line, title))
                page_number = number
                break
    return found


def report_rows(args: tuple[str, str]) -> dict | None:
    """Feature rows and labels of one report (None when it gives no headings for free)."""
    corpus, report_id = args
    from report_lint.parsers import parse_file
    from report_lint.parsers.markdown import parse_markdown
    from report_lint.structure.furniture import furniture_lines, toc_pages
    from report_lint.structure.headings import (
        _find_title_line,
        _looks_like_heading,
        norm_title,
        outline_headings,
    )
    from report_lint.structure.outline import toc_entries
    from report_lint.structure.typography import FEATURES, document_context, heading_features
    from report_lint.textnorm import normalize_document

    corpus_path = Path(corpus)
    label = json.loads((corpus_path / "labels" / f"{report_id}.json").read_text())
    path = corpus_path / "reports" / report_id / label["file"]
    try:
        document = parse_markdown(path) if path.is_dir() else parse_file(path)
    except Exception as exc:  # an unreadable report gives no rows
        return {"id": report_id, "skipped": f"unreadable: {type(exc).__name__}"}
    normalize_document(document)
    if document.pages_estimated:
        return {"id": report_id, "skipped": "pages estimated"}
    furniture = furniture_lines(document)
    titles = ["sommaire", "table des matières", "contents", "table of contents",
              "plan du rapport"]
    toc = set(toc_pages(document, furniture, titles))
    located: list[tuple[int, int, str]] = []
    origin = "bookmarks"
    for h in outline_headings(document, furniture):
        page = document.pages[h.page - 1]
        if h.page in toc:
            continue
        if _find_title_line(page.lines, h.title, h.page, furniture) == h.line and \
                page.lines and page.lines[h.line].text.strip():
            located.append((h.page, h.line, h.title))
    if len(located) < MIN_HEADINGS and label["format"] in ("tex", "md"):
        try:
            declared = _source_headings(path, label["format"])
        except Exception as exc:
            return {"id": report_id, "skipped": f"source unreadable: {type(exc).__name__}"}
        located = [x for x in _locate_in_order(document, declared, furniture) if x[0] not in toc]
        origin = "source"
    if len(located) < MIN_HEADINGS:
        return {"id": report_id, "skipped": f"{len(located)} headings located"}

    positives = {(p, i) for p, i, _ in located}
    ignored: set[tuple[int, int]] = set()
    for p, i, title in located:  # the next lines of a wrapped title are neither
        target = norm_title(title)
        seen = norm_title(document.pages[p - 1].lines[i].text)
        for j in range(i + 1, min(i + 3, len(document.pages[p - 1].lines))):
            if len(seen) >= len(target):
                break
            nxt = norm_title(document.pages[p - 1].lines[j].text)
            if nxt and nxt in target:
                ignored.add((p, j))
                seen += " " + nxt
    toc_titles = [e.title for e in toc_entries(document, sorted(toc), furniture, titles)] \
        if toc else []
    context = document_context(document, furniture, toc_titles)
    rows, labels, baseline = [], [], []
    for number in sorted({p for p, _ in positives}):
        page = document.pages[number - 1]
        for i, line in enumerate(page.lines):
            if (number, i) in furniture or (number, i) in ignored or not line.text.strip():
                continue
            feats = heading_features(document, number, i, context)
            rows.append([feats[name] for name in FEATURES])
            labels.append(1 if (number, i) in positives else 0)
            baseline.append(1 if _looks_like_heading(line, context["body_size"]) else 0)
    return {"id": report_id, "origin": origin, "X": rows, "y": labels, "base": baseline}


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2
        ) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton steps, sample weights ``w``; returns
    (weights, bias) on the raw features."""
    mean = np.average(X, axis=0, weights=w)
    std = np.sqrt(np.average((X - mean) ** 2, axis=0, weights=w))
    std[std < 1e-9] = 1.0
    Z = np.hstack([np.ones((len(X), 1)), (X - mean) / std])
    beta = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], l2)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ beta, -30, 30)))
        grad = Z.T @ (w * (p - y)) + penalty * beta
        hess = (Z * (w * p * (1 - p))[:, None]).T @ Z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    coef = beta[1:] / std
    bias = beta[0] - float(np.sum(beta[1:] * mean / std))
    return coef, float(bias)


def predict(X: np.ndarray, coef: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(X @ coef + bias, -30, 30)))


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.1, 0.91, 0.025):
        pred = p >= t
        tp = float(np.sum(pred & (y == 1)))
        f1 = 2 * tp / max(float(np.sum(pred)) + float(np.sum(y == 1)), 1.0)
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return round(best, 3)


def scores(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "tp": tp, "fp": fp, "fn": fn}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the file")
    args = parser.parse_args(argv)
    from report_lint.structure.typography import FEATURES

    ids = sorted(p.stem for p in (args.corpus / "labels").glob("*.json"))
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(report_rows, [(str(args.corpus), i) for i in ids]))
    reports = [r for r in results if r and "X" in r]
    for r in results:
        if r and "skipped" in r:
            print(f"  skipped {r['id']}: {r['skipped']}")
    print(f"{len(reports)} reports give headings: "
          f"{sum(r['origin'] == 'bookmarks' for r in reports)} from bookmarks, "
          f"{sum(r['origin'] == 'source' for r in reports)} from their sources")
    X = np.array([row for r in reports for row in r["X"]], dtype=float)
    y = np.array([v for r in reports for v in r["y"]], dtype=float)
    base = np.array([v for r in reports for v in r["base"]], dtype=bool)
    group = np.array([n for n, r in enumerate(reports) for _ in r["y"]])
    # Each report weighs the same in the fit, whatever its length.
    sizes = np.bincount(group)
    w = 1.0 / sizes[group]
    print(f"{len(y)} lines, {int(y.sum())} headings")

    held = np.zeros(len(y), dtype=bool)
    per_report = []
    for n, r in enumerate(reports):  # leave one report out
        train, test = group != n, group == n
        coef, bias = fit(X[train], y[train], w[train])
        threshold = best_threshold(predict(X[train], coef, bias), y[train])
        held[test] = predict(X[test], coef, bias) >= threshold
        model_s = scores(held[test], y[test])
        base_s = scores(base[test], y[test])
        per_report.append((r["id"], model_s, base_s))
    yb = y.astype(int)
    model_cv, base_cv = scores(held, yb), scores(base, yb)
    print(f"\n{'report':46} {'model P/R':>12} {'rule P/R':>12}")
    for rid, m, b in per_report:
        print(f"{rid[:46]:46} {m['precision']:5.2f}/{m['recall']:4.2f}  "
              f"{b['precision']:5.2f}/{b['recall']:4.2f}")
    macro = {k: round(float(np.mean([m[k] for _, m, _ in per_report])), 3)
             for k in ("precision", "recall", "f1")}
    macro_base = {k: round(float(np.mean([b[k] for _, _, b in per_report])), 3)
                  for k in ("precision", "recall", "f1")}
    print(f"\nleave-one-report-out, pooled lines: model P={model_cv['precision']:.3f} "
          f"R={model_cv['recall']:.3f} F1={model_cv['f1']:.3f} | today's rule "
          f"P={base_cv['precision']:.3f} R={base_cv['recall']:.3f} F1={base_cv['f1']:.3f}")
    print(f"mean per report:              model P={macro['precision']:.3f} "
          f"R={macro['recall']:.3f} F1={macro['f1']:.3f} | today's rule "
          f"P={macro_base['precision']:.3f} R={macro_base['recall']:.3f} "
          f"F1={macro_base['f1']:.3f}")

    coef, bias = fit(X, y, w)
    threshold = best_threshold(predict(X, coef, bias), y)
    weights = {name: round(float(c), 4) for name, c in zip(FEATURES, coef)}
    weights["bias"] = round(bias, 4)
    print("\nweights:", json.dumps(weights))
    print("threshold:", threshold)
    data = {
        "weights": weights,
        "threshold": threshold,
        "l2": L2,
        "fitted": dt.date.today().isoformat(),
        "reports": len(reports),
        "lines": int(len(y)),
        "headings": int(y.sum()),
        "cv": {"method": "leave-one-report-out", "model": model_cv, "rule": base_cv,
               "model_mean_per_report": macro, "rule_mean_per_report": macro_base},
    }
    if not args.dry_run:
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"written {OUT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
