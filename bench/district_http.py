"""Browsers for ``bench_district.py``: signed-in users over loopback HTTP, and the mixed load of many of them.

Standard library only (``http.client``): each :class:`Browser` keeps its own cookies (the session and sign-in
cookies the server sets) and opens a connection per request, so a slow answer never blocks another user's.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

#: Pages a specialist reads during the load, and how often each is chosen relative to the others.
PAGES = {"/": 2, "/people": 2, "/briefings/journal": 2, "/practices": 1, "/documents": 1}
#: «Записать в журнал» (POST /briefings/record): chosen this often relative to the pages above.
RECORD_WEIGHT = 2
RECORD = "POST /briefings/record"


class HttpError(Exception):
    """An answer other than the one a user expects (status, or the page named in a redirect)."""


def csrf_of(html: str) -> str:
    """The form token a page carries (the hidden ``csrf`` field)."""
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    if match is None:
        raise HttpError("the page has no form token")
    return match.group(1)


class Browser:
    """One user's browser on ``127.0.0.1:port``: its cookies, its form token, no redirects followed."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> tuple[int, str, bytes]:
        """(status, Location header, body) of one request; cookies the answer sets are kept."""
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, urllib.parse.quote(path, safe="/?=&%"), body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for cookie in response.headers.get_all("set-cookie") or ():
                name, _, value = cookie.split(";", 1)[0].partition("=")
                if value and "max-age=0" not in cookie.lower():
                    self.cookies[name.strip()] = value.strip()
                else:
                    self.cookies.pop(name.strip(), None)
            return response.status, response.headers.get("location", ""), data
        finally:
            conn.close()

    def get(self, path: str) -> bytes:
        """A page read whole; anything but 200 is an :class:`HttpError`."""
        status, location, data = self.request("GET", path)
        if status != 200:
            raise HttpError(f"GET {path}: {status} {location}")
        return data

    def sign_in(self, login: str, password: str) -> None:
        """Through ``/login`` as a person does: the form, its token, the answer's cookie."""
        self.csrf = csrf_of(self.get("/login").decode())
        status, location, _ = self.request("POST", "/login", {"login": login, "password": password,
                                                              "csrf": self.csrf})
        if status != 303 or "ohs_login" not in self.cookies:
            raise HttpError(f"sign-in of {login}: {status} {location}")

    def timed_get(self, path: str) -> float:
        """Seconds to read one page whole (200 expected)."""
        started = time.perf_counter()
        self.get(path)
        return time.perf_counter() - started


@dataclass
class UserPlan:
    """One user of the load: login, organization, the instructor and the people by department to brief."""

    login: str
    org_key: str
    instructor_id: int
    departments: dict[str, list[int]]


@dataclass
class LoadResult:
    """What the load did: per page the seconds of each successful request, the errors, the entries sent."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    posts: dict[str, int] = field(default_factory=dict)  # org key → successful «Записать в журнал»
    entries: dict[str, int] = field(default_factory=dict)  # org key → journal entries those POSTs recorded
    unsure: dict[str, int] = field(default_factory=dict)  # org key → POSTs whose answer never came
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        """Successful requests, all pages."""
        return sum(len(v) for v in self.times.values())


def _record_form(browser: Browser, user: UserPlan, rng: random.Random, on: str) -> tuple[dict[str, Any], int]:
    """A repeat briefing of 1–5 people of one department, instructed by the organization's specialist."""
    department = rng.choice(sorted(user.departments))
    present = rng.sample(user.departments[department], k=min(len(user.departments[department]), rng.randint(1, 5)))
    form = {"csrf": browser.csrf, "kind": "repeat", "on": on, "instructor": str(user.instructor_id),
            "department": department, "people": "", "reason": "", "act": "Инструкция по охране труда",
            "present": [str(p) for p in present]}
    return form, len(present)


def run_user(port: int, user: UserPlan, password: str, on: str, think: float, seed: int, result: LoadResult,
             start: threading.Barrier, deadline: list[float]) -> None:
    """Sign in, wait for everyone, then until the deadline read pages and record briefings at random."""
    rng = random.Random(seed)
    browser = Browser(port)
    try:
        browser.sign_in(user.login, password)
    except Exception as exc:  # noqa: BLE001 - any failure is an error of the run, counted and shown
        with result.lock:
            result.errors.append(f"{user.login}: {exc!r}")
        start.wait()
        return
    choices = [*PAGES, RECORD]
    weights = [*PAGES.values(), RECORD_WEIGHT]
    start.wait()  # the barrier's action has set the deadline: the timed part starts for everyone at once
    while time.perf_counter() < deadline[0]:
        what = rng.choices(choices, weights)[0]
        started = time.perf_counter()
        try:
            if what == RECORD:
                _record(browser, user, rng, on, result)
            else:
                browser.get(what)
            elapsed = time.perf_counter() - started
            with result.lock:
                result.times.setdefault(what, []).append(elapsed)
        except Exception as exc:  # noqa: BLE001
            with result.lock:
                result.errors.append(f"{user.login} {what}: {exc!r}")
        if think:
            time.sleep(rng.uniform(0, 2 * think))


def _record(browser: Browser, user: UserPlan, rng: random.Random, on: str, result: LoadResult) -> None:
    """One «Записать в журнал»: counted when the server answers with the journal (303), else an error."""
    form, people = _record_form(browser, user, rng, on)
    try:
        status, location, _ = browser.request("POST", "/briefings/record", form)
    except OSError:
        with result.lock:  # sent without an answer: it may or may not have been written
            result.unsure[user.org_key] = result.unsure.get(user.org_key, 0) + 1
        raise
    if status != 303 or not location.startswith("/briefings/journal"):
        raise HttpError(f"{RECORD}: {status} {location}")
    with result.lock:
        result.posts[user.org_key] = result.posts.get(user.org_key, 0) + 1
        result.entries[user.org_key] = result.entries.get(user.org_key, 0) + people


def run_load(port: int, users: list[UserPlan], password: str, on: str, seconds: float, think: float,
             on_start: Any = None) -> LoadResult:
    """Every user in a thread of their own for ``seconds`` once all have signed in; the results together.

    ``on_start`` is called once everyone has signed in, right before the timed part (to read counters).
    """
    result = LoadResult()
    deadline: list[float] = []

    def begin() -> None:
        if on_start is not None:
            on_start()
        deadline.append(time.perf_counter() + seconds)

    start = threading.Barrier(len(users) + 1, action=begin)
    threads = [threading.Thread(target=run_user, daemon=True,
                                args=(port, user, password, on, think, 1000 + i, result, start, deadline))
               for i, user in enumerate(users)]
    for thread in threads:
        thread.start()
    start.wait(timeout=600)
    for thread in threads:
        thread.join(timeout=seconds + 120)  # a request waits at most the browser's timeout past the deadline
    return result
