"""``ohs serve``: this computer only, the plugins' pages in the menu, and a real server answering."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from core.testing import csrf_of


def free_port():
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_any_address_but_this_computer_is_refused(invoke, tmp_path, host):
    result = invoke("serve", "--host", host)  # refused before any workspace is looked for
    assert result.exit_code == 1
    assert "Сначала заведите учётные записи" in result.output
    assert f"«{host}»" in result.output


def test_hook_web_pages(workspace, desk_client, register):
    """A plugin's page is served and takes its place in the menu; its route uses the unit of work like the core's."""
    from starlette.routing import Route

    from core.hookspecs import hookimpl
    from core.web.pages import WebPage
    from core.web.unit import form_of, page, redirect, unit_of_work

    def hello(request):
        with unit_of_work(request) as ctx:
            name = ctx.org.key
        return page(request, "message.html", title="Привет", message=f"Привет, {name}")

    def hello_post(request):
        with unit_of_work(request, write=True) as ctx:
            ctx.audit("hello.say", "hello", None, said=form_of(request).get("word"))
        return redirect(request, "/hello", "Сказано.")

    class Hello:
        @hookimpl
        def web_pages(self):
            return [WebPage(path="/hello", title="Привет", position=25,
                            routes=[Route("/hello", hello), Route("/hello", hello_post, methods=["POST"])])]

    register(Hello())
    client = desk_client(workspace)
    home = client.get("/").text
    menu = re.findall(r'<a href="(/[^"]*)"', re.search(r'<nav aria-label="Разделы">(.*?)</nav>', home, re.S).group(1))
    assert menu[:5] == ["/", "/people", "/hello", "/documents", "/briefings"]  # position 25: after «Работники»
    assert "Привет, ws" in client.get("/hello").text
    token = csrf_of(client.get("/people/new").text)
    assert client.post("/hello", data={"word": "да"}).status_code == 403
    done = client.post("/hello", data={"word": "да", "csrf": token})
    assert done.status_code == 200 and "Сказано." in done.text


def test_two_plugins_claiming_one_page_are_refused(workspace, pm, register):
    from core.app import App
    from core.errors import OhsError
    from core.hookspecs import hookimpl
    from core.web.app import create_app
    from core.web.pages import WebPage

    class Twin:
        @hookimpl
        def web_pages(self):
            return [WebPage(path="/people", title="Другие работники", position=5)]

    register(Twin())
    with pytest.raises(OhsError, match="/people объявлена двумя плагинами"):
        create_app(App(pm, workspace=str(workspace)))


def test_ohs_serve_answers_in_a_real_process(demo, tmp_path):
    """The command as a user starts it: the menu and the pages come from a real uvicorn on a free port."""
    port = free_port()
    env = {**os.environ, "OHS_USER": "специалист"}
    process = subprocess.Popen([sys.executable, "-m", "core", "-w", str(demo), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        body = None
        for _ in range(300):  # until it listens (bounded: the loop ends, never the test's clock)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/people", timeout=5) as response:
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.1)
        assert body is not None, process.stdout.read() if process.poll() is not None else "no answer"
        assert "Работники" in body and "«специалист»" in body
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert f"http://127.0.0.1:{port}/" in output and "Traceback" not in output


def test_serve_in_an_empty_folder_makes_the_workspace_first(invoke, tmp_path, monkeypatch):
    """``ohs serve`` where there is no workspace runs ``ohs init`` there; «Первый запуск» fills it in."""
    import core.web.server as server

    served = []
    monkeypatch.setattr(server, "serve", lambda app, host, port, open_browser=False: served.append(app.workspace.root))
    folder = tmp_path / "school"
    result = invoke("-w", folder, "serve")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Рабочей папки нет — создаю её" in result.output and "Первый запуск" in result.output
    assert (folder / "ohs.toml").is_file() and served == [folder.resolve()]
