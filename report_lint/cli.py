"""The ``report-lint`` command line.

Exit status of ``check``: 0 when no error-level finding, 1 when at least one, 2 when an input
could not be checked (unreadable file, missing path, internal error) or on bad usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Iterator

import click

from report_lint import __version__
from report_lint.config import (
    Config,
    ConfigError,
    UnknownLanguage,
    load_config,
    resolve_lang,
    split_codes,
)
from report_lint.parsers import SUPPORTED_SUFFIXES as REPORT_SUFFIXES
from report_lint.reporters import FORMATS, file_to_dict, get_reporter
from report_lint.rules import LANGUAGES, Check, registry


EXIT_OK, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2

MESSAGES = {
    "fr": {
        "missing": "{path} : fichier ou dossier introuvable",
        "empty_folder": "{path} : aucun rapport ({patterns}) dans ce dossier",
        "nothing": "aucun rapport à vérifier",
        "crash": "{path} : erreur interne de report-lint, fichier non vérifié ({kind}: {detail})"
        " ; merci de signaler ce bug",
        "unknown_code": "code ou préfixe de règle inconnu : {code} (voir « report-lint rules »)",
        "unknown_rule": "règle inconnue : {code} (voir « report-lint rules »)",
        "severity": "sévérité par défaut",
        "regulation": "Règlement",
        "no_rules": "aucune règle installée (groupe d'entry points report_lint.checks vide)",
        "write": "impossible d'écrire {path} : {detail}",
    },
    "en": {
        "missing": "{path}: no such file or directory",
        "empty_folder": "{path}: no report ({patterns}) in this folder",
        "nothing": "no report to check",
        "crash": "{path}: report-lint internal error, file not checked ({kind}: {detail});"
        " please report this bug",
        "unknown_code": "unknown rule code or prefix: {code} (see 'report-lint rules')",
        "unknown_rule": "unknown rule: {code} (see 'report-lint rules')",
        "severity": "default severity",
        "regulation": "Regulation",
        "no_rules": "no rule installed (entry-point group report_lint.checks is empty)",
        "write": "cannot write {path}: {detail}",
    },
}


class Trouble(click.ClickException):
    """A one-line message and exit status 2 (never a traceback)."""

    exit_code = EXIT_TROUBLE

    def show(self, file: Any = None) -> None:
        click.echo(f"report-lint: {self.format_message()}", err=True)


def _warn(message: str) -> None:
    click.echo(f"report-lint: {message}", err=True)


def _lang_option(func: Any) -> Any:
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES, case_sensitive=False),
        default=None,
        help="Language of the messages (default: $REPORT_LINT_LANG, config, locale, fr).",
    )(func)


def _ui_lang(explicit: str | None, start: Path | None = None,
             config_file: Path | None = None) -> str:
    """The language of the command's own messages: --lang, env, the config's, the locale."""
    try:
        return load_config(start, config_file, lang=explicit).lang
    except ConfigError:
        try:
            return resolve_lang(explicit)
        except UnknownLanguage as exc:
            raise click.UsageError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="report-lint")
def cli() -> None:
    """Check a BTS SN E61 internship report against the regulation (Annexe VII)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rule codes or prefixes (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Skip these rule codes or prefixes (comma-separated, repeatable).")
@_lang_option
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Use this configuration file instead of looking for one.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the report to this file instead of the standard output.")
@click.option("--no-cache", is_flag=True, help="Check every file again, even if unchanged.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Cache folder (default: $REPORT_LINT_CACHE_DIR, else the user's cache "
                   "folder, never the report's repository).")
def check(paths: tuple[Path, ...], output_format: str, select: tuple[str, ...],
          ignore: tuple[str, ...], lang: str | None, config_file: Path | None,
          output: Path | None, no_cache: bool, cache_dir: Path | None) -> None:
    """Check report files (PDF, DOCX, ODT, LaTeX, Markdown) or folders of them."""
    from report_lint.runner import check_file  # parsers and structure: only when checking

    ui_lang = _ui_lang(lang, next((p for p in paths if p.exists()), None), config_file)
    msg = MESSAGES[ui_lang]
    select_codes = split_codes(select) if select else None
    ignore_codes = split_codes(ignore) if ignore else None

    trouble = False
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            _warn(msg["missing"].format(path=path))
            trouble = True
        elif path.is_dir():
            found = list(find_reports(path))
            if not found:
                _warn(msg["empty_folder"].format(
                    path=path, patterns=", ".join("*" + s for s in REPORT_SUFFIXES)))
            files.extend(found)
        else:
            files.append(path)
    files = _unique(files)
    if not files:
        if trouble:
            sys.exit(EXIT_TROUBLE)
        raise Trouble(msg["nothing"])

    configs = _Configs(config_file, lang, select_codes, ignore_codes, msg)
    from report_lint.cache import ResultCache

    cache = None if no_cache else ResultCache(cache_dir)
    results = []
    for path in files:
        config = configs.get(path)
        try:
            result = check_file(path, config, cache=cache)
            file_to_dict(result, extras=True)  # what the reporters read must be readable
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the others
            detail = " ".join(str(exc).split()) or repr(exc)
            _warn(msg["crash"].format(path=path, kind=type(exc).__name__, detail=detail))
            trouble = True
        else:
            results.append(result)

    text = get_reporter(output_format)(results, lang=ui_lang)
    color = False if os.environ.get("NO_COLOR") else None
    if output is not None:
        try:
            with output.open("w", encoding="utf-8") as fh:
                click.echo(text, file=fh, nl=False, color=False)
        except OSError as exc:
            raise Trouble(msg["write"].format(path=output, detail=exc.strerror or exc)) from None
    else:
        click.echo(text, nl=False, color=color)

    if trouble or any(_unchecked(r) for r in results):
        sys.exit(EXIT_TROUBLE)
    if any(_severity(f) == "error" for r in results for f in r.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


class _Configs:
    """One configuration per folder (discovery starts in the report's folder)."""

    def __init__(self, config_file: Path | None, lang: str | None, select: list[str] | None,
                 ignore: list[str] | None, msg: dict[str, str]) -> None:
        self.args = dict(lang=lang, select=select, ignore=ignore)
        self.config_file = config_file
        self.msg = msg
        self.by_folder: dict[Path, Config] = {}
        self.told: set[str] = set()

    def get(self, path: Path) -> Config:
        key = path.parent.resolve()
        if key not in self.by_folder:
            try:
                config = load_config(path.parent, self.config_file, **self.args)
            except UnknownLanguage as exc:
                raise click.UsageError(str(exc)) from None
            except ConfigError as exc:
                raise Trouble(str(exc)) from None
            for pattern in (config.select or []) + (config.ignore or []):
                if not _known_pattern(pattern):
                    raise click.UsageError(self.msg["unknown_code"].format(code=pattern))
            for warning in config.warnings:
                if warning not in self.told:
                    self.told.add(warning)
                    _warn(warning)
            self.by_folder[key] = config
        return self.by_folder[key]


def _known_pattern(pattern: str) -> bool:
    pattern = pattern.strip()
    return pattern.upper() == "ALL" or any(
        cls.code.startswith(pattern.upper()) or cls.name == pattern.lower()
        for cls in registry.checks
    )


def find_reports(folder: Path) -> Iterator[Path]:
    """Report files under ``folder``, in a stable order, skipping hidden folders and files
    and Word lock files (``~$rapport.docx``)."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(("~$", ".")):
                continue
            if Path(name).suffix.lower() in REPORT_SUFFIXES:
                yield Path(root) / name


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _severity(finding: Any) -> str:
    return getattr(finding.severity, "value", finding.severity)


def _unchecked(result: Any) -> bool:
    return result.unreadable or any(f.code == "DOC001" for f in result.findings)


@cli.command()
@_lang_option
def rules(lang: str | None) -> None:
    """List every rule: code, name, default severity and what it finds."""
    lang = _ui_lang(lang)
    checks = registry.checks
    if not checks:
        raise Trouble(MESSAGES[lang]["no_rules"])
    name_width = max(len(cls.name) for cls in checks)
    for cls in checks:
        severity = _severity(cls)
        click.echo(f"{cls.code}  {cls.name.ljust(name_width)}  {severity:<7}  {summary(cls, lang)}")


@cli.command()
@click.argument("code")
@_lang_option
def rule(code: str, lang: str | None) -> None:
    """Show the full documentation of one rule (code or name)."""
    lang = _ui_lang(lang)
    msg = MESSAGES[lang]
    cls = registry.by_code(code)
    if cls is None:
        raise Trouble(msg["unknown_rule"].format(code=code))
    click.echo(click.style(f"{cls.code} ({cls.name})", bold=True))
    click.echo(f"{msg['severity']}: {_severity(cls)}")
    click.echo(summary(cls, lang))
    if cls.regulation:
        quote = f"« {cls.regulation} »" if lang == "fr" else f"\"{cls.regulation}\""
        click.echo(f"{msg['regulation']}: {quote}")
    doc = cls.documentation()
    if doc:
        click.echo()
        click.echo(doc)


def summary(cls: type[Check], lang: str) -> str:
    """The one-line summary in ``lang``, else in French, else the docstring's first line."""
    text = cls.summary.get(lang) or cls.summary.get("fr")
    if not text:
        text = next(iter(cls.documentation().splitlines()), "")
    return text


def main() -> None:
    cli(prog_name="report-lint")
