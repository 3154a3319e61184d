"""The lemmatizer's tables from the store (``report_lint/lemma_store.py``) must answer exactly
what spaCy's own tables answer, and the findings must be the same as with the model loaded
as shipped (``REPORT_LINT_FULL_SPACY=1``): on every fixture and, when ../shared/realworld is
there, on every labelled real report (read in place, never copied).
"""

from __future__ import annotations

import copy
import json
import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_lint import lemma_store
from report_lint import nlp as nlp_module
from report_lint.cli import cli
from report_lint.nlp import MODEL

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "fixtures" / "reports"
CORPUS = ROOT.parent / "shared" / "realworld"


@pytest.fixture(scope="module")
def spacy_tables():
    from spacy.lookups import Lookups

    return Lookups().from_disk(lemma_store.model_dir(MODEL) / "lemmatizer" / "lookups")


@pytest.fixture(scope="module")
def stored(spacy_tables, tmp_path_factory):
    folder = tmp_path_factory.mktemp("lemmas")
    lemma_store.save(folder, MODEL, spacy_tables)
    tables = lemma_store.load(folder, MODEL)
    assert tables is not None
    return tables


def test_every_form_has_spacys_lemma(spacy_tables, stored):
    ours, theirs = stored.get_table("lemma_lookup"), spacy_tables.get_table("lemma_lookup")
    assert len(ours.data) == len(theirs) > 200_000
    for key, lemmas in theirs.items():
        assert ours.get(key) == lemmas
    for word in ("été", "serveurs", "configurées", "Paris", "xyzzyq", "", "l'"):
        assert ours.get(word, "?") == theirs.get(word, "?")
        assert (word in ours) == (word in theirs)


def test_every_index_answers_as_spacys_list(spacy_tables, stored):
    ours, theirs = stored.get_table("lemma_index"), spacy_tables.get_table("lemma_index")
    every_word = {w for words in theirs.values() for w in words}
    for pos in ("noun", "verb", "adj", "adv", "pron", "det", "propn", "x"):
        words, mine = set(theirs.get(pos, [])), ours.get(pos, {})
        assert len(mine) == len(words)
        for word in every_word | {"", "xyzzyq", "Serveur", "serveur\x00"}:
            assert (word in mine) == (word in words), (pos, word)


def test_exceptions_rules_and_table_names_are_spacys(spacy_tables, stored):
    exceptions, theirs = stored.get_table("lemma_exc"), spacy_tables.get_table("lemma_exc")
    assert sum(len(exceptions.get(pos)) for pos in theirs) == sum(
        len(m) for m in theirs.values()) > 100_000
    for pos in ("noun", "verb", "adj", "adv", "pron", "det", "adp", "aux", "x"):
        mine, mapping = exceptions.get(pos, {}), theirs.get(pos, {})
        for word in mapping:
            assert mine.get(word, []) == mapping[word]
        for word in ("", "xyzzyq", "Était", "serveur\x00"):
            assert mine.get(word, []) == mapping.get(word, [])
    rules = spacy_tables.get_table("lemma_rules")
    for pos in ("noun", "verb", "adj", "adv", "x"):
        assert stored.get_table("lemma_rules").get(pos, []) == rules.get(pos, [])
    assert sorted(stored.tables) == sorted(spacy_tables.tables)
    assert all(name in stored for name in spacy_tables.tables) and "other" not in stored
    with pytest.raises(KeyError):
        stored.get_table("other")


def test_store_of_another_model_file_is_not_read(tmp_path, spacy_tables):
    lemma_store.save(tmp_path, MODEL, spacy_tables)
    path = lemma_store.store_file(tmp_path, MODEL)
    assert lemma_store.load(tmp_path, MODEL) is not None
    packed = pickle.loads(path.read_bytes())
    packed["format"] = -1
    path.write_bytes(pickle.dumps(packed))
    assert lemma_store.load(tmp_path, MODEL) is None
    path.write_bytes(b"not a pickle")
    assert lemma_store.load(tmp_path, MODEL) is None


# -- the two pipelines, token by token and finding by finding ----------------------------


@pytest.fixture(scope="module")
def pipelines(tmp_path_factory):
    """spaCy as shipped, and the pipeline on the store, each loaded by ``load_model``."""
    folder = tmp_path_factory.mktemp("both")
    patch = pytest.MonkeyPatch()
    patch.setenv("REPORT_LINT_CACHE_DIR", str(folder))
    loaded = {}
    try:
        for mode in ("full", "first", "store"):
            patch.setenv(nlp_module.FULL_PIPELINE_ENV, "1" if mode == "full" else "0")
            nlp_module.load_model.cache_clear()
            loaded[mode] = nlp_module.load_model()
            loaded[mode + "_from_store"] = nlp_module.LOAD_STATS["lemma_tables_from_store"]
    finally:
        nlp_module.load_model.cache_clear()
        patch.undo()
    assert (loaded["full_from_store"], loaded["first_from_store"],
            loaded["store_from_store"]) == (0, 0, 1)  # the first run wrote the store
    assert loaded["store"].pipe_names == loaded["full"].pipe_names
    return loaded["full"], loaded["store"]


def test_tokens_are_the_same(pipelines):
    from report_lint.parsers import parse_file

    full, store = pipelines
    text = "\n".join(line.text for name in ("compliant-lo.pdf", "anx003-french-annex.pdf")
                     for page in parse_file(REPORTS / name).pages for line in page.lines)
    text += "\nJ'ai été surpris : les serveurs configurés à Paris, Dupont SARL, 3 fois."

    def tokens(nlp):
        return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in nlp(text)]

    mine = tokens(store)
    assert len(mine) > 2000 and mine == tokens(full)


def _files() -> list[tuple[Path, str]]:
    """(folder to run in, file as given) for every fixture and every labelled real report."""
    found = [(REPORTS, p.name) for p in sorted(REPORTS.iterdir())
             if p.suffix.lower() in (".pdf", ".docx", ".odt")]
    found += [(REPORTS / "latex", p.name) for p in sorted((REPORTS / "latex").glob("*.tex"))]
    if (CORPUS / "labels").is_dir():
        for label in sorted((CORPUS / "labels").glob("*.json")):
            data = json.loads(label.read_text(encoding="utf-8"))
            found.append((CORPUS / "reports" / data["id"], data["file"]))
    return found


def _check(folder: Path, name: str) -> dict:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        done = CliRunner().invoke(cli, [
            "check", "--format", "json", "--no-cache", "--timeout", "0", "--fail-on", "never",
            name])
    finally:
        os.chdir(cwd)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
    return json.loads(done.stdout)


def test_findings_are_the_same_on_every_fixture_and_real_report(pipelines, monkeypatch):
    """Each file is read once (the parser is not what is compared), then checked with each
    pipeline in turn, the reference with ``REPORT_LINT_FULL_SPACY=1`` (every text tagged
    whole); the whole JSON answer must be the same."""
    from report_lint import runner

    read: dict[Path, object] = {}
    parse = runner.parse_file

    def parse_once(path, *args, **kwargs):
        key = Path(path).resolve()
        if key not in read:
            read[key] = parse(path, *args, **kwargs)
        return copy.deepcopy(read[key])  # the runner normalises the lines in place

    monkeypatch.setattr(runner, "parse_file", parse_once)
    full, store = pipelines
    files = _files()
    assert len(files) >= 50
    differ, used = [], {id(full): 0, id(store): 0}

    def loader(nlp):
        def load():
            used[id(nlp)] += 1
            return nlp
        return load

    for folder, name in files:
        answers = []
        for nlp in (full, store):
            monkeypatch.setattr(nlp_module, "load_model", loader(nlp))
            # The reference tags every text whole; the pipeline under test only the
            # tokens the answers depend on (Analyzer.partial_matches).
            monkeypatch.setenv(nlp_module.FULL_PIPELINE_ENV, "1" if nlp is full else "0")
            answers.append(_check(folder, name))
        if answers[0] != answers[1]:
            differ.append(f"{folder.name}/{name}")
    assert not differ, differ
    assert used[id(store)] >= len(files) // 2  # the pipeline under test did the analysis
