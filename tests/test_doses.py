"""Doses are kept once (overrides/components/dose/doses.yml) and every place a number shows is
checked against them: timers, `time_needed`, the page's own words and the callouts. Also the
red flags the get-help callouts must carry, at the level the sources give them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build, copy_project, make_docs, registry_error

from macros.checks.site import check_site
from macros.components import callout, dose, technique
from macros.core.config import settings
from macros.core.errors import KnotworkError
from macros.core.fields import coerce
from macros.core.page import Page
from macros.pages.macro_table import macro_table

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "foam-roller-on-the-floor.md"
ART = FIXTURES / "good" / "foam-roller-on-the-floor.svg"
GOOD_TIMER = ('{{ timer("30s", times=3, rest="10s", get_ready="45s", label="Lie on the roller", '
              'id="foam-roller-on-the-floor-1") }}')
SETTINGS = settings(ROOT / "mkdocs.yml")


def problems_for(tmp_path: Path, edit) -> list[str]:
    """The problems of the good page after `edit(text)`, as 'line: message (fix)'."""
    text = GOOD.read_text()
    changed = edit(text)
    assert changed != text, "the edit changed nothing"
    tmp_path.mkdir(parents=True, exist_ok=True)
    page = tmp_path / GOOD.name
    page.write_text(changed)
    docs = make_docs(tmp_path, {GOOD.name: page})
    found = check_site(docs, ROOT / "mkdocs.yml", macro_table(SETTINGS, docs), dt.date(2026, 12, 1))
    return [f"{p.line}: {p.message} ({p.fix})" for p in found]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_good_page_agrees_with_its_dose(tmp_path):
    assert problems_for(tmp_path, lambda t: t + "\n") == []


def test_a_hold_longer_than_the_dose_allows_fails_naming_the_dose_and_its_source(tmp_path):
    found = problems_for(tmp_path, lambda t: t.replace('timer("30s", times=3', 'timer("20 min", times=2'))
    limit = dose.registry()["rest-position"]
    source = limit.sources["hold"]
    assert any("the timer holds for 20 minutes; the dose `rest-position` allows up to 15 minutes for one hold"
               in p and source["url"] in p and "make `hold` 15 minutes or less" in p for p in found), found
    assert f"{line_of(GOOD.read_text(), GOOD_TIMER)}: the timer holds for 20 minutes" in "\n".join(found)


def test_holds_that_add_up_to_more_than_a_session_fail(tmp_path):
    found = problems_for(tmp_path, lambda t: t.replace('timer("30s", times=3', 'timer("10 min", times=2'))
    assert any("the timer's holds add up to 20 minutes; the dose `rest-position` allows up to 15 minutes in one "
               "session" in p for p in found), found


@pytest.mark.parametrize("written", ['get_ready="1m30s"', 'get_ready="45s", count_down="yes"',
                                     'get_ready="45s", how="' + "Lean " * 25 + '"'])
def test_a_timer_written_wrong_gets_its_own_message_and_no_other(tmp_path, written):
    """Not also "no timer short enough for a first session", nor its 30 seconds "not a number of
    its timers": the timer is still there, written wrong."""
    found = problems_for(tmp_path, lambda t: t.replace('get_ready="45s"', written, 1))
    assert len(found) == 1 and found[0].startswith(f"{line_of(GOOD.read_text(), GOOD_TIMER)}: `timer`"), found


def test_a_page_needs_a_timer_short_enough_for_a_first_session(tmp_path):
    found = problems_for(tmp_path, lambda t: t.replace('timer("30s", times=3, rest="10s"', 'timer("6 min"'))
    assert any("no timer is short enough for a first session: the dose `rest-position` allows up to 5 minutes in "
               "all the first time" in p for p in found), found


def test_lying_down_needs_time_to_get_into_position(tmp_path):
    found = problems_for(tmp_path, lambda t: t.replace('get_ready="45s"', 'get_ready="20s"'))
    assert any("the timer gives 20 seconds to get ready; getting into position (lying on your back) needs at least "
               '45 seconds. (add `get_ready="45s"`' in p for p in found), found
    standing = problems_for(tmp_path / "b", lambda t: t.replace("position: lying on your back", "position: standing")
                            .replace('get_ready="45s"', 'get_ready="20s"'))
    assert not any("to get ready" in p for p in standing), standing


@pytest.mark.parametrize(("written", "fix"), [("1 min", "write `time_needed: 3 min` (from 3 to 7 min"),
                                               ("30 min", "write `time_needed: 3 min` (from 3 to 7 min")])
def test_time_needed_must_fit_the_longest_timer(tmp_path, written, fix):
    found = problems_for(tmp_path, lambda t: t.replace("time_needed: 5 min", f"time_needed: {written}"))
    # The timer: 45 s to get ready, 3 holds of 30 s and 2 rests of 10 s: 2 minutes 35 seconds.
    assert [p for p in found if p.startswith("8: `time_needed` is ")] == [
        f"8: `time_needed` is {coerce(technique.fields()['time_needed'], written) // 60} minute"
        f"{'s' if written != '1 min' else ''}, but the longest timer on the page takes 2 minutes 35 seconds. ({fix}: "
        "the longest timer, and time to get into position and up again).)"], found


def test_a_duration_in_the_page_s_own_words_must_be_the_dose_s_or_a_timer_s(tmp_path):
    edited = "You may feel a little sore the next day. Hold each spot for 4 minutes."
    found = problems_for(tmp_path, lambda t: t.replace("You may feel a little sore the next day.", edited))
    line = line_of(GOOD.read_text(), "You may feel a little sore")
    assert [p.split(" (")[0] for p in found] == [f"{line}: the page says `4 minutes`, which is not a number of its "
                                                 "dose `rest-position`"]
    # The dose's own numbers and the timers' are fine, written in words or in digits.
    fine = "Hold each spot for 30 seconds, ten seconds apart, and see a GP after 2 weeks with no change."
    assert problems_for(tmp_path / "b", lambda t: t.replace("That is common.", fine)) == []


def test_the_pace_of_a_breath_is_not_a_dose_but_a_hold_beside_it_is(tmp_path):
    breath = "Breathe in for 4 seconds, then out for 6 seconds. Take a slow breath every 5 seconds."
    assert problems_for(tmp_path, lambda t: t.replace("That is common.", breath)) == []
    pressing = "Breathe slowly and press for 4 minutes. Breathe normally, then hold for 7 minutes."
    found = problems_for(tmp_path / "b", lambda t: t.replace("That is common.", pressing))
    assert [p.split(", which")[0].split(": ", 1)[1] for p in found] == ["the page says `4 minutes`",
                                                                       "the page says `7 minutes`"]


def test_a_callout_with_another_dose_s_numbers_is_refused(tmp_path):
    found = problems_for(tmp_path, lambda t: t.replace('{{ callout("how-hard") }}',
                                                       '{{ callout("how-hard") }}\n\n{{ callout("start-short") }}'))
    assert any("the callout `start-short` gives the numbers of the dose `pressure-on-a-knot`, but this page's dose "
               "is `rest-position`." in p for p in found), found


def test_the_callouts_a_dose_names_are_required(tmp_path):
    found = problems_for(tmp_path, lambda t: t.replace('{{ callout("ask-first") }}\n\n', ""))
    assert ("None: the callout `ask-first` is missing: every page with the dose `rest-position` has it. "
            '(add {{ callout("ask-first") }} where it fits (see the real technique pages).)') in found


def test_a_page_names_exactly_one_dose_in_its_section(tmp_path):
    assert any("the page names no dose." in p and '{{ dose("…") }} under `## How hard, how long and how often`' in p
               for p in problems_for(tmp_path, lambda t: t.replace('{{ dose("rest-position") }}', "")))
    moved = problems_for(tmp_path / "b", lambda t: t.replace('{{ dose("rest-position") }}\n\n', "").replace(
        "## Afterwards\n", '## Afterwards\n\n{{ dose("rest-position") }}\n'))
    assert any("the dose `rest-position` is under `## Afterwards`." in p for p in moved), moved
    unknown = problems_for(tmp_path / "c", lambda t: t.replace('dose("rest-position")', 'dose("rest-postion")'))
    assert [p.split(".")[0] for p in unknown] == ["39: `dose` parameter `id` has no choice `rest-postion`"]


# The dose file itself ------------------------------------------------------------------------


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["doses"][0].update(hold={"up_to": "10 min", "says": "x", "source": "real-bodywork"}),
     "`hold` (10 minutes) is longer than `session` (5 minutes)"),
    (lambda d: d["doses"][0]["how_often"].update(source="a-blog"),
     "`how_often` cites `a-blog`, which `sources` does not list."),
    (lambda d: d["doses"][0]["build_up"].update(says="Add 30 seconds a day."),
     "`build_up.says` writes `30 seconds`."),
    (lambda d: d["doses"][0].update(per_week=3), "unknown field `per_week`."),
    (lambda d: d["doses"][0].pop("no_better_after"), "`no_better_after` is missing."),
    (lambda d: d["doses"][0]["get_ready"].pop("standing"), "`get_ready` must give a time for each position."),
])
def test_a_bad_dose_fails_every_build_naming_the_dose(doses_file, edit, message):
    path, data = doses_file
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(KnotworkError, match=re.escape(message)) as err:
        dose.registry()
    assert str(err.value).startswith("doses.yml, dose 1 (pressure-on-a-knot): ")


def test_a_callout_that_names_a_dose_shows_its_numbers_and_follows_a_change(doses_file):
    html = callout.callout("start-short", settings=SETTINGS)
    assert "Press one spot for up to 1 minute, then move to a new spot. The first time, stop after about 2 minutes" \
        in html
    path, data = doses_file
    data["doses"][0]["hold"]["up_to"] = "45s"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    dose.registry.cache_clear()
    assert "Press one spot for up to 45 seconds," in callout.callout("start-short", settings=SETTINGS)


def test_a_callout_that_names_a_dose_may_not_write_a_number(monkeypatch):
    entry = {**callout.registry()["start-short"], "text": "Press one spot for up to 1 minute."}
    with pytest.raises(KnotworkError, match="the callout writes `1 minute`, but its numbers come from the dose"):
        callout.check_registry_entry(entry, "registry.yml, entry 1 (start-short)")


def test_the_dose_card_shows_every_limit_with_its_source():
    html = dose.dose("pressure-on-a-knot")
    found = dose.registry()["pressure-on-a-knot"]
    for key, label in dose.LABELS.items():
        assert f"<dt>{label}</dt>" in html
        source = found.sources[key]
        assert (source["url"] in html) if source else "(Knotwork's own limit)" in html
    assert "<strong>Up to 1 minute</strong>" in html and "<strong>After 2 weeks</strong>" in html


# The real pages ------------------------------------------------------------------------------


def real_pages() -> list[Page]:
    return [technique.load(p)[0] for p in technique.technique_files(ROOT / "docs")]


def test_every_real_technique_says_how_often_how_to_build_up_and_when_to_get_help():
    for page in real_pages():
        names = re.findall(r'\{\{ dose\("([\w-]+)"\) \}\}', page.body)
        assert len(names) == 1, page.rel
        found = dose.registry()[names[0]]
        assert found.limits["no_better_after"] == 14 * 86400, page.rel  # about 2 weeks (NHS inform)
        assert found.says["how_often"] and found.says["build_up"]


def test_safety_comes_before_the_steps_and_the_first_timer():
    for page in real_pages():
        safety, steps = page.body.index("\n## Safety\n"), page.body.index("\n## How to do it\n")
        assert safety < steps < page.body.index("{{ timer(")
        for callout_id in ("stop-signs", "ask-first"):
            assert safety < page.body.index(f'callout("{callout_id}")') < steps, (page.rel, callout_id)


# The red flags -------------------------------------------------------------------------------


def level_text(level: str) -> str:
    """Every word of every callout of one level, lower case."""
    parts = []
    for entry in callout.registry().values():
        if entry["level"] == level:
            parts += [entry["heading"], entry.get("text") or "", entry.get("after") or "", *(entry.get("items") or [])]
    return " ".join(parts).lower()


# Each sign in the callout that carries it, at the level its source gives it (the notes of the
# second clinical review: NHS, HSE, NICE NG234, Mayo Clinic, NHS Gloucestershire).
RED_FLAGS = [
    # Heart and aorta (NHS and HSE "Chest pain"; HSE "Aortic dissection"): 999.
    ("emergency-heart", "emergency", "sudden chest pain that spreads to your arms, back, neck or jaw"),
    ("emergency-heart", "emergency", "makes your chest feel tight or heavy"),
    ("emergency-heart", "emergency", "shortness of breath, sweating, and feeling or being sick"),
    ("emergency-heart", "emergency", "lasts more than 15 minutes"),
    ("emergency-heart", "emergency", "sudden, severe pain in your chest or upper back, between your shoulder blades"),
    # Cancer with nerve signs (NICE NG234: immediately): 999.
    ("emergency-cancer", "emergency", "you have or have had cancer"),
    ("emergency-cancer", "emergency", "new weakness, numbness or trouble using an arm or leg"),
    ("emergency-cancer", "emergency", "trouble walking"),
    ("cauda-equina-signs", "emergency", "cannot feel the toilet paper when you wipe"),
    ("cauda-equina-signs", "emergency", "do not know when your bladder is full"),
    # Cancer without them (NICE NG234: within 24 hours), now with worsening, constant and night pain.
    ("urgent-help-risks", "urgent", "you have or have had cancer, and the pain is in the middle or top of your back"),
    ("urgent-help-risks", "urgent", "is getting worse, is severe and constant, or stops you sleeping"),
    # Any fall, blow or injury (Mayo: get care at once), and the small knock on weak bones.
    ("urgent-help-risks", "urgent", "get help now"),
    ("urgent-help-risks", "urgent", "it started after a fall, a blow to your back or another injury"),
    ("urgent-help-risks", "urgent", "a small knock, and you have osteoporosis (thin, weak bones) or take steroids"),
    ("urgent-help-risks", "urgent", "a fever or chills, a weak immune system"),
    ("urgent-help-risks", "urgent", "numbness or tingling that stays after you stop"),
    ("urgent-help", "urgent", "between your shoulder blades"),
    # Jaw (NHS "Temporomandibular disorder", current): urgent, not "see a GP".
    ("jaw-urgent", "urgent", "you cannot eat or drink"),
    ("jaw-urgent", "urgent", "you cannot open your mouth fully, or your jaw locks"),
    ("jaw-urgent", "urgent", "pain at the side of your head, or your scalp or temple is tender"),
    ("jaw-urgent", "urgent", "frequent, severe headaches"),
    ("jaw-urgent", "urgent", "double vision or loss of sight"),
    # Mayo's "see a doctor": below the knee, one leg, drug or alcohol misuse.
    ("see-a-doctor-more", "see-doctor", "below the knee"),
    ("see-a-doctor-more", "see-doctor", "weakness, numbness or tingling in one leg"),
    ("see-a-doctor-more", "see-doctor", "misused drugs or alcohol"),
    ("see-a-doctor", "see-doctor", "your back pain is new and you are over 50"),
    ("ask-first", "caution", "have or have had cancer"),
    ("ask-first", "caution", "osteoporosis (thin, weak bones)"),
    ("skin-and-wounds", "caution", "anywhere you have had surgery recently"),
    ("pregnancy-lying-flat", "caution", "from 28 weeks of pregnancy, do not lie on your back for long"),
    ("pregnancy-lying-flat", "caution", "ask your midwife"),
]


def entry_text(entry: dict) -> str:
    return " ".join([entry["heading"], entry.get("short") or "", entry.get("text") or "", entry.get("after") or "",
                     *(entry.get("items") or [])]).lower()


@pytest.mark.parametrize(("callout_id", "level", "sign"), RED_FLAGS)
def test_each_red_flag_is_at_the_level_its_sources_give(callout_id, level, sign):
    entry = callout.registry()[callout_id]
    assert entry["level"] == level
    assert sign in entry_text(entry)


def test_no_sign_is_also_at_a_lower_level():
    # "Unable to eat or drink" was once "see a GP"; a cancer history, once "see a doctor".
    assert "cannot eat or drink" not in level_text("see-doctor")
    for urgent in ("cancer", "osteoporosis", "steroid", "fall"):
        assert urgent not in level_text("see-doctor")


def test_the_upper_back_card_says_only_what_sources_say_and_sends_unchecked_pain_to_a_clinician():
    text = entry_text(callout.registry()["knot-or-other-pain"])
    assert "came on by itself" not in text  # in no source, and it describes the usual knot
    assert "if nobody has checked this pain, see a gp or physiotherapist before you use a ball" in text
    assert "there all the time, is worse at night, or comes with a fever or chills" in text  # Mayo, NHS, G-care
    assert "urgent" not in text and "today" not in text  # the call to action is in the get-help cards


def test_the_heart_card_is_cited_to_sources_that_say_it():
    # The chest-pain pages say nothing of pain between the shoulder blades: the aorta page does.
    urls = [s["url"] for s in callout.registry()["emergency-heart"]["sources"]]
    assert any("aortic-dissection" in u for u in urls) and any("chest-pain" in u for u in urls)


def test_no_call_to_action_sits_in_a_caution_or_an_information_box():
    for entry in callout.registry().values():
        if entry["level"] in ("caution", "info"):
            text = entry_text(entry)
            for word in ("urgent", "today", " now", "999", "111", "{urgent_number}", "{emergency_number}"):
                assert word not in text, (entry["id"], word)


@pytest.mark.parametrize(("entry", "message"), [
    ({"level": "caution", "text": "Stop, and get an urgent GP appointment."}, "says `urgent`, a call to get help"),
    ({"level": "info", "after": "If it lasts, call {urgent_number}."}, "says `{urgent_number}`"),
    ({"level": "caution", "short": "Sore back: see a GP today"}, "says `today`, a call to get help (in its `short`)"),
    ({"level": "caution", "sources": []}, "cites no source and says nothing is its own caution"),
    ({"level": "caution", "own": "{hold}"}, "`own` must be a few plain words"),
])
def test_the_registry_refuses_what_a_clinician_would_not_sign(tmp_path, monkeypatch, entry, message):
    assert message in registry_error(tmp_path, monkeypatch, entry)


def test_an_own_caution_says_so_on_the_card_and_an_own_advice_on_the_dose_card():
    html = str(callout.callout("stop-signs", settings=SETTINGS))
    own = callout.registry()["stop-signs"]["own"]
    assert own and f"Knotwork's own caution, not from a source: {own}." in html
    assert all(s["url"] in html for s in callout.registry()["stop-signs"]["sources"])
    rest = dose.registry()["rest-position"]
    assert rest.sources["build_up"] is None and "(Knotwork's own advice)" in dose.dose("rest-position")


def test_blood_thinners_mean_no_firm_pressure_on_every_pressure_page():
    entry = callout.registry()["blood-thinners"]
    assert entry["level"] == "caution" and "do not press hard" in entry["text"].lower()
    assert "blood-thinners" in dose.registry()["pressure-on-a-knot"].callouts
    assert not any("thins your blood" in item for item in callout.registry()["ask-first"]["items"])


def test_the_urgent_card_reads_right_outside_the_uk():
    heading = callout.fill(callout.registry()["urgent-help"]["heading"], SETTINGS)
    assert "111" in heading and "urgent care" in heading and "GP or doctor today" in heading
    now = callout.fill(callout.registry()["urgent-help-risks"]["heading"], SETTINGS)
    assert "111" in now and "urgent care" in now and "now" in now


def test_every_configured_phone_number_is_a_tap_to_call_link():
    html = callout.callout("emergency-help", settings=SETTINGS)
    numbers = re.findall(r"\d{3,}", SETTINGS["emergency_number"])
    assert numbers and all(f'<a class="mdx-callout__phone" href="tel:{n}">{n}</a>' in html for n in numbers)
    urgent = callout.callout("urgent-help", settings=SETTINGS)
    assert '<a class="mdx-callout__phone" href="tel:111">111</a>' in urgent


def test_every_technique_page_carries_the_heart_and_risk_cards():
    required = technique.spec()["required_callouts"]
    assert {"emergency-heart", "emergency-cancer", "urgent-help-risks", "emergency-help", "urgent-help", "see-a-doctor",
            "see-a-doctor-more"} <= set(required)
    for page in real_pages():
        for callout_id in required:
            assert f'callout("{callout_id}")' in page.body, (page.rel, callout_id)


def test_a_page_that_sends_readers_for_help_without_the_heart_card_is_told_to_add_it(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "tips").mkdir()
    (docs / "tips" / "neck.md").write_text('---\ntitle: Neck\n---\n\nA tip.\n\n{{ callout("see-a-doctor") }}\n\n'
                                           '{{ callout("urgent-help") }}\n')
    config = ROOT / "mkdocs.yml"
    problems = check_site(docs, config, macro_table(settings(config), docs))
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (9, "the page shows get-help callouts but not `emergency-heart`")]
    assert problems[0].fix == 'add {{ callout("emergency-heart") }} with its other get-help callouts.'


@pytest.mark.parametrize("start, expected", [
    # 20 holds of an hour: more holding than any dose allows in a session
    ('timer("60 min", times=20, rest="60 min"',
     "the timer's holds add up to 1200 minutes; the page has no dose, and no dose allows more than 15 minutes in one "
     "session (`rest-position`, source: Wellness News"),
    # within the widest dose, but longer from Start to the end than the site's longest session
    ('timer("1 min", times=15, rest="60 min"',
     "the timer takes 855 minutes from Start to the end; the site's longest session is 30 minutes."),
])
def test_a_timer_on_a_page_without_a_dose_keeps_within_what_the_site_allows(tmp_path, start, expected):
    """A tips page has no dose card, but its timers are offered in the session builder and the
    booklet: they are held to the widest dose and to the longest session."""
    text = (ROOT / "docs" / "tips" / "everyday-tension.md").read_text()
    shipped = 'timer("10s", times=5, rest="5s"'
    docs = make_docs(tmp_path, {})
    (docs / "tips").mkdir()
    (docs / "tips" / "stretch.md").write_text(text.replace(shipped, start))
    config = ROOT / "mkdocs.yml"
    problems = check_site(docs, config, macro_table(settings(config), docs))
    assert len(problems) == 1 and expected in problems[0].message, problems
    assert problems[0].line == line_of(text, shipped) and "tips/stretch.md" in problems[0].file


def test_the_shipped_tips_timer_passes_the_checks_of_a_page_without_a_dose(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "tips").mkdir()
    shutil.copy(ROOT / "docs" / "tips" / "everyday-tension.md", docs / "tips")
    config = ROOT / "mkdocs.yml"
    assert check_site(docs, config, macro_table(settings(config), docs)) == []


def test_a_forum_post_in_a_page_s_sources_list_is_told_where_it_goes(tmp_path):
    docs = make_docs(tmp_path, {})
    (docs / "tips").mkdir()
    (docs / "tips" / "x.md").write_text("---\ntitle: X\n---\n\nA tip.\n\n## Sources\n\n"
                                        "1. [Back pain](https://www.nhs.uk/conditions/back-pain/), NHS.\n"
                                        "2. [My tip](https://forum.example.org/t/my-tip/1), a forum.\n\n"
                                        "## Where this idea comes from\n\n"
                                        "- [Coach](http://www.simplebackpainrelief.com/x/), a blog.\n")
    config = ROOT / "mkdocs.yml"
    problems = check_site(docs, config, macro_table(settings(config), docs))
    assert [(p.line, p.message) for p in problems] == [
        (10, "`https://forum.example.org/t/my-tip/1` is a forum: it cannot be the source of a health claim.")]


@pytest.mark.parametrize(("url", "what"), [
    ("https://www.reddit.com/r/backpain/x", "a forum"),
    ("https://reddit.com./r/backpain/x", "a forum"),  # a host written with its final dot
    ("https://redd.it/abc", "a forum (Reddit's short links)"),
    ("https://fb.com/groups/x", "a social network (Facebook's short links)"),
    ("https://www.nhs.uk/conditions/back-pain/", None),
])
def test_a_forum_is_known_by_any_of_its_addresses(url, what):
    from macros.checks.provenance import idea_only

    assert idea_only(url) == what


# Full builds ---------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


@pytest.mark.build
@pytest.mark.parametrize(("edit", "expected"), [
    (lambda t: t.replace('timer("1 min", times=4', 'timer("5 min", times=4', 1),
     r"docs/techniques/floor-tennis-ball\.md:\d+: error: the timer holds for 5 minutes; the dose "
     r"`pressure-on-a-knot` allows up to 1 minute for one hold \(source: Real Bodywork"),
    (lambda t: t.replace("time_needed: 10 min", "time_needed: 30 min", 1),
     r"docs/techniques/floor-tennis-ball\.md:8: error: `time_needed` is 30 minutes, but the longest timer on the "
     r"page takes 5 minutes 30 seconds\."),
])
def test_a_page_that_contradicts_its_dose_fails_the_build_naming_the_file(project, tmp_path, edit, expected):
    page = project / "docs" / "techniques" / "floor-tennis-ball.md"
    page.write_text(edit(page.read_text()))
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(expected, result.stdout + result.stderr), result.stdout + result.stderr


@pytest.mark.build
def test_a_broken_dose_file_fails_the_build_with_one_message_and_no_traceback(project, tmp_path):
    doses = project / "overrides" / "components" / "dose" / "doses.yml"
    doses.write_text(doses.read_text().replace("up_to: 1 min", "up_to: 1 mni", 1))
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert ("overrides/components/dose/doses.yml: error: doses.yml, dose 1 (pressure-on-a-knot): `hold.up_to`: "
            '"1 mni" is not a duration Knotwork can read.') in output
    assert "1 problem in the pages" in output
