"""The way to a page's first timer (macros/components/technique/start.py): the id the skip link and the start card
lead to, the card's words, and what the booklet keeps of them."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from macros.components import timer
from macros.components.technique import start


def a_timer(**values) -> str:
    return str(timer.timer(**{"hold": "30s", **values}))


HEADER = f'<div class="mdx-technique"><figure></figure>\n{start.PLACE}\n<dl></dl></div>'


def test_the_first_timer_gets_the_id_and_the_card_says_what_it_is_and_how_long():
    page = HEADER + a_timer(times=3, rest="15s", get_ready="45s", unit="spot", label="First time: 3 short spots") \
        + a_timer(times=4, rest="15s", unit="spot", label="Later")
    out = start.lead_to_first_timer(page)
    assert out.count(f'id="{start.TIMER_ID}"') == 1
    first, second = re.findall(r"<div class=\"mdx-timer\"[^>]*>", out)
    assert f'id="{start.TIMER_ID}"' in first and "id=" not in second
    card = re.search(r'<p class="mdx-technique__start">.*?</p>', out, re.S)[0]
    assert f'href="#{start.TIMER_ID}"' in card and "data-mdx-start" in card
    # 45 s to get ready, 3 spots of 30 s, 2 moves of 15 s.
    assert "First time: 3 short spots (2 minutes 45 seconds in all)" in card
    assert start.PLACE not in out
    assert out.index(card) < out.index("<dl>")  # in the header's place, before the facts


def test_the_total_time_is_what_the_timer_plays():
    values = {"hold": 60, "times": 4, "rest": 15, "get_ready": 45, "warn": 0, "unit": "spot",
              "count_down": False, "say": None, "label": None}
    assert start.total_seconds(values) == 45 + 4 * 60 + 3 * 15
    tag = start.first_timer(a_timer(hold="1 min", times=4, rest="15s", get_ready="45s", unit="spot"))[0]
    assert start.timer_values(tag) == values


def test_a_label_is_escaped_and_a_timer_without_one_says_its_time():
    label = 'Tom & "Jerry" <b>'
    out = start.lead_to_first_timer(HEADER + a_timer(label=label))
    card = re.search(r'<p class="mdx-technique__start">.*?</p>', out, re.S)[0]
    assert "<b>" not in card and "Tom &amp; &#34;Jerry&#34; &lt;b&gt;" in card
    out = start.lead_to_first_timer(HEADER + a_timer(hold="2 min"))
    assert "2 minutes in all" in out


def test_a_page_without_a_timer_loses_the_place_and_gets_no_id():
    out = start.lead_to_first_timer(HEADER + "<p>No timer here.</p>")
    assert start.PLACE not in out and "mdx-technique__start" not in out and "id=" not in out


def test_a_page_without_a_header_only_gets_the_id():
    out = start.lead_to_first_timer("<h2>Tips</h2>" + a_timer())
    assert out.count(f'id="{start.TIMER_ID}"') == 1 and "mdx-technique__start" not in out


def test_a_session_player_gets_the_id_and_a_card_without_details():
    player = '<div class="mdx-timer mdx-timer--player" data-mdx-timer data-steps="3">'
    out = start.lead_to_first_timer(HEADER + player + "</div>")
    assert f'data-steps="3" id="{start.TIMER_ID}">' in out
    assert "Go to the timer" in out and "mdx-technique__start-what" not in out


def test_the_booklet_keeps_neither_cards_nor_ids():
    page = start.lead_to_first_timer(HEADER + a_timer(label="x"))
    booklet = start.without_ways_to_start(page + page)
    assert "mdx-technique__start" not in booklet and start.TIMER_ID not in booklet
    assert booklet.count('class="mdx-timer"') == 2


def test_the_script_links_to_the_id_the_build_gives():
    script = (ROOT / "overrides/components/technique/technique.js").read_text(encoding="utf-8")
    assert f'var TIMER = "{start.TIMER_ID}";' in script


@pytest.mark.build
def test_every_built_technique_page_leads_to_its_first_timer(site_dir):
    for html_file in sorted((site_dir / "techniques").glob("*/index.html")):
        html = html_file.read_text(encoding="utf-8")
        assert html.count(f'id="{start.TIMER_ID}"') == 1, html_file
        assert re.search(rf'<div class="mdx-timer"[^>]*\bid="{start.TIMER_ID}"', html), html_file
        assert html.count('class="mdx-technique__start"') == 1, html_file
        assert html.index('class="mdx-technique__start"') < html.index('data-mdx-print>'), html_file
        assert "data-mdx-start-place" not in html
    booklet = (site_dir / "booklet" / "index.html").read_text(encoding="utf-8")
    assert f'id="{start.TIMER_ID}"' not in booklet and "mdx-technique__start" not in booklet


def test_the_time_fact_says_the_first_time_and_later_days_as_the_timers_run():
    from macros.components.technique import time_fact

    assert time_fact({"time_needed": 600}, 165) == (
        "about 3 minutes the first time; up to 10 on later days, getting into position included")
    assert time_fact({"time_needed": 600}, None) == "about 10 minutes"  # no timer to go by
    assert time_fact({"time_needed": 300}, 290) == "about 5 minutes"  # the first time is the whole time


def test_every_built_technique_page_and_card_gives_the_first_timers_time(site_dir):
    """The "Time" fact, on the page and on its home card, rounds up what the first timer runs
    (the "Go to the timer" card's "(2 minutes 45 seconds in all)")."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    for html_file in sorted((site_dir / "techniques").glob("*/index.html")):
        html = html_file.read_text(encoding="utf-8")
        values = start.timer_values(start.first_timer(html)[0])
        minutes = -(-start.total_seconds(values) // 60)
        fact = re.search(r'<dt>Time</dt> <dd><span class="mdx-technique__time">([^<]*)</span>', html)[1]
        assert fact.startswith(f"about {minutes} minute"), (html_file, fact)
        title = f'mdx-chooser__title"><a href="techniques/{html_file.parent.name}/">'
        card = re.search(re.escape(title) + r".*?<dt>Time</dt> <dd>([^<]*)</dd>", home, re.S)
        assert card and card[1] == fact, html_file
