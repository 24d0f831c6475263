"""A server's capacity under many users: a connection for every thread, «Сегодня» of one school never waits for another's.

Measured by bench/bench_district.py (50 users of a 300-school district): SQLAlchemy's default pool (15) was taken
the whole time while 40 threads ran pages, and a server-wide lock made every school's «Сегодня» queue behind the
others', with a background refresh started per change. These tests hold the fixes in place.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
import time
from types import SimpleNamespace

import pytest

from core.web import snapshot
from core.web.snapshot import REFRESH_THREADS, TodayCache

DAY = datetime.date(2031, 3, 17)


def ctx_of(org_id: int, version: int = 0) -> SimpleNamespace:
    """The part of a unit of work the cache reads."""
    return SimpleNamespace(org=SimpleNamespace(id=org_id), today=DAY, version=version)


@pytest.fixture
def computing(monkeypatch):
    """The services faked: each computation recorded by organization; an organization's may be held on a gate."""
    import core.obligations.checks as checks
    import core.obligations.due as due

    done: list[int] = []
    gates: dict[int, threading.Event] = {}
    started: dict[int, threading.Event] = {}

    def items(ctx, _until):
        started.setdefault(ctx.org.id, threading.Event()).set()
        gate = gates.get(ctx.org.id)
        if gate is not None:
            assert gate.wait(10), "the test never opened the gate"
        done.append(ctx.org.id)
        return []

    monkeypatch.setattr(snapshot, "data_version", lambda ctx: (ctx.org.id, ctx.today, ctx.version))
    monkeypatch.setattr(due, "collect_due_items", items)
    monkeypatch.setattr(checks, "collect_findings", lambda ctx: [])
    return SimpleNamespace(done=done, gates=gates, started=started)


def test_one_school_computing_does_not_hold_up_another(computing):
    cache = TodayCache()
    computing.gates[1] = threading.Event()
    worker = threading.Thread(target=cache.get, args=(ctx_of(1),))
    worker.start()
    assert computing.started.setdefault(1, threading.Event()).wait(5)
    other = threading.Thread(target=cache.get, args=(ctx_of(2),))
    other.start()
    other.join(5)
    assert not other.is_alive() and computing.done == [2]  # school 2 served while school 1 still computes
    computing.gates[1].set()
    worker.join(5)
    assert computing.done == [2, 1]
    assert cache.get(ctx_of(1)).key == (1, DAY, 0) and computing.done == [2, 1]  # kept: not computed again


def test_a_second_visitor_of_the_same_school_waits_for_the_computation_rather_than_repeating_it(computing):
    cache = TodayCache()
    computing.gates[1] = threading.Event()
    visitors = [threading.Thread(target=cache.get, args=(ctx_of(1),)) for _ in range(3)]
    for visitor in visitors:
        visitor.start()
    assert computing.started.setdefault(1, threading.Event()).wait(5)
    computing.gates[1].set()
    for visitor in visitors:
        visitor.join(5)
    assert computing.done == [1]


def test_changes_faster_than_refreshes_are_folded_and_refresh_threads_are_bounded(computing):
    cache = TodayCache()
    versions = {1: 0, 2: 0, 3: 0}
    opened: list[int] = []

    class FakeApp:
        """Opens a unit of work on the organization's latest data, as App.context does."""

        @contextlib.contextmanager
        def context(self, write, today, tenant):
            opened.append(tenant)
            yield ctx_of(tenant, versions[tenant])

    app = FakeApp()
    computing.gates[1] = threading.Event()
    cache.refresh_in_background(app, 1)
    assert computing.started.setdefault(1, threading.Event()).wait(5)
    for n in range(20):  # twenty changes of school 1 while its refresh runs, and one of two other schools
        versions[1] = n + 1
        cache.refresh_in_background(app, 1)
    cache.refresh_in_background(app, 2)
    cache.refresh_in_background(app, 3)
    assert len([t for t in threading.enumerate() if t.name == "ohs-today"]) <= REFRESH_THREADS
    computing.gates[1].set()
    for _ in range(500):
        if not [t for t in threading.enumerate() if t.name == "ohs-today"]:
            break
        time.sleep(0.01)
    assert sorted(computing.done) == [1, 1, 2, 3]  # the running refresh, then one for all twenty changes
    assert cache.get(ctx_of(1, 20)).key == (1, DAY, 20) and sorted(computing.done) == [1, 1, 2, 3]
    assert sorted(opened) == [1, 1, 2, 3]


def test_the_server_pool_has_a_connection_for_every_thread():
    from core.app import App
    from core.plugins import get_plugin_manager
    from core.storage.db import POOL_OVERFLOW, make_engine
    from core.web.app import PAGE_THREADS
    from core.web.server import size_pool

    url = "postgresql://ohs@127.0.0.1:1/none"  # never connected to: the pool is configured, not used
    assert make_engine(url).pool.size() == 5  # a command: SQLAlchemy's default
    app = App(get_plugin_manager(entry_points=False), db=url)
    default = app.engine
    assert size_pool(app) == PAGE_THREADS + REFRESH_THREADS
    assert app.engine is not default and app.engine.pool.size() == PAGE_THREADS + REFRESH_THREADS
    assert app.engine.pool._max_overflow == POOL_OVERFLOW


def test_the_pages_run_in_as_many_threads_as_the_pool_was_sized_for(workspace):
    import anyio.to_thread
    from starlette.testclient import TestClient

    from core.app import App
    from core.plugins import get_plugin_manager
    from core.web.app import PAGE_THREADS, create_app

    web = create_app(App(get_plugin_manager(entry_points=False), workspace=str(workspace)))
    with TestClient(web) as client:  # as uvicorn runs it: the start-up (lifespan) included
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
        assert client.get("/people").status_code == 200
    assert tokens == PAGE_THREADS
