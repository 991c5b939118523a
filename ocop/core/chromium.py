"""Debian's chromium as the project runs it, headless: the browser tests (``ocop.portal.tests.browsing``)
and the benchmarks that load pages (the sales-point map through Playwright, the statistics page through
Lighthouse). One path and one set of flags, so a test and a figure see the same browser."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # apt-get install chromium
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
