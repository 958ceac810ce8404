"""Templates compiled once (macros/core/compiled_templates.py): shared by environments set up
alike, kept on disk for the next build, compiled afresh when the template or the settings
differ."""

from __future__ import annotations

import jinja2
import pytest

from macros.core import compiled_templates, disk_cache


@pytest.fixture
def compiled(monkeypatch, tmp_path):
    """Counts the templates compiled; a fresh process's memory, the cache folder in tmp_path."""
    monkeypatch.setattr(disk_cache, "folder", tmp_path / "cache")
    monkeypatch.setattr(compiled_templates, "_caches", {})
    made = []
    original = jinja2.Environment.compile

    def compile(self, source, name=None, *args, **kwargs):
        if name:
            made.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return made


def env_of(folder, **settings) -> jinja2.Environment:
    return compiled_templates.use(jinja2.Environment(loader=jinja2.FileSystemLoader(folder), **settings))


def test_a_second_environment_and_a_second_build_take_the_compiled_code(tmp_path, compiled, monkeypatch):
    (tmp_path / "page.html").write_text("{% for x in items %}<b>{{ x }}</b>{% endfor %}")
    assert env_of(tmp_path).get_template("page.html").render(items=[1, 2]) == "<b>1</b><b>2</b>"
    assert env_of(tmp_path).get_template("page.html").render(items=[3]) == "<b>3</b>"
    monkeypatch.setattr(compiled_templates, "_caches", {})  # the next build: from the cache folder
    assert env_of(tmp_path).get_template("page.html").render(items=[4]) == "<b>4</b>"
    assert compiled == ["page.html"]


def test_an_edited_template_is_compiled_afresh(tmp_path, compiled, monkeypatch):
    (tmp_path / "page.html").write_text("old {{ x }}")
    assert env_of(tmp_path).get_template("page.html").render(x=1) == "old 1"
    (tmp_path / "page.html").write_text("new {{ x }}")
    assert env_of(tmp_path).get_template("page.html").render(x=1) == "new 1"
    monkeypatch.setattr(compiled_templates, "_caches", {})
    assert env_of(tmp_path).get_template("page.html").render(x=1) == "new 1"
    assert compiled == ["page.html", "page.html"]


def test_environments_set_up_otherwise_keep_their_code_apart(tmp_path, compiled):
    (tmp_path / "page.html").write_text("{% if x %}\n<b>{{ x }}</b>\n{% endif %}\n")
    plain = env_of(tmp_path).get_template("page.html").render(x="<i>")
    trimmed = env_of(tmp_path, trim_blocks=True, autoescape=True).get_template("page.html").render(x="<i>")
    assert (plain, trimmed) == ("\n<b><i></b>\n", "<b>&lt;i&gt;</b>\n")
    assert len(compiled) == 2


def test_a_cache_folder_that_cannot_be_written_is_left_alone(tmp_path, compiled, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setattr(disk_cache, "folder", blocked)
    (tmp_path / "page.html").write_text("{{ x }}")
    assert env_of(tmp_path).get_template("page.html").render(x=1) == "1"
    assert env_of(tmp_path).get_template("page.html").render(x=2) == "2"  # from memory still
    assert compiled == ["page.html"]
