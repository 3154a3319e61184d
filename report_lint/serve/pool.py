"""The server's workers: ``jobs`` warm worker processes, each checking one report at a time
with the time and memory limits of :class:`report_lint.workers.Isolated`, and a bounded
number of requests let in (``jobs`` running + ``queue`` waiting).

A request beyond that is refused at once (HTTP 503 with ``Retry-After``) rather than made to
wait: a class uploading at the end of a lesson gets a clear "try again in a moment" instead
of a page that hangs, and the server's memory stays bounded. Workers are started with
``forkserver`` (``spawn`` where there is none), never by forking the threaded server.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from report_lint import workers
from report_lint.batch.run import check_submission


#: A worker is replaced after this many checks: spaCy's vocabulary keeps every word it has
#: seen, so a worker that lived for ever would keep growing and keep words of the reports.
RECYCLE_AFTER = 50


def start_worker() -> None:
    """Each worker's start: the language model, and no memo of LibreOffice's layouts (a
    worker keeps nothing of a report once its answer is sent)."""
    from report_lint.parsers import render

    render.MEMO_SIZE = 0
    workers.load_language_model()


def start_method() -> str:
    """``forkserver`` where available: a worker replaced after a time-out starts from a
    small single-threaded process, not from the threaded server."""
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


class CheckPool:
    """``jobs`` workers shared by the requests of one server process (see the module)."""

    def __init__(self, jobs: int, queue: int, timeout: float | None, memory_mb: int) -> None:
        self.jobs = jobs
        self.capacity = jobs + queue
        self.timeout = timeout
        self.memory_mb = memory_mb
        method = start_method()
        if method == "forkserver":
            # What every worker imports anyway, once, in the fork server.
            multiprocessing.get_context(method).set_forkserver_preload(
                ["report_lint.batch.run", "report_lint.runner"])
        self.workers = [
            workers.Isolated(check_submission, timeout=timeout, memory_mb=memory_mb,
                             initializer=start_worker, context=method)
            for _ in range(jobs)
        ]
        self.admitted = 0
        self.checks = {id(worker): 0 for worker in self.workers}
        self._idle: asyncio.Queue | None = None
        self._restarts: set[asyncio.Task] = set()  # referenced until done (asyncio's advice)

    async def start(self) -> None:
        """Start every worker and wait until each has loaded the language model."""
        self._idle = asyncio.Queue()
        # One thread per worker waits for its answer (and one per restart): never fewer.
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=2 * self.jobs + 2, thread_name_prefix="check"))
        troubles = await asyncio.gather(*(asyncio.to_thread(w.start) for w in self.workers))
        trouble = next((t for t in troubles if t), None)
        if trouble:
            raise RuntimeError(f"a worker could not start: {trouble}")
        for worker in self.workers:
            self._idle.put_nowait(worker)

    def admit(self) -> bool:
        """Let one request in if there is room (running or waiting)."""
        if self.admitted >= self.capacity:
            return False
        self.admitted += 1
        return True

    def leave(self) -> None:
        self.admitted -= 1

    @property
    def busy(self) -> int:
        return self.jobs - (self._idle.qsize() if self._idle is not None else 0)

    async def run(self, path: Path, config: Any) -> workers.Outcome:
        """Check one file in the next free worker; its :class:`workers.Outcome`."""
        assert self._idle is not None, "start() first"
        worker = await self._idle.get()
        call = asyncio.ensure_future(asyncio.to_thread(worker.run, "upload", str(path), config))
        # The worker is given back only once its call has returned, even when the request
        # is cancelled meanwhile (the client went away).
        call.add_done_callback(lambda _call: self._given_back(worker))
        return await asyncio.shield(call)

    def _given_back(self, worker: workers.Isolated) -> None:
        self.checks[id(worker)] += 1
        # Killed after a time-out, a crash or its memory limit, or old enough to be replaced.
        if worker.worker is None or self.checks[id(worker)] >= RECYCLE_AFTER:
            self.checks[id(worker)] = 0
            task = asyncio.get_running_loop().create_task(self._restart(worker))
            self._restarts.add(task)
            task.add_done_callback(self._restarts.discard)
        else:
            self._idle.put_nowait(worker)

    async def _restart(self, worker: workers.Isolated) -> None:
        """Start the replacement before the worker takes the next upload (its start-up is
        then never counted in an upload's time limit)."""
        try:
            await asyncio.to_thread(worker.close)
            await asyncio.to_thread(worker.start)
        finally:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
