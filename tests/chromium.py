"""Headless Chromium (Debian's `chromium`, `make setup-test` installs it) for the tests.

The Dagster UI test and the report tests render pages with it: the DOM once the page's scripts
have run (virtual time), and screenshots kept under warehouse/artefacts/.
"""

import re
import shutil
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM = shutil.which("chromium")
ARTEFACTS = Path(__file__).resolve().parent.parent / "warehouse" / "artefacts"
# a figure of the report page: <figure class="chart" id="chart-NAME" data-rows="N" ...>...</figure>
_FIGURE = re.compile(
    r'<figure class="chart[^"]*" id="chart-([a-z_]+)" data-rows="(\d+)"(.*?)</figure>', re.S
)


def _base(window: str, budget_ms: int) -> list[str]:
    assert CHROMIUM, "headless Chromium is missing: make setup-test installs it"
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        f"--window-size={window}",
        f"--virtual-time-budget={budget_ms}",
    ]


def screenshot(url: str, path: Path, window: str = "1600,1000", budget_ms: int = 20000) -> None:
    """A screenshot of ``url`` once loaded, to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    base = _base(window, budget_ms)
    subprocess.run([*base, f"--screenshot={path}", url], check=True, capture_output=True)


def dump_dom(url: str, window: str = "1600,1000", budget_ms: int = 20000) -> str:
    """The DOM of ``url`` once its scripts have run."""
    base = _base(window, budget_ms)
    result = subprocess.run([*base, "--dump-dom", url], check=True, capture_output=True, text=True)
    return result.stdout


def render(url: str, path: Path) -> str:
    """The page's DOM once loaded, and its screenshot to ``path``."""
    screenshot(url, path)
    return dump_dom(url)


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def check_report(index: Path, artefacts: Path, without_data: set[str]) -> dict[str, str]:
    """Render the report in Chromium: every chart with rows is drawn (an SVG with marks), the
    others show their "no data" note; a screenshot per chart goes to ``artefacts``.

    Returns each chart's figure HTML as rendered, by chart name.
    """
    url = index.as_uri()
    dom = dump_dom(url, budget_ms=10000)
    figures = {name: (int(rows), body) for name, rows, body in _FIGURE.findall(dom)}
    assert figures, dom[:2000]
    assert {name for name, (rows, _) in figures.items() if rows == 0} == without_data
    shots = []
    for name, (rows, body) in figures.items():
        if rows == 0:
            assert "no data for" in body and "<svg" not in body, name
            continue
        assert 'data-rendered="svg"' in body, (name, body[:500])
        assert "<svg" in body and "no data for" not in body, name
        assert re.search(r'class="mark-(rect|line|symbol|rule|tick)', body), name
        # the chart alone (index.html#only=NAME), in a window as large as its image (at 2x)
        width, height = _png_size(index.parent / "charts" / f"{name}.png")
        window = f"{width // 2 + 140},{height // 2 + 240}"
        shots.append((f"{url}#only={name}", artefacts / f"{name}.png", window, 10000))
    # a Chromium start is mostly waiting: a few at once
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda shot: screenshot(*shot), shots))
    return {name: body for name, (_, body) in figures.items()}
