"""Knotwork's benchmark: `make bench`. Prints tables; it is not a test and asserts nothing.

1. Build time of the real site and of generated sites of 100, 500 and 2000 technique pages,
   with Knotwork's macros, hooks and checks, and of the same Markdown built by plain Material
   (each page's Markdown as Knotwork hands it to MkDocs, macros already rendered; no macros
   plugin, no hooks). The ratio is Knotwork's overhead (aim: at most 1.15); seconds per page
   show whether the build grows in line with the page count. For the real site and 100
   pages, also the rebuild under `mkdocs serve` after a technique page is saved, Knotwork's
   against plain Material's (aim: at most 1.15 times).
2. First-load transfer of each technique page, gzipped, split into the HTML, Material's
   assets, Knotwork's own CSS and JavaScript, images and the rest; budgets: 75 KB a page, and
   6 KB for Knotwork's own CSS and JavaScript together. Then the whole first visit: that and
   what scripts fetch until the network is quiet (in Chromium), aim: 70 KB.
3. The timer's script and styles, minified and gzipped.
4. Lighthouse scores (performance, accessibility, best practices, SEO) and total blocking time
   of the home page, the Safety page and every technique page, each beside plain Material's
   build of the same page, where the `lighthouse` npm package and a Chromium are there;
   skipped, with a note, where not.

    .venv/bin/python tests/bench/bench.py            # everything (about 15 minutes on 2 cores,
                                                     # 9 of them the two 2000-page builds)
    .venv/bin/python tests/bench/bench.py --quick    # real site and 100 pages, 2 Lighthouse pages
    .venv/bin/python tests/bench/bench.py --weight   # page weight of the real site only (a minute)
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(HERE)]
from conftest import CHROMIUM_ARGS, MKDOCS, QuietHandler, chromium_path, copy_project, own_timer_ids  # noqa: E402

OVERHEAD_AIM = 1.15
REBUILD_AIM = 1.15  # a rebuild under `make serve`, against plain Material's
PAGE_BUDGET = 75 * 1024
FIRST_VISIT_AIM = 70 * 1024  # everything a first visit fetches, scripts' fetches included
OWN_BUDGET = 6 * 1024
GZIP_LEVEL = 6  # what web servers commonly use
TEXT_TYPES = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".map"}

# Written into the throw-away copy only: records each page's Markdown as Knotwork hands it to
# MkDocs (after the macros and the hook), with its front matter, for the plain build.
DUMP_HOOK = '''
import json, os
from pathlib import Path
import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["KNOTWORK_BENCH_DUMP"])

def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value

@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    docs = Path(config["docs_dir"]).resolve()
    source = Path(page.file.abs_src_path or "").resolve()
    if docs in source.parents:
        dest = OUT / "docs" / page.file.src_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(_plain(dict(page.meta)), allow_unicode=True, sort_keys=False, width=1000)
        dest.write_text("---\\n" + front + "---\\n\\n" + markdown, encoding="utf-8")
    return markdown

def on_post_build(config):
    booklet = config.plugins.get("print-site")
    exclude = list(booklet.config["exclude"]) if booklet is not None else []
    (OUT / "print-exclude.json").write_text(json.dumps(exclude))
'''


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (`!ENV` resolved), to write a variant of it as plain YAML."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as config:
        return yaml_load(config)


class BuildFailed(RuntimeError):
    pass


def mkdocs_build(project: Path, out: Path, config: str = "mkdocs.yml", env: dict | None = None) -> float:
    """Seconds for `mkdocs build --strict` of `project` (wall clock, as a contributor waits)."""
    start = time.perf_counter()
    result = subprocess.run([*MKDOCS, "build", "--strict", "-f", config, "-d", str(out)], cwd=project,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                            capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise BuildFailed(f"build of {project.name} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return seconds


def event_times(project: Path, out: Path) -> dict[str, float]:
    """Seconds by plugin and event of one build of `project` (event_times.py), plus "total"."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(HERE / "event_times.py"), "build", "--strict", "-d", str(out)],
                            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            capture_output=True, text=True, timeout=1800)
    total = time.perf_counter() - start
    if result.returncode != 0:
        raise BuildFailed(f"timed build of {project.name} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "total": total}


# What each part of a build is, by the plugin or hook that does it (see event_times.py).
PARTS = [
    ("Knotwork's checks first (on 2 cores, the rest beside)", lambda key: key == "macros/build/hooks.py pre_build"),
    ("Knotwork's hooks (pages, HTML; waiting for the checks)", lambda key: key.startswith("macros/build/hooks.py")
     and not key.endswith("pre_build")),
    ("mkdocs-macros: loading it, and rendering each page", lambda key: key.startswith(("macros ", "mkdocs-macros"))),
    ("Material's search index", lambda key: key.startswith("material/search")),
    ("Material's tags", lambda key: key.startswith("material/tags")),
    ("the booklet (print-site plugin)", lambda key: key.startswith("print-site")),
]


def print_time_split(label: str, knotwork: dict[str, float], plain: dict[str, float]) -> None:
    print(f"\nWhere the time of one build goes, {label} (seconds, one timed run each)")
    print(f"  {'part':<56}{'Knotwork':>9}{'plain':>8}{'added':>8}")
    rest_k, rest_p = knotwork["total"], plain["total"]
    for name, belongs in PARTS:
        k = sum(v for key, v in knotwork.items() if key != "total" and belongs(key))
        m = sum(v for key, v in plain.items() if key != "total" and belongs(key))
        rest_k, rest_p = rest_k - k, rest_p - m
        print(f"  {name:<56}{k:>9.2f}{m:>8.2f}{k - m:>+8.2f}")
    print(f"  {'the rest: Python, MkDocs, Markdown, templates, files':<56}{rest_k:>9.2f}{rest_p:>8.2f}"
          f"{rest_k - rest_p:>+8.2f}")
    print(f"  {'total':<56}{knotwork['total']:>9.2f}{plain['total']:>8.2f}"
          f"{knotwork['total'] - plain['total']:>+8.2f}")


CLONES = "/techniques/*-[0-9][0-9][0-9][0-9].md"


def add_technique_pages(project: Path, total: int) -> int:
    """Clone a real technique page, with new titles and file names, until the site has `total`
    technique pages. Returns how many there are.

    The clones are built, checked and listed on the home and Safety pages, but left out of the
    menu (`not_in_nav`), in both builds: Material writes the whole menu into every page, and
    the booklet plugin holds every page in the menu, so with 2000 pages in the menu both builds
    would grow with the square of the page count, whatever Knotwork does, and take an hour.
    """
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(f"\nnot_in_nav: |\n  {CLONES}\n")
    folder = project / "docs" / "techniques"
    originals = sorted(p for p in folder.glob("*.md") if p.name != "index.md")
    model = originals[0]
    text = model.read_text(encoding="utf-8")
    title = re.search(r"^title:\s*(.+?)\s*$", text, re.M)[1].strip("'\"")
    for number in range(1, total - len(originals) + 1):
        clone = re.sub(r"^title:.*$", f"title: {title[:45]} {number:04d}", text, count=1, flags=re.M)
        clone = own_timer_ids(clone, f"clone-{number:04d}")  # a timer's id is the site's only one
        (folder / f"{model.stem}-{number:04d}.md").write_text(clone, encoding="utf-8")
    return len([p for p in folder.glob("*.md") if p.name != "index.md"])


def plain_twin(project: Path, dest: Path, work: Path) -> tuple[Path, float]:
    """The same site for plain Material: every page's rendered Markdown, no macros plugin, no
    hooks. Made by one extra Knotwork build that records what it hands to MkDocs; returns the
    twin and that build's seconds."""
    dump = work / "dump"
    shutil.rmtree(dump, ignore_errors=True)
    (project / "bench_dump.py").write_text(DUMP_HOOK, encoding="utf-8")
    config = read_config(project / "mkdocs.yml")
    config["hooks"] = [*config.get("hooks", []), "bench_dump.py"]
    (project / "mkdocs-dump.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    try:
        seconds = mkdocs_build(project, work / "out-knotwork", "mkdocs-dump.yml", {"KNOTWORK_BENCH_DUMP": str(dump)})
    finally:
        (project / "bench_dump.py").unlink()
        (project / "mkdocs-dump.yml").unlink()
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(project, dest)
    for page in (dest / "docs").rglob("*.md"):
        page.unlink()
    shutil.copytree(dump / "docs", dest / "docs", dirs_exist_ok=True)
    config.pop("hooks")
    plugins = []
    for plugin in config.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name == "macros":
            continue
        if name == "print-site":  # the pages Knotwork's hook leaves out of the booklet, fixed
            plugin = {name: {**(plugin[name] or {}),
                             "exclude": json.loads((dump / "print-exclude.json").read_text())}}
        plugins.append(plugin)
    config["plugins"] = plugins
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest, seconds


_BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")
_SERVING = re.compile(r"Serving on http")


class Serving:
    """`mkdocs serve` of `project` (as `make serve` runs it), for timing its rebuilds."""

    def __init__(self, project: Path):
        with socket.socket() as probe:  # a free port
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.project = project
        self.page = sorted((project / "docs" / "techniques").glob("*.md"))[0]
        self.server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                        "--livereload"], cwd=project, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True,
                                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.server.stdout], daemon=True).start()

    def said(self, pattern: re.Pattern[str], seconds: float) -> re.Match[str] | None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                found = pattern.search(self.lines.get(timeout=left))
            except queue.Empty:
                break
            if found:
                return found
        return None

    def started(self) -> None:
        if not self.said(_SERVING, 1800):  # the first build is done and the watcher is on
            raise BuildFailed(f"`mkdocs serve` of {self.project.name} did not start")

    def rebuild(self, number: int) -> float:
        """Seconds of the rebuild after a line is added to a technique page, as MkDocs times it."""
        for attempt in range(3):  # a save the watcher missed is saved again, not waited on forever
            time.sleep(1.5)  # the watcher takes changes a little apart as one
            with open(self.page, "a", encoding="utf-8") as file:
                file.write(f"\nA line added while editing ({number}.{attempt}).\n")
            built = self.said(_BUILT_IN, 120)
            if built:
                return float(built[1])
        raise BuildFailed(f"`mkdocs serve` of {self.project.name} rebuilt nothing after 3 saves")

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=60)


def rebuild_seconds(project: Path, plain: Path, edits: int = 3) -> tuple[float, float]:
    """What a contributor waits for under `mkdocs serve` after saving a technique page, with
    Knotwork (`project`) and with plain Material (`plain`): the median of `edits` rebuilds each,
    both served at once and saved in turn, so that a busy moment of the machine hits both."""
    servers = [Serving(project), Serving(plain)]
    try:
        for server in servers:
            server.started()
        time.sleep(5)  # a save in the first moments of the watcher can go unseen
        times: list[list[float]] = [[], []]
        for number in range(edits):
            for server, kept in zip(servers, times, strict=True):
                kept.append(server.rebuild(number))
        return statistics.median(times[0]), statistics.median(times[1])
    finally:
        for server in servers:
            server.stop()


def count_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in ("assets", "components"))


def build_times(sizes: list[int | None], repeats: dict[int | None, int], work: Path,
                split: tuple[int | None, ...] = (None, 100)) -> tuple[list[dict], Path]:
    """Build each size with Knotwork and as plain Material; for the sizes in `split`, also one
    timed build of each, to show where the time goes. Returns the rows and the real site as
    Knotwork built it (plain Material's build of it is beside it, in plain-real-site/)."""
    rows = []
    real_site = work / "real-site"
    for size in sizes:
        label = "real site" if size is None else f"{size} techniques"
        print(f"  building {label} …", file=sys.stderr, flush=True)
        project = copy_project(work / f"project-{size or 'real'}")
        techniques = add_technique_pages(project, size) if size else len(list(
            (project / "docs" / "techniques").glob("*.md")))
        plain, recording = plain_twin(project, work / f"plain-{size or 'real'}", work)
        out = real_site if size is None else work / "out-knotwork"
        runs = repeats.get(size, 1)
        # One run only (the largest site): the recording build counts as the Knotwork run; it
        # also writes each page's Markdown once more, so it errs against Knotwork.
        knotwork, material = ([recording] if runs == 1 and size is not None else []), []
        for _ in range(runs):  # alternate, so a busy moment hits both alike
            if len(knotwork) < runs:
                knotwork.append(mkdocs_build(project, out))
            material.append(mkdocs_build(plain, work / ("plain-real-site" if size is None else "out-plain")))
        pages = count_pages(out)
        rebuild = rebuild_seconds(project, plain) if size in split else None
        rows.append({"label": label, "techniques": techniques, "pages": pages, "runs": len(knotwork),
                     "knotwork": min(knotwork), "material": min(material),
                     "knotwork_median": statistics.median(knotwork), "material_median": statistics.median(material),
                     "rebuild": rebuild,
                     "split": (event_times(project, work / "out-timed"), event_times(plain, work / "out-timed"))
                     if size in split else None})
        shutil.rmtree(plain, ignore_errors=True)
        if size is not None:
            shutil.rmtree(project, ignore_errors=True)
    return rows, real_site


def print_build_table(rows: list[dict]) -> None:
    print("\nBuild time (mkdocs build --strict, wall clock; best of the runs, median in brackets)")
    header = (f"{'site':<17}{'pages':>6}{'runs':>5}  {'Knotwork s':>16}  {'plain Material s':>16}  "
              f"{'ratio':>6}  {'ms/page K':>9}  {'ms/page M':>9}")
    print(header)
    print("-" * len(header))
    for row in rows:
        ratio = row["knotwork"] / row["material"]
        mark = "ok" if ratio <= OVERHEAD_AIM else "OVER"
        print(f"{row['label']:<17}{row['pages']:>6}{row['runs']:>5}  "
              f"{row['knotwork']:>7.2f} ({row['knotwork_median']:>6.2f})  "
              f"{row['material']:>7.2f} ({row['material_median']:>6.2f})  "
              f"{ratio:>5.2f} {mark:<4}"
              f"{1000 * row['knotwork'] / row['pages']:>8.1f}  {1000 * row['material'] / row['pages']:>9.1f}")
    print(f"ratio = Knotwork / plain Material; aim <= {OVERHEAD_AIM}. ms/page = build time / pages built.")
    timed = [row for row in rows if row.get("rebuild")]
    if timed:
        print(f"\nRebuild under `mkdocs serve` after a technique page is saved (as MkDocs times it, median of 3, "
              f"the two saved in turn; aim: at most {REBUILD_AIM:.2f} x plain Material's)")
        for row in timed:
            knotwork, material = row["rebuild"]
            mark = "ok" if knotwork / material <= REBUILD_AIM else "OVER"
            print(f"  {row['label']:<17} Knotwork {knotwork:6.2f} s  plain Material {material:6.2f} s  "
                  f"ratio {knotwork / material:5.2f} {mark}")


# --- page weight ----------------------------------------------------------------------------

@functools.cache
def transfer_size(file: Path) -> int:
    """Bytes on the wire: gzipped as a web server would for text, as is for the rest."""
    data = file.read_bytes()
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0)) if file.suffix in TEXT_TYPES else len(data)


def category(rel: str, is_document: bool) -> str:
    if is_document:
        return "html"
    if rel.startswith(("assets/javascripts/", "assets/stylesheets/")):
        return "material"
    if rel.startswith("components/") or re.match(r"assets/knotwork[^/]*\.(css|js)$", rel):
        return "knotwork"
    if Path(rel).suffix in (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico"):
        return "images"
    return "other"


class _GzipHandler(QuietHandler):
    """Serves the built site as a web host would: text gzipped when the browser asks for it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        data = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, GZIP_LEVEL, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(data)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def technique_pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / "techniques").glob("*/index.html"))


def fetched_in_browser(site: Path, paths: list[str]) -> dict[str, list[tuple[str, bool]]] | None:
    """What a first visit to each page fetches (empty cache, until the network is quiet)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    browser_path = chromium_path()
    if browser_path is None:
        return None
    fetched: dict[str, list[tuple[str, bool]]] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS, headless=True)
        for path in paths:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            requests: list[tuple[str, bool]] = []
            # On the context: it also sees the offline worker's script and what the worker fetches.
            context.on("request", lambda r, requests=requests: requests.append((r.url, r.resource_type == "document")))
            page.goto(base + path, wait_until="networkidle")
            context.close()
            fetched[path] = [(urlsplit(url).path.lstrip("/"), doc) for url, doc in requests if url.startswith(base)]
        browser.close()
    return fetched


def fetched_by_markup(site: Path, path: str) -> list[tuple[str, bool]]:
    """Without a browser: what the HTML references (stylesheets, scripts, images, icon)."""
    page = site / path / "index.html"
    html = page.read_text(encoding="utf-8")
    refs = re.findall(r'<link[^>]+rel="(?:stylesheet|icon)"[^>]+href="([^"]+)"', html)
    refs += re.findall(r'<(?:script|img)[^>]+src="([^"]+)"', html)
    found = [(f"{path}index.html", True)]
    for ref in refs:
        if not re.match(r"^[a-z]+:|^//", ref):
            target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
            found.append((target.relative_to(site.resolve()).as_posix(), False))
    return found


def resolve_file(site: Path, rel: str) -> Path | None:
    file = site / unquote(rel)
    if file.is_dir() or rel.endswith("/") or rel == "":
        file = file / "index.html"
    return file if file.is_file() else None


def page_weights(site: Path) -> list[dict]:
    """Per technique page: what its markup references (the budget), and what scripts fetch
    after it (the search worker and index, sitemap.xml for instant navigation), apart."""
    paths = technique_pages(site)
    browser = fetched_in_browser(site, paths)
    rows = []
    for path in paths:
        referenced = {resolve_file(site, rel) for rel, _ in fetched_by_markup(site, path)} - {None}
        document = resolve_file(site, path)
        requests = browser[path] if browser is not None else []
        sizes = {"html": 0, "material": 0, "knotwork": 0, "images": 0, "other": 0}
        for file in referenced:
            sizes[category(file.relative_to(site).as_posix(), file == document)] += transfer_size(file)
        later = {resolve_file(site, rel) for rel, _ in requests} - referenced - {None}
        rows.append({"page": path, **sizes, "total": sum(sizes.values()),
                     "later": sum(transfer_size(f) for f in later) if browser is not None else None,
                     "later_files": sorted(f.relative_to(site).as_posix() for f in later)})
    return rows


def print_weight_table(rows: list[dict]) -> None:
    print(f"\nFirst-load transfer of each technique page, gzip level {GZIP_LEVEL} (KB = 1024 B): the HTML and "
          "what it references")
    header = (f"{'page':<40}{'HTML':>7}{'Material':>9}{'Knotwork':>9}{'images':>7}{'other':>7}{'total':>8}"
              f"  {'75 KB':>5}  {'own 6 KB':>8}  {'+ later':>7}  {'first visit':>11}  {'70 KB':>5}")
    print(header)
    print("-" * len(header))
    for row in rows:
        kb = {k: row[k] / 1024 for k in ("html", "material", "knotwork", "images", "other", "total")}
        later = "-" if row["later"] is None else f"{row['later'] / 1024:.1f}"
        first = "-" if row["later"] is None else f"{(row['total'] + row['later']) / 1024:.1f}"
        aim = "-" if row["later"] is None else "PASS" if row["total"] + row["later"] <= FIRST_VISIT_AIM else "OVER"
        print(f"{row['page']:<40}{kb['html']:>7.1f}{kb['material']:>9.1f}{kb['knotwork']:>9.1f}{kb['images']:>7.1f}"
              f"{kb['other']:>7.1f}{kb['total']:>8.1f}  {'PASS' if row['total'] <= PAGE_BUDGET else 'OVER':>5}"
              f"  {'PASS' if row['knotwork'] <= OWN_BUDGET else 'OVER':>8}  {later:>7}  {first:>11}  {aim:>5}")
    print("Material = its CSS and JavaScript; Knotwork = components/ and assets/knotwork*; images = the "
          "illustration and icon; other = plugins' files.")
    later_files = sorted({f for row in rows for f in row["later_files"]})
    if later_files:
        print("+ later = fetched by scripts after the page has loaded (not in the budget): " + ", ".join(later_files))
    if rows and rows[0]["later"] is not None:
        print("first visit = total + later, in bytes: " + ", ".join(
            f"{row['page']} {row['total'] + row['later']} B" for row in rows)
            + f" (aim {FIRST_VISIT_AIM} B). Search loads when opened, not counted.")
    elif rows and rows[0]["later"] is None:
        print("+ later: not measured (no Chromium or Playwright).")


def guide_files(site: Path) -> list[str]:
    """The list the build wrote into the offline worker: every page and file it keeps."""
    worker = (site / "sw.js").read_text(encoding="utf-8")
    found = re.search(r'FILES=JSON\.parse\("(.*?)"\)', worker)
    return json.loads(json.loads('"' + found[1] + '"')) if found else []


def print_offline_copy(site: Path) -> None:
    """What the offline worker keeps after one visit (after the first visit, once the page is
    idle): its files, as transferred and as kept, and Chromium's own count of the cache."""
    files = guide_files(site)
    on_disk = [f for f in (resolve_file(site, rel) for rel in files) if f]
    print(f"\nThe offline copy kept after one visit (once the page is idle; not part of the first visit): "
          f"{len(files)} files, {sum(transfer_size(f) for f in on_disk) / 1024:.1f} KB transferred (gzip), "
          f"{sum(f.stat().st_size for f in on_disk) / 1024:.1f} KB as files")
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        path = None
    if path is None or not files:
        print("  in the browser: not measured (no Chromium, Playwright or worker).")
        return
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context()
        context.add_init_script("navigator.serviceWorker.addEventListener('message', e => {"
                                " if (e.data && e.data.filled) window.__filled = e.data.filled; });")
        page = context.new_page()
        started = time.perf_counter()
        page.goto(base, wait_until="load")
        page.wait_for_function("window.__filled !== undefined", timeout=60000)
        result = page.evaluate("window.__filled")
        usage = page.evaluate("navigator.storage.estimate().then(e => (e.usageDetails || {}).caches || e.usage)")
        context.close()
        browser.close()
    print(f"  in Chromium, from the home page: {result['kept']} kept, {len(result['failed'])} failed, "
          f"{time.perf_counter() - started:.1f} s after the page was opened; Cache Storage holds "
          f"{usage / 1024:.1f} KB (navigator.storage.estimate())")


def print_own_files(site: Path, pages: list[dict]) -> None:
    """Knotwork's own CSS and JavaScript as served, and which pages link each file."""
    own = sorted(p for p in site.rglob("*") if p.suffix in (".css", ".js")
                 and category(p.relative_to(site).as_posix(), False) == "knotwork")
    linked = {p: [] for p in own}
    for html in (p for p in site.rglob("index.html") if "components" not in p.parts):
        text = html.read_text(encoding="utf-8")
        for file in own:
            if re.search(rf'(?:href|src)="[^"]*{re.escape(file.relative_to(site).as_posix())}"', text):
                linked[file].append(html)
    total_pages = sum(1 for p in site.rglob("index.html") if "components" not in p.parts)
    print("\nKnotwork's own CSS and JavaScript, as served (minified), and the pages that link each file")
    print(f"  {'file':<40}{'bytes':>8}{'gzip':>8}  linked by")
    for file in own:
        count = len(linked[file])
        where = "every page" if count == total_pages else f"{count} of {total_pages} pages"
        print(f"  {file.relative_to(site).as_posix():<40}{file.stat().st_size:>8}{transfer_size(file):>8}  {where}")
    heaviest = max(pages, key=lambda row: row["knotwork"]) if pages else None
    if heaviest:
        verdict = "within" if heaviest["knotwork"] <= OWN_BUDGET else "OVER"
        print(f"  most on one technique page: {heaviest['knotwork']} B ({verdict} the {OWN_BUDGET} B budget)")
    # The reader's log rides on every page (its "Note it" and its advice): what it adds there.
    from macros.output.bundle import script

    for name, where in (("log.js", "in knotwork.min.js on every page"),
                        ("advice.js", "fetched only by a reader who has a log")):
        code = script((ROOT / "overrides" / "components" / "log" / name).read_text(encoding="utf-8")).encode()
        print(f"  the reader's log, {name} ({where}): {len(code)} B minified, "
              f"{len(gzip.compress(code, GZIP_LEVEL))} B gzip alone")


def print_timer_size() -> None:
    from timer_size import timer_sizes, verdict  # beside this file

    print("\nThe timer, minified and gzipped")
    for name, size in timer_sizes().items():
        print(f"  {name:<10}{size['source']:>7} B source {size['minified']:>7} B minified "
              f"{size['gzipped']:>6} B min+gzip ({verdict(size)})")


# --- Lighthouse -----------------------------------------------------------------------------

# The Lighthouse the tests pin and `make test` installs (tests/lighthouse).
PINNED_LIGHTHOUSE = ROOT / "tests" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"


def lighthouse_command() -> list[str] | None:
    if PINNED_LIGHTHOUSE.is_file() and shutil.which("node"):
        return [shutil.which("node"), str(PINNED_LIGHTHOUSE)]
    if shutil.which("lighthouse"):
        return ["lighthouse"]
    if shutil.which("npx"):
        probe = subprocess.run(["npx", "--no-install", "lighthouse", "--version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["npx", "--no-install", "lighthouse"]
    return None


CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def lighthouse(site: Path, paths: list[str], plain: Path | None = None) -> None:
    """Lighthouse's scores of `paths` in `site`, each beside the same page of `plain` (the same
    Markdown built by plain Material), where given."""
    print("\nLighthouse (mobile, simulated slow 4G and 4x slower CPU; site served gzipped from this machine)")
    command, browser = lighthouse_command(), chromium_path()
    if command is None or browser is None:
        missing = "the `lighthouse` npm package" if command is None else "a Chromium"
        print(f"  skipped: {missing} is not installed (`make test` installs the pinned Lighthouse; "
              "apt-get install chromium nodejs npm).")
        return
    version = subprocess.run([*command, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"  lighthouse {version}")
    print(f"  {'page':<40}" + "".join(f"{c:>16}" for c in CATEGORIES) + f"{'blocking ms':>13}")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with serve(site) as base, (serve(plain) if plain else contextlib.nullcontext()) as plain_base:
        for path in paths:
            for label, root in (("/" + path, base), ("  plain Material", plain_base)):
                if root is None:
                    continue
                with tempfile.NamedTemporaryFile(suffix=".json") as report:
                    result = subprocess.run(
                        [*command, root + path, "--quiet", "--output=json", f"--output-path={report.name}",
                         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": browser})
                    if result.returncode != 0:
                        print(f"  {label:<40}failed: {(result.stderr or result.stdout).strip()[-200:]}")
                        continue
                    data = json.loads(Path(report.name).read_text(encoding="utf-8"))
                scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
                blocking = data["audits"].get("total-blocking-time", {}).get("numericValue")
                print(f"  {label:<40}" + "".join(
                    f"{'-' if scores[c] is None else round(100 * scores[c]):>16}" for c in CATEGORIES)
                    + f"{'-' if blocking is None else round(blocking):>13}")
                for name in CATEGORIES if root is base else ():
                    for ref in data["categories"][name]["auditRefs"]:
                        audit = data["audits"][ref["id"]]
                        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                            print(f"      {name}: {audit['title']} {audit.get('displayValue', '')}".rstrip())


# --- profile --------------------------------------------------------------------------------

def profile_build(size: int, work: Path) -> None:
    """Where a Knotwork build of `size` technique pages spends its time (cProfile)."""
    project = copy_project(work / "project-profile")
    add_technique_pages(project, size)
    stats = work / "build.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "mkdocs", "build", "--strict",
                    "-d", str(work / "out-profile")], cwd=project, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=1800)
    import pstats

    print(f"\nProfile of a Knotwork build of {size} technique pages: Knotwork's functions by time spent inside")
    data = pstats.Stats(str(stats))
    rows = [(tt, ct, calls, f"{Path(file).name}:{line} {name}")
            for (file, line, name), (calls, _, tt, ct, _) in data.stats.items()
            if "/macros/" in file or file.endswith("hooks.py")]
    for tt, ct, calls, where in sorted(rows, key=lambda r: r[1], reverse=True)[:15]:
        print(f"  {ct:>7.2f} s total {tt:>7.2f} s own {calls:>8} calls  {where}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the real site and 100 pages only; 2 Lighthouse pages")
    parser.add_argument("--sizes", help="technique pages of the generated sites, e.g. 100,500,2000")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--profile", action="store_true", help="profile the largest build even within the aim")
    parser.add_argument("--weight", action="store_true", help="only the page weight of the real site")
    args = parser.parse_args(argv)
    if args.weight:
        with tempfile.TemporaryDirectory(prefix="knotwork-bench-") as tmp:
            site = Path(tmp) / "site"
            mkdocs_build(copy_project(Path(tmp) / "project"), site)
            weights = page_weights(site)
            print_weight_table(weights)
            print_own_files(site, weights)
            print_offline_copy(site)
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([100] if args.quick else [100, 500, 2000])
    repeats = {None: 3, 100: 3, 500: 2, 2000: 1} if not args.quick else {None: 2, 100: 2}
    started = time.perf_counter()
    print(f"Knotwork benchmark: Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="knotwork-bench-") as tmp:
        work = Path(tmp)
        rows, site = build_times([None, *sizes], repeats, work)
        print_build_table(rows)
        for row in rows:
            if row["split"]:
                print_time_split(f"{row['label']} ({row['pages']} pages)", *row["split"])
        weights = page_weights(site)
        print_weight_table(weights)
        print_own_files(site, weights)
        print_offline_copy(site)
        print_timer_size()
        if not args.no_lighthouse:
            pages = ["", technique_pages(site)[0]] if args.quick else ["", "safety/", *technique_pages(site)]
            lighthouse(site, pages, work / "plain-real-site")
        worst = max(rows[1:] or rows, key=lambda r: r["knotwork"] / r["material"])
        if args.profile or worst["knotwork"] / worst["material"] > OVERHEAD_AIM:
            profile_build(min(sizes + [200]), work)  # cProfile slows a build about threefold
    print(f"\nBenchmark done in {time.perf_counter() - started:.0f} s "
          f"(load average {os.getloadavg()[0]:.1f} at the end).")


if __name__ == "__main__":
    main()
