"""The report's HTML page: one figure per chart, Vega's JavaScript inlined once (no network).

Each figure holds its Vega-Lite spec (a JSON script tag) and the PNG image for a browser without
JavaScript; vega-embed draws the spec as SVG, with tooltips. ``index.html#only=<chart>`` shows
one chart alone (the tests' screenshots use it).
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reporting.build import Drawn

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1em 2em;
  color: #222; }
header p, figcaption p { color: #555; margin: 0.2em 0 0.6em; }
nav a { margin-right: 1em; }
h2 { border-bottom: 1px solid #ddd; margin-top: 2em; }
figure.chart { margin: 1.5em 0; }
figcaption h3 { margin: 0; }
.no-data { background: #f6f6f6; border: 1px dashed #aaa; color: #555; padding: 1.5em; }
.failed { color: #b00; }
body.only header, body.only nav, body.only h2, body.only figure.chart { display: none; }
body.only figure.chart.shown { display: block; }
"""

# Draw every figure's spec; mark it data-rendered (svg: done, error: the message is shown).
_SCRIPT = """
const only = new URLSearchParams(location.hash.slice(1)).get("only");
if (only) {
  document.body.classList.add("only");
  document.getElementById("chart-" + only)?.classList.add("shown");
}
for (const figure of document.querySelectorAll("figure.chart[data-spec]")) {
  const target = figure.querySelector(".vega");
  const spec = JSON.parse(document.getElementById(figure.dataset.spec).textContent);
  vegaEmbed(target, spec, {renderer: "svg", actions: false})
    .then(() => { figure.dataset.rendered = "svg"; })
    .catch((error) => {
      figure.dataset.rendered = "error";
      target.innerHTML = '<p class="failed"></p>';
      target.firstChild.textContent = "The chart could not be drawn: " + error;
    });
}
"""


def _script_json(value: object) -> str:
    """JSON to put inside a script tag (no "</" that would close it)."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def _figure(drawn: Drawn) -> str:
    chart = drawn.chart
    name = html.escape(chart.name)
    caption = (
        f"<figcaption><h3>{html.escape(chart.title)}</h3>"
        f"<p>{html.escape(chart.about)}</p></figcaption>"
    )
    if drawn.spec is None:
        return (
            f'<figure class="chart" id="chart-{name}" data-rows="0">{caption}'
            f'<p class="no-data">no data for {html.escape(chart.what)}</p></figure>'
        )
    return (
        f'<figure class="chart" id="chart-{name}" data-rows="{drawn.rows}"'
        f' data-spec="spec-{name}">{caption}<div class="vega"></div>'
        f'<noscript><img src="charts/{name}.png" alt="{html.escape(chart.title)}"></noscript>'
        f'<script type="application/json" id="spec-{name}">{_script_json(drawn.spec)}</script>'
        "</figure>"
    )


def page_html(charts: list[Drawn], source: str, vega_bundle: str) -> str:
    """The whole page: header, table of contents, a section per group of charts, the script."""
    sections: dict[str, list[Drawn]] = {}
    for drawn in charts:
        sections.setdefault(drawn.chart.section, []).append(drawn)
    anchors = {section: section.lower().replace(" ", "-") for section in sections}
    body = [
        "<header><h1>Conversion Warehouse: marketing report</h1>",
        f"<p>Built from the {html.escape(source)}. Hover a mark for its figures; each chart is "
        "also an image in <code>charts/</code>.</p></header>",
        "<nav>"
        + "".join(
            f'<a href="#{anchors[section]}">{html.escape(section)}</a>' for section in sections
        )
        + "</nav>",
    ]
    for section, drawn_charts in sections.items():
        body.append(f'<h2 id="{anchors[section]}">{html.escape(section)}</h2>')
        body += [_figure(drawn) for drawn in drawn_charts]
    bundle = vega_bundle.replace("</script", "<\\/script")
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>Conversion Warehouse: marketing report</title>",
            f"<style>{_STYLE}</style></head><body>",
            *body,
            f"<script>{bundle}</script>",
            f"<script>{_SCRIPT}</script>",
            "</body></html>",
        ]
    )
