"""mkdocs hook: fills the reference tables in at build time from the fake's rule tables.

A page asks for a table with an HTML comment on a line of its own::

    <!-- kmsfake-table: operations -->

and the hook replaces it with `tables.render("operations")`. The tables themselves are built
by the pure functions in `docs/tables.py`, which the test suite calls too. An unknown table
name fails the build.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.exceptions import PluginError

_PLACEHOLDER = re.compile(r"^<!--\s*kmsfake-table:\s*([a-z0-9-]+)\s*-->\s*$", re.MULTILINE)
_TABLES_FILE = Path(__file__).with_name("tables.py")
_REPOSITORY = str(Path(__file__).resolve().parent.parent)


def _load_tables() -> ModuleType:
    """docs/tables.py under a name of its own (no clash with any installed `tables`). The
    tables describe the package of this checkout, even where another copy is installed."""
    if _REPOSITORY not in sys.path:
        sys.path.insert(0, _REPOSITORY)
    spec = importlib.util.spec_from_file_location("pytest_kmsfake_docs_tables", _TABLES_FILE)
    if spec is None or spec.loader is None:
        raise PluginError(f"cannot load {_TABLES_FILE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **_: Any) -> str:
    if "kmsfake-table:" not in markdown:
        return markdown
    tables = _load_tables()

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        try:
            return str(tables.render(name))
        except KeyError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc.args[0]}") from None

    filled = _PLACEHOLDER.sub(fill, markdown)
    if "kmsfake-table:" in filled:
        raise PluginError(
            f"{page.file.src_uri}: a kmsfake-table placeholder must stand alone on its line"
        )
    return filled
