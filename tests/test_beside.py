"""`mkdocs build` checks the pages in a second process beside the build (macros/build/beside.py,
hooks.py). Its answer, its failures and what the build says meanwhile, tested here; the builds of
broken pages in the other tests go this way on a machine of two cores (CI has two), and
`make serve` (tests/test_serve.py) checks first, as before."""

from __future__ import annotations

import logging
import multiprocessing
import os

import pytest

from macros.build import beside
from macros.core.errors import Problem

# Where a process cannot be forked (not Linux or macOS), the build checks first and this is not used.
pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")


def test_the_answer_comes_back_from_the_other_process():
    parent = os.getpid()
    running = beside.Beside(lambda: [Problem("docs/x.md", "a message", "a fix", 3), os.getpid()])
    problem, child = running.result()
    assert problem == Problem("docs/x.md", "a message", "a fix", 3)
    assert child != parent


def test_a_failure_in_the_other_process_is_raised_with_its_traceback():
    def broken():
        return {}["missing"]

    with pytest.raises(RuntimeError, match=r"(?s)checks failed beside the build.*KeyError: 'missing'"):
        beside.Beside(broken).result()


def test_a_process_that_dies_without_an_answer_is_told():
    with pytest.raises(RuntimeError, match="ended with exit code 7, and no answer"):
        beside.Beside(lambda: os._exit(7)).result()


@pytest.fixture
def logger():
    """A logger with a handler that keeps what it is handed, as MkDocs' console and its count
    of warnings for strict mode are handlers of the `mkdocs` logger."""
    kept: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            kept.append(f"{record.levelname}: {record.getMessage()}")

    found = logging.getLogger("knotwork-test-held")
    found.propagate, found.handlers = False, [Keep()]
    found.setLevel(logging.DEBUG)
    yield found, kept
    found.handlers = []


def test_warnings_are_held_and_said_in_order_when_let_go(logger):
    found, kept = logger
    held = beside.HeldSay(found)
    found.info("building")
    found.warning("a broken link")
    found.error("a page failed")
    assert kept == ["INFO: building"]  # what is not a warning goes through at once
    held.let_go()
    assert kept == ["INFO: building", "WARNING: a broken link", "ERROR: a page failed"]
    found.warning("after")
    assert kept[-1] == "WARNING: after"  # nothing is held any more


def test_held_warnings_are_dropped_when_stopped(logger):
    found, kept = logger
    held = beside.HeldSay(found)
    found.warning("the same problem, told worse")
    assert [record.getMessage() for _, record in held.stop()] == ["the same problem, told worse"]
    found.warning("after")
    assert kept == ["WARNING: after"]
