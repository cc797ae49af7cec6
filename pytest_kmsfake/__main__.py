"""`python -m pytest_kmsfake serve ...`: the standalone server (see `_serve`)."""

from __future__ import annotations

import sys

from ._serve import main

if __name__ == "__main__":
    sys.exit(main())
