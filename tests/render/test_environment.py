"""The template environment: lookup order, strictness, sandbox, and messages a user can act on."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from core.errors import OhsError
from core.render.environment import make_environment, namespaces_from_dirs, render_docx, render_markup



def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def error_of(env, name: str, context: dict | None = None) -> OhsError:
    with pytest.raises(OhsError) as caught:
        render_markup(env, name, context or {})
    return caught.value


# --- missing values --------------------------------------------------------------------------


def test_missing_field_names_template_line_and_field(env, builtin):
    write(builtin, "policy.xml.j2", "<document>\n<p>{{ org.name }}</p>\n<p>ИНН {{ org.inn }}</p>\n</document>\n")
    error = error_of(env, "test/policy.xml.j2", {"org": {"name": "МБОУ"}})
    assert error.message.startswith("Шаблон test/policy.xml.j2, строка 3: нет значения поля org.inn")
    assert any("{{ org.inn }}" in line for line in error.details)


def test_missing_variable_is_named(env, builtin):
    write(builtin, "a.xml.j2", "<document><p>{{ head.name }}</p></document>")
    error = error_of(env, "test/a.xml.j2")
    assert "строка 1" in error.message and "поля head" in error.message


def test_missing_field_of_an_object(env, builtin):
    class Org:
        name = "МБОУ"

    write(builtin, "a.xml.j2", "<document>\n\n<p>{{ org.address.city }}</p></document>")
    error = error_of(env, "test/a.xml.j2", {"org": Org()})
    assert "строка 3" in error.message and "org.address" in error.message


def test_none_is_not_printed_as_none(env, builtin):
    write(builtin, "a.xml.j2", "<document>\n<p>КПП {{ org.kpp }}</p></document>")
    error = error_of(env, "test/a.xml.j2", {"org": {"kpp": None}})
    assert "строка 2" in error.message and "{{ org.kpp }}" in error.message and "None" in error.message


def test_optional_value_with_if_renders(env, builtin, tmp_path):
    write(builtin, "a.xml.j2", "<document><p>ИНН 1{% if org.kpp %}, КПП {{ org.kpp }}{% endif %}</p></document>")
    path = render_docx(env, "test/a.xml.j2", {"org": {"kpp": None}}, tmp_path / "a.docx")
    assert docx.Document(str(path)).paragraphs[0].text == "ИНН 1"


def test_missing_value_inside_a_shared_block_points_at_both_places(env, builtin):
    write(builtin, "a.xml.j2", '{% from "base/signature.xml.j2" import signature %}\n<document>\n{{ signature(head.position, head) }}\n</document>')
    error = error_of(env, "test/a.xml.j2", {"head": {}})
    assert "test/a.xml.j2, строка 3" in error.message and "head.position" in error.message


# --- the sandbox -----------------------------------------------------------------------------


def some_function() -> None:
    """A callable in the context, as a careless context builder might pass one."""


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "''.__class__.__mro__[1].__subclasses__()",
        "func.__globals__",
        "func.__code__",
        "cycler.__init__.__globals__",
        "lipsum.__globals__",
        "self._TemplateReference__context",
        "func.__dict__",
        "people.append('x')",
        "org.update(inn='0')",
        "().__class__.__base__",
    ],
)
def test_sandbox_escape_is_refused_in_russian(env, builtin, expression):
    write(builtin, "evil.xml.j2", f"<document>\n<p>{{{{ {expression} }}}}</p>\n</document>")
    context = {"func": some_function, "org": {"inn": "1"}, "people": []}
    error = error_of(env, "test/evil.xml.j2", context)
    assert error.message.startswith("Шаблон test/evil.xml.j2, строка 2 обращается к недоступному атрибуту «")
    assert context == {"func": some_function, "org": {"inn": "1"}, "people": []}  # nothing changed


def test_huge_range_is_refused(env, builtin):
    write(builtin, "a.xml.j2", "<document>{% for i in range(10**9) %}<p>{{ i }}</p>{% endfor %}</document>")
    error = error_of(env, "test/a.xml.j2")
    assert error.message.startswith("Шаблон test/a.xml.j2, строка 1")


# --- syntax and lookup -----------------------------------------------------------------------


def test_syntax_error_names_template_and_line(env, builtin):
    write(builtin, "a.xml.j2", "<document>\n<p>\n{% if org.inn %}\n</p>\n</document>\n")
    error = error_of(env, "test/a.xml.j2", {"org": {"inn": "1"}})
    assert error.message.startswith("Шаблон test/a.xml.j2, строка ")
    assert "ошибка в записи шаблона" in error.message


def test_syntax_error_in_an_imported_block_names_that_block(env, builtin):
    write(builtin, "blocks.xml.j2", "{% macro x() %}\n{{ 1 + }}\n{% endmacro %}")
    write(builtin, "a.xml.j2", '{% from "test/blocks.xml.j2" import x %}<document>{{ x() }}</document>')
    error = error_of(env, "test/a.xml.j2")
    assert error.message.startswith("Шаблон test/blocks.xml.j2, строка 2")


def test_unknown_filter_is_a_template_error(env, builtin):
    write(builtin, "a.xml.j2", "<document><p>{{ 'x'|no_such_filter }}</p></document>")
    assert "строка 1" in error_of(env, "test/a.xml.j2").message


def test_missing_template_says_where_it_looked(env, builtin, tmp_path):
    error = error_of(env, "test/nope.xml.j2")
    assert "test/nope.xml.j2 не найден" in error.message and str(builtin) in error.message
    assert "папка/файл" in error_of(env, "nope.xml.j2").message


def test_paths_cannot_leave_the_template_folders(env, builtin, tmp_path):
    (tmp_path / "secret.xml.j2").write_text("<document><p>секрет</p></document>", encoding="utf-8")
    error = error_of(env, "test/../../secret.xml.j2")
    assert "Недопустимое имя шаблона «test/../../secret.xml.j2»" in error.message and "секрет" not in error.message


def test_workspace_override_beats_builtin(builtin, tmp_path):
    workspace = tmp_path / "workspace" / "templates"
    write(builtin, "policy.xml.j2", "<document><p>встроенный</p></document>")
    env = make_environment({"test": builtin}, workspace)
    assert "встроенный" in render_markup(env, "test/policy.xml.j2", {})
    write(workspace / "test", "policy.xml.j2", "<document><p>организации</p></document>")
    env = make_environment({"test": builtin}, workspace)
    path = render_docx(env, "test/policy.xml.j2", {}, tmp_path / "a.docx")
    assert [p.text for p in docx.Document(str(path)).paragraphs] == ["организации"]


def test_override_can_extend_the_builtin(builtin, tmp_path):
    workspace = tmp_path / "ws"
    write(builtin, "policy.xml.j2", "<document>{% block body %}<p>встроенный</p>{% endblock %}</document>")
    write(workspace / "test", "policy.xml.j2",
          '{% extends "builtin:test/policy.xml.j2" %}{% block body %}{{ super() }}<p>дополнение</p>{% endblock %}')
    markup = render_markup(make_environment({"test": builtin}, workspace), "test/policy.xml.j2", {})
    assert "встроенный" in markup and "дополнение" in markup


def test_workspace_can_override_shared_blocks(builtin, tmp_path):
    workspace = tmp_path / "ws"
    write(workspace / "base", "signature.xml.j2", "{% macro signature(position, name) %}<p>свой блок {{ name }}</p>{% endmacro %}")
    write(builtin, "a.xml.j2", '{% from "base/signature.xml.j2" import signature %}<document>{{ signature("Директор", "И.И. Иванов") }}</document>')
    markup = render_markup(make_environment({"test": builtin}, workspace), "test/a.xml.j2", {})
    assert "свой блок И.И. Иванов" in markup


def test_template_saved_with_bom_or_windows_line_ends(env, builtin, tmp_path):
    (builtin / "a.xml.j2").write_bytes("\ufeff<document>\r\n<p>{{ x }}</p>\r\n</document>\r\n".encode("utf-8"))
    path = render_docx(env, "test/a.xml.j2", {"x": "да"}, tmp_path / "a.docx")
    assert [p.text for p in docx.Document(str(path)).paragraphs] == ["да"]


def test_template_not_in_utf8_is_explained(env, builtin):
    (builtin / "a.xml.j2").write_bytes("<document><p>Привет</p></document>".encode("cp1251"))
    assert "UTF-8" in error_of(env, "test/a.xml.j2").message


def test_namespaces_from_plugin_folders(tmp_path):
    first, second = tmp_path / "a" / "suot", tmp_path / "b" / "suot"
    write(second, "x.xml.j2", "<document><p>из второй папки</p></document>")
    first.mkdir(parents=True)
    namespaces = namespaces_from_dirs([first, second, tmp_path / "c" / "best_practices"])
    assert list(namespaces) == ["suot", "best_practices"]
    assert "из второй папки" in render_markup(make_environment(namespaces), "suot/x.xml.j2", {})


def test_list_templates(env, builtin):
    write(builtin, "sub/a.xml.j2", "<document/>")
    names = env.loader.list_templates()
    assert "test/sub/a.xml.j2" in names and "base/approval.xml.j2" in names


# --- filters ---------------------------------------------------------------------------------


def test_extra_filters_are_registered(builtin, tmp_path):
    write(builtin, "a.xml.j2", "<document><p>{{ name|shout }}</p></document>")
    env = make_environment({"test": builtin}, filters={"shout": str.upper})
    assert "<p>ИВАНОВ</p>" in render_markup(env, "test/a.xml.j2", {"name": "Иванов"})


def test_russian_filters_are_registered_when_present(env):
    russian = pytest.importorskip("core.render.russian")
    for name in russian.FILTERS:
        assert env.filters[name] is russian.FILTERS[name]


def test_filter_error_gains_the_template_line(builtin):
    def picky(value):
        raise OhsError("не могу просклонять «" + value + "»")

    write(builtin, "a.xml.j2", "<document>\n<p>{{ name|picky }}</p></document>")
    env = make_environment({"test": builtin}, filters={"picky": picky})
    error = error_of(env, "test/a.xml.j2", {"name": "Ъ"})
    assert error.message == "Шаблон test/a.xml.j2, строка 2: не могу просклонять «Ъ»"


# --- shared blocks ---------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "word"), [("м", "УТВЕРЖДЕН"), ("ж", "УТВЕРЖДЕНА"), ("ср", "УТВЕРЖДЕНО"), ("мн", "УТВЕРЖДЕНЫ")])
def test_approved_by_order_agrees_with_the_document(render_template, form, word):
    text = '{% from "base/approval.xml.j2" import approved_by_order %}<document>{{ approved_by_order(form, "приказом директора") }}</document>'
    lines = [p.text for p in docx.Document(str(render_template(text, {"form": form}))).paragraphs]
    assert lines == [word, "приказом директора", "от «__» ________ 20__ г. № ____"]


def test_approved_by_order_rejects_an_unknown_form(env, builtin):
    write(builtin, "a.xml.j2", '{% from "base/approval.xml.j2" import approved_by_order %}<document>{{ approved_by_order("женский") }}</document>')
    error = error_of(env, "test/a.xml.j2")
    assert "form должен быть м, ж, ср или мн" in error.message and "«женский»" in error.message


def test_letterhead_leaves_out_what_is_not_given(render_template):
    text = '{% from "base/letterhead.xml.j2" import letterhead %}<document>{{ letterhead("ИП Иванов И.И.", inn="771234567890") }}</document>'
    lines = [p.text for p in docx.Document(str(render_template(text))).paragraphs]
    assert lines == ["ИП Иванов И.И.", "ИНН 771234567890", ""]


def test_agreed_by_an_official(render_template):
    text = '{% from "base/approval.xml.j2" import agreed %}<document>{{ agreed("Председатель профкома", "А.А. Петрова", "20.09.2018") }}</document>'
    document = docx.Document(str(render_template(text)))
    assert [p.text for p in document.paragraphs] == ["СОГЛАСОВАНО", "Председатель профкома", "________________ А.А. Петрова", "20.09.2018"]
