"""Before you start, "Stop at once if" and "Get help now", as the build makes them: unit tests of
macros/components/before.py and macros/components/help.py on small pages, and the real site
built once (every technique and routine page, every page's help panel)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, article

from macros.components import before, callout, routine, technique
from macros.components import help as help_now
from macros.components.technique import start
from macros.core.config import COMPONENTS, settings
from macros.core.errors import KnotworkError

SETTINGS = {"emergency_number": "999 (UK) or 112 (EU)", "urgent_number": "urgent care (111 in the UK)"}


def page(*callout_ids: str, heading: str = "Safety", timer: bool = True) -> str:
    """A page's HTML as the build has it before the hook: a Safety section with these
    callouts, another section with one, and a timer."""
    cards = "\n".join(str(callout.callout(cid, settings=SETTINGS)) for cid in callout_ids)
    return (f'<p class="mdx-technique__start"><a class="mdx-technique__start-link" href="#{start.TIMER_ID}" '
            'data-mdx-start><span class="mdx-technique__start-title">Go to the timer</span></a></p>\n'
            f'<h2 id="what-it-is-for">What it is for</h2>\n{callout.callout("modest-evidence", settings=SETTINGS)}\n'
            f'<h2 id="{heading.lower()}">{heading}</h2>\n<p>Read this first.</p>\n{cards}\n<p>After the notes.</p>\n'
            '<h2 id="how-to-do-it">How to do it</h2>\n'
            + (f'<div class="mdx-timer" data-mdx-timer data-segments="[]" id="{start.TIMER_ID}">\n'
               '<p class="mdx-timer__sentence">Hold for 20 seconds.</p>\n</div>\n' if timer else ""))


def shorts(html: str) -> list[str]:
    return [unescape(text) for text in re.findall(r"<summary>(.*?)</summary>", html)]


def test_the_safety_sections_callouts_become_one_block_of_short_lines_in_page_order():
    html, key = before.page(page("stop-signs", "blood-thinners", "ask-first"), SETTINGS)
    assert html.count('<section class="mdx-before"') == 1
    assert shorts(html) == [callout.registry()[cid]["short"] for cid in ("stop-signs", "blood-thinners", "ask-first")]
    block = html[html.index("<section"):html.index("</section>")]
    # Each line opens to its whole callout, sources and all, in place.
    for cid in ("stop-signs", "blood-thinners", "ask-first"):
        whole = str(callout.callout(cid, settings=SETTINGS))
        assert whole in block and block.index(whole) > block.index(callout.registry()[cid]["short"])
    assert block.count("<details") == 3 and "</details>" in block
    # What was around the callouts stays; a callout of another section stays as it was.
    assert html.index("Read this first.") < html.index("<section") < html.index("After the notes.")
    assert html.index('data-mdx-callout="modest-evidence"') < html.index("<h2 id=\"safety\"")
    assert f'data-key="{key}"' in html and re.fullmatch(r"[0-9a-f]{12}", key)


def test_a_page_without_safety_callouts_gets_no_block_and_keeps_its_way_to_the_timer():
    for html in (page(), page("stop-signs", heading="Other")):
        made, key = before.page(html, SETTINGS)
        assert key is None and "mdx-before" not in made
        assert f'href="#{start.TIMER_ID}" data-mdx-start>' in made


def test_the_first_screen_control_leads_to_the_block_and_says_how_long_it_takes_to_read():
    html, _ = before.page(page("stop-signs", "blood-thinners"), SETTINGS)
    link = re.search(r'<a class="mdx-technique__start-link"[^>]*>(.*?)</a>', html, re.S)
    assert f'href="#{before.spec()["id"]}"' in link[0] and "data-mdx-first" in link[0]
    seconds = int(re.search(r'\((\d+) seconds to read\)', html)[1])
    assert f"{seconds} seconds to read, then the timer" in link[1]
    # The control's own words stay, for a reader who has read the block.
    assert '<span class="mdx-start__later"><span class="mdx-technique__start-title">Go to the timer</span>' in link[1]


def test_the_reading_time_grows_with_the_words_in_steps():
    spec = before.spec()
    words = lambda n: "<p>" + "word " * n + "</p>"  # noqa: E731
    step = spec["read_step"]
    assert before.reading_seconds(words(1)) == step
    per_step = spec["words_per_minute"] * step // 60
    assert before.reading_seconds(words(per_step)) == step
    assert before.reading_seconds(words(per_step + 1)) == 2 * step
    # The whole callouts under the lines are not read to decide: the lines are.
    hidden = '<div class="mdx-callout">' + "word " * 1000 + "</div>"
    assert before.reading_seconds(words(1) + hidden) == step


def test_the_key_changes_with_any_word_of_the_block_and_only_then():
    _, first = before.page(page("stop-signs", "blood-thinners"), SETTINGS)
    _, again = before.page(page("stop-signs", "blood-thinners"), SETTINGS)
    _, other_order = before.page(page("blood-thinners", "stop-signs"), SETTINGS)
    _, fewer = before.page(page("stop-signs"), SETTINGS)
    changed_html = page("stop-signs", "blood-thinners").replace("Ask your doctor", "Ask a doctor")
    _, changed = before.page(changed_html, SETTINGS)
    assert first == again
    assert len({first, other_order, fewer, changed}) == 4


def test_every_timer_has_stop_at_once_if_from_the_registry_and_a_way_to_help():
    html = page("stop-signs") + '<div class="mdx-timer mdx-timer--player" data-mdx-timer data-segments="[]">\n</div>\n'
    made, _ = before.page(html, SETTINGS)
    entry = callout.registry()[before.spec()["stop_callout"]]
    lines = re.findall(r'<div class="mdx-timer[^>]*>\n(<p class="mdx-stop">.*?</p>)', made)
    assert len(lines) == 2
    for line in lines:
        assert "<strong>Stop at once if</strong>" in line
        assert all(item.rstrip(".") in line for item in entry["items"])
        assert f'href="#{help_now.spec()["id"]}" data-mdx-help-open>Get help now</a>' in line


def registry_with(tmp_path: Path, monkeypatch, change) -> None:
    entries = yaml.safe_load(callout.REGISTRY.read_text(encoding="utf-8"))
    change(entries)
    registry = tmp_path / "registry.yml"
    registry.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    monkeypatch.setattr(callout, "REGISTRY", registry)
    callout.registry.cache_clear()


@pytest.fixture
def restore_registry():
    yield
    callout.registry.cache_clear()


def test_a_stop_callout_with_too_many_items_fails_the_build_with_a_fix(tmp_path, monkeypatch, restore_registry):
    wanted = before.spec()["stop_callout"]

    def more(entries):
        entry = next(e for e in entries if e["id"] == wanted)
        entry["items"] = entry["items"] + ["you feel dizzy"] * before.spec()["stop_lines"]

    registry_with(tmp_path, monkeypatch, more)
    with pytest.raises(KnotworkError) as err:
        before.page(page("blood-thinners"), SETTINGS)
    assert f"`{wanted}` has" in err.value.message and "Stop at once if" in err.value.message
    assert "merge items" in err.value.fix


def test_a_missing_stop_callout_is_named(tmp_path, monkeypatch, restore_registry):
    wanted = before.spec()["stop_callout"]
    registry_with(tmp_path, monkeypatch, lambda entries: entries.remove(next(e for e in entries if e["id"] == wanted)))
    with pytest.raises(KnotworkError) as err:
        before.check_registry()
    assert f"no callout `{wanted}`" in err.value.message and "stop_callout" in err.value.fix


def test_a_new_urgent_card_joins_the_help_panel_by_itself(tmp_path, monkeypatch, restore_registry):
    card = {"id": "neck-urgent", "level": "urgent", "heading": "See a doctor today if your neck locks:",
            "short": "A neck that locks: get help today", "items": ["your neck locks"],
            "sources": [{"publisher": "NHS", "title": "TMD", "url": "https://www.nhs.uk/"}]}
    registry_with(tmp_path, monkeypatch, lambda entries: entries.append(card))
    ids = help_now.callout_ids()
    levels = [callout.registry()[cid]["level"] for cid in ids]
    assert "neck-urgent" in ids
    assert levels == sorted(levels, key=help_now.spec()["levels"].index)
    assert set(ids) == {e["id"] for e in callout.registry().values() if e["level"] in help_now.spec()["levels"]}
    assert 'data-mdx-callout="neck-urgent"' in help_now.panel(SETTINGS, None)


def test_the_help_panels_safety_link_starts_from_the_sites_root():
    assert help_now.site_root(None) == "/"
    assert help_now.site_root("https://knotwork.example.org/") == "/"
    assert help_now.site_root("https://someone.github.io/fork") == "/fork/"
    assert 'href="/fork/safety/"' in help_now.panel(SETTINGS, "https://someone.github.io/fork")


def test_the_booklet_keeps_each_block_as_a_list_without_ids_or_confirmation():
    one, _ = before.page(page("stop-signs"), SETTINGS)
    booklet = before.in_booklet(one + one.replace(f'href="#{help_now.spec()["id"]}"', 'href="#tips-x-get-help-now"'))
    assert booklet.count('<section class="mdx-before" aria-label="Before you start"') == 2
    assert f'id="{before.spec()["id"]}' not in booklet and "data-key" not in booklet and "data-mdx-read" not in booklet
    assert booklet.count(f'href="#{help_now.spec()["id"]}"') == 2


def test_text_in_a_short_line_is_escaped(tmp_path, monkeypatch, restore_registry):
    def evil(entries):
        next(e for e in entries if e["id"] == "blood-thinners")["short"] = "<img src=x onerror=alert(1)> & more"

    registry_with(tmp_path, monkeypatch, evil)
    html, _ = before.page(page("blood-thinners"), SETTINGS)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp; more" in html


# ---- The real site ----------------------------------------------------------------------------------

_CALL = re.compile(r'\{\{\s*callout\(\s*"([\w-]+)"\s*\)\s*\}\}')


def safety_ids(path: Path) -> list[str]:
    """The callouts a page's source (or, for a routine, its steps) puts under `## Safety`."""
    if path.parent.name == "routines":
        return dict(routine.callouts_by_section(routine.load(path, ROOT / "docs")))["Safety"]
    text = path.read_text(encoding="utf-8")
    part = re.split(r"^## Safety\s*$", text, flags=re.M)[1].split("\n## ")[0]
    return _CALL.findall(part)


def built(site_dir: Path, path: Path) -> str:
    rel = path.relative_to(ROOT / "docs").with_suffix("").as_posix()
    return (site_dir / rel / "index.html").read_text(encoding="utf-8")


def safety_pages() -> list[Path]:
    pages = technique.technique_files(ROOT / "docs") + routine.routine_files(ROOT / "docs")
    assert len(pages) >= 2
    return pages


@pytest.mark.build
def test_every_technique_and_routine_page_opens_its_safety_with_the_block_of_its_callouts(site_dir):
    for path in safety_pages():
        html = article(built(site_dir, path))
        wanted = safety_ids(path)
        assert wanted, path
        assert html.count('<section class="mdx-before"') == 1, path
        block = html[html.index('<section class="mdx-before"'):html.index("</section>")]
        assert re.findall(r'data-mdx-callout="([\w-]+)"', block) == wanted, path
        assert shorts(block) == [callout.fill(callout.registry()[cid]["short"], {}, callout.registry()[cid])
                                 for cid in wanted]
        # None of the section's callouts is left outside the block.
        section_html = html[html.index('<h2 id="safety"'):]
        section_html = section_html[:section_html.index("<h2", 5)]
        assert len(re.findall(r'class="mdx-callout ', section_html)) == len(wanted), path


@pytest.mark.build
def test_the_theme_marks_a_read_page_with_the_key_of_its_block(site_dir):
    prefix = before.spec()["storage_prefix"]
    for path in safety_pages():
        html = built(site_dir, path)
        key = re.search(r'data-key="([0-9a-f]+)"', html)[1]
        head = html[:html.index("</head>")]
        assert f'localStorage.getItem("{prefix}"+location.pathname)=="{key}"' in head, path
    # The script that reads it uses the same prefix.
    script = (COMPONENTS / "before" / "before.js").read_text(encoding="utf-8")
    assert f'"{prefix}" + location.pathname' in script


@pytest.mark.build
def test_every_page_has_get_help_now_with_the_numbers_of_mkdocs_yml(site_dir):
    numbers = settings(ROOT / "mkdocs.yml")  # extra.knotwork: the one place numbers are written
    digits = {d for key in ("emergency_number", "urgent_number") for d in re.findall(r"\d{3,}", numbers[key])}
    pages = [p for p in site_dir.rglob("*.html") if p.relative_to(site_dir).parts[0] not in ("components", "assets")]
    assert len(pages) > 8
    for file in pages:
        html = file.read_text(encoding="utf-8")
        assert html.count('class="mdx-help__open" href="#get-help-now"') == 1, file
        panel = html[html.index('<div class="mdx-help md-typeset" id="get-help-now"'):]
        panel = panel[:panel.index('class="mdx-help__more"')]  # its cards, before the links at its foot
        assert re.findall(r'data-mdx-callout="([\w-]+)"', panel) == help_now.callout_ids(), file
        assert set(re.findall(r'href="tel:(\d+)"', panel)) == digits, file


@pytest.mark.build
def test_every_timer_and_player_has_its_stop_line(site_dir):
    timers = 0
    for file in site_dir.rglob("index.html"):
        html = file.read_text(encoding="utf-8")
        for tag in start.TIMER_TAG.finditer(html):
            timers += 1
            assert html[tag.end():].lstrip().startswith('<p class="mdx-stop"><strong>Stop at once if</strong>'), file
    assert timers >= 10
