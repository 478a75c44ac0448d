"""How this project launches Chromium: the browser tests and scripts/bench_build.py share one recipe.

Debian's chromium, installed by `make browser` (scripts/install_chromium.sh):
Playwright's own browser download needs the internet, which this project's
machines do not have.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium keeps trying to reach outside hosts, which this closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
