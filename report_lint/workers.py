"""Run one function over many files in worker processes, each file bounded in time and memory.

A report that makes the parser hang or blow up must cost the teacher one row of the table,
not the whole class. Each worker is a separate process that

- sets its own address-space limit (``RLIMIT_AS``) before doing anything else, so a file
  that needs gigabytes fails with ``MemoryError`` in that worker only;
- runs an *initializer* once (by default spaCy's French model and langdetect's profiles,
  about 2 s) before it says it is ready: the time limit of a file never includes that
  start-up;
- then takes files one at a time and sends back the function's result.

The parent gives a file to a ready worker and waits at most ``timeout`` seconds for its
answer. A worker that does not answer in time is killed (and replaced if files remain); a
worker that dies (segfault, ``os._exit``, killed by the kernel) is reported for the file it
was working on; an exception raised by the function is reported with its type and message.
Outcomes are yielded as they arrive (for a progress bar); each carries the caller's key.

Nothing here knows about students or reports: ``check`` can use :func:`run_tasks` too.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Hashable, Iterable, Iterator

#: Default limit of one file's processing, in seconds (``--timeout``).
DEFAULT_TIMEOUT = 120.0
#: Default address-space limit of a worker, in MiB (``--max-memory``). spaCy's French model
#: and a 30-page report stay well under 1 GiB of address space.
DEFAULT_MEMORY_MB = 2048
#: How long a worker may take to start (import, initializer) before it counts as failed.
STARTUP_TIMEOUT = 300.0

OK, TIMEOUT, CRASH, MEMORY = "ok", "timeout", "crash", "memory"


@dataclass
class Task:
    key: Hashable
    args: tuple = ()


@dataclass
class Outcome:
    """What became of one task: ``status`` is ``ok`` (``value`` holds the function's result),
    ``timeout``, ``memory`` (``MemoryError`` under the worker's limit) or ``crash`` (an
    exception, or the worker process died; ``detail`` says which)."""

    key: Hashable
    status: str
    value: Any = None
    kind: str = ""  # exception type name, "signal", "exit"...
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == OK


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def load_language_model() -> None:
    """The default initializer: spaCy's model and langdetect's profiles, once per worker."""
    from report_lint.language import warm_up
    from report_lint.nlp import load_model

    load_model()
    warm_up()


# -- the worker process ---------------------------------------------------------------------


def _limit_memory(memory_mb: int | None) -> None:
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:  # Windows: no limit, the time limit still holds
        return
    limit = int(memory_mb) * 1024 * 1024
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or repr(exc)


def _worker_main(conn, func: Callable, initializer: Callable | None, memory_mb: int | None) -> None:
    _limit_memory(memory_mb)
    try:
        if initializer is not None:
            initializer()
    except BaseException as exc:  # noqa: BLE001 - tell the parent, then stop
        conn.send(("failed", f"{type(exc).__name__}: {_one_line(exc)}"))
        return
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        key, args = message
        start = time.perf_counter()
        try:
            value = func(*args)
            conn.send(("done", key, value, time.perf_counter() - start))
        except MemoryError:
            value = None
            _send_error(conn, key, MEMORY, "MemoryError", "", start)
            return  # the heap may be in a sorry state: let the parent start a fresh worker
        except Exception as exc:  # noqa: BLE001 - one file's problem, reported as such
            tb = traceback.extract_tb(exc.__traceback__)
            where = f" ({tb[-1].filename.rsplit(os.sep, 1)[-1]}:{tb[-1].lineno})" if tb else ""
            _send_error(conn, key, CRASH, type(exc).__name__, _one_line(exc) + where, start)


def _send_error(conn, key, status: str, kind: str, detail: str, start: float) -> None:
    try:
        conn.send(("error", key, status, kind, detail, time.perf_counter() - start))
    except Exception:  # noqa: BLE001 - the parent will see the worker die instead
        os._exit(70)


# -- the parent side ------------------------------------------------------------------------


class _Worker:
    def __init__(self, ctx, func, initializer, memory_mb) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, func, initializer, memory_mb),
                                   daemon=True, name="report-lint-worker")
        self.process.start()
        child.close()
        self.ready = False
        self.retiring = False  # leaving after a MemoryError: no more work for it
        self.task: Task | None = None
        self.started = time.monotonic()  # of the process, then of the current task

    def give(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send((task.key, task.args))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _receive(worker) -> tuple | None:
    """The worker's next message if one is waiting; None if none, or if its end is gone."""
    if not worker.conn.poll():
        return None
    try:
        return worker.conn.recv()
    except (EOFError, OSError):
        return None


def _death(process) -> tuple[str, str]:
    code = process.exitcode
    if code is not None and code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return "signal", f"worker killed by {name}"
    return "exit", f"worker exited with status {code}"


def run_tasks(
    tasks: Iterable[Task],
    func: Callable,
    *,
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    initializer: Callable | None = load_language_model,
    context: str | None = None,
) -> Iterator[Outcome]:
    """Run ``func(*task.args)`` for every task in worker processes; yield one
    :class:`Outcome` per task, as they finish.

    ``func`` and ``initializer`` must be importable module-level functions (they are sent
    to fresh processes); arguments and results must pickle. ``timeout`` is per task and
    ``None`` means no limit; ``memory_mb`` bounds each worker's address space (beyond what
    a forked worker inherits). ``context`` is the start method, by default
    :func:`cheap_context`: a forked worker is ready 0.5-1 s sooner than a spawned one, which
    is most of what keeps two workers from halving a class's time.
    """
    pending = list(tasks)
    pending.reverse()  # pop() from the end keeps the caller's order
    if not pending:
        return
    jobs = max(1, min(jobs or default_jobs(), len(pending)))
    context = context or cheap_context()
    ctx = multiprocessing.get_context(context)
    if memory_mb and context == "fork":
        memory_mb += _address_space_mb()
    workers: list[_Worker] = []
    failed_starts = 0

    def spawn() -> None:
        workers.append(_Worker(ctx, func, initializer, memory_mb))

    try:
        for _ in range(jobs):
            spawn()
        while workers:
            now = time.monotonic()
            # Hand out work to the ready, idle workers.
            for worker in workers:
                if worker.ready and not worker.retiring and worker.task is None and pending:
                    worker.give(pending.pop())
            # Retire idle workers once nothing is left to hand out.
            for worker in [w for w in workers
                           if w.ready and not w.retiring and w.task is None and not pending]:
                worker.stop()
                workers.remove(worker)
            if not workers:
                break
            deadlines = []
            for worker in workers:
                if worker.task is not None and timeout is not None:
                    deadlines.append(worker.started + timeout)
                elif not worker.ready:
                    deadlines.append(worker.started + max(STARTUP_TIMEOUT, timeout or 0))
            wait_for = max(0.0, min(deadlines) - now) if deadlines else None
            handles = [w.conn for w in workers] + [w.process.sentinel for w in workers]
            wait(handles, timeout=wait_for)

            now = time.monotonic()
            for worker in list(workers):
                message = None
                closed = False
                if worker.conn.poll():
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        closed = True  # the worker's end is gone: it has exited
                if message is not None:
                    tag = message[0]
                    if tag == "ready":
                        worker.ready = True
                        failed_starts = 0
                        continue
                    if tag == "failed":
                        worker.stop(kill=True)
                        workers.remove(worker)
                        yield from _fail_all(pending, "crash", "startup", message[1])
                        pending.clear()
                        continue
                    if tag == "done":
                        _, key, value, seconds = message
                        worker.task = None
                        yield Outcome(key, OK, value=value, seconds=seconds)
                        continue
                    if tag == "error":
                        _, key, status, kind, detail, seconds = message
                        worker.task = None
                        yield Outcome(key, status, kind=kind, detail=detail, seconds=seconds)
                        if status == MEMORY:
                            worker.retiring = True  # it leaves; replaced when it is gone
                        if worker.process.is_alive():
                            continue
                if closed or (message is None and not worker.process.is_alive()):
                    task = worker.task
                    worker.process.join(timeout=5)
                    kind, detail = _death(worker.process)
                    worker.stop(kill=True)
                    workers.remove(worker)
                    if task is not None:
                        yield Outcome(task.key, CRASH, kind=kind, detail=detail,
                                      seconds=now - worker.started)
                    elif not worker.ready and message is None:
                        failed_starts += 1
                        if failed_starts >= 2:
                            yield from _fail_all(pending, CRASH, kind,
                                                 f"worker could not start: {detail}")
                            pending.clear()
                    if pending and len(workers) < jobs:
                        spawn()
                    continue
                if worker.task is not None and timeout is not None \
                        and now - worker.started >= timeout:
                    task = worker.task
                    worker.stop(kill=True)
                    workers.remove(worker)
                    yield Outcome(task.key, TIMEOUT, kind="timeout",
                                  detail=f"no answer after {timeout:g} s",
                                  seconds=now - worker.started)
                    if pending and len(workers) < jobs:
                        spawn()
                elif not worker.ready and now - worker.started >= max(STARTUP_TIMEOUT, timeout or 0):
                    worker.stop(kill=True)
                    workers.remove(worker)
                    yield from _fail_all(pending, CRASH, "startup", "worker did not start in time")
                    pending.clear()
    finally:
        for worker in workers:
            worker.stop(kill=True)


def _fail_all(pending: list[Task], status: str, kind: str, detail: str) -> Iterator[Outcome]:
    for task in reversed(pending):
        yield Outcome(task.key, status, kind=kind, detail=detail)


# -- one worker for a sequence of calls (``check``) -----------------------------------------


def cheap_context() -> str:
    """``fork`` where it is safe and cheap (Linux, a single-threaded parent: the child starts
    in milliseconds, with what the parent already imported), else ``spawn``."""
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _address_space_mb() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


class Isolated:
    """Run ``func(*args)`` in one worker process kept for a sequence of calls, each call
    bounded by ``timeout`` seconds and the worker by ``memory_mb`` (``check`` on a few
    files: the worker, and what it loaded, such as spaCy's model, serve every file). A
    worker that times out, dies or runs out of memory is replaced at the next call.

    With ``fork``, the child starts as a copy of this process: its address-space limit is
    ``memory_mb`` more than this process already maps."""

    def __init__(self, func: Callable, *, timeout: float | None = DEFAULT_TIMEOUT,
                 memory_mb: int | None = DEFAULT_MEMORY_MB,
                 initializer: Callable | None = None, context: str | None = None) -> None:
        self.func = func
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.initializer = initializer
        self.context = context or cheap_context()
        self.worker: _Worker | None = None

    def __enter__(self) -> "Isolated":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop(kill=not self.worker.process.is_alive())
            self.worker = None

    def _drop(self) -> None:
        if self.worker is not None:
            self.worker.stop(kill=True)
            self.worker = None

    def start(self) -> str | None:
        """Start the worker now rather than at the first call (a server warms its workers
        before the first upload); the trouble, if any."""
        if self.worker is not None and self.worker.process.is_alive():
            return None
        self._drop()
        return self._start()

    def _start(self) -> str | None:
        """Start a worker and wait until it is ready; the trouble, if any."""
        memory = self.memory_mb
        if memory and self.context == "fork":
            memory += _address_space_mb()
        worker = _Worker(multiprocessing.get_context(self.context), self.func,
                         self.initializer, memory)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                worker.stop(kill=True)
                return "worker did not start in time"
            wait([worker.conn, worker.process.sentinel], timeout=remaining)
            message = _receive(worker)
            if message is not None and message[0] == "ready":
                self.worker = worker
                return None
            if message is not None and message[0] == "failed":
                worker.stop(kill=True)
                return message[1]
            if not worker.process.is_alive():
                worker.process.join(timeout=5)
                detail = _death(worker.process)[1]
                worker.stop(kill=True)
                return f"worker could not start: {detail}"

    def run(self, key: Hashable, *args: Any) -> Outcome:
        """One call: its :class:`Outcome` (``ok``, ``timeout``, ``memory`` or ``crash``)."""
        for attempt in (1, 2):
            if self.worker is None or not self.worker.process.is_alive():
                self._drop()
                trouble = self._start()
                if trouble is not None:
                    return Outcome(key, CRASH, kind="startup", detail=trouble)
            try:
                self.worker.give(Task(key, args))
                break
            except (OSError, ValueError):  # the worker left between two calls
                self._drop()
                if attempt == 2:
                    return Outcome(key, CRASH, kind="startup", detail="worker unreachable")
        worker = self.worker
        while True:
            elapsed = time.monotonic() - worker.started
            if self.timeout is not None and elapsed >= self.timeout:
                self._drop()
                return Outcome(key, TIMEOUT, kind="timeout",
                               detail=f"no answer after {self.timeout:g} s", seconds=elapsed)
            wait([worker.conn, worker.process.sentinel],
                 timeout=None if self.timeout is None else self.timeout - elapsed)
            message = _receive(worker)
            if message is not None and message[0] == "done":
                worker.task = None
                return Outcome(key, OK, value=message[2], seconds=message[3])
            if message is not None and message[0] == "error":
                _, _, status, kind, detail, seconds = message
                worker.task = None
                if status == MEMORY:
                    self._drop()  # it leaves after a MemoryError
                return Outcome(key, status, kind=kind, detail=detail, seconds=seconds)
            if not worker.process.is_alive():
                worker.process.join(timeout=5)
                kind, detail = _death(worker.process)
                self._drop()
                return Outcome(key, CRASH, kind=kind, detail=detail,
                               seconds=time.monotonic() - worker.started)
