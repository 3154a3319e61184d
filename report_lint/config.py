"""Finds the user's configuration and merges it over a profile.

The settings every check reads start from a *profile* (``report_lint/profiles/<name>.toml``,
``bts-sn-e61`` by default): thresholds and lexicons, as data. A configuration file found
beside the report (or above it) may pick another profile and override any value:

- ``report-lint.toml``: top-level keys;
- ``pyproject.toml``: the ``[tool.report-lint]`` table;
- ``setup.cfg``: the ``[report-lint]`` section (values read as TOML literals where they are
  ones, else as comma/newline separated lists, else as plain strings).

Discovery starts in the report's folder and goes up, stopping at the first folder holding
one of these (in that order of preference) and never going above a folder that holds
``.git``. ``--config FILE`` replaces discovery.

The keys ``select``, ``ignore``, ``lang`` and ``profile`` are options; every other key
overrides the profile (tables are merged key by key).
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from report_lint.findings import Severity
from report_lint.rules import LANGUAGES

DEFAULT_PROFILE = "bts-sn-e61"
CONFIG_FILES = ("report-lint.toml", "pyproject.toml", "setup.cfg")
OPTION_KEYS = ("select", "ignore", "lang", "profile", "per-file-ignores")
#: Settings keys every profile understands even when it does not set them.
BUILTIN_SETTINGS = ("severity", "reading",
                    # LaTeX / Markdown reports (parsers/latex.py, markdown.py, _sources.py)
                    "sources", "pdf", "build", "latex", "markdown")
LANG_ENV = "REPORT_LINT_LANG"


class ConfigError(ValueError):
    """A configuration that cannot be used; the CLI says so in one line (exit 2)."""


class UnknownLanguage(ConfigError):
    """A language other than those the messages exist in (a usage error in the CLI)."""


@dataclass
class Config:
    settings: dict[str, Any]
    select: list[str] | None = None
    ignore: list[str] | None = None
    lang: str = "fr"
    source: Path | None = None
    #: The profile the settings started from (a name, or the path of a user's profile).
    profile: str = DEFAULT_PROFILE
    #: Things worth telling the user that do not stop the run (unknown keys...).
    warnings: list[str] = field(default_factory=list)
    #: ``per-file-ignores``: glob (relative to the configuration file's folder) -> codes or
    #: prefixes ignored for the reports it matches, like ruff's and flake8's.
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)

    def for_file(self, path: Path | str) -> Config:
        """This configuration for one report: ``ignore`` plus its ``per-file-ignores``."""
        extra = ignored_for(path, self.per_file_ignores,
                            self.source.parent if self.source else None)
        if not extra:
            return self
        return replace(self, ignore=list(self.ignore or []) + extra)


def load_config(
    start: Path | None,
    explicit: Path | None = None,
    *,
    lang: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    profile: str | None = None,
) -> Config:
    """The configuration for a report at (or a folder) ``start``.

    ``explicit`` is ``--config FILE``; ``lang``, ``select`` and ``ignore`` come from the
    command line and win over the file (``None`` = not given); so does ``profile`` (the
    server's ``profile`` field, a built-in profile name).
    """
    if explicit is not None:
        explicit = Path(explicit)
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        source: Path | None = explicit
        options = read_config_file(explicit, required=True) or {}
    else:
        found = discover(start)
        source, options = found if found else (None, {})

    options = dict(options)
    base_dir = source.parent if source else Path.cwd()
    profile = profile or options.pop("profile", DEFAULT_PROFILE)
    options.pop("profile", None)
    if not isinstance(profile, str) or not profile:
        raise ConfigError(f"{source}: 'profile' must be a profile name or a path")
    cfg_select = _code_list(options.pop("select", None), "select", source)
    cfg_ignore = _code_list(options.pop("ignore", None), "ignore", source)
    cfg_lang = options.pop("lang", None)
    per_file = _per_file_ignores(
        options.pop("per-file-ignores", options.pop("per_file_ignores", None)), source)

    settings = load_profile(profile, base_dir)
    warnings = [
        f"{source}: unknown setting '{key}' (not in profile {profile})"
        for key in options
        if key not in settings and key not in BUILTIN_SETTINGS
    ]
    settings = merge(settings, options)
    settings["severity"] = _severities(settings.get("severity", {}), source)
    from report_lint.structure.reading import ReadingError, reading_settings

    try:
        reading_settings(settings)
    except ReadingError as exc:
        raise ConfigError(f"{source}: {exc}") from None

    return Config(
        settings=settings,
        select=select if select is not None else cfg_select,
        ignore=ignore if ignore is not None else cfg_ignore,
        lang=resolve_lang(lang, cfg_lang, source),
        source=source,
        profile=profile,
        warnings=warnings,
        per_file_ignores=per_file,
    )


# -- discovery ---------------------------------------------------------------------------


def discover(start: Path | None) -> tuple[Path, dict[str, Any]] | None:
    """The first configuration found from ``start`` upwards, with its options."""
    folder = Path(start) if start is not None else Path.cwd()
    folder = folder.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file():
                options = read_config_file(path, required=name == "report-lint.toml")
                if options is not None:
                    return path, options
        if (candidate / ".git").exists():
            break
    return None


def read_config_file(path: Path, *, required: bool = False) -> dict[str, Any] | None:
    """The report-lint options in ``path``; ``None`` when the file has no section for us.

    With ``required`` (a ``report-lint.toml`` or a ``--config`` file) a file without the
    section is still ours: a ``pyproject.toml`` without ``[tool.report-lint]`` gives ``{}``.
    """
    if path.suffix == ".cfg" or path.name == "setup.cfg":
        found = _read_setup_cfg(path)
    else:
        data = _read_toml(path)
        if path.name == "pyproject.toml":
            found = data.get("tool", {}).get("report-lint")
        else:
            found = data
    if found is None and required:
        return {}
    return found


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _read_setup_cfg(path: Path) -> dict[str, Any] | None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keep the case of rule codes
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if not parser.has_section("report-lint"):
        return None
    options: dict[str, Any] = {}
    for key, raw in parser.items("report-lint"):
        # Dotted keys make tables: ``severity.ANX005 = info``.
        *parents, last = key.split(".")
        table = options
        for part in parents:
            table = table.setdefault(part, {})
        table[last] = (parse_per_file_ignores(raw) if last in ("per-file-ignores",
                       "per_file_ignores") else parse_cfg_value(raw))
    return options


def parse_cfg_value(raw: str) -> Any:
    """A setup.cfg value as TOML would read it: ``30``, ``0.6``, ``true``, ``"x"``, ``[..]``;
    otherwise a comma/newline separated list (``ANX, DOC001``), otherwise the plain text."""
    text = raw.strip()
    literal = _toml_literal(text)
    if literal is not _NOTHING:
        return literal
    if "," in text or "\n" in text:
        items = [item.strip() for chunk in text.splitlines() for item in chunk.split(",")]
        return [_scalar(item) for item in items if item]
    return text


def _scalar(text: str) -> Any:
    value = _toml_literal(text)
    return text if value is _NOTHING else value


_NOTHING = object()


def _toml_literal(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return _NOTHING


# -- profiles ----------------------------------------------------------------------------


def available_profiles() -> list[str]:
    folder = resources.files("report_lint") / "profiles"
    return sorted(
        entry.name[: -len(".toml")] for entry in folder.iterdir() if entry.name.endswith(".toml")
    )


def load_profile(ref: str, base_dir: Path | None = None, _seen: tuple[str, ...] = ()) -> dict:
    """The settings of profile ``ref``: a built-in name or the path of a TOML file
    (relative to ``base_dir``), following ``extends`` (a name or a path)."""
    data, where, key = _profile_data(ref, base_dir)
    if key in _seen:
        raise ConfigError(f"profile {ref}: 'extends' makes a loop ({' -> '.join(_seen + (key,))})")
    data = dict(data)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ConfigError(f"profile {ref}: 'extends' must be a profile name or a path")
    return merge(load_profile(parent, where, _seen + (key,)), data)


def _profile_data(ref: str, base_dir: Path | None) -> tuple[dict, Path | None, str]:
    looks_like_path = ref.endswith(".toml") or "/" in ref or os.sep in ref
    if looks_like_path:
        path = Path(ref).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.is_file():
            raise ConfigError(f"profile file not found: {path}")
        return _read_toml(path), path.parent, str(path.resolve())
    resource = resources.files("report_lint") / "profiles" / f"{ref}.toml"
    if not resource.is_file():
        known = ", ".join(available_profiles()) or "none"
        raise ConfigError(f"unknown profile '{ref}' (built-in profiles: {known})")
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8")), base_dir, f"builtin:{ref}"
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"built-in profile {ref}: invalid TOML: {exc}") from None


def merge(base: dict, override: dict) -> dict:
    """``override`` over ``base``; tables are merged recursively, anything else replaced."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


# -- options -----------------------------------------------------------------------------


def split_codes(values: list[str] | tuple[str, ...] | str | None) -> list[str] | None:
    """``["ANX,DOC001", "SEC"]`` -> ``["ANX", "DOC001", "SEC"]``; ``None`` when not given."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    codes = [part.strip() for value in values for part in str(value).split(",")]
    return [code for code in codes if code]


def _code_list(value: Any, key: str, source: Path | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    ):
        return split_codes(value)
    raise ConfigError(f"{source}: '{key}' must be a list of rule codes or prefixes")


def _severities(table: Any, source: Path | None) -> dict[str, Severity]:
    """``{"ANX005": "info"}`` -> ``{"ANX005": Severity.INFO}`` (checks compare enums)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: 'severity' must be a table of CODE = \"error|warning|info\"")
    result: dict[str, Severity] = {}
    for code, value in table.items():
        try:
            result[str(code).upper()] = Severity(str(getattr(value, "value", value)).lower())
        except ValueError:
            raise ConfigError(
                f"{source}: severity of {code} must be error, warning or info, not {value!r}"
            ) from None
    return result


def resolve_lang(explicit: str | None, configured: Any = None, source: Path | None = None) -> str:
    """``--lang``, then ``$REPORT_LINT_LANG``, then the config's ``lang``, then the locale."""
    for value, origin in (
        (explicit, "--lang"),
        (os.environ.get(LANG_ENV), LANG_ENV),
        (configured, f"{source}: lang" if source else "lang"),
    ):
        if value is None or value == "":
            continue
        lang = str(value).strip().lower()
        if lang not in LANGUAGES:
            raise UnknownLanguage(
                f"{origin}: unknown language {value!r} (choose {' or '.join(LANGUAGES)})"
            )
        return lang
    return locale_lang()


def locale_lang() -> str:
    """``en`` when the user's locale is English, else ``fr`` (the report's language)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"


# -- per-file-ignores --------------------------------------------------------------------


def parse_per_file_ignores(raw: str) -> dict[str, list[str]]:
    """flake8's setup.cfg form, one ``glob: CODES`` per line (``brouillons/*.pdf: LEN001,
    SEC``); a line without a colon continues the codes of the line before."""
    table: dict[str, list[str]] = {}
    pattern = None
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if ":" in line:
            pattern, _, codes = line.rpartition(":")
            pattern = pattern.strip()
            table.setdefault(pattern, [])
        elif pattern is None:
            raise ConfigError(f"per-file-ignores: '{line}' is not 'glob: CODES'")
        else:
            codes = line
        table[pattern].extend(split_codes(codes) or [])
    return table


def _per_file_ignores(value: Any, source: Path | None) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: 'per-file-ignores' must be a table of \"glob\" = "
                          f"[\"CODE\", ...]")
    table: dict[str, list[str]] = {}
    for pattern, codes in value.items():
        if isinstance(codes, str) or (
            isinstance(codes, list) and all(isinstance(c, str) for c in codes)
        ):
            table[str(pattern)] = split_codes(codes) or []
        else:
            raise ConfigError(f"{source}: per-file-ignores '{pattern}' must be a list of rule "
                              f"codes or prefixes")
    return table


def ignored_for(path: Path | str, table: dict[str, list[str]], root: Path | None) -> list[str]:
    """The codes ``table`` ignores for ``path``. A glob with a ``/`` is matched
    (``fnmatch``: ``*`` also crosses ``/``) against the path relative to ``root`` (the
    configuration file's folder), one without against the file name; ``dir/`` means
    ``dir/*``."""
    if not table:
        return []
    path = Path(path)
    try:
        relative = path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    codes: list[str] = []
    for pattern, ignored in table.items():
        glob = pattern.replace(os.sep, "/").removeprefix("./")
        if glob.endswith("/"):
            glob += "*"
        if fnmatch.fnmatchcase(path.name if "/" not in glob else relative, glob):
            codes.extend(code for code in ignored if code not in codes)
    return codes
