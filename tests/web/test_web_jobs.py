"""Long work on the desk (core.web.jobs): a page that reloads itself with the progress, then the result or the error."""

import re
import threading

import pytest

from core.testing import csrf_of, finished_job

pytestmark = pytest.mark.storage


def _audit_actions(folder):
    from sqlmodel import select

    from core.app import App
    from core.plugins import get_plugin_manager
    from core.storage.models import AuditEntry

    app = App(get_plugin_manager(entry_points=False), workspace=str(folder))
    with app.session(write=False) as session:
        return [(e.actor, e.action) for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def slow_page(register):
    """A plugin page whose form starts a job: it writes an audit entry, reports progress, waits for ``go``."""
    from starlette.routing import Route

    from core.errors import OhsError
    from core.hookspecs import hookimpl
    from core.web.jobs import JobResult, start_job
    from core.web.pages import WebPage
    from core.web.unit import form_of

    control = {"go": threading.Event(), "fail": None}

    def slow_post(request):
        how = form_of(request).get("how")  # read here: the work gets what it needs from the route

        def work(ctx, report):
            ctx.audit("slow.work", "slow", None, how=how)
            report(1, 3, "Первый шаг")
            assert control["go"].wait(30)
            if how == "fail":
                raise OhsError("Не хватает данных для второго шага; заполните их и начните снова.")
            if how == "crash":
                raise RuntimeError("secret internals")
            report(3, 3, "Готово")
            return JobResult(f"Сделано для {ctx.org.key}.", lines=["строка 1", "строка 2"],
                             links=[("Открыть работников", "/people")])

        return start_job(request, "Медленная работа", work, back=("К медленной странице", "/slow"))

    class Slow:
        @hookimpl
        def web_pages(self):
            return [WebPage(path="/slow", title=None, routes=[Route("/slow", slow_post, methods=["POST"])])]

    register(Slow())
    return control


def _start(client, how="ok"):
    token = csrf_of(client.get("/people/new").text)
    response = client.post("/slow", data={"csrf": token, "how": how}, follow_redirects=False)
    assert response.status_code == 303 and re.fullmatch(r"/jobs/[\w-]+", response.headers["location"])
    return response


def test_the_job_page_reloads_with_the_progress_then_shows_the_result(workspace, desk_client, slow_page):
    from starlette.testclient import TestClient

    client = desk_client(workspace)
    before = _audit_actions(workspace)
    started = _start(client)
    url = started.headers["location"]
    running = client.get(url)
    assert running.status_code == 200
    assert '<meta http-equiv="refresh" content="1">' in running.text
    assert re.search(r'<progress max="3" value="1">', running.text)
    assert "Готово 1 из 3. Сейчас: Первый шаг." in running.text
    # Another browser (its own session cookie, same server) learns nothing of it.
    other = TestClient(client.app, raise_server_exceptions=False)
    assert other.get(url).status_code == 404
    assert "Такой работы нет" in other.get(url).text
    assert _audit_actions(workspace) == before  # one transaction: nothing is visible before the end
    slow_page["go"].set()
    done = finished_job(client, started)
    assert done.status_code == 200
    assert 'http-equiv="refresh"' not in done.text and "<progress" not in done.text
    assert re.search(r"Сделано для ws[-\w]*\.", done.text), done.text[done.text.find("<main"):]
    assert re.search(r"<li>строка 1</li>\s*<li>строка 2</li>", done.text)
    assert 'href="/people"' in done.text and 'href="/slow"' in done.text
    assert _audit_actions(workspace) == [*before, ("тестировщик", "slow.work")]  # the web actor, as a request's
    assert other.get(url).status_code == 404


@pytest.mark.parametrize("how, message", [
    ("fail", "Не хватает данных для второго шага; заполните их и начните снова."),
    ("crash", "Непредвиденный сбой: действие не выполнено, ничего не записано."),
])
def test_a_failing_job_shows_the_russian_error_and_writes_nothing(workspace, desk_client, slow_page, how, message):
    client = desk_client(workspace)
    before = _audit_actions(workspace)
    started = _start(client, how)
    slow_page["go"].set()
    page = finished_job(client, started)
    assert page.status_code == 200 and 'http-equiv="refresh"' not in page.text
    assert message in page.text and "Ничего не записано" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text
    assert _audit_actions(workspace) == before


def test_jobs_run_one_at_a_time_and_the_last_ones_are_kept():
    from core.web.jobs import JobRunner, JobResult

    runner = JobRunner(keep=3)
    go = threading.Event()
    opened = []

    class Unit:
        def __enter__(self):
            opened.append(1)
            return "ctx"

        def __exit__(self, *exc):
            return False

    first = runner.start("me", "первая", ("", "/"), Unit, lambda ctx, report: (go.wait(30), JobResult("1"))[1])
    second = runner.start("me", "вторая", ("", "/"), Unit, lambda ctx, report: "2")
    assert second.state == "queued" and not second.finished.is_set()  # waits for the first
    assert runner.get("you", first.id) is None and runner.get("me", first.id) is first
    go.set()
    assert runner.wait(second.id, 30).result.message == "2" and first.result.message == "1"
    later = [runner.start("me", f"№{n}", ("", "/"), Unit, lambda ctx, report: "ok") for n in range(3)]
    for job in later:
        runner.wait(job.id, 30)
    runner.start("me", "ещё", ("", "/"), Unit, lambda ctx, report: "ok")
    assert runner.get("me", first.id) is None and runner.get("me", second.id) is None  # the oldest forgotten
    assert all(runner.get("me", job.id) is job for job in later[1:])


def _hr_csv(rows):
    surnames = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Зайцев"]
    names = [("Иван", "Иванович"), ("Пётр", "Петрович"), ("Сергей", "Сергеевич"), ("Олег", "Олегович")]
    lines = ["Сотрудник;Табельный номер;Должность;Подразделение;Принят"]
    for n in range(rows):
        name, patronymic = names[n % len(names)]
        lines.append(f"{surnames[n % len(surnames)]} {name} {patronymic};{1000 + n};Тренер;Отдел {n % 7 + 1};"
                     "01.09.2020")
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_a_large_hr_file_is_imported_as_long_work(workspace, desk_client, invoke):
    import json

    from core.web.routes.people_import import LONG_IMPORT_ROWS

    client = desk_client(workspace)
    token = csrf_of(client.get("/people/import").text)
    rows = LONG_IMPORT_ROWS + 100
    preview = client.post("/people/import", data={"csrf": token},
                          files={"file": ("кадры.csv", _hr_csv(rows), "text/csv")})
    assert preview.status_code == 200 and f"добавлено <b>{rows}</b>" in preview.text
    upload = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    started = client.post("/people/import/apply", data={"csrf": token, "token": upload}, follow_redirects=False)
    done = finished_job(client, started)
    assert f"Импорт из «кадры.csv»: добавлено {rows}, обновлено 0, без изменений 0." in done.text
    people = json.loads(invoke("-w", workspace, "people", "list", "--all", "--json").output)
    assert len(people) == rows and {p["personnel_number"] for p in people} == {str(1000 + n) for n in range(rows)}
