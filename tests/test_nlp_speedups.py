"""The speed-ups of the language model must not change a single token or lemma (issue 8).

Two are tested here: the tokenizer's compiled patterns kept on disk (``regex_store``) and
the lemmatizer's word index held in sets (``index_words_as_sets``). Each is compared with
spaCy loaded the ordinary way, on the text of real reports.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from report_lint import regex_store
from report_lint.parsers import parse_file

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "fixtures" / "reports"


def report_text(name: str) -> str:
    document = parse_file(REPORTS / name)
    return "\n".join(line.text for page in document.pages for line in page.lines)


# -- the pattern store, on patterns of our own ---------------------------------------------

SAMPLES = ["porte-monnaie", "Arc-en-ciel", "ÉTÉ-hiver", "abc", "", "x-", "-y", "a1-b2",
           "anti-virus", "ANTI-VIRUS", "grand-mère", "l'arc-en-ciel", "z" * 50]


@pytest.mark.parametrize("text", [
    r"(?iu)^anti[-‐][^\W\d_][-‐'\w]*$|^(?:grand|arc)[-‐]\w+(?:[-‐]\w+)*$",
    r"(?P<word>\w+)-(?P=word)",
    r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$",
])
def test_stored_pattern_is_the_one_re_compiles(tmp_path, text):
    original = re.compile(text)
    regex_store.save(tmp_path, [original])
    loaded = regex_store.load(tmp_path)[text]
    assert loaded is not original
    assert (loaded.pattern, loaded.flags, loaded.groups, loaded.groupindex) == (
        original.pattern, original.flags, original.groups, original.groupindex)
    for sample in SAMPLES:
        a, b = original.match(sample), loaded.match(sample)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_seeded_pattern_is_what_re_compile_returns(tmp_path):
    text = r"(?iu)^seeded-(?:one|two)[-‐]\w+$"
    regex_store.save(tmp_path, [re.compile(text)])
    re.purge()
    stored = regex_store.load(tmp_path)
    regex_store.seed(stored)
    assert re.compile(text) is stored[text]
    assert re.compile(text, re.IGNORECASE) is not stored[text]  # other flags: not answered


def test_pattern_compiled_with_flags_is_not_kept(tmp_path):
    regex_store.save(tmp_path, [re.compile("abc", re.IGNORECASE)])
    assert regex_store.load(tmp_path) == {}


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_damaged_store_is_ignored(tmp_path, damage):
    path = regex_store.store_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    assert regex_store.load(tmp_path) == {}


def test_wrong_program_is_refused_by_sre(tmp_path):
    """A store that lies about the program: ``_sre`` refuses it, nothing is seeded."""
    import pickle
    from array import array

    text = "(?:ab)+c"
    entry = list(regex_store.compile_entry(re.compile(text)))
    entry[2] = array(entry[2].typecode, [7, 7, 7, 7])
    path = regex_store.store_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps([tuple(entry)]))
    assert regex_store.load(tmp_path) == {}


# -- the real model, cold and with the store ----------------------------------------------

TAG_SCRIPT = """
import json, sys
from report_lint.nlp import LOAD_STATS, load_model
nlp = load_model()
text = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({"tokens": [(t.text, t.lemma_, t.pos_, t.morph.to_json()) for t in nlp(text)],
                  "token_match_len": len(nlp.tokenizer.token_match.__self__.pattern),
                  "seeded": LOAD_STATS["patterns_from_store"]}))
"""


def _tag_in_fresh_process(cache: Path, text_file: Path) -> dict:
    env = dict(os.environ, REPORT_LINT_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", TAG_SCRIPT, str(text_file)], env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout)


def test_model_from_the_store_tags_exactly_as_a_cold_one(tmp_path):
    text_file = tmp_path / "text.txt"
    hyphens = "Le porte-monnaie, l'arc-en-ciel et l'anti-virus de la grand-mère. "
    text_file.write_text(report_text("compliant-lo.pdf") + "\n" + hyphens * 3, "utf-8")
    cache = tmp_path / "cache"
    cold = _tag_in_fresh_process(cache, text_file)
    assert cold["seeded"] == 0
    deadline = time.monotonic() + 120  # the store is written by a detached process
    while not regex_store.store_file(cache).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert regex_store.store_file(cache).exists()
    warm = _tag_in_fresh_process(cache, text_file)
    assert warm["token_match_len"] > 1_000_000  # the French exceptions, 1.4 MB of pattern
    assert warm["seeded"] >= 4  # the patterns came from the store...
    assert cold["tokens"] == warm["tokens"]  # ...and not one token or lemma changed
    assert ["porte-monnaie", "arc-en-ciel"] == [
        t[0] for t in warm["tokens"] if t[0] in ("porte-monnaie", "arc-en-ciel")][:2]


def test_lemmas_with_the_index_in_sets_are_spacys_own():
    """Without the lemma store (its first run, or REPORT_LINT_FULL_SPACY=1), the model's
    index lists are turned into sets; not one lemma changes."""
    import spacy

    from report_lint.nlp import MODEL, index_words_as_sets

    ours = spacy.load(MODEL, exclude=["parser", "ner"])
    index_words_as_sets(ours)
    plain = spacy.load(MODEL, exclude=["parser", "ner"])
    index = plain.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, list) for words in index.values())  # spaCy's own form
    assert all(isinstance(words, frozenset) for words in
               ours.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())
    text = "\n".join(report_text(name) for name in
                     ("compliant-lo.pdf", "compliant-latex.pdf", "anx003-french-annex.pdf"))
    ours_lemmas = [(t.text, t.pos_, t.lemma_) for t in ours(text)]
    plain_lemmas = [(t.text, t.pos_, t.lemma_) for t in plain(text)]
    assert len(ours_lemmas) > 3000
    assert ours_lemmas == plain_lemmas


def test_phrases_tagged_together_have_the_lemmas_of_one_call_each():
    """The word lists are lemmatised with ``nlp.pipe``; each phrase must get what tagging it
    alone gives (every phrase of the shipped profiles)."""
    import tomllib
    from importlib import resources

    from report_lint import nlp as nlp_module
    from report_lint.nlp import Analyzer, load_model

    phrases: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                phrases.add(item) if isinstance(item, str) else walk(item)

    for profile in resources.files("report_lint").joinpath("profiles").iterdir():
        if profile.name.endswith(".toml"):
            walk(tomllib.loads(profile.read_text("utf-8")))
    assert len(phrases) > 250
    nlp = load_model()
    alone = {p: tuple(Analyzer.lemmas_of_doc(nlp(p))) for p in sorted(phrases)}
    nlp_module._PHRASES.pop(nlp, None)  # nothing known yet: all are tagged in one pipe
    together = Analyzer()._phrases(sorted(phrases))
    assert {p: together[p] for p in alone} == alone


def test_store_is_written_in_place_when_the_process_has_threads(tmp_path):
    """Forking a process with other threads is not safe: the store is written before
    ``save_detached`` returns."""
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        regex_store.save_detached(tmp_path, [re.compile(r"(?iu)^demi-[^\W\d_]+$")])
        assert regex_store.store_file(tmp_path).exists()
    finally:
        release.set()
        other.join()


IMPORT_SCRIPT = r"""
import json, sys
from report_lint.nlp import import_spacy
spacy = import_spacy()
without_cli = not any(name == "spacy.cli" or name.startswith(("spacy.cli.", "typer", "weasel"))
                      for name in sys.modules)
import spacy.cli
from spacy.cli.info import info
print(json.dumps({"without_cli": without_cli, "same": import_spacy() is spacy,
                  "real_cli": callable(spacy.cli.setup_cli), "info": callable(info)}))
"""


def test_spacy_is_imported_without_its_command_line():
    """``import_spacy`` leaves out spaCy's command line (typer, weasel...), and the real one
    still imports afterwards."""
    out = subprocess.run([sys.executable, "-c", IMPORT_SCRIPT], capture_output=True, text=True,
                         timeout=300, check=True)
    assert json.loads(out.stdout) == {"without_cli": True, "same": True, "real_cli": True,
                                      "info": True}


# -- tagging only the tokens a question depends on ------------------------------------------

def test_tokens_tagged_in_pieces_get_the_tags_of_the_whole_text():
    """``PartialTags.tag``: a token tagged with its 4 tokens of context each side, pieces
    put end to end, gets exactly the part of speech, morphology and lemma that tagging the
    whole text gives it: every token, in sparse and in dense choices, at both ends."""
    import random

    from report_lint.nlp import Analyzer

    analyzer = Analyzer()
    assert analyzer.partial_tagging
    text = report_text("compliant-lo.pdf")[:30000]
    whole = [(t.text, t.pos_, str(t.morph), t.lemma_) for t in analyzer.doc(text)]
    rng = random.Random(17)
    for share in (0.02, 0.2, 0.7, 1.0):
        tags = analyzer.partial(text)
        assert len(tags.doc) == len(whole)
        chosen = [i for i in range(len(whole)) if rng.random() < share] + [0, len(whole) - 1]
        tags.tag(chosen)
        for i in set(chosen):
            token = tags.token(i)
            assert (token.text, token.pos_, str(token.morph), token.lemma_) == whole[i], i


def test_activity_evidence_is_the_same_tagged_in_part(monkeypatch):
    """The four ACT answers (objectives, results, constraints, personal comments: does the
    activity state one at all?), computed from the tags of only the tokens they depend on
    and only as far as the text must be read, are those of the whole text tagged."""
    import tomllib
    from importlib import resources

    from report_lint.nlp import Analyzer
    from report_lint_checks import activities

    lexicon = tomllib.loads(resources.files("report_lint").joinpath(
        "profiles/bts-sn-e61.toml").read_text("utf-8"))["activity"]

    class Section:
        def __init__(self, title, text):
            self.title, self.text = title, text

    class Ctx:
        def __init__(self):
            self.settings, self.analyzer, self.cache = {"activity": lexicon}, Analyzer(), {}

    texts = [report_text(name) for name in ("compliant-lo.pdf", "compliant-latex.pdf")]
    sections = [Section("Activité", text[i:i + 6000]) for text in texts
                for i in range(0, len(text), 6000)]
    sections.append(Section("Bilan", "Je retiens que J'ai trouvé. Cela m'a permis, je pense"))
    # Each kind of evidence alone, late in a long text: read to its last block.
    filler = " ".join(["Le serveur reçoit les trames du capteur."] * 120)
    sections += [Section("Étape", filler + " " + late) for late in (
        "Le but était clair.", "Le résultat est là.", "La contrainte de temps.",
        "J'ai trouvé cela utile.", "Rien.")]
    partial = [activities.evidence(Ctx(), s) for s in sections]
    monkeypatch.setenv("REPORT_LINT_FULL_SPACY", "1")  # the whole text, as the reference
    whole = [activities.evidence(Ctx(), s) for s in sections]

    def answers(evidence):
        return [bool(getattr(evidence, field)) for field in
                ("objectives", "results", "constraints", "personal")]

    assert [answers(e) for e in partial] == [answers(e) for e in whole]
    assert [answers(e) for e in whole[-5:]] == [
        [True, False, False, False], [False, True, False, False],
        [False, False, True, False], [False, False, False, True], [False] * 4]
    assert any(e.personal for e in whole) and any(e.objectives for e in whole)


def test_activity_evidence_read_in_blocks_sees_across_their_borders(monkeypatch):
    """A subject at the end of one block and its verb of judgement in the next, or a phrase
    cut by a block's end: read in blocks of 3 words, every place of the border."""
    import tomllib
    from importlib import resources

    from report_lint.nlp import Analyzer
    from report_lint_checks import activities

    lexicon = tomllib.loads(resources.files("report_lint").joinpath(
        "profiles/bts-sn-e61.toml").read_text("utf-8"))["activity"]

    class Section:
        def __init__(self, text):
            self.title, self.text = "Étape", text

    class Ctx:
        def __init__(self):
            self.settings, self.analyzer, self.cache = {"activity": lexicon}, Analyzer(), {}

    monkeypatch.setattr(activities, "BLOCK", 3)
    texts = ["capteur " * n + late for n in range(5) for late in
             ("J'ai trouvé cela utile.", "Il fallait respecter le cahier des charges.")]
    answers = [activities.evidence(Ctx(), Section(t)) for t in texts]
    assert all(e.personal for e in answers[0::2])
    assert all(e.objectives for e in answers[1::2])


def test_company_words_settled_in_part_are_those_of_the_whole_text(monkeypatch):
    """Company words, a set, settled by tagging one occurrence of each word at a time
    (``Analyzer.partial_matches``), are the words the whole text tagged gives; and the
    settling tags fewer tokens than the text has."""
    import tomllib
    from importlib import resources

    from report_lint.nlp import Analyzer, PartialTags
    from report_lint.structure.roles import company_words

    words = tomllib.loads(resources.files("report_lint").joinpath(
        "profiles/bts-sn-e61.toml").read_text("utf-8"))["company_content"]["lemmas"]
    texts = [report_text(name) for name in ("compliant-lo.pdf", "compliant-latex.pdf")]
    pieces = [text[i:i + 6000] for text in texts for i in range(0, len(text), 6000)]
    pieces.append("L'entreprise compte 12 salariés ; l'entreprise a un client, un client.")
    # "marché" is a verb twice before it is the noun: settled in the second round.
    pieces.append("Hier, j'ai marché jusqu'au bureau avec lui. Puis nous avons marché "
                  "encore. Le marché des capteurs est vaste.")
    tagged = []
    tag = PartialTags.tag
    monkeypatch.setattr(PartialTags, "tag",
                        lambda self, indices: (tag(self, indices), tagged.append(self))[0])
    partial = [company_words(text, Analyzer(), words) for text in pieces]
    share = sum(len(t._tagged) for t in set(tagged)) / sum(len(t.word_indices)
                                                           for t in set(tagged))
    monkeypatch.setenv("REPORT_LINT_FULL_SPACY", "1")  # the whole text, as the reference
    whole = [company_words(text, Analyzer(), words) for text in pieces]
    assert partial == whole
    assert sum(map(len, whole)) > 20 and share < 0.5, share


def test_single_token_rules_set_what_the_attribute_ruler_sets():
    """``single_token_rules``: the model's attribute ruler applied token by token gives every
    token the tag, part of speech, morphology and lemma spaCy's Matcher-based ruler gives."""
    from report_lint import nlp as nlp_module

    spacy = nlp_module.import_spacy()
    ours, plain = (spacy.load(nlp_module.MODEL, exclude=["parser", "ner"]) for _ in range(2))
    assert nlp_module.single_token_rules(ours)
    assert type(plain.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    text = report_text("compliant-lo.pdf") + "\n\n \t  x\u00a0\u2003y \n"
    seen = [[(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.lemma_) for t in model(text)]
            for model in (ours, plain)]
    assert len(seen[0]) > 3000 and seen[0] == seen[1]
    assert {"SPACE", "PUNCT", "NOUN"} <= {token[1] for token in seen[0]}


def test_phrase_lemmas_kept_on_disk_are_those_tagged(tmp_path, monkeypatch):
    """The phrase lemmas a run keeps in the cache folder are what tagging them gives; the
    next process reads them instead of tagging."""
    monkeypatch.setenv("REPORT_LINT_CACHE_DIR", str(tmp_path))
    script = ("import json\nfrom report_lint import nlp\nfrom report_lint.nlp import Analyzer\n"
              "a = Analyzer()\nstored = len(nlp._load_phrases(a.nlp))\n"
              "words = ['cahier des charges', 'mise en service', 'délais',"
              " 'présentation de l\\'entreprise']\n"
              "known = a._phrases(words)\n"
              "print(json.dumps({'lemmas': [known[w] for w in words], 'stored': stored, "
              "'file': str(nlp._phrase_file(a.nlp)), 'stats': nlp.LOAD_STATS}))")

    def run():
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             timeout=300, check=True, env=dict(os.environ))
        return json.loads(out.stdout)

    first = run()  # writes the lemma store (tables as shipped: no phrase file yet)
    assert first["stats"]["lemma_tables_from_store"] == 0
    second, third = run(), run()  # on the store: tags and keeps, then reads
    assert second["stats"]["lemma_tables_from_store"] == 1
    assert Path(second["file"]).exists() and third["file"] == second["file"]
    assert first["lemmas"] == second["lemmas"] == third["lemmas"]
    assert first["lemmas"][0] == ["cahier", "charge"]
    assert (second["stored"], third["stored"]) == (0, 4)


def test_titles_lemmatised_in_one_batch_get_the_lemmas_of_single_calls():
    """Analyzer.prepare runs a report's titles through spaCy in one batch: each title must get
    exactly the lemmas a call of its own gives."""
    from report_lint.nlp import Analyzer

    titles = ["Présentation de l'entreprise", "2.3 Les missions réalisées",
              "Conclusion : ce que j'ai appris", "Annexe 1 – Technical datasheet",
              "Mes activités", "L'équipe et ses objectifs", "Remerciements"]
    single = Analyzer()
    expected = {t: single.lemmas(t) for t in titles}
    batched = Analyzer(single.nlp)
    batched.prepare(titles)
    assert set(batched._cache) >= set(titles)
    assert {t: batched.lemmas(t) for t in titles} == expected
