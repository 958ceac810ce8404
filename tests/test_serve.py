"""`mkdocs serve` (what `make serve` runs) rebuilds when macro code or the callout
registry changes, not only when a page does."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

import pytest
from conftest import MKDOCS, copy_project

from macros import callout

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_reloads_changed_macro_code_and_registry(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                              cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/safety/"
        heading = callout.registry()["not-on-bone"]["heading"]
        assert wait_for(url, heading), "the site was not served"
        # No offline worker while editing: pages would come from the browser's cache.
        assert 'rel="manifest"' not in fetch(url)
        assert 'OFF="true"' in fetch(f"http://127.0.0.1:{port}/sw.js")
        registry = project / "overrides/components/callout/registry.yml"
        registry.write_text(registry.read_text().replace(f"heading: {heading}", "heading: Changed while serving"))
        assert wait_for(url, "Changed while serving"), "a registry change was not picked up"
        code = project / "macros/callout.py"
        edit = '"""Edited while serving."""\n    return Markup("EDITED-MACRO")\n    """'
        code.write_text(code.read_text().replace('"""The HTML of one callout.', edit + "The HTML of one callout."))
        assert wait_for(url, "EDITED-MACRO"), "a change to macro code was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=10)
