"""Durations as authors write them: 20, "20s", "20 seconds", "5 min", "1 min 30 s", "1:30"."""

from __future__ import annotations

import datetime as dt
import math
import re

from macros.core.errors import KnotworkError

_UNITS = {
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
    # Days and weeks: how often, and when to get help if it is no better (doses.yml).
    "d": 86400, "day": 86400, "days": 86400, "week": 604800, "weeks": 604800,
}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_CLOCK = re.compile(r"^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$")  # m:ss, or h:mm:ss
EXAMPLES = '`20` (seconds), `"20s"`, `"90 seconds"`, `"5 min"`, `"1 min 30 s"` or `"1:30"`'


def parse_duration(value: object) -> int:
    """Whole seconds in `value`, or KnotworkError saying how to write it."""
    if isinstance(value, bool):
        raise KnotworkError(f"`{value}` is not a duration.", f"write {EXAMPLES}.")
    if isinstance(value, int | float):
        if not math.isfinite(value):  # YAML's .nan and .inf
            raise KnotworkError(f"`{value}` is not a duration.", f"write {EXAMPLES}.")
        seconds = value
    elif isinstance(value, str):
        seconds = _parse_text(value)
    elif isinstance(value, dt.date):  # YAML reads 2026-01-01 as a date
        raise KnotworkError(f"`{value.isoformat()}` is a date, not a duration.", f"write {EXAMPLES}.")
    else:
        raise KnotworkError(f"`{value!r}` is not a duration.", f"write {EXAMPLES}.")
    if seconds != int(seconds):
        raise KnotworkError(
            f"`{value}` is not a whole number of seconds.", "round it to whole seconds."
        )
    return int(seconds)


def _parse_text(text: str) -> float:
    cleaned = text.strip().lower()
    if re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return float(cleaned)
    clock = _CLOCK.match(cleaned)
    if clock:
        return int(clock[1] or 0) * 3600 + int(clock[2]) * 60 + int(clock[3])
    total, end = 0.0, 0
    for match in _PART.finditer(cleaned):
        between = cleaned[end : match.start()].strip(" ,")
        unit = _UNITS.get(match[2])
        if between not in ("", "and") or unit is None:
            break
        total += float(match[1]) * unit
        end = match.end()
    else:
        if end and cleaned[end:].strip() == "":
            return total
    raise KnotworkError(f'"{text}" is not a duration Knotwork can read.', f"write {EXAMPLES}.")


def say_duration(seconds: int) -> str:
    """Plain words for a duration: 20 -> '20 seconds', 90 -> '1 minute 30 seconds',
    86400 -> '1 day', 1209600 -> '2 weeks'."""
    if seconds < 0:
        return f"{seconds} seconds"
    for unit, size in (("week", 604800), ("day", 86400)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    minutes, secs = divmod(int(seconds), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)
