"""Work done in a second process beside the build, for `mkdocs build` on a machine of two
cores or more (hooks.py): the checks of every page while MkDocs builds them, which took a third
of what Knotwork adds to a build, and the check of the HTML the pages made while the build ends
(the booklet, the stylesheet cut, the offline worker). The build goes on meanwhile and asks for
the answer before it ends."""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any


def possible() -> bool:
    """Whether there is a second core to give the work to, and a process can be forked (the
    work is handed over as it is, with what it reads, nothing pickled)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1 and "fork" in multiprocessing.get_all_start_methods()


class Beside:
    """`work()` running in a forked process; `result()` waits for what it returned."""

    def __init__(self, work: Callable[[], Any]):
        context = multiprocessing.get_context("fork")
        self._answer, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, send), daemon=True)
        self._process.start()
        send.close()  # the child's end: the parent keeps only its own

    def result(self) -> Any:
        """What `work()` returned; its error, with the traceback, as a RuntimeError."""
        try:
            kind, value = self._answer.recv()
        except EOFError:  # it ended without a word: its exit code, once it has ended
            kind, value = "error", None
        finally:
            self._answer.close()
            self._process.join()
        if value is None and kind == "error":
            value = f"the process ended with exit code {self._process.exitcode}, and no answer"
        if kind == "error":
            raise RuntimeError(f"Knotwork's checks failed beside the build:\n{value}")
        return value


def _run(work: Callable[[], Any], send: Any) -> None:
    try:
        send.send(("answer", work()))
    except BaseException:  # noqa: BLE001 (any failure goes back to the build, which reports it)
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()


class HeldSay:
    """What `logger`'s handlers would print (and strict mode count) at WARNING and above, held
    back while the checks run beside the build: a page they refuse makes the build say the same
    thing worse (a macro's error, a missing field's KeyError, a broken link), and their list says
    it once, as a build that checks first does. `let_go()` says what was held, in order."""

    def __init__(self, logger: logging.Logger):
        self._held: list[tuple[logging.Handler, logging.LogRecord]] = []
        self._filters = [(handler, _Holder(handler, self._held)) for handler in logger.handlers]
        for handler, holder in self._filters:
            handler.addFilter(holder)

    def stop(self) -> list[tuple[logging.Handler, logging.LogRecord]]:
        """Hold nothing more; what was held."""
        for handler, holder in self._filters:
            handler.removeFilter(holder)
        self._filters = []
        return self._held

    def let_go(self) -> None:
        """Say what was held, as it would have been said."""
        for handler, record in self.stop():
            handler.handle(record)
        self._held.clear()


class _Holder(logging.Filter):
    def __init__(self, handler: logging.Handler, held: list):
        super().__init__()
        self._handler, self._held = handler, held

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        self._held.append((self._handler, record))
        return False
