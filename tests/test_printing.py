"""What a printed page carries, without a browser: the page's address, its QR code drawn at
build time, the print button's place, and which pages the booklet holds. Plus builds: the
real site's pages carry them, and a new technique joins the booklet by itself."""

from __future__ import annotations

import html as markup
import re

import pytest
import segno
from conftest import FORK_URL, ROOT, build, configured_site_url, copy_project, own_timer_ids

from macros.components import print as printing
from macros.components import technique
from macros.core import disk_cache
from macros.core.errors import KnotworkError
from macros.output import booklet

SITE_URL = configured_site_url()


def breakable(address: str) -> str:
    """The address as the printed page writes it: a place to break after each "/" within it."""
    return re.sub(r"(?<=/)(?=[^/])", "<wbr>", address)


@pytest.mark.parametrize(("site_url", "page_url", "address"), [
    ("https://knotwork.example.org/", "techniques/wall-ball/", "https://knotwork.example.org/techniques/wall-ball/"),
    ("https://knotwork.example.org", "techniques/wall-ball/", "https://knotwork.example.org/techniques/wall-ball/"),
    ("https://example.org/guides/knotwork", "techniques/a/", "https://example.org/guides/knotwork/techniques/a/"),
    ("http://127.0.0.1:8000/", "/techniques/a/", "http://127.0.0.1:8000/techniques/a/"),
    ("https://example.org/", "", "https://example.org/"),
])
def test_page_address_joins_site_url_and_page_url(site_url, page_url, address):
    assert printing.page_address(site_url, page_url) == address


@pytest.mark.parametrize("site_url", [None, "", "knotwork.example.org", "ftp://example.org/", "javascript:alert(1)"])
def test_no_address_without_a_web_site_url(site_url):
    assert printing.page_address(site_url, "techniques/a/") is None
    assert printing.print_block(site_url, "techniques/a/") == ""


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules segno's SVG path draws ("M x y" moves, "h n" runs, "m dx dy" steps)."""
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg)[1]
    dark, x, y = set(), 0.0, 0.0
    for op, args in re.findall(r"([MmHh])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            run = numbers[0] if op == "h" else numbers[0] - x
            dark |= {(int(x + i), int(y)) for i in range(int(run))}
            x += run
    return dark


def test_qr_code_draws_the_address_with_a_quiet_zone():
    address = "https://knotwork.example.org/techniques/tennis-balls-in-a-sock/"
    svg = printing.qr_svg(address)
    code = segno.make(address, error="m", micro=False, mask=0)
    assert code.error in ("M", "Q", "H") and code.designator  # a full QR code, error correction M or better
    size = len(code.matrix) + 8  # quiet zone of 4 modules each side
    assert f'viewBox="0 0 {size} {size}"' in svg
    assert not re.search(r'<svg[^>]*\s(width|height)=', svg)  # sized by print.css
    assert 'aria-hidden="true"' in svg and "xmlns" not in svg and "<?xml" not in svg
    assert '<path fill="#fff" d="M0 0h' in svg  # white under the code, quiet zone included
    wanted = {(x + 4, y + 4) for y, row in enumerate(code.matrix) for x, bit in enumerate(row) if bit}
    assert qr_modules(svg) == wanted
    assert address not in svg  # the address is in the drawing only, never in the markup
    assert printing.qr_svg(address) == svg and printing.qr_svg(address + "x") != svg


def test_a_qr_code_is_drawn_once_and_kept_but_never_for_another_address_or_code(tmp_path, monkeypatch):
    address = "https://knotwork.example.org/techniques/tennis-balls-in-a-sock/"
    monkeypatch.setattr(disk_cache, "folder", tmp_path)
    drawn = printing.qr_svg(address)
    assert drawn == printing._draw_qr(address) and len(list(tmp_path.rglob("*.txt"))) == 1

    def never(address: str) -> str:
        raise AssertionError(f"drawn again: {address}")

    monkeypatch.setattr(printing, "_draw_qr", never)
    assert printing.qr_svg(address) == drawn  # from the cache, as the next build would have it
    with pytest.raises(AssertionError, match="drawn again"):  # another address: its own code
        printing.qr_svg(address.replace("sock", "wall"))
    # Changed drawing code (this module's own) or another segno: drawn afresh, never the old one.
    monkeypatch.setattr(disk_cache, "fingerprint", lambda module: "changed code")
    with pytest.raises(AssertionError, match="drawn again"):
        printing.qr_svg(address)
    monkeypatch.undo()
    # A kept file that is not a drawing as _draw_qr makes it (a script put there, say) is not used.
    [kept] = tmp_path.rglob("*.txt")
    kept.write_text(drawn.replace("</svg>", "<script>alert(1)</script></svg>"), encoding="utf-8")
    monkeypatch.setattr(disk_cache, "folder", tmp_path)
    assert printing.qr_svg(address) == drawn and "<script>" not in kept.read_text(encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setattr(disk_cache, "folder", tmp_path)
    monkeypatch.setattr(segno, "__version__", "0.0.0")
    monkeypatch.setattr(printing, "_draw_qr", never)
    with pytest.raises(AssertionError, match="drawn again"):
        printing.qr_svg(address)


def test_a_cache_that_cannot_be_written_leaves_the_build_alone(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(disk_cache, "folder", blocked)
    address = "https://knotwork.example.org/"
    assert printing.qr_svg(address) == printing._draw_qr(address)


def test_print_block_writes_the_address_escaped_beside_its_code():
    block = printing.print_block("https://example.org/a&b<c>/", 'techniques/x"y/')
    assert 'class="mdx-print-only mdx-print-qr"' in block
    assert "https://<wbr>example.org/<wbr>a&amp;b&lt;c&gt;/<wbr>techniques/<wbr>x&#34;y/" in block
    assert "<c>" not in block and 'x"y' not in block
    assert block.count("<svg") == 1


def test_print_head_keeps_the_header_and_adds_the_block():
    header = '<div class="mdx-technique"><p>Summary &amp; more</p></div>'
    head = printing.print_head(header, "https://example.org/", "techniques/a/")
    assert head.startswith('<div class="mdx-print-head">') and header in head
    assert head.index(header) < head.index("mdx-print-qr")
    assert printing.print_head(header, None, "techniques/a/").count("mdx-print-qr") == 0


def test_print_button_place_is_empty_without_javascript():
    place = printing.print_button()
    assert re.fullmatch(r'<div class="mdx-print-button" data-mdx-print></div>', place)


def test_booklet_keeps_techniques_tips_and_safety_only():
    pages = ["index.md", "safety.md", "tags.md", "contributing.md", "techniques/a.md", "techniques/b.md",
             "tips/jaw.md", "about/safety.md", "assets/readme.txt"]
    assert booklet.booklet_excludes(pages) == ["about/safety.md", "contributing.md", "index.md", "tags.md"]


BOOKLET = """<head><script>document.addEventListener('DOMContentLoaded', function () {
  remove_material_navigation();generate_toc();
})</script></head><body>
<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" >
<nav class="md-nav md-nav--secondary"><ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>
<li><a href="#a">A</a><nav><ul class="md-nav__list"><li><a href="#b">B</a></li></ul></nav></li>
<li><a href="#c">C</a></li></ul></nav></div>
<section class="print-page"><div id="print-page-toc" data-toc-depth="2">
<nav role='navigation' class='print-page-toc-nav'>
<h1 class='print-page-toc-title'>Contents</h1>
</nav></div></section><section class="print-page" id="a"><ul><li>not this list</li></ul></section></body>"""


def test_the_booklet_contents_are_written_in_at_build_time_not_by_its_script():
    html = booklet.booklet_contents(BOOKLET)
    contents = re.search(r"<h1 class='print-page-toc-title'>Contents</h1>\n(.*?)</nav></div></section>", html, re.S)[1]
    assert contents == ('<ul class="md-nav__list" data-md-scrollfix>\n<li><a href="#a">A</a><nav>'
                        '<ul class="md-nav__list"><li><a href="#b">B</a></li></ul></nav></li>\n'
                        '<li><a href="#c">C</a></li></ul>')
    assert "generate_toc" not in html and "remove_material_navigation();" in html
    # The sidebar keeps its own list.
    assert html.count('data-md-component="toc"') == 1


def test_a_booklet_with_no_headings_gets_an_empty_contents_list_and_no_failing_script():
    html = booklet.booklet_contents(re.sub(r'<div class="md-sidebar md-sidebar--secondary".*?</div>', "", BOOKLET,
                                            flags=re.S))
    assert "<h1 class='print-page-toc-title'>Contents</h1>\n</nav>" in html and "generate_toc" not in html


@pytest.mark.parametrize(("cut", "missing"), [
    ('<div id="print-page-toc" data-toc-depth="2">', "its contents list"),
    ("generate_toc();", "its script call"),
])
def test_a_booklet_not_as_expected_stops_the_build_with_what_is_missing(cut, missing):
    with pytest.raises(KnotworkError, match=f"has not {missing} where Knotwork expects it") as error:
        booklet.booklet_contents(BOOKLET.replace(cut, ""))
    assert "requirements.lock" in error.value.fix


# ---- Builds ---------------------------------------------------------------------------------


@pytest.mark.build
def test_built_technique_pages_carry_title_address_qr_and_button_place(site_dir):
    files = technique.technique_files(ROOT / "docs")
    assert files
    for path in files:
        doc, _ = technique.load(path)
        html = (site_dir / "techniques" / doc.slug / "index.html").read_text(encoding="utf-8")
        title = markup.escape(doc.meta["title"], quote=False)
        assert re.search(rf'<h1 id="[^"]+">{re.escape(title)}<', html), doc.slug
        address = f"{SITE_URL.rstrip('/')}/techniques/{doc.slug}/"
        assert f'<span class="mdx-print-qr__address">{breakable(address)}</span>' in html, doc.slug
        assert html.count('class="mdx-print-qr__code"') == 1
        assert html.count("data-mdx-print>") == 1
        assert "assets/knotwork.min.css" in html and "assets/knotwork.min.js" in html
    # The print styles and the button's script travel in Knotwork's one CSS and one JS file.
    assert ".mdx-print-qr" in (site_dir / "assets" / "knotwork.min.css").read_text(encoding="utf-8")
    assert "data-mdx-print" in (site_dir / "assets" / "knotwork.min.js").read_text(encoding="utf-8")


@pytest.mark.build
def test_booklet_is_built_with_the_techniques_and_safety_and_no_other_host(site_dir):
    html = (site_dir / "booklet" / "index.html").read_text(encoding="utf-8")
    for path in technique.technique_files(ROOT / "docs"):
        assert f'id="techniques-{path.stem}"' in html
    assert 'id="safety"' in html and 'id="index"' not in html
    assert "print-site-cover-page" in html and "print-page-toc" in html
    # The contents list is in the page from the start (no jump while a script writes it).
    contents = re.search(r'<div id="print-page-toc".*?</div>', html, re.S)[0]
    for path in technique.technique_files(ROOT / "docs"):
        assert f'href="#techniques-{path.stem}"' in contents
    assert "generate_toc" not in html
    # It repeats other pages: not for search engines, and not in sitemap.xml.
    assert '<meta name="robots" content="noindex">' in html
    assert "/booklet/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    # Styles, scripts and pictures all come from the site itself (a canonical link is no request).
    for tag in re.findall(r"<(?:link|script|img)\b[^>]*>", html):
        url = re.search(r'\s(?:href|src)="([^"]*)"', tag)
        if url and 'rel="canonical"' not in tag:
            assert not re.match(r"([a-z]+:)?//", url[1]), tag
    # Its own CSS would set A4 paper on every page of the site: it stays off.
    assert not (site_dir / "css" / "print-site-material.css").exists()
    # Its script (which makes the contents) is linked on its page, and only there.
    assert html.count('src="../js/print-site.js"') == 1
    others = [p for p in site_dir.rglob("*.html") if p.parent.name != "booklet" and "components" not in p.parts]
    assert others and not [p for p in others if "print-site.js" in p.read_text(encoding="utf-8")]


@pytest.mark.build
def test_a_new_technique_joins_the_booklet_by_itself(tmp_path):
    project = copy_project(tmp_path / "project")
    source = sorted((project / "docs" / "techniques").glob("*.md"))[0]
    text = source.read_text(encoding="utf-8")
    new = own_timer_ids(re.sub(r"(?m)^title: .*$", "title: A brand new technique", text, count=1), "brand-new")
    (project / "docs" / "techniques" / "brand-new.md").write_text(new, encoding="utf-8")
    result = build(project, tmp_path / "site", env={"KNOTWORK_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "booklet" / "index.html").read_text(encoding="utf-8")
    assert 'id="techniques-brand-new"' in html and "A brand new technique" in html
    # Its QR code was drawn and kept in the cache folder; a build for another address draws anew.
    kept = {p.read_text(encoding="utf-8") for p in (tmp_path / "cache" / "qr").glob("*.txt")}
    page = (tmp_path / "site" / "techniques" / "brand-new" / "index.html").read_text(encoding="utf-8")
    assert [svg for svg in kept if svg in page]
    result = build(project, tmp_path / "moved", env={"SITE_URL": FORK_URL, "KNOTWORK_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "moved" / "techniques" / "brand-new" / "index.html").read_text(encoding="utf-8")
    assert not [svg for svg in kept if svg in page]
    assert printing.qr_svg(FORK_URL + "/techniques/brand-new/") in page


@pytest.mark.build
def test_a_fork_built_with_its_own_address_prints_links_and_maps_that_address(fork_site_dir):
    # What the deploy workflow does on any fork: SITE_URL from GitHub Pages, with no slash at the end.
    base = FORK_URL + "/"
    files = technique.technique_files(ROOT / "docs")
    assert files and not SITE_URL.startswith(FORK_URL)
    for path in files:
        slug = technique.load(path)[0].slug
        html = (fork_site_dir / "techniques" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<span class="mdx-print-qr__address">{breakable(f"{base}techniques/{slug}/")}</span>' in html, slug
        assert f'<link rel="canonical" href="{base}techniques/{slug}/">' in html, slug
        assert SITE_URL not in html, slug
    sitemap = (fork_site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(base) for loc in locations), locations
    assert f"<loc>{base}techniques/{technique.load(files[0])[0].slug}/</loc>" in sitemap
    # The 404 page is served at any depth, so it links its files from the site's own path.
    missing = (fork_site_dir / "404.html").read_text(encoding="utf-8")
    assert 'href="/fork/assets/knotwork.min.css"' in missing


@pytest.mark.build
def test_an_empty_site_url_from_the_environment_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    result = build(project, tmp_path / "out", env={"SITE_URL": ""})
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "SITE_URL is set but empty" in said and "SITE_URL=https://" in said
    assert not (tmp_path / "out" / "index.html").exists()
