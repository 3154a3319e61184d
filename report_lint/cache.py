"""Results of unchanged reports, answered at once (like ruff's cache).

An entry is keyed by the file's bytes, the tool's version and code, and the whole
configuration, so any change to one of them is a miss. The folder is the user's cache
folder, never the report's repository, unless ``--cache-dir`` or
``REPORT_LINT_CACHE_DIR`` says otherwise. Any cache trouble is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from dataclasses import asdict, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from report_lint import __version__

MAX_AGE = 30 * 24 * 3600  # entries unused for a month are removed
_FORMAT = 1  # bump when the pickled objects change shape


def write_pickle(path: Path, value: Any) -> bool:
    """Store ``value`` at ``path`` whole or not at all (a temporary file renamed in place,
    so a reader never sees half a file); False where the disk refuses: a read-only or full
    disk only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:  # noqa: BLE001
        return False
    return True


def read_pickle(path: Path | None) -> Any:
    """What :func:`write_pickle` stored at ``path``; None where there is nothing, or a file
    another user wrote (only ever unpickle what this user wrote), or one that cannot be
    read: every store in the cache folder is only a saving."""
    if path is None:
        return None
    try:
        if path.stat().st_uid != os.getuid():
            return None
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing, partial or stale file is a miss
        return None


def default_folder() -> Path:
    if os.environ.get("REPORT_LINT_CACHE_DIR"):
        return Path(os.environ["REPORT_LINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "report-lint"


@lru_cache(maxsize=4)
def _code_fingerprint(folder: Path | None = None) -> str:
    """Size and time of every module of the tool and of the packages that declare checks,
    with those packages' versions: an edited or upgraded check is a miss.

    Read from the entry points' metadata (``importlib.metadata``) and the import system's
    file lookup, not from the rule registry: making a key imports no check, and so neither
    the registry nor the linguistics it needs (a re-check from the cache stays quick).
    A plugin's whole package is fingerprinted (a superset of the module that declares it).
    """
    files = set(Path(__file__).parent.rglob("*.py")) | set(
        Path(__file__).parent.rglob("*.toml"))
    versions, folders, origins = _check_packages(folder)
    for place in folders:
        files |= set(Path(place).rglob("*.py"))
    files |= {Path(origin) for origin in origins}
    digest = hashlib.sha256()
    for line in sorted(versions):
        digest.update(f"{line}\n".encode())
    for path in sorted(files):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _import_path_state() -> list[tuple[str, int]]:
    """Each folder (or archive) Python imports from, with its modification time: installing,
    upgrading or removing a distribution adds or removes entries there, and so changes it."""
    state = []
    for entry in sys.path:
        try:
            state.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            state.append((entry, -1))
    return state


def _check_packages(folder: Path | None) -> tuple[list[str], list[str], list[str]]:
    """The distributions that declare checks (name==version), and their packages' folders and
    module files. Reading every installed distribution's entry points costs 0.02 s (a good
    part of a re-check from the cache), so the answer is kept in the cache folder with the
    state of the import path it was read from, and read again only when that changes."""
    memo = Path(folder) / "check-packages.pickle" if folder else None
    state = _import_path_state()
    kept = read_pickle(memo)
    if isinstance(kept, dict) and kept.get("format") == 1 and kept.get("state") == state:
        return kept["versions"], kept["folders"], kept["origins"]
    from importlib.metadata import entry_points
    from importlib.util import find_spec

    from report_lint import CHECKS_GROUP

    versions: set[str] = set()
    folders: set[str] = set()
    origins: set[str] = set()
    read: dict[int, str] = {}  # a distribution's metadata, parsed once for all its checks
    for ep in entry_points(group=CHECKS_GROUP):
        dist = getattr(ep, "dist", None)
        if dist is not None:
            if id(dist) not in read:
                metadata = dist.metadata
                read[id(dist)] = f"{metadata['Name']}=={metadata['Version']}"
            versions.add(read[id(dist)])
        try:  # a top-level name: found without running (importing) it
            spec = find_spec(ep.value.split(":")[0].split(".")[0].strip())
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        folders.update(str(place) for place in spec.submodule_search_locations or ())
        if spec.origin and spec.origin not in ("built-in", "frozen"):
            origins.add(str(spec.origin))
    answer = sorted(versions), sorted(folders), sorted(origins)
    if memo is not None:
        write_pickle(memo, {"format": 1, "state": state, "versions": answer[0],
                            "folders": answer[1], "origins": answer[2]})
    return answer


@lru_cache(maxsize=1)
def _installed_fonts() -> str:
    """The fonts installed (fontconfig's list): LibreOffice lays a DOCX/ODT out with them,
    and which have metric-compatible substitutes is in the summary, so a font installed or
    removed is a miss for those files."""
    import shutil
    import subprocess

    program = shutil.which("fc-list")
    if program is None:
        return ""
    try:
        done = subprocess.run([program, "--format", "%{family}|%{style}|%{file}\n"],
                              capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return hashlib.sha256(b"".join(sorted(done.stdout.splitlines()))).hexdigest()


def _config_material(config: Any) -> str:
    data = asdict(config) if is_dataclass(config) else vars(config)
    # What the environment chooses changes results too: the PDF backend, and whether and
    # with which LibreOffice a DOCX/ODT file is laid out.
    from report_lint.parsers.render import find_soffice

    data["pdf_backend"] = os.environ.get("REPORT_LINT_PDF_BACKEND", "")
    data["render"] = os.environ.get("REPORT_LINT_RENDER", "")
    data["soffice"] = find_soffice(data.get("settings")) or ""
    return json.dumps(data, sort_keys=True, default=str)


class ResultCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder else default_folder()

    def key(self, path: Path, config: Any) -> str | None:
        try:
            content = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        material = "\n".join([str(_FORMAT), __version__, _code_fingerprint(self.folder), content,
                              _config_material(config)])
        from report_lint.parsers._office import OFFICE_SUFFIXES

        if Path(path).suffix.lower() in OFFICE_SUFFIXES:
            material += "\n" + _installed_fonts()
        return hashlib.sha256(material.encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str | None):
        if key is None:
            return None
        entry = self._entry(key)
        result = read_pickle(entry)
        if result is not None:
            try:
                os.utime(entry)  # recently used: kept by the pruning
            except OSError:
                pass
        return result

    def put(self, key: str | None, result: Any) -> None:
        if key is None:
            return
        if write_pickle(self._entry(key), result):
            self._prune_sometimes()

    def _prune_sometimes(self) -> None:
        marker = self.folder / ".last-prune"
        now = time.time()
        try:
            if marker.exists() and now - marker.stat().st_mtime < 24 * 3600:
                return
            marker.touch()
            for entry in self.folder.glob("*/*.pickle"):
                if now - entry.stat().st_mtime > MAX_AGE:
                    entry.unlink(missing_ok=True)
        except OSError:
            return
