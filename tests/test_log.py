"""The reader's log, the Python side: what the build gives its advice and its page from doses.yml
(the browser side is tests/browser/test_log.py)."""

from __future__ import annotations

import html
import json
import re

import pytest

from macros.components import dose
from macros.components import log as reader_log
from macros.core.durations import say_duration
from macros.core.errors import KnotworkError
from macros.output import bundle


def test_the_rules_are_the_doses_numbers_and_words():
    rules = reader_log.rules()
    assert set(rules["doses"]) == set(dose.registry())
    for dose_id, found in dose.registry().items():
        made = rules["doses"][dose_id]
        assert made["session"] == found.limits["session"]
        assert made["session_says"] == say_duration(found.limits["session"])
        assert made["days_between"] == found.days_between and made["how_often"] == found.says["how_often"]
        assert made["no_better_days"] * reader_log.DAY == found.limits["no_better_after"]
        assert made["no_better"].endswith(found.says["no_better_after"])
    # "Every other day" is one day of rest between.
    knot = dose.registry()["pressure-on-a-knot"]
    assert "every other day" in knot.says["how_often"].lower() and knot.days_between == 1


def test_the_advice_script_and_the_log_page_carry_the_rules():
    script = reader_log.with_rules(bundle.bundle(reader_log.ADVICE))
    assert reader_log.RULES_PLACE not in script
    assert json.dumps(reader_log.rules(), ensure_ascii=False) in script
    made = str(reader_log.session_log())
    assert json.loads(html.unescape(re.search(r"data-rules='([^']*)'", made)[1])) == reader_log.rules()
    with pytest.raises(AssertionError):
        reader_log.with_rules("no place for the rules")


@pytest.mark.parametrize("bad", ["2", -1, 8, True])
def test_days_between_must_be_a_few_whole_days(doses_file, bad):
    path, _ = doses_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    days_between: 1\n", f"    days_between: {json.dumps(bad)}\n"))
    with pytest.raises(KnotworkError) as err:
        dose.registry()
    assert "`days_between` must be a whole number of days from 0 to 7" in str(err.value)
