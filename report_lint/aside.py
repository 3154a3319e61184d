"""Read the file in a child process while this one loads the language model.

A cold check spends about 0.4 s importing spaCy and loading its French model, and 0.1 s
(a 30-page PDF) to seconds (a DOCX laid out by LibreOffice) reading the file; neither needs
the other, and the machines students and schools use have two cores or more. So the file is
read in a forked child while the model loads, and the child sends back the Document.

The child is bounded like its parent: it inherits the parent's address-space limit, and it
dies with the parent (``PR_SET_PDEATHSIG``), so a parent killed at its time limit takes it
along. Whatever goes wrong on the child's side (an exception other than an unreadable file,
a crash, a result that cannot be sent) is not reported from there: the parent reads the file
again itself, so a broken file fails exactly where and how it failed before. Only on Linux,
in a process without other threads; elsewhere the file is read in turn, as before.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import Any, Callable

from report_lint.findings import UnreadableInput

_PR_SET_PDEATHSIG = 1


#: Set to 0 to read the file in turn (to compare, or to rule this module out).
ENV = "REPORT_LINT_ASIDE"


def wanted() -> bool:
    """Read aside here? Not when ``$REPORT_LINT_ASIDE`` is 0, nor where a child cannot be
    forked safely (Linux only, one thread, ``prctl`` reachable)."""
    if os.environ.get(ENV, "").strip().lower() in ("0", "false", "no"):
        return False
    return sys.platform.startswith("linux") and hasattr(os, "fork") and \
        threading.active_count() == 1 and _prctl() is not None


def _prctl():
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


class Aside:
    """``func(*args)`` computed in a forked child; :meth:`result` waits for it."""

    def __init__(self, func: Callable[..., Any], *args: Any) -> None:
        self.func, self.args = func, args
        parent = os.getpid()
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read_end)
            _run_child(write_end, parent, func, args)
        os.close(write_end)
        self._read_end = read_end

    def result(self) -> Any:
        """The child's value, or its :class:`UnreadableInput` raised here; computed here
        when the child could not say."""
        chunks = []
        try:
            while True:
                chunk = os.read(self._read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self._read_end)
            _reap(self.pid)
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - died, killed, or sent nothing usable
            kind, value = "failed", None
        if kind == "ok":
            return value
        if kind == "unreadable":
            raise value
        return self.func(*self.args)


def _run_child(write_end: int, parent: int, func: Callable[..., Any], args: tuple) -> None:
    status = 0
    try:
        _prctl()(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)
        try:
            message: tuple[str, Any] = ("ok", func(*args))
        except UnreadableInput as exc:
            message = ("unreadable", exc)
        except BaseException:  # noqa: BLE001 - the parent reads the file again
            message = ("failed", None)
        try:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an unpicklable value: the parent reads again
            data = pickle.dumps(("failed", None))
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
    except BaseException:  # noqa: BLE001 - whatever happens, never return into the caller
        status = 1
    finally:
        os._exit(status)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
