"""MkDocs hooks: check every page before the build, and frame each technique page with
the header and sources list made from its front matter."""

from __future__ import annotations

import copy
import functools
import html
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import CountHandler, clean_directory

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@event_priority(100)  # before mkdocs-macros imports the package in its own on_config
def on_config(config):
    # `mkdocs serve` rebuilds in the same Python process, which keeps imported modules and
    # this hook file. Forget the `macros` package so edited macro code is imported afresh: so
    # every hook imports what it uses of `macros` inside itself, after this has run.
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]
    _quiet_macros_plugin()
    _print_like_mkdocs(log)
    # site_url is `!ENV [SITE_URL, …]`: an empty SITE_URL would build a site with no address
    # on paper, no canonical links and an empty sitemap, without a word.
    if "SITE_URL" in os.environ and not config.get("site_url"):
        raise Abort("SITE_URL is set but empty, so the site has no address (mkdocs.yml reads site_url from it). "
                    "Set it to the site's address, e.g. SITE_URL=https://you.github.io/knotwork/, or unset it "
                    "to build with the site_url written in mkdocs.yml.")
    if _serving:
        # An error in a page's macros (an unknown variable, say) would end the process there:
        # `mkdocs serve` shows it in the page and prints it instead. `mkdocs build` still fails.
        macros_plugin = config.plugins.get("macros")
        if macros_plugin is not None:
            macros_plugin.config["on_error_fail"] = False
        # While a contributor edits, pages must not come from a reader's cache: no offline
        # worker (the one served removes itself from the browser, macros/offline.py).
        config["extra"]["knotwork"] = {**config["extra"].get("knotwork", {}), "offline": False}
    return config


# Not a child of the `mkdocs` logger: a review that is due is reported, but must not fail
# a strict build.
log = logging.getLogger("knotwork")


def _quiet_macros_plugin() -> None:
    """mkdocs-macros lists its modules, variables and macros at every build and rebuild, at
    INFO level whatever its `verbose` setting: only its warnings and errors are for authors.
    `mkdocs build -v` (debug) still shows everything."""
    if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)


def _print_like_mkdocs(logger: logging.Logger) -> None:
    """`logger`'s lines printed as MkDocs prints its own (`WARNING -  …`), without being
    counted by strict mode."""
    handlers = [h for h in logging.getLogger("mkdocs").handlers if not isinstance(h, CountHandler)]
    if handlers:  # run by the `mkdocs` command, which set up its output
        logger.handlers = handlers
        logger.propagate = False


# Under `mkdocs serve` (`make serve`), a page with a problem must not stop the site: MkDocs
# would keep every request waiting until a build succeeds, so the browser shows nothing and
# the author nothing to fix. There, every page shows the problems instead, exactly as
# `make check` lists them, and live reload brings the pages back once the file is fixed.
# `mkdocs build` (and so `make build`, CI and the tests) still fails on them.
_serving = False  # this module is loaded once per process: it outlives the serve rebuilds
_problem_report: str | None = None  # the problems shown on every page, while there are any
_error_count = 0
_dirty = False  # `mkdocs serve --dirty` rebuilds only the pages whose file changed
_shown_report: str | None = None  # the list the built pages show now


def on_startup(command, dirty) -> None:
    global _serving, _dirty
    _serving, _dirty = command == "serve", dirty


def on_serve(server, config, builder):
    global _serving
    _serving = True  # `mkdocs serve --clean` starts up as a "build"; its rebuilds still serve
    return server


def on_pre_build(config) -> None:
    from macros.build import beside  # here, not at the top: live reload (on_config)
    from macros.checks.site import check_site, safe_to_build
    from macros.core import calls, disk_cache
    from macros.pages import macro_table as macros_of_pages
    from macros.pages.macro_table import macro_table

    global _problem_report, _checks_beside, _build_config, _gate_at_the_end
    _build_config = config
    _gate_at_the_end = not _serving and beside.possible()
    _built_pages.clear()
    # Work kept between builds (QR codes, shortened scripts, the stylesheet cut, install icons), in the
    # user's cache folder (core/disk_cache.py).
    disk_cache.folder = disk_cache.user_folder()
    # Under `mkdocs serve`, each page's Jinja is parsed again only when its text changes.
    calls.kept_trees = _kept_trees if _serving else None
    _problem_report = None
    _html_problems.clear()
    _booklet_script_on_booklet_only(config)
    docs_dir, config_file = Path(config["docs_dir"]), Path(config["config_file_path"])
    settings = config["extra"].get("knotwork", {})
    macros_of_pages.one_build()  # the checks' answers of the whole-site macros serve the render
    table = macro_table(settings, docs_dir)
    _render_in_the_sandbox(config, table)
    # `mkdocs build` checks the pages in a second process while it builds them, and reports
    # before it ends (on_post_build, on_build_error); only where nothing under docs/ could do
    # harm while built unchecked (safe_to_build). `mkdocs serve` shows the problems instead of
    # the pages, so it must know them first.
    if not _serving and not _dirty and beside.possible() and safe_to_build(docs_dir, config_file):
        _checks_beside = (beside.Beside(lambda: check_site(docs_dir, config_file, table)),
                          beside.HeldSay(logging.getLogger("mkdocs")))
        macros_plugin = config.plugins.get("macros")
        if macros_plugin is not None:  # a page the checks refuse must not end the build before they report
            macros_plugin.config["on_error_fail"] = False
    else:  # under `mkdocs serve`, a page that did not change is answered as last time (checks/kept.py)
        _report(check_site(docs_dir, config_file, table, kept=_kept_checks if _serving else None), config)
    _all_pages_afresh_if_the_list_changed(Path(config["site_dir"]))


_checks_beside = None  # the checks of this `mkdocs build` while they run beside it, and what it says meanwhile
_kept_checks: dict = {}  # what each page's checks found, for the next rebuild under `mkdocs serve`
_kept_trees: dict = {}  # and each page's Jinja, parsed (core/calls.py)
_build_config = None  # for on_build_error, which MkDocs calls without it


def _checks_done(config) -> None:
    """The checks' answer, reported, where they ran beside the build."""
    global _checks_beside
    if _checks_beside is not None:
        (running, held), _checks_beside = _checks_beside, None
        try:
            problems = running.result()
        except RuntimeError:
            held.let_go()
            raise
        if any(p.severity == "error" for p in problems):
            held.stop()  # what the build said of the pages the checks refuse: their list says it
        else:
            held.let_go()
        _report(problems, config, built_meanwhile=True)


def _report(problems, config, built_meanwhile: bool = False) -> None:
    # Warnings are listed and the build goes on; errors stop it (under `mkdocs serve`, every
    # page shows them instead).
    from macros.checks.report import annotation, report  # here, not at the top: live reload (on_config)
    from macros.core.errors import PagesInvalid

    global _problem_report, _error_count
    for warning in (p for p in problems if p.severity == "warning"):
        if os.environ.get("GITHUB_ACTIONS"):  # listed on the pull request, as `make check` does
            print(annotation(warning))
        log.warning("%s", warning)
    errors = [p for p in problems if p.severity == "error"]
    if errors and _serving:
        docs_dir = Path(config["docs_dir"])
        _problem_report, _error_count = report(problems, Path(os.path.relpath(docs_dir))), len(errors)
        log.error("%s\nEvery page of the site shows this list until the pages are fixed.", PagesInvalid(errors))
    elif errors:
        if built_meanwhile:  # pages the checks refuse were built while they ran: none is kept
            clean_directory(config["site_dir"])
        raise Abort(str(PagesInvalid(errors)))


def on_build_error(error) -> None:
    # A page the checks refuse can make the build fail before they have reported (a hook that
    # reads a field the page lacks, say): what the checks say is the error, as in any build.
    if _checks_beside is not None:
        _checks_done(_build_config)


def _render_in_the_sandbox(config, table) -> None:
    # A page is data: mkdocs-macros renders pages with a plain Jinja environment, in which a page
    # could reach Python itself, and has no setting for another kind. Its environment (made in
    # its on_config, again at every rebuild) is swapped for Jinja's sandbox holding the same
    # macros and nothing else; tests/test_hostile.py checks that a build renders in it.
    # Under `mkdocs serve`, a page that did not change renders as at the rebuild before, where
    # nothing else its macros read changed either (build/kept_renders.py).
    from macros.build import kept_renders  # here, not at the top: live reload (on_config)
    from macros.pages import rendering

    plugin = config.plugins.get("macros")
    if plugin is not None:
        plugin._env = rendering.sandboxed(plugin.env, table)
        if _serving:
            kept_renders.keep_renders(plugin, _kept_checks, lambda path: path.resolve() in _routines)


def _all_pages_afresh_if_the_list_changed(site_dir: Path) -> None:
    # A page's HTML that is newer than its file is kept by a dirty rebuild: when the problems
    # come, go or change, every page must be made again, so its HTML goes.
    global _shown_report
    if _dirty and _problem_report != _shown_report:
        for built in site_dir.rglob("*.html"):
            built.unlink()
    _shown_report = _problem_report


# While there are problems (under `mkdocs serve` only), every page is read as empty, so that
# nothing of a broken page is parsed or rendered (a file not in UTF-8 cannot even be read),
# and its content is the list of problems. MkDocs 1.6 calls the replacement for this event
# (File.content_string) the way to go, but setting it forgets the file's path, which the tags
# plugin and these hooks need.
def on_page_read_source(page, config) -> str | None:
    return "" if _problem_report is not None else None


def problem_page(report: str, count: int) -> str:
    """The content of every page while the pages have problems: the list, escaped."""
    return (f'<h1 id="problems">{count} problem{"s" if count != 1 else ""} to fix before the site can be '
            "built</h1>\n<p>This list is what <code>make check</code> prints. Fix the file and save it: "
            "this page reloads by itself and shows the site again.</p>\n"
            f'<pre class="mdx-problems"><code>{html.escape(report)}</code></pre>\n')


BOOKLET_SCRIPT = "js/print-site.js"


def _booklet_script_on_booklet_only(config) -> None:
    # The print-site plugin adds its script to every page, though only its own page calls it:
    # overrides/main.html links it there alone (600 bytes less on every other page).
    config["extra_javascript"] = [s for s in config["extra_javascript"] if str(s) != BOOKLET_SCRIPT]


def on_page_markdown(markdown: str, page, config, files) -> str:
    if _problem_report is not None:
        return markdown
    path = Path(page.file.abs_src_path)
    if path.resolve() in _routines:
        return _routine_page(markdown, page, config)
    framed = _technique_page if path.resolve() in _techniques else _review_line
    if not _serving:
        return framed(markdown, page, config)
    return _kept_making("framed", lambda: framed(markdown, page, config), markdown, page)


def _kept_making(kind: str, make, text: str, page) -> str:
    # Under `mkdocs serve`, what `make()` made of a page's `text` at the rebuild before, where
    # nothing it reads changed (build/kept_renders.py), with what it wrote in the page's meta and
    # the anchors it added written again.
    from macros.build import kept_renders  # here, not at the top: live reload (on_config)

    def made() -> tuple[str, dict, list, set]:
        meta, anchors = copy.deepcopy(page.meta), set(page.present_anchor_ids or ())
        out = make()
        return (out, {key: value for key, value in page.meta.items() if key not in meta or meta[key] != value},
                [key for key in meta if key not in page.meta], set(page.present_anchor_ids or ()) - anchors)

    path = Path(page.file.abs_src_path)
    out, written, removed, anchors = kept_renders.answered(_kept_checks, kept_renders.made_key(kind, path, text), made)
    page.meta.update(copy.deepcopy(written))
    for key in removed:
        page.meta.pop(key, None)
    if anchors and page.present_anchor_ids is not None:
        page.present_anchor_ids.update(anchors)
    return out


def _technique_page(markdown: str, page, config) -> str:
    from macros.checks import review  # here, not at the top: live reload (on_config)
    from macros.components import print as printing
    from macros.components import technique

    path = Path(page.file.abs_src_path)
    doc, _ = technique.load(path)
    # Search engines and link previews read the summary.
    page.meta.setdefault("description", doc.meta["summary"])
    # Tags come from the body areas, so a new technique is listed by area with no other edit.
    # Material's tags plugin reads page.meta["tags"] after this (its on_page_markdown runs at -50).
    page.meta["tags"] = list(doc.meta["body_areas"])
    base = "../" * page.url.count("/")
    line = review.line_for(path, Path(config["docs_dir"]), config["extra"].get("knotwork", {}), base)
    header = technique.header(doc.meta, Path(config["docs_dir"]), base, line, technique.first_time(doc))
    # The title as the page's own h1, on a line of its own (the booklet plugin needs it); the
    # header, with the page's address and QR code beside it in print; then the print button's
    # place: after the way to start, which is what a phone's first screen is for.
    head = printing.print_head(header, config.get("site_url"), page.url)
    return f"# {doc.meta['title']}\n\n{head}\n\n{printing.print_button()}\n\n{markdown}{technique.sources(doc.meta)}"


def _review_line(markdown: str, page, config) -> str:
    # Any other page that shows a callout or a dose (the tips, Safety): its review line under its title.
    from macros.checks import review  # here, not at the top: live reload (on_config)
    from macros.components.review import after_title, line
    from macros.core.page import read_page

    docs_dir = Path(config["docs_dir"])
    doc, problems = read_page(Path(page.file.abs_src_path), page.file.src_uri)
    if problems or not review.is_health_page(doc, docs_dir):
        return markdown
    found = review.status(doc, docs_dir, config["extra"].get("knotwork", {}))
    return after_title(markdown, line(found, "../" * page.url.count("/")))


def _routine_page(markdown: str, page, config) -> str:
    # A routine page is made from its steps' pages (components/routine.py), as a technique's from its front matter.
    from macros.checks import review  # here, not at the top: live reload (on_config)
    from macros.components import routine

    docs_dir = Path(config["docs_dir"])
    found = routine.load(Path(page.file.abs_src_path), docs_dir)
    page.meta.setdefault("description", found.page.meta["summary"])
    settings = config["extra"].get("knotwork", {})
    line = review.line_for(found.page.path, docs_dir, settings, "../" * page.url.count("/"))
    return routine.frame(found, markdown, settings, config.get("site_url"), page.url, docs_dir, line)


# A page without `description:` in its front matter is described by its first paragraph, so
# search engines and link previews get words of that page, not the site's slogan.
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
DESCRIPTION_LENGTH = 160


def describe(content: str) -> str | None:
    """Plain text of the first paragraph of a page's HTML, cut at a word to 160 characters."""
    match = _FIRST_PARAGRAPH.search(content)
    if not match:
        return None
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match[1])).split())
    text = re.sub(r" ([,.;:!?])", r"\1", text)
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text or None


# A heading that starts a section of the search index (Material's search plugin splits a page
# at headings with an id).
_SECTION_HEADING = re.compile(r"<(h[2-6])(?=\s[^>]*\bid=)")


def search_title_only(content: str) -> str:
    """The page's HTML with each section after the opening one marked for Material's search
    plugin to leave out (`data-search-exclude`): the page is found by its title and opening
    paragraphs alone."""
    return _SECTION_HEADING.sub(r"<\1 data-search-exclude", content)


@event_priority(100)  # before the print-site plugin keeps each page's content for the booklet
def on_page_content(content: str, page, config, files) -> str:
    if _problem_report is not None:
        return problem_page(_problem_report, _error_count)
    if not _serving or Path(page.file.abs_src_path).resolve() in _routines:
        return _finished(content, page, config)
    return _kept_making("finished", lambda: _finished(content, page, config), content, page)


def _finished(content: str, page, config) -> str:
    description = page.meta.get("description") or describe(content)
    if description:
        # Material writes it into an attribute without escaping it.
        page.meta["description"] = html.escape(html.unescape(str(description)), quote=True)
    if page.meta.get("search_sections") is False:
        content = search_title_only(content)
    content = _lead_to_first_timer(content, page)
    content = _before_you_start(content, page, config)
    # The print-site plugin puts a page's tags right before its HTML in the booklet, then finds
    # each heading's id by reading a tag and an id on one line: a title on the tags' line
    # would keep its own id, and the booklet's contents would lead nowhere.
    return "\n" + content if page.meta.get("tags") and content.startswith("<h1") else content


def _lead_to_first_timer(content: str, page) -> str:
    # The skip link and a technique header's "Go to the timer" lead to the first timer: it gets
    # their id here, and MkDocs learns of it, so a link to it in a page is not taken for broken.
    from macros.components.technique import start  # here, not at the top: live reload (on_config)

    content = start.lead_to_first_timer(content)
    if f'id="{start.TIMER_ID}"' in content and page.present_anchor_ids is not None:
        page.present_anchor_ids.add(start.TIMER_ID)
    return content


def _before_you_start(content: str, page, config) -> str:
    # The Safety section's callouts as one short block, the first-screen control leading there
    # until the reader has read it, and "Stop at once if" in every timer (components/before.py).
    from macros.components import before  # here, not at the top: live reload (on_config)

    content, key = before.page(content, config["extra"].get("knotwork", {}))
    # The theme (main.html) marks a page the reader has read before its first paint.
    page.meta.pop(before.META, None)
    if key:
        page.meta[before.META] = key
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.add(before.spec()["id"])
    return content


def on_env(env, config, files):
    # The panel "Get help now" opens, on every page: made once a build (components/help.py).
    # In `extra`, not the environment's globals: the booklet's plugin renders its page with
    # an environment of its own, and the same config.
    from macros.components import help as help_now  # here, not at the top: live reload (on_config)
    from macros.core import compiled_templates

    config["extra"][help_now.EXTRA] = help_now.panel(config["extra"].get("knotwork", {}), config.get("site_url"))
    # The theme's templates compiled once: for the pages, for the booklet's environment (made
    # by the theme too), and for the next build (core/compiled_templates.py).
    theme = config["theme"]
    make_env = getattr(theme.get_env, "__wrapped__", theme.get_env)
    theme.get_env = functools.wraps(make_env)(lambda: compiled_templates.use(make_env()))
    return compiled_templates.use(env)


# Problems of the HTML the build wrote, every page's, failing the build once all are listed.
_html_problems: list = []
# Under `mkdocs build` on two cores or more, that check runs in a second process while the build
# ends (the booklet, the stylesheet cut, the offline worker: about as long): each page's source,
# content and HTML are kept for it until then.
_gate_at_the_end = False
_built_pages: list[tuple[Path, str, str]] = []


def on_post_page(output: str, page, config) -> str:
    from macros.output import bundle  # here, not at the top: live reload (on_config)

    if _problem_report is None:
        _check_built_page(output, page, config)
    return bundle.squeeze(output)


def _check_built_page(output: str, page, config) -> None:
    # The HTML a page of docs/ produced, gated (output/html_gate.py); the booklet repeats them.
    # Under `mkdocs serve`, a page whose HTML and source are as last time is answered as then.
    from macros.checks import kept  # here, not at the top: live reload (on_config)

    if page.file.generated_by is not None or not page.file.abs_src_path:
        return
    path = Path(page.file.abs_src_path)
    if _gate_at_the_end:
        _built_pages.append((path, page.content or "", output))
        return
    key = kept.built_page_key(path, output) if _serving else None
    answer = kept.kept(_kept_checks, key) if key else None
    if answer is not None:
        _html_problems.extend(answer[0])
        return
    found = _gate(path, page.content or "", output, config)
    if key:
        kept.keep(_kept_checks, key, found)
    _html_problems.extend(found)


def _gate(path: Path, content: str, output: str, config) -> list:
    from macros.core.calls import macro_calls  # here, not at the top: live reload (on_config)
    from macros.core.page import read_page, shown_path
    from macros.output import html_gate

    source, _ = read_page(path, shown_path(path))
    return html_gate.page_problems(shown_path(path), content, output.replace(content, "", 1),
                                   tuple(config["theme"].dirs), macro_calls(source), config.get("site_url"))


def _gate_built_pages(config):
    """The check of every page's HTML kept for the end, started beside (build/beside.py)."""
    from macros.build import beside  # here, not at the top: live reload (on_config)

    pages = list(_built_pages)
    _built_pages.clear()
    return beside.Beside(lambda: [problem for page in pages for problem in _gate(*page, config)])


def on_post_template(output: str, template_name: str, config) -> str:
    # The theme's static pages: 404.html, served for every address that is not a page.
    from macros.output import bundle  # here, not at the top: live reload (on_config)

    return bundle.squeeze(output) if template_name.endswith(".html") else output


@event_priority(-100)  # after the print-site plugin has written the booklet
def on_post_build(config) -> None:
    from macros.components import before, routine  # here, not at the top: live reload (on_config)
    from macros.components.technique import start
    from macros.core.errors import PagesInvalid
    from macros.output import booklet, bundle, offline, purge

    _checks_done(config)  # before what the build wrote is looked at: the pages' own problems come first
    gate = _gate_built_pages(config) if _gate_at_the_end else None
    if _html_problems:
        found = list(_html_problems)
        _html_problems.clear()
        if not _serving:
            raise Abort(str(PagesInvalid(found)))
        log.error("%s", PagesInvalid(found))

    plugin = config.plugins.get("print-site")
    if plugin is not None and Path(plugin.print_page.file.abs_dest_path).is_file():
        page = Path(plugin.print_page.file.abs_dest_path)
        written = start.without_ways_to_start(booklet.booklet_contents(page.read_text(encoding="utf-8")))
        written = routine.without_adjust_links(before.in_booklet(written))
        page.write_text(bundle.squeeze(written), encoding="utf-8")
    colours = bundle.palette_colours(config["theme"].get("palette"))
    for sheet in (Path(config["site_dir"]) / "assets" / "stylesheets").glob("palette.*.css"):
        sheet.write_text(bundle.trim_palette(sheet.read_text(encoding="utf-8"), colours), encoding="utf-8")
    # Material's stylesheet cut to what the pages and scripts of this build can use: for readers.
    # `mkdocs serve` keeps it whole, as it keeps no offline worker (the cut changes nothing a page
    # shows: tests/browser/test_purge.py), and a save is shown sooner.
    if not _serving:
        purge.write(Path(config["site_dir"]), bool(config["extra"].get("version")))
    # Last: the worker's version is a hash of everything built.
    offline.write(config)
    found = gate.result() if gate is not None else []
    if found:
        raise Abort(str(PagesInvalid(found)))


# After the print-site plugin's on_nav, which keeps the navigation's list as it was for the
# booklet's order (Safety first) and adds the booklet to the menu.
@event_priority(-100)
def on_nav(nav, config, files):
    # The booklet (the print-site plugin's page) holds the techniques, the tips and the Safety
    # page, as output/booklet.py lists them. The plugin can only leave pages out, so every
    # other page is named to leave out: a new technique goes in by itself, a new page of
    # another kind stays out.
    from macros.build import reading_order  # here, not at the top: live reload (on_config)
    from macros.components import technique
    from macros.output import booklet

    plugin = config.plugins.get("print-site")
    if plugin is not None:
        plugin.config["exclude"] = booklet.booklet_excludes(f.src_uri for f in files.documentation_pages())
        # It repeats other pages: search engines leave it out (see main.html).
        plugin.print_page.meta["robots"] = "noindex"
    # The menu and the footer's Previous and Next in the reader's order (a new list: the
    # booklet's stays as it was).
    # The tags page lists its pages in the techniques' one reading order too.
    tags = config.plugins.get("material/tags") or config.plugins.get("tags")
    if tags is not None:
        tags.config.listings_sort_by = technique.tags_listing_key
    everything = nav.items
    docs_dir = Path(config["docs_dir"])
    techniques = technique.load_all(docs_dir)  # in their one reading order
    reading_order.sort_sections(everything, {p.path.relative_to(docs_dir.resolve()).as_posix(): place
                                             for place, p in enumerate(techniques)})
    nav.items = reading_order.arrange(everything)
    nav.pages = reading_order.pages(nav.items)
    reading_order.chain(everything)  # every page: one left out of the menu loses its links too
    return nav


# The technique pages of this build, listed once in on_files, not once per page (a listing
# per page made the build grow with the square of the number of pages).
_techniques: set[Path] = set()
_routines: set[Path] = set()


def on_files(files, config):
    from macros.components import routine, technique  # here, not at the top: live reload (on_config)
    from macros.output import bundle, offline

    global _techniques, _routines
    _techniques = set(technique.technique_files(Path(config["docs_dir"])))
    _routines = set(routine.routine_files(Path(config["docs_dir"])))
    # Component specs (*.yml) sit beside their templates for the code and docs to read;
    # readers do not need them.
    for file in [f for f in files if f.src_uri.startswith("components/") and f.src_uri.endswith(".yml")]:
        files.remove(file)
    # The components' styles and scripts reach readers as one minified file of each kind (the
    # offline worker's source too: on_post_build writes it as /sw.js).
    parts = {part for group in bundle.PARTS.values() for part in group} | {offline.SOURCE}
    for file in [f for f in files if f.src_uri in parts]:
        files.remove(file)
    from macros.components import log as reader_log  # here, not at the top: live reload (on_config)

    for name in bundle.PARTS:
        made = bundle.bundle(name)
        # The log's advice carries the doses' numbers and words it needs (components/log.py).
        files.append(File.generated(config, name, content=reader_log.with_rules(made) if name == reader_log.ADVICE
                                    else made))
    return files
