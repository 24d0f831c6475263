"""Fixtures of the desk's browser tests: the demo served by uvicorn, a Chromium page taking screenshots."""

import pytest

from tests.web.browser_support import screenshot_page, served_desk


@pytest.fixture
def served(demo, pm):
    """``ohs serve``'s application on the demo, for this test: (base URL, demo folder)."""
    with served_desk(pm, demo) as url:
        yield url, demo


@pytest.fixture
def browser_page(tmp_path):
    """A Chromium page at 1366×768 taking screenshots under the tmp dir."""
    with screenshot_page(tmp_path) as page:
        yield page
