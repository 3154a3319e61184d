"""A cold check reads the file in a child process while the model loads (report_lint/aside.py):
the same answer as reading it in turn, the same DOC001 for a file that cannot be read, and a
child that never outlives its parent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from report_lint import aside
from report_lint.findings import UnreadableInput

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def _cold_check(path: Path, mode: str) -> tuple[int, dict]:
    env = dict(os.environ, REPORT_LINT_ASIDE=mode)
    done = subprocess.run([sys.executable, "-m", "report_lint", "check", "--format", "json",
                           "--no-cache", "--fail-on", "never", str(path)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode in (0, 2), done.stderr  # 2: a file that cannot be read
    return done.returncode, json.loads(done.stdout)


@pytest.mark.parametrize("name", ["compliant-lo.pdf", "compliant-latex.pdf", "compliant-lo.docx",
                                  "doc001-truncated.pdf", "doc001-password.pdf"])
def test_a_file_read_aside_gets_the_answer_of_a_file_read_in_turn(name):
    assert _cold_check(REPORTS / name, "1") == _cold_check(REPORTS / name, "0")


PROBE = """
import json, sys
from report_lint import aside
from click.testing import CliRunner
from report_lint.cli import cli
used = []
result = aside.Aside.result
aside.Aside.result = lambda self: (used.append(self.pid), result(self))[1]
done = CliRunner().invoke(cli, ["check", "--timeout", "0", "--no-cache", sys.argv[1]])
print(json.dumps({"exit": done.exit_code, "used": len(used)}))
"""


def test_a_cold_check_reads_aside_and_a_check_without_linguistics_does_not():
    def probe(*args):
        done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                              text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert probe(str(REPORTS / "compliant-lo.pdf")) == {"exit": 0, "used": 1}


def _read(path: str) -> str:
    from report_lint.parsers import parse_file

    document = parse_file(Path(path))
    return "\n".join(line.text for page in document.pages for line in page.lines)


def test_the_childs_value_is_what_the_function_returns_here():
    reading = aside.Aside(_read, str(REPORTS / "compliant-lo.pdf"))
    assert reading.result() == _read(str(REPORTS / "compliant-lo.pdf"))


def test_an_unreadable_file_raises_here_what_it_raised_in_the_child():
    with pytest.raises(UnreadableInput) as in_turn:
        _read(str(REPORTS / "doc001-random.pdf"))
    with pytest.raises(UnreadableInput) as read_aside:
        aside.Aside(_read, str(REPORTS / "doc001-random.pdf")).result()
    assert (read_aside.value.reason, read_aside.value.params) == \
        (in_turn.value.reason, in_turn.value.params)


def _fails_in_a_child(parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("only in the child")
    return 42


def _dies_in_a_child(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)
    return 7


def test_what_goes_wrong_in_the_child_is_done_again_here():
    assert aside.Aside(_fails_in_a_child, os.getpid()).result() == 42
    assert aside.Aside(_dies_in_a_child, os.getpid()).result() == 7


ORPHAN = """
import os, time
from report_lint import aside
reading = aside.Aside(time.sleep, 60)
print(reading.pid, flush=True)
os._exit(0)
"""


def test_the_child_dies_with_its_parent():
    """A parent killed at its time limit takes the child reading the file along."""
    done = subprocess.run([sys.executable, "-c", ORPHAN], capture_output=True, text=True,
                          check=True, timeout=60)
    child = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.05)
    pytest.fail(f"the child {child} outlived its parent")


def test_the_environment_turns_it_off(monkeypatch):
    monkeypatch.setenv(aside.ENV, "0")
    assert not aside.wanted()
