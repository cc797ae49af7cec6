"""Every snippet marker in the docs is well formed, so each page includes its tested code
(a mangled marker would show as text instead of failing the strict build)."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
MARKER = re.compile(r'^\s*--8<-- "(examples|tests)/[\w/.-]+(:[\w-]+)?"$')


def test_snippet_markers_are_well_formed() -> None:
    bad = []
    for page in sorted(DOCS.rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            squeezed = line.replace(" ", "")
            if "--8<" in squeezed and not MARKER.match(line):
                bad.append(f"{page.relative_to(DOCS)}:{number}: {line.strip()}")
    assert bad == []


def test_every_page_with_a_marker_names_an_existing_file() -> None:
    root = DOCS.parent
    for page in DOCS.rglob("*.md"):
        for path in re.findall(r'--8<-- "([^":]+)', page.read_text(encoding="utf-8")):
            assert (root / path).is_file(), f"{page.name} includes missing {path}"
