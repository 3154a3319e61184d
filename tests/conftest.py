"""Shared test set-up: the result cache of the tests lives in a temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Never read or fill the developer's own cache from the tests."""
    folder = tmp_path_factory.mktemp("report-lint-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("REPORT_LINT_CACHE_DIR", str(folder))
    yield folder
    patch.undo()
