"""The documentation site builds and reads offline: no script, style or font from outside.

The site is built once (mkdocs, --strict) into a temporary folder; every page and stylesheet
is then read for references to another host.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MERMAID = "assets/vendor/mermaid/mermaid.min.js"
OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


class _References(HTMLParser):
    """Collects what a page loads: scripts, stylesheets and other linked resources, and the
    url()s of its inline styles (links to read, `<a href>`, are not loads)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and "src" in values:
            self.loads.append(values["src"])
        elif tag == "link" and "href" in values and values.get("rel") not in ("canonical",):
            self.loads.append(values["href"])
        elif tag in ("img", "iframe", "source") and "src" in values:
            self.loads.append(values["src"])
        if "style" in values:
            self.loads.extend(_css_references(values["style"]))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.loads.extend(_css_references(data))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def _css_references(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


def outside_loads(html: str) -> list[str]:
    """What a page loads from another host (`https://…`, `//…`)."""
    parser = _References()
    parser.feed(html)
    return [reference for reference in parser.loads if OUTSIDE.match(reference)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_the_check_sees_an_outside_script_style_and_font() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
        'href="//fonts.example/css"><style>@font-face{src:url("https://f.example/a.woff2")}'
        '</style><a href="https://example.com/">a link is not a load</a>'
        '<script src="../assets/local.js"></script>'
    )
    assert outside_loads(page) == [
        "https://cdn.example/x.js",
        "//fonts.example/css",
        "https://f.example/a.woff2",
    ]


def test_no_page_loads_anything_from_outside(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    found = {
        str(page.relative_to(site)): outside_loads(page.read_text(encoding="utf-8"))
        for page in pages
    }
    assert {page: refs for page, refs in found.items() if refs} == {}


def test_no_stylesheet_loads_anything_from_outside(site: Path) -> None:
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    found = {
        str(sheet.relative_to(site)): [
            ref for ref in _css_references(sheet.read_text(encoding="utf-8")) if OUTSIDE.match(ref)
        ]
        for sheet in sheets
    }
    assert {sheet: refs for sheet, refs in found.items() if refs} == {}


def test_pages_with_diagrams_load_the_vendored_mermaid(site: Path) -> None:
    # Material loads Mermaid from a CDN unless a `mermaid` script is already on the page.
    with_diagrams = [
        page for page in site.rglob("*.html") if 'class="mermaid"' in page.read_text("utf-8")
    ]
    assert with_diagrams, "no page has a diagram"
    for page in with_diagrams:
        scripts = re.findall(r'<script src="([^"]+)"', page.read_text(encoding="utf-8"))
        assert any(src.endswith(MERMAID) for src in scripts), (page, scripts)
    assert (site / MERMAID).is_file()
    assert (site / "assets/vendor/mermaid/LICENSE").is_file()


def test_the_vendored_mermaid_is_the_pinned_release_unmodified() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pinned = re.search(r"^MERMAID_SHA256\s*:=\s*([0-9a-f]{64})$", makefile, flags=re.MULTILINE)
    assert pinned, "the Makefile pins no Mermaid digest"
    digest = hashlib.sha256((ROOT / "docs" / MERMAID).read_bytes()).hexdigest()
    assert digest == pinned[1]
    licence = (ROOT / "docs/assets/vendor/mermaid/LICENSE").read_text(encoding="utf-8")
    assert "The MIT License" in licence
