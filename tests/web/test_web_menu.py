"""The menu as the pages declare it (core.web.pages.menu): groups under headings, the current page, a plugin's place."""

import re

import pytest

from core.web.pages import MenuGroup, WebPage, current_page, menu


def _titles(entries):
    return [(e.title, [p.title for p in e.pages]) if isinstance(e, MenuGroup) else e.title for e in entries]


def test_pages_of_one_group_stand_under_one_heading_where_the_first_of_them_would():
    pages = [WebPage("/", "Сегодня", 10), WebPage("/b", "Б", 52, group="Г"), WebPage("/a", "А", 50, group="Г"),
             WebPage("/c", "В", 55), WebPage("/d", "Д", 70, group="Г"), WebPage("/feed", None, 5, group="Г"),
             WebPage("/alone", "Один", 80, group="Одна")]
    # A heading over a single page would only add a click: that page stands alone.
    assert _titles(menu(pages)) == ["Сегодня", ("Г", ["А", "Б", "Д"]), "В", "Один"]


def test_the_current_page_is_the_longest_that_serves_the_address():
    pages = [WebPage("/", "Сегодня", 10), WebPage("/district", "Район", 20),
             WebPage("/district/practices", "Практики", 30, group="Р"), WebPage("/district/x", "Х", 31, group="Р")]
    entries = menu(pages)
    assert current_page(entries, "/district/practices/12").path == "/district/practices"
    assert current_page(entries, "/district/summary.docx").path == "/district"
    assert current_page(entries, "/").path == "/" and current_page(entries, "/districts") is None


@pytest.mark.storage
def test_the_desk_menu_has_eight_headings_and_a_second_line_inside_a_group(workspace, desk_client):
    client = desk_client(workspace)
    home = client.get("/").text
    bar = re.search(r'<nav aria-label="Разделы">(.*?)</nav>', home, re.S).group(1)
    top = re.findall(r'^    <li(?: class="menu-group")?><(?:a href="[^"]+"[^>]*|details name="menu"><summary[^>]*)>([^<]+)<',
                     bar, re.M)
    assert top == ["Сегодня", "Работники", "Документы", "Инструктажи", "СУОТ", "Передовой опыт", "Конкурсы",
                   "Первый запуск"]
    assert 'class="menu-line"' not in home  # «Сегодня» belongs to no group
    medical = client.get("/medical/new").text
    assert '<summary class="here">СУОТ</summary>' in medical
    line = re.search(r'<nav aria-label="СУОТ" class="menu-line">(.*?)</nav>', medical, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', line) == ["/training", "/medical", "/sout", "/risks", "/measures",
                                                   "/incidents", "/control"]
    assert '<a href="/medical" aria-current="page">' in line


@pytest.mark.storage
def test_a_plugins_page_joins_a_group_by_its_name(workspace, desk_client, register):
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from core.hookspecs import hookimpl
    from core.web.pages import SUOT_GROUP

    class Lifts:
        @hookimpl
        def web_pages(self):
            return [WebPage("/lifts", "Подъёмники", 56, routes=[Route("/lifts", lambda r: PlainTextResponse("ок"))],
                            group=SUOT_GROUP)]

    register(Lifts())
    bar = re.search(r'<nav aria-label="Разделы">(.*?)</nav>', desk_client(workspace).get("/").text, re.S).group(1)
    suot = bar.split("<summary>СУОТ</summary>")[1].split("</details>")[0]
    assert re.findall(r'href="([^"]+)"', suot)[2:5] == ["/sout", "/lifts", "/risks"]  # by its position, 56
