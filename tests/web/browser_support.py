"""What the browser tests share: Chromium and Playwright where present, a served desk, a page that takes screenshots."""

import contextlib
import shutil
import threading
import time

import pytest

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and shutil.os.path.exists(p)), None)

try:
    import playwright.sync_api  # noqa: F401
    HAVE_PLAYWRIGHT = True
except ImportError:
    HAVE_PLAYWRIGHT = False

#: The marks of a browser test: skipped, with the reason, where Chromium or Playwright is missing.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="нет Chromium: apt-get install chromium (так делает .ci/run)"),
    pytest.mark.skipif(not HAVE_PLAYWRIGHT, reason="нет Playwright для Python: pip install '.[test]'"),
]


@contextlib.contextmanager
def served_desk(pm, folder):
    """``ohs serve``'s application on ``folder``, in uvicorn on a free port of 127.0.0.1: yields its base URL."""
    from core.app import App
    from core.web.app import create_app

    with served_app(create_app(App(pm, workspace=str(folder)))) as url:
        yield url


@contextlib.contextmanager
def served_app(web):
    """Any ASGI application (a district server's) in uvicorn on a free port of 127.0.0.1: yields its base URL."""
    import uvicorn

    from tests.web.test_web_serve import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded wait for the socket; the test never reads the clock
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def screenshot_page(tmp_path):
    """A Chromium page at 1366×768 with ``page.shot(name)`` saving a full-page screenshot under the tmp dir."""
    from playwright.sync_api import sync_playwright

    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="ru-RU")
        # Long work (the pack, an approval by order) runs as a job whose page reloads itself: on a loaded CI
        # machine it may take minutes, so waits are bounded generously rather than at Playwright's 30 s.
        page.set_default_timeout(180_000)

        def shot(name):
            path = shots / f"{name}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 5000  # a rendered page, not a blank
            return path

        page.shot = shot
        try:
            yield page
        finally:
            browser.close()
