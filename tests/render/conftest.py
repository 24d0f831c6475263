"""Fixtures for the document engine: a template that uses every structural element, and readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.render.environment import make_environment, render_docx

# Every element of the structure format, and every shared block of templates/base.
EVERY_ELEMENT = """\
{% from "base/letterhead.xml.j2" import letterhead %}
{% from "base/approval.xml.j2" import approved_by_order, approved_by_signature, agreed, grifs, agree_lines, approve_lines %}
{% from "base/signature.xml.j2" import signature, acknowledged, acknowledgement_sheet %}
{% from "base/tables.xml.j2" import simple_table %}
<document>
{{ letterhead(org.name, address=org.address, phone=org.phone, inn=org.inn, kpp=org.kpp, ogrn=org.ogrn) }}
{{ grifs(agree_lines(document=union), approve_lines(head.position, head.name, approved_on)) }}
{{ approved_by_order("ср", "приказом директора " ~ org.short, approved_on, "112-о") }}
<title>ПОЛОЖЕНИЕ<br/>о системе управления охраной труда</title>
<h numbered="yes">Общие положения</h>
<item level="2">Положение разработано для {{ org.short }}.</item>
<item level="2">Положение устанавливает:</item>
<item style="letter">порядок обучения;</item>
<item style="letter">порядок <b>инструктажей</b> и <i>проверок</i>;</item>
<item level="3">подпункт третьего уровня;</item>
<item style="dash">перечень с тире.</item>
<h numbered="yes">Ответственные лица</h>
<item level="2">Ответственный: <u>{{ head.name }}</u>, площадь 25 м<sup>2</sup>, H<sub>2</sub>O.</item>
<h level="2">Раздел без номера</h>
<p>Обычный абзац с отступом первой строки.</p>
<p align="center" indent="no" bold="yes" size="12" space-before="6" space-after="6" keep-next="yes">Абзац по центру</p>
<p>Первая строка<br/>вторая строка<tab/>после табуляции</p>
<block align="right" width="80">
<p>Блок справа</p>
</block>
<block align="left" width="70">
<p>Блок слева</p>
</block>
<table widths="10,40,25,25" header-rows="2">
<tr><th rowspan="2">№</th><th rowspan="2">Фамилия, имя, отчество</th><th colspan="2">Подпись</th></tr>
<tr><th>инструктирующего</th><th>инструктируемого</th></tr>
{% for person in people %}
<tr><td align="center">{{ loop.index }}</td><td>{{ person.name }}</td><td/><td/></tr>
{% endfor %}
<tr height="10" keep="yes"><td colspan="2" bold="yes" valign="bottom">Итого</td><td><p>абзац 1</p><p align="right">абзац 2</p></td><td/></tr>
</table>
<p/>
{{ simple_table(["№ п/п", "Дата", "Отметка"], rows, widths="10,30,60", split=4) }}
<p/>
{{ signature(head.position, head.name) }}
{{ acknowledged("С положением ознакомлен(а)") }}
<pagebreak/>
<p>После разрыва страницы</p>
<section orientation="landscape">
<h>Журнал (альбомная страница)</h>
<table borders="none" font-size="10" widths="1,1"><tr><td>без рамок</td><td>10 пт</td></tr></table>
</section>
<item start="7">Пункт с номером 7 после альбомного раздела.</item>
{{ acknowledgement_sheet("Положением о системе управления охраной труда", people, blank_rows=2) }}
</document>
"""

CONTEXT = {
    "org": {
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Школа № 1»",
        "short": "МБОУ «Школа № 1»",
        "address": "123456, г. Энск, ул. Ленина, д. 1",
        "phone": "+7 (495) 123-45-67",
        "inn": "7701234567",
        "kpp": "770101001",
        "ogrn": "1027700000000",
    },
    "head": {"position": "Директор", "name": "М.А. Ульянова"},
    "union": "Протокол заседания профсоюзного комитета от 20.09.2018 № 5",
    "approved_on": "«25» сентября 2018 г.",
    "people": [
        {"name": "Иванов Иван Иванович", "position": "учитель"},
        {"name": "Петрова Анна Сергеевна", "position": "завхоз"},
    ],
    "rows": [[n, f"{n:02d}.09.2025", f"отметка {n}"] for n in range(1, 11)],
}


def write_template(folder: Path, name: str, text: str) -> Path:
    """Put a template file at ``folder/name`` (creating folders) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    """A built-in template folder for the ``test`` namespace."""
    folder = tmp_path / "builtin" / "test"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def env(builtin: Path):
    """An environment over the ``test`` namespace and the shipped ``base`` blocks."""
    return make_environment({"test": builtin})


@pytest.fixture(scope="module")
def every_element_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The every-element document, rendered once per test module."""
    folder = tmp_path_factory.mktemp("every")
    write_template(folder / "test", "every.xml.j2", EVERY_ELEMENT)
    env = make_environment({"test": folder / "test"})
    return render_docx(env, "test/every.xml.j2", CONTEXT, folder / "every.docx")


@pytest.fixture
def render_template(env, builtin: Path, tmp_path: Path):
    """``render_template(text, context, name=…)``: write a ``test/`` template, render it, return the DOCX path."""
    counter = iter(range(10**6))

    def render(text: str, context: dict | None = None, name: str | None = None) -> Path:
        name = name or f"t{next(counter)}.xml.j2"
        write_template(builtin, name, text)
        return render_docx(env, f"test/{name}", context or {}, tmp_path / f"{Path(name).stem}.docx")

    return render
