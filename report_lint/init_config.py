"""``report-lint init``: a commented ``report-lint.toml`` holding the defaults.

Every option is written with its default value and every threshold of the chosen profile is
written commented out with its default and what it is for, so that a user uncomments and
changes only what differs. The file is valid TOML and, as written, changes nothing.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from report_lint import __version__
from report_lint.config import DEFAULT_PROFILE, available_profiles, load_profile

TEXT = {
    "fr": {
        "head": [
            "Configuration de report-lint (écrite par « report-lint init », report-lint "
            "{version}).",
            "report-lint la lit pour chaque rapport de ce dossier et de ses sous-dossiers.",
            "Chaque valeur ci-dessous est la valeur par défaut : décommentez et modifiez "
            "seulement ce qui change.",
        ],
        "profile": [
            "Profil : seuils et listes de mots. Profils fournis : {profiles} ; ou le chemin",
            "d'un profil TOML à vous qui commence par extends = \"{default}\".",
        ],
        "lang": ["Langue des messages : \"fr\" ou \"en\" (sinon $REPORT_LINT_LANG, puis la "
                 "langue du système)."],
        "select": ["Règles à vérifier et à ignorer : codes ou préfixes, comme ruff "
                   "(« report-lint rules » les liste)."],
        "settings": [
            "Réglages du profil {profile} (décommentez pour changer) ; les tables du profil",
            "([sections], [activity], [annex_kinds]...) se redéfinissent de même, clé par clé.",
        ],
        "severity": ["Sévérité d'une règle : error, warning ou info."],
        "per_file": ["Règles ignorées pour certains rapports seulement : motif (relatif à ce "
                     "fichier) = codes."],
        "reading": [
            "Quand le linter lit mal votre rapport, dites-lui quelle partie joue quel rôle",
            "(le titre de la partie, tel qu'il est écrit) plutôt que de désactiver une règle ;",
            "le résumé indique « donnée par la configuration ».",
        ],
    },
    "en": {
        "head": [
            "report-lint configuration (written by 'report-lint init', report-lint {version}).",
            "report-lint reads it for every report in this folder and its sub-folders.",
            "Every value below is the default: uncomment and change only what differs.",
        ],
        "profile": [
            "Profile: thresholds and word lists. Built-in profiles: {profiles}; or the path",
            "of a TOML profile of your own that starts with extends = \"{default}\".",
        ],
        "lang": ["Language of the messages: \"fr\" or \"en\" (else $REPORT_LINT_LANG, then "
                 "the system's language)."],
        "select": ["Rules to check and to skip: codes or prefixes, like ruff ('report-lint "
                   "rules' lists them)."],
        "settings": [
            "Settings of the profile {profile} (uncomment to change); the profile's tables",
            "([sections], [activity], [annex_kinds]...) are overridden the same way, key by key.",
        ],
        "severity": ["Severity of a rule: error, warning or info."],
        "per_file": ["Rules ignored for some reports only: glob (relative to this file) = "
                     "codes."],
        "reading": [
            "When the linter reads your report wrong, tell it which part plays which role",
            "(the part's title as written) rather than silencing a rule; the summary says",
            "\"given by the configuration\".",
        ],
    },
}

_SCALAR_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*=\s*[^#]*?(?:#\s*(?P<comment>.*))?$")


def config_text(lang: str = "fr", profile: str = DEFAULT_PROFILE) -> str:
    t = TEXT.get(lang, TEXT["fr"])
    settings = load_profile(profile)
    comments = _profile_comments()
    fmt = dict(version=__version__, profiles=", ".join(available_profiles()),
               default=DEFAULT_PROFILE, profile=profile)

    lines: list[str] = [*_comment(t["head"], fmt), ""]
    lines += [*_comment(t["profile"], fmt), f"profile = {_toml(profile)}", ""]
    lines += [*_comment(t["lang"], fmt), f"# lang = {_toml(lang)}", ""]
    lines += [*_comment(t["select"], fmt), 'select = ["ALL"]', "ignore = []", ""]

    lines += _comment(t["settings"], fmt)
    scalars = [(k, v) for k, v in settings.items() if not _is_table(v)]
    width = max((len(f"{k} = {_toml(v)}") for k, v in scalars), default=0)
    for key, value in scalars:
        entry = f"{key} = {_toml(value)}"
        note = comments.get(key)
        lines.append(f"# {entry.ljust(width)}  # {note}" if note else f"# {entry}")
    lines.append("")

    lines += [*_comment(t["severity"], fmt), "[severity]", '# SEC004 = "info"', ""]
    lines += [*_comment(t["per_file"], fmt), "[per-file-ignores]",
              '# "brouillons/*.pdf" = ["LEN001", "SEC005"]', ""]
    lines += [*_comment(t["reading"], fmt), "[reading]",
              '# company = "Présentation du camping"',
              '# activities = ["Partie Flutter", "Partie API"]',
              '# conclusion = "Bilan du stage"',
              "# annexes_from_page = 25"]
    return "\n".join(lines) + "\n"


def _comment(lines: list[str], fmt: dict[str, str]) -> list[str]:
    return ["# " + line.format(**fmt) for line in lines]


def _profile_comments() -> dict[str, str]:
    """``key -> comment`` for the top-level settings of the default profile's file."""
    text = (resources.files("report_lint") / "profiles" / f"{DEFAULT_PROFILE}.toml") \
        .read_text(encoding="utf-8")
    comments: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("["):
            break
        match = _SCALAR_LINE.match(line)
        if match and match.group("comment"):
            comments[match.group("key")] = match.group("comment").strip()
    return comments


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values())


def _toml(value: Any) -> str:
    """A TOML literal for the values profiles hold at top level."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")
