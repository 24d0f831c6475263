"""Any value a person can type or paste gives a valid DOCX whose text reads as typed."""

from __future__ import annotations

import re

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lxml import etree

from core.errors import OhsError
from core.render.docx_writer import write_docx
from core.render.environment import make_environment

# The rule, stated independently of the code: characters XML cannot hold are dropped, except
# Word's manual line/page breaks (\x0b, \x0c), which separate words and become a space; CR LF,
# CR and the Unicode line/paragraph separators are line breaks.
DROPPED = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]) + "\ufffe\uffff"


def as_read(typed: str) -> str:
    text = typed.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x0b", " ").replace("\x0c", " ")
    text = re.sub("[\ud800-\udfff]", "", text)
    return "".join(char for char in text if char not in DROPPED)


VALUES = {
    "ampersand": "ООО «Рога & Копыта»",
    "angle brackets": "<script>alert(1)</script> и 5 < 7 > 3",
    "quotes": "приказ \"О назначении\" и 'ответственного'",
    "ёлочки and dashes": "«Лучший специалист по охране труда» — ёлка, „лапки“",
    "line break": "первая строка\nвторая строка",
    "crlf from windows": "строка 1\r\nстрока 2\rстрока 3",
    "tab": "колонка 1\tколонка 2",
    "excel controls": "Ива\x00нов\x01 \x02И\x03.\x04И\x05.\x06\x07\x08\x0e\x0f\x10\x1f\x7f",
    "word breaks": "до\x0bпосле\x0cконец",
    "lone surrogates": "a\ud800b\udfffc",
    "xml noncharacters": "x\ufffey\uffffz",
    "unicode separators": "абзац\u2028строка\u2029ещё",
    "looks like markup": "<br/> &amp; <b>не жирный</b> <![CDATA[x]]> ]]>",
    "looks like jinja": "{{ org.inn }} {% if x %} {# комментарий #}",
    "only spaces inside": "  два пробела  в начале и конце  ",
    "entities typed": "&lt; &#x41; &nbsp;",
    "emoji and math": "⚠️ 𝔸 ½ м² №",
}


@pytest.mark.parametrize("typed", VALUES.values(), ids=VALUES.keys())
def test_value_in_paragraph_reads_as_typed(render_template, typed):
    path = render_template("<document><p>{{ value }}</p></document>", {"value": typed})
    assert docx.Document(str(path)).paragraphs[0].text == as_read(typed)


@pytest.mark.parametrize("typed", VALUES.values(), ids=VALUES.keys())
def test_value_in_table_cell_reads_as_typed(render_template, typed):
    text = (
        '{% from "base/tables.xml.j2" import simple_table %}'
        "<document><table><tr><td>{{ value }}</td><td>{{ value }}</td></tr></table>"
        '{{ simple_table(["Значение"], [[value]]) }}</document>'
    )
    document = docx.Document(str(render_template(text, {"value": typed})))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert cells == [as_read(typed), as_read(typed), "Значение", as_read(typed)]


@pytest.mark.parametrize("typed", VALUES.values(), ids=VALUES.keys())
def test_value_in_shared_blocks_reads_as_typed(render_template, typed):
    text = (
        '{% from "base/approval.xml.j2" import approved_by_signature %}'
        '{% from "base/signature.xml.j2" import signature %}'
        "<document>{{ approved_by_signature(value, 'И.И. Иванов') }}{{ signature(value, 'И.И. Иванов') }}</document>"
    )
    document = docx.Document(str(render_template(text, {"value": typed})))
    assert document.paragraphs[1].text == as_read(typed)
    assert document.tables[0].cell(0, 0).text == as_read(typed)


def test_break_and_tab_are_real_elements_not_text(render_template):
    path = render_template("<document><p>{{ value }}</p></document>", {"value": "a\nb\tc"})
    paragraph = docx.Document(str(path)).paragraphs[0]
    xml = paragraph._p.xml
    assert "<w:br/>" in xml and "<w:tab/>" in xml
    assert len(docx.Document(str(path)).paragraphs) == 1  # the break stays inside the paragraph


def test_attribute_injection_is_reported_not_obeyed(render_template):
    # The quote stays inside the attribute: the writer sees a bad width, not a new attribute.
    with pytest.raises(OhsError) as caught:
        render_template(
            '<document><table widths="{{ widths }}"><tr><td>x</td></tr></table></document>',
            {"widths": '1" colour="red'},
        )
    assert "widths" in caught.value.message
    assert "colour" not in caught.value.message.split("widths", 1)[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(alphabet=st.characters(exclude_categories=()), max_size=40))
def test_any_text_reads_back(tmp_path, typed):
    env = make_environment({})
    template = env.from_string("<document><p>{{ v }}</p><table><tr><td>{{ v }}</td></tr></table></document>")
    markup = template.render(v=typed)
    path = write_docx(markup, tmp_path / "any.docx")
    document = docx.Document(str(path))
    expected = as_read(typed)
    assert document.paragraphs[0].text == expected
    assert document.tables[0].cell(0, 0).text == expected


def test_render_markup_output_is_well_formed_for_every_control_character():
    env = make_environment({})
    typed = "".join(chr(c) for c in range(0x00, 0x80)) + "\ud800\udbff\udc00\udfff\ufffe\uffff"
    markup = env.from_string("<document><p>{{ v }}</p></document>").render(v=typed)
    etree.fromstring(markup.encode("utf-8"))  # would raise on any forbidden character
