"""report-lint: checks a BTS SN E61 activity report against the regulation (Annexe VII)."""

__version__ = "0.1.0"

#: The entry-point group every check (built-in or third-party) is declared in. Here rather
#: than in ``rules`` so that the result cache can list the checks' code without importing
#: the registry (and, through it, the linguistics).
CHECKS_GROUP = "report_lint.checks"
