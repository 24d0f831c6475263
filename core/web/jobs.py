"""Long work on the desk: started by a route, run in a thread in its own unit of work, watched on ``/jobs/{id}``.

The pack of СУОТ documents, approving a pack with its order, an HR file of thousands of rows take seconds on a
large organization; a request hanging that long looks broken, and a browser may send it again. So the route
reads and checks its form, then hands the work to :func:`start_job` and answers 303 to the job's page. That
page shows the step and a progress bar and reloads itself every second (a meta refresh: no script needed)
until the work is done, then shows the result with its links — or the Russian error, with nothing written: the
work runs in one transaction of its own, opened as :func:`core.web.unit.unit_of_work` opens a request's.

A job is shown only to the browser session that started it (any other gets «not found»); the last
:data:`KEEP` jobs are kept in memory, so a restart of ``ohs serve`` forgets them (the work itself was committed
or not). Jobs run one at a time: on SQLite a second writer could only wait for the first one's lock; work that
writes nothing to the database (a document's PDF) runs beside them in a read-only unit.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from core.context import Context

log = logging.getLogger("ohs.web")

#: How many jobs the desk remembers (finished ones beyond it are forgotten, oldest first).
KEEP = 50
#: Seconds the request waits for its job before answering: quick work (a small organization's document) then
#: opens on its result at once instead of showing a progress page for the one second of its first reload.
SETTLE = 0.5

#: ``report(done, total, text)``: how far the work is («3 of 11: Положение о СУОТ»).
Report = Callable[[int, int, str], None]


@dataclass
class JobResult:
    """What a finished job shows: one sentence, the details (the command's lines), links, a file to download."""

    message: str
    #: Details, one a line (indented when it starts with spaces); a (text, address) pair links to a page of the desk.
    lines: list[str | tuple[str, str]] = field(default_factory=list)
    #: (title, address on the desk) — the pages where the user goes on.
    links: list[tuple[str, str]] = field(default_factory=list)
    #: A file the work made (its path from the service's result, never from a request) and its media type.
    download: tuple[Path, str] | None = None
    #: Where the browser goes once the work is done, the message shown there (a made draft opens its card).
    goto: str | None = None


#: The work: runs inside the job's unit of work and says how far it is; returns what to show.
Work = Callable[["Context", Report], JobResult | str]


@dataclass
class Job:
    """One piece of long work and where it stands (read by the page while the worker thread updates it)."""

    id: str
    owner: str
    title: str
    #: Where the user came from (the «back» link of the page, also after a failure).
    back: tuple[str, str]
    state: str = "queued"  # queued → running → done | failed
    done: int = 0
    total: int = 0
    step: str = ""
    result: JobResult | None = None
    error: OhsError | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    def report(self, done: int, total: int, text: str = "") -> None:
        """The work's progress callback."""
        self.done, self.total, self.step = max(0, done), max(0, total), text

    @property
    def running(self) -> bool:
        """Not finished yet: the page keeps reloading."""
        return self.state in ("queued", "running")

    @property
    def percent(self) -> int:
        """How far, 0–100 (0 while the total is not known)."""
        return min(100, self.done * 100 // self.total) if self.total else 0


#: Opens the job's unit of work (write) once the request is gone.
UnitOpener = Callable[[], contextlib.AbstractContextManager["Context"]]


class JobRunner:
    """The jobs of one desk: started in threads one at a time, the last :data:`KEEP` remembered."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        #: One job at a time: a second waits («в очереди») instead of waiting on the database's write lock.
        self._serial = threading.Lock()

    def start(self, owner: str, title: str, back: tuple[str, str], open_unit: UnitOpener, work: Work,
              serial: bool = True) -> Job:
        """Queue ``work`` in a new thread; returns its job at once.

        ``serial=False`` for work that writes nothing to the database (a document's PDF): it runs at once, beside
        the others, instead of waiting for the pack or an approval to finish.
        """
        job = Job(id=secrets.token_urlsafe(12), owner=owner, title=title, back=back)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        # The request's context variables (the actor, whatever scope the unit of work reads) go with the work.
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(self._run, job, open_unit, work, serial),
                                  name=f"ohs-job-{job.id}", daemon=True)
        thread.start()
        return job

    def get(self, owner: str, job_id: str) -> Job | None:
        """The job if this browser session started it, else None (another session learns nothing of it)."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or not secrets.compare_digest(job.owner, owner):
            return None
        return job

    def wait(self, job_id: str, timeout: float) -> Job:
        """Block until the job has finished (tests and scripts; the browser reloads the page instead)."""
        with self._lock:
            job = self._jobs[job_id]
        if not job.finished.wait(timeout):
            raise TimeoutError(f"job {job.title!r} still running after {timeout} s")
        return job

    def _forget_old(self) -> None:
        extra = len(self._jobs) - self.keep
        for job_id in [j.id for j in self._jobs.values() if not j.running][:max(0, extra)]:
            del self._jobs[job_id]

    def _run(self, job: Job, open_unit: UnitOpener, work: Work, serial: bool = True) -> None:
        try:
            with self._serial if serial else contextlib.nullcontext():
                job.state = "running"
                with open_unit() as ctx:
                    outcome = work(ctx, job.report)
            job.result = outcome if isinstance(outcome, JobResult) else JobResult(str(outcome))
            job.state = "done"
        except Exception as exc:  # noqa: BLE001 - every failure ends the job with a sentence; nothing was committed
            job.error = _russian(exc)
            job.state = "failed"
            if job.error.message == _unexpected():
                log.error("ohs serve: job «%s» failed", job.title, exc_info=exc)
        finally:
            job.finished.set()


def _unexpected() -> str:
    from core.web.app import UNEXPECTED

    return UNEXPECTED


def _russian(exc: BaseException) -> OhsError:
    """The sentence the user reads: the service's own, the database's or the disk's, else «непредвиденный сбой»."""
    from core.errors import os_error
    from core.storage.db import translate_error

    if isinstance(exc, OhsError):
        from core.web.unit import on_form

        return on_form(exc)  # the form's wording, never the command line's options
    return translate_error(exc) or os_error(exc) or OhsError(_unexpected())


def runner(request: Request) -> JobRunner:
    """The desk's jobs."""
    from core.web.unit import desk

    return desk(request).job_runner()


def unit_opener(request: Request, write: bool = True) -> UnitOpener:
    """Open the job's unit of work as :func:`core.web.unit.unit_of_work` would for ``request``, after it is gone.

    The request's scope (the browser's session, whatever it says about who is signed in) is copied now,
    without the form: the work gets everything else from the route, never from the request. ``write=False``
    for work that only reads (it then holds no write lock while it runs).
    """
    from starlette.requests import Request as StarletteRequest

    from core.web.security import FORM_SCOPE_KEY
    from core.web.unit import unit_of_work

    detached = StarletteRequest({k: v for k, v in request.scope.items() if k != FORM_SCOPE_KEY})
    return lambda: unit_of_work(detached, write=write)


def start_job(request: Request, title: str, work: Work, back: tuple[str, str] | None = None,
              settle: float = SETTLE, writes: bool = True) -> Response:
    """Run ``work(ctx, report)`` in the background in its own unit of work; 303 to its page ``/jobs/{id}``.

    ``back`` is the (title, address) the job's page links back to (by default the page the form was on);
    the answer waits up to ``settle`` seconds, so the page of quick work already shows its result.
    ``writes=False``: the work only reads the database (a read-only unit, not queued behind other work).
    """
    from starlette.responses import RedirectResponse

    from core.web.security import SESSION_SCOPE_KEY

    if back is None:
        path = request.url.path.rsplit("/", 1)[0] or "/"
        back = ("Вернуться", path)
    job = runner(request).start(request.scope.get(SESSION_SCOPE_KEY, ""), title, back, unit_opener(request, writes),
                                work, serial=writes)
    job.finished.wait(settle)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _job_of(request: Request) -> Job:
    from core.web.security import SESSION_SCOPE_KEY

    job = runner(request).get(request.scope.get(SESSION_SCOPE_KEY, ""), request.path_params["job_id"])
    if job is None:
        # The same answer for a job of another browser as for none at all.
        raise NotFoundError("Такой работы нет: её начали в другом окне браузера или программа перезапущена; "
                            "вернитесь на страницу, где её начинали, и начните снова.")
    return job


def job_page(request: Request) -> Response:
    """Where the job stands: step and progress (reloading itself every second), then the result or the error."""
    from core.web.unit import page, redirect

    job = _job_of(request)
    if job.result is not None and job.result.goto:
        return redirect(request, job.result.goto, job.result.message)
    return page(request, "jobs/job.html", job=job)


def job_download(request: Request) -> Response:
    """The file the finished job made (the path its service returned, kept on the desk, not in the request)."""
    from core.web.downloads import file_download

    job = _job_of(request)
    if job.result is None or job.result.download is None:
        raise NotFoundError("У этой работы нет файла для скачивания.")
    path, media_type = job.result.download
    if not path.is_file():
        raise NotFoundError(f"Файл «{path.name}» не найден: его удалили из папки out/; сделайте его снова.")
    return file_download(path, media_type)


def routes() -> list[Any]:
    """The job's page and its file."""
    from starlette.routing import Route

    return [Route("/jobs/{job_id:str}", job_page, methods=["GET"], name="job"),
            Route("/jobs/{job_id:str}/download", job_download, methods=["GET"], name="job_download")]

