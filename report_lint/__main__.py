"""``python -m report_lint`` runs the same command line as ``report-lint``."""

from report_lint.cli import main

if __name__ == "__main__":
    main()
