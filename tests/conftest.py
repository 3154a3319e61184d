"""Shared test set-up: the result cache of the tests lives in a temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Never read or fill the developer's own cache from the tests."""
    folder = tmp_path_factory.mktemp("report-lint-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("REPORT_LINT_CACHE_DIR", str(folder))
    # `check` reads each file in a child process by default (issue 7); the suite checks in
    # its own process, where monkeypatches and the loaded spaCy model apply. The child
    # process is tested by tests/test_hostile.py, which asks for it.
    patch.setenv("REPORT_LINT_TIMEOUT", "0")
    yield folder
    patch.undo()
