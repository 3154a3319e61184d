"""The ``report-lint`` command line.

Exit status of ``check``: 0 when no error-level finding, 1 when at least one, 2 when an input
could not be checked (unreadable file, missing path, internal error) or on bad usage.
``--fail-on warning`` makes warnings give 1 too, ``--fail-on never`` gives 0 for findings.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
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
from report_lint.parsers import SOURCE_SUFFIXES, SUPPORTED_SUFFIXES as REPORT_SUFFIXES
from report_lint.reporters import FORMATS, file_to_dict, get_reporter
from report_lint.rules import LANGUAGES, Check, registry


EXIT_OK, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
FAIL_ON = ("error", "warning", "never")

MESSAGES = {
    "fr": {
        "missing": "{path} : fichier ou dossier introuvable",
        "empty_folder": "{path} : aucun rapport ({patterns}) dans ce dossier",
        "skipped": "{path} : {count} fichier(s) ni inclus ni produits par le rapport source "
                   "ne sont pas vérifiés ({names}) : nommez-les pour les vérifier",
        "nothing": "aucun rapport à vérifier",
        "crash": "{path} : erreur interne de report-lint, fichier non vérifié ({kind}: {detail})"
        " ; merci de signaler ce bug",
        "unknown_code": "code ou préfixe de règle inconnu : {code} (voir « report-lint rules »)",
        "unknown_rule": "règle inconnue : {code} (voir « report-lint rules »)",
        "severity": "sévérité par défaut",
        "regulation": "Règlement",
        "no_rules": "aucune règle installée (groupe d'entry points report_lint.checks vide)",
        "write": "impossible d'écrire {path} : {detail}",
        "exists": "{path} existe déjà : rien n'a été écrit (--force pour le remplacer)",
        "written": "{path} écrit : décommentez et modifiez ce qui change.",
        "no_regulation": "-",
    },
    "en": {
        "missing": "{path}: no such file or directory",
        "empty_folder": "{path}: no report ({patterns}) in this folder",
        "skipped": "{path}: {count} file(s) the source report neither includes nor builds "
                   "are not checked ({names}): name them to check them",
        "nothing": "no report to check",
        "crash": "{path}: report-lint internal error, file not checked ({kind}: {detail});"
        " please report this bug",
        "unknown_code": "unknown rule code or prefix: {code} (see 'report-lint rules')",
        "unknown_rule": "unknown rule: {code} (see 'report-lint rules')",
        "severity": "default severity",
        "regulation": "Regulation",
        "no_rules": "no rule installed (entry-point group report_lint.checks is empty)",
        "write": "cannot write {path}: {detail}",
        "exists": "{path} already exists: nothing was written (--force to replace it)",
        "written": "{path} written: uncomment and change what differs.",
        "no_regulation": "-",
    },
}


class Trouble(click.ClickException):
    """A one-line message and exit status 2 (never a traceback)."""

    exit_code = EXIT_TROUBLE

    def show(self, file: Any = None) -> None:
        click.echo(f"report-lint: {self.format_message()}", err=True)


def _warn(message: str) -> None:
    click.echo(f"report-lint: {message}", err=True)


def _rule_options(func: Any) -> Any:
    """--select, --ignore, --lang and --config: the same for every command that checks."""
    for option in reversed([
        click.option("--select", multiple=True, metavar="CODES",
                     help="Only these rule codes or prefixes (comma-separated, repeatable)."),
        click.option("--ignore", multiple=True, metavar="CODES",
                     help="Skip these rule codes or prefixes (comma-separated, repeatable)."),
        _lang_option,
        click.option("--config", "config_file",
                     type=click.Path(path_type=Path, dir_okay=False), default=None,
                     help="Use this configuration file instead of looking for one."),
    ]):
        func = option(func)
    return func


def _limit_options(func: Any) -> Any:
    """--timeout and --max-memory: the child process that reads a file (check, annotate)."""
    func = click.option(
        "--max-memory", type=click.IntRange(min=64), default=2048, show_default=True,
        metavar="MB", help="Memory (address space) the child process may use.")(func)
    return click.option(
        "--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        help="Seconds one file may take: each file is read in a child process bounded in time "
             "and memory (default: $REPORT_LINT_TIMEOUT, else 120; 0: no limit, read in this "
             "process).")(func)


def _cache_options(func: Any) -> Any:
    """--no-cache and --cache-dir: ``check`` and ``batch`` share the result cache."""
    func = click.option(
        "--cache-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
        help="Cache folder (default: $REPORT_LINT_CACHE_DIR, else the user's cache folder, "
             "never the report's repository).")(func)
    return click.option("--no-cache", is_flag=True,
                        help="Check every file again, even if unchanged.")(func)


def _open_cache(no_cache: bool, cache_dir: Path | None) -> Any:
    """The result cache, or None; ``--cache-dir`` also holds spaCy's stored patterns, in
    this process and in the child processes."""
    from report_lint.cache import ResultCache

    if cache_dir is not None:
        os.environ["REPORT_LINT_CACHE_DIR"] = str(cache_dir)
    return None if no_cache else ResultCache(cache_dir)


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
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path, readable=False))  # unreadable: DOC001
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@_rule_options
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the report to this file instead of the standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Which findings make the exit status 1: error, warning (or error), never.")
@click.option("--render", type=click.Choice(("auto", "always", "never")), default=None,
              help="DOCX/ODT: lay the file out with LibreOffice for exact pages (auto: when "
                   "soffice is found; default: $REPORT_LINT_RENDER, else auto).")
@_cache_options
@click.option("--build", is_flag=True,
              help="LaTeX/Markdown: compile the report first (latexmk or pdflatex, pandoc) in "
                   "a temporary folder and read the pages of that PDF.")
@_limit_options
@click.option("--verbose", "-v", is_flag=True,
              help="Text output: under each section, why it has its role (the evidence).")
def check(paths: tuple[Path, ...], output_format: str, select: tuple[str, ...],
          ignore: tuple[str, ...], lang: str | None, config_file: Path | None,
          output: Path | None, fail_on: str, render: str | None, no_cache: bool,
          cache_dir: Path | None, build: bool = False, timeout: float | None = None,
          max_memory: int = 2048, verbose: bool = False) -> None:
    """Check report files (PDF, DOCX, ODT, LaTeX, Markdown) or folders of them."""
    timeout = _timeout(timeout)
    ui_lang = _ui_lang(lang, next((p for p in paths if p.exists()), None), config_file)
    msg = MESSAGES[ui_lang]
    select_codes = split_codes(select) if select else None
    ignore_codes = split_codes(ignore) if ignore else None

    trouble = False
    files: list[Path] = []
    roots: dict[Path, Path] = {}  # a LaTeX/Markdown report's root when it has no .git
    for path in paths:
        if not path.exists():
            _warn(msg["missing"].format(path=path))
            trouble = True
        elif path.is_dir() and path.suffix.lower() not in NOT_FOLDERS:
            found = list(find_reports(path, msg))
            if not found:
                _warn(msg["empty_folder"].format(
                    path=path, patterns=", ".join("*" + s for s in REPORT_SUFFIXES)))
            files.extend(found)
            roots.update((f, path) for f in found if f not in roots)
        else:
            files.append(path)
            roots.setdefault(path, Path.cwd())
    files = _unique(files)
    if not files:
        if trouble:
            sys.exit(EXIT_TROUBLE)
        raise Trouble(msg["nothing"])

    configs = _Configs(config_file, lang, select_codes, ignore_codes, msg)
    cache = _open_cache(no_cache, cache_dir)
    results = []
    try:
        results, trouble = _check_all(files, configs, render, build, cache, timeout,
                                      max_memory, msg, trouble, roots)
    finally:
        from report_lint.runner import close_isolation

        close_isolation()
    options = {"verbose": verbose} if output_format == "text" else {}
    text = get_reporter(output_format)(results, lang=ui_lang, **options)
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
    failing = {"error": ("error",), "warning": ("error", "warning"), "never": ()}[fail_on]
    if any(_severity(f) in failing for r in results for f in r.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


#: A folder named like a report file (an unzipped .docx, a download gone wrong) is a bad
#: input (DOC001), not a folder to search.
NOT_FOLDERS = (".pdf", ".docx", ".odt", ".doc")


def _timeout(value: float | None) -> float | None:
    """--timeout, else $REPORT_LINT_TIMEOUT, else 120 s; 0 means none (None)."""
    if value is None:
        raw = os.environ.get("REPORT_LINT_TIMEOUT", "").strip()
        try:
            value = float(raw) if raw else 120.0
        except ValueError:
            raise click.UsageError(f"REPORT_LINT_TIMEOUT={raw!r}: not a number of seconds") \
                from None
    return value if value and value > 0 else None


def _check_all(files: list[Path], configs: "_Configs", render: str | None, build: bool,
               cache: Any, timeout: float | None, max_memory: int, msg: dict[str, str],
               trouble: bool, roots: dict[Path, Path] | None = None
               ) -> tuple[list[Any], bool]:
    """Check each file; ``roots``: the folder given on the command line for each (the
    working folder for a file named directly), which a LaTeX or Markdown report outside any
    git repository may read from (see ``_sources.report_root``)."""
    from report_lint.parsers.render import render_settings
    from report_lint.runner import check_file

    results = []
    for path in files:
        config = configs.get(path).for_file(path)  # per-file-ignores
        config.settings.update(render_settings(render, config.settings))  # DOCX/ODT layout
        if build:  # LaTeX / Markdown: compile first
            config.settings["build"] = True
        if path.suffix.lower() in SOURCE_SUFFIXES and roots and path in roots:
            config = replace(config, settings={**config.settings,
                                               "root": str(roots[path].resolve())})
        try:
            result = check_file(path, config, cache=cache, timeout=timeout,
                                memory_mb=max_memory)
            file_to_dict(result, extras=True)  # what the reporters read must be readable
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the others
            detail = " ".join(str(exc).split()) or repr(exc)
            kind = getattr(exc, "kind", None) or type(exc).__name__  # raised in the child
            _warn(msg["crash"].format(path=path, kind=kind, detail=detail))
            trouble = True
        else:
            results.append(result)
    return results, trouble


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
            patterns = [p for codes in config.per_file_ignores.values() for p in codes]
            for pattern in (config.select or []) + (config.ignore or []) + patterns:
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


def find_reports(folder: Path, msg: dict[str, str] | None = None) -> Iterator[Path]:
    """Report files under ``folder``, in a stable order, skipping hidden folders and files
    and Word lock files (``~$rapport.docx``). A LaTeX or Markdown report counts once (its
    main file); the files it includes, compiles to or exports are not reports of their own,
    and the other PDF/DOCX/ODT of its repository are left out (named on the standard error
    with ``msg``): see ``_sources.select_reports``."""
    from report_lint.parsers._sources import select_reports

    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for name in sorted(names):
            if name.startswith(("~$", ".")):
                continue
            if Path(name).suffix.lower() in REPORT_SUFFIXES:
                found.append(Path(root) / name)
    skipped: list[Path] = []
    reports = select_reports(found, folder, skipped)
    if skipped and msg is not None:
        _warn(msg["skipped"].format(
            path=folder, count=len(skipped), names=", ".join(
                str(p.relative_to(folder)) for p in skipped[:4]) + (", ..." if len(skipped) > 4
                                                                     else "")))
    yield from reports


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
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text: one line per rule; json: every field, with the "
              "full documentation.")
def rules(lang: str | None, output_format: str) -> None:
    """List every rule: code, name, default severity, the regulation sentence it enforces
    and what it finds."""
    from report_lint.reporters.common import rule_catalogue

    lang = _ui_lang(lang)
    catalogue = rule_catalogue(lang)
    if not catalogue:
        raise Trouble(MESSAGES[lang]["no_rules"])
    if output_format == "json":
        import json

        click.echo(json.dumps({"version": __version__, "lang": lang, "rules": catalogue},
                              ensure_ascii=False, indent=2))
        return
    name_width = max(len(rule["name"]) for rule in catalogue)
    for rule in catalogue:
        regulation = _quote(rule["regulation"], lang) if rule["regulation"] else \
            MESSAGES[lang]["no_regulation"]
        click.echo(f"{rule['code']}  {rule['name'].ljust(name_width)}  {rule['severity']:<7}  "
                   f"{regulation}  {rule['summary']}")


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
        click.echo(f"{msg['regulation']}: {_quote(cls.regulation, lang)}")
    doc = cls.documentation(lang)
    if doc:
        click.echo()
        click.echo(doc)


def summary(cls: type[Check], lang: str) -> str:
    """The one-line summary in ``lang``, else in French, else the docstring's first line."""
    from report_lint.reporters.common import rule_summary

    return rule_summary(cls, lang)


def _quote(text: str, lang: str) -> str:
    return f"« {text} »" if lang == "fr" else f"\"{text}\""


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path),
                default=Path("report-lint.toml"))
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option("--profile", default=None, metavar="NAME",
              help="Start from this built-in profile (default: bts-sn-e61).")
@_lang_option
def init(path: Path, force: bool, profile: str | None, lang: str | None) -> None:
    """Write a commented report-lint.toml holding the defaults (PATH: a file or a folder;
    default ./report-lint.toml). An existing file is never replaced without --force."""
    from report_lint.config import DEFAULT_PROFILE
    from report_lint.init_config import config_text

    lang = _ui_lang(lang)
    msg = MESSAGES[lang]
    if path.is_dir():
        path = path / "report-lint.toml"
    if path.exists() and not force:
        raise Trouble(msg["exists"].format(path=path))
    try:
        text = config_text(lang, profile or DEFAULT_PROFILE)
    except ConfigError as exc:
        raise Trouble(str(exc)) from None
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise Trouble(msg["write"].format(path=path, detail=exc.strerror or exc)) from None
    click.echo(msg["written"].format(path=path), err=True)


def _batch_config(start: Path, config_file: Path | None, lang: str | None,
                  select: tuple[str, ...], ignore: tuple[str, ...]) -> Config:
    msg = MESSAGES[_ui_lang(lang, start, config_file)]
    configs = _Configs(config_file, lang, split_codes(select) if select else None,
                       split_codes(ignore) if ignore else None, msg)
    return configs.get(start / "_" if start.is_dir() else start)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True, help="Seconds one report may take before it is given up.")
@click.option("--max-memory", type=click.IntRange(min=64), default=2048, show_default=True,
              metavar="MB", help="Memory (address space) one worker may use.")
@click.option("--roster", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="CSV of the students expected; absent ones are listed.")
@click.option("--csv", "csv_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the class table as CSV (UTF-8 with BOM, ';' by default).")
@click.option("--csv-dialect", type=click.Choice(["excel-fr", "excel", "excel-tab", "unix"]),
              default="excel-fr", show_default=True, help="CSV separators and encoding.")
@click.option("--html", "html_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write one self-contained HTML page for the class.")
@click.option("--json", "json_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Write every student's result (rules.md contract) as JSON.")
@click.option("--annotate", "annotate_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Write an annotated copy of each PDF report to this folder.")
@_cache_options
@_rule_options
def batch(source: Path, jobs: int | None, timeout: float, max_memory: int,
          roster: Path | None, csv_file: Path | None, csv_dialect: str, html_file: Path | None,
          json_file: Path | None, annotate_dir: Path | None, select: tuple[str, ...],
          ignore: tuple[str, ...], lang: str | None, config_file: Path | None,
          no_cache: bool = False, cache_dir: Path | None = None) -> None:
    """Check a whole class: SOURCE is a folder or a ZIP (e.g. Moodle's "download all
    submissions"), one folder or file per student. The table goes to the standard output."""
    import json

    from report_lint.batch import BatchError, run_batch, students_to_dict, text_table

    config = _batch_config(source if source.is_dir() else source.parent, config_file, lang,
                           select, ignore)
    msg = MESSAGES[config.lang]
    bar: Any = None
    show_bar = sys.stderr.isatty()

    def on_start(total: int) -> None:
        nonlocal bar
        if show_bar and total:
            bar = click.progressbar(length=total, file=sys.stderr, label=source.name,
                                    show_pos=True)
            bar.__enter__()

    def on_progress(_row: Any) -> None:
        if bar is not None:
            bar.update(1)

    try:
        result = run_batch(source, config, jobs=jobs, timeout=timeout, memory_mb=max_memory,
                           roster=roster, annotate_dir=annotate_dir, on_start=on_start,
                           on_progress=on_progress, cache=_open_cache(no_cache, cache_dir))
    except BatchError as exc:
        raise Trouble(str(exc)) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)

    outputs = []
    if csv_file is not None:
        from report_lint.reporters import csv_reporter

        outputs.append((csv_file, lambda p: csv_reporter.write(result, p, csv_dialect)))
    if html_file is not None:
        from report_lint.reporters import html_reporter

        outputs.append((html_file, lambda p: p.write_text(html_reporter.render(result),
                                                          encoding="utf-8")))
    if json_file is not None:
        text = json.dumps(students_to_dict(result), ensure_ascii=False, indent=2) + "\n"
        outputs.append((json_file, lambda p: p.write_text(text, encoding="utf-8")))
    for path, write in outputs:
        try:
            write(path)
        except OSError as exc:
            raise Trouble(msg["write"].format(path=path, detail=exc.strerror or exc)) from None
    color = False if os.environ.get("NO_COLOR") else None
    click.echo(text_table(result), nl=False, color=color)
    sys.exit(result.exit_status)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface, as in a container).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--queue", type=click.IntRange(min=0), default=None,
              help="Uploads that may wait for a worker (default: 4 x workers); beyond, 503.")
@click.option("--max-upload-mb", type=click.IntRange(min=1), default=50, show_default=True,
              help="Largest upload accepted; a larger one gets 413 before it is read.")
@click.option("--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Seconds one report may take in its worker (default: $REPORT_LINT_TIMEOUT, "
                   "else 120; 0: no time limit, the memory limit still holds).")
@click.option("--max-memory", type=click.IntRange(min=64), default=2048, show_default=True,
              metavar="MB", help="Memory (address space) one worker may use.")
@click.option("--config", "config_file",
              type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Configuration file for every check (default: none, the default profile).")
def serve(host: str, port: int, jobs: int | None, queue: int | None, max_upload_mb: int,
          timeout: float | None, max_memory: int, config_file: Path | None) -> None:
    """Serve the students' page and the HTTP API (needs the extra report-lint[serve])."""
    try:
        from report_lint.serve.app import ServeOptions, run
    except ImportError as exc:
        raise Trouble(f"report-lint serve needs the 'serve' extra: "
                      f"pip install 'report-lint[serve]' ({exc})") from None
    from report_lint.workers import default_jobs

    jobs = jobs or default_jobs()
    options = ServeOptions(jobs=jobs, queue=4 * jobs if queue is None else queue,
                           max_upload_mb=max_upload_mb, timeout=_timeout(timeout),
                           max_memory=max_memory, config_file=config_file)
    try:
        run(options, host, port)
    except OSError as exc:
        raise Trouble(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@cli.command()
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The annotated copy (default: NAME-annote.pdf beside the original).")
@_rule_options
@_limit_options
def annotate(pdf: Path, output: Path | None, select: tuple[str, ...], ignore: tuple[str, ...],
             lang: str | None, config_file: Path | None, timeout: float | None = None,
             max_memory: int = 2048) -> None:
    """Write a copy of a PDF report with each finding as a note on its page (the original is
    never written to). Exit status as for check."""
    from report_lint.annotate import AnnotateError, annotate_pdf
    from report_lint.runner import check_file

    config = _batch_config(pdf, config_file, lang, select, ignore)
    msg = MESSAGES[config.lang]
    if output is None:
        output = pdf.with_name(f"{pdf.stem}-annote.pdf")
    from report_lint.runner import close_isolation

    try:  # read in a child process, as check does: a hostile PDF costs one DOC001 line
        result = check_file(pdf, config.for_file(pdf) if hasattr(config, "for_file") else config,
                            timeout=_timeout(timeout), memory_mb=max_memory)
    finally:
        close_isolation()
    if _unchecked(result):
        for finding in result.findings:
            _warn(f"{pdf}: {finding.code} {finding.message}")
        sys.exit(EXIT_TROUBLE)
    if result.format != "pdf":
        raise Trouble(f"{pdf}: not a PDF")
    try:
        notes = annotate_pdf(pdf, result.findings, output, lang=config.lang)
    except AnnotateError as exc:
        raise Trouble(str(exc)) from None
    except OSError as exc:
        raise Trouble(msg["write"].format(path=output, detail=exc.strerror or exc)) from None
    click.echo(f"{output} : {notes} note(s)" if config.lang == "fr" else
               f"{output}: {notes} note(s)", err=True)
    if any(_severity(f) == "error" for f in result.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def main() -> None:
    cli(prog_name="report-lint")
