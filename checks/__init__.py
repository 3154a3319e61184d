"""The built-in checks, one module per concern, each declared as an entry point.

Importable as ``report_lint_checks`` once installed (the folder is mapped to that name so
that no top-level package called ``checks`` lands in site-packages).
"""
