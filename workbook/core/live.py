"""Live charts drawn by the browser: HTML/CSS fragments a workshop control updates in place.

A matplotlib figure costs 25 ms to draw and 125-150 ms to encode as PNG (Agg with CJK text), so a control
that re-encodes an image cannot answer within 100 ms. The workshop pages therefore show their live charts
as HTML a widget's ``value`` carries (:class:`ipywidgets.HTML`): one message to the browser, which lays it
out. Reports keep the seaborn/matplotlib images. Everything here takes text that is already localised and
formatted (:mod:`workbook.core.formats`) and escapes it: client text is data, never markup.

The text uses the kit's CJK font, which every page that shows a widget declares as ``WorkbookCJK`` (the
Voila template in :mod:`workbook.workshop.present`, JupyterLab's ``custom.css`` in
:mod:`workbook.workshop.lab`), so Chinese renders without a system font.

>>> blend(["#000000", "#ffffff"], 0.5)
'#808080'
>>> "&lt;b&gt;" in heat_grid(title="<b>", x_label="x", y_label="y", columns=["a"], rows=[("r", [Cell(["1"])])])
True
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["FONT_FAMILY", "TABLE_STYLE", "Cell", "Dumbbell", "blend", "dumbbell_chart", "heat_grid", "tables"]

FONT_FAMILY = '"WorkbookCJK", sans-serif'  # the family the pages declare (see the module text)
_BASE = (f"font-family:{FONT_FAMILY};font-size:13px;color:#222;margin:0.4em 0 1em;max-width:980px")


# the report's table look (workbook/reports/html.py) for the tables a live view shows beside its chart
TABLE_STYLE = ("<style>.wb-live-tables .wb-table{margin:0.4em 0 1em;font-size:13px}"
               ".wb-live-tables .wb-table caption{text-align:left;font-weight:600;padding:0.3em 0}"
               ".wb-live-tables .wb-table th,.wb-live-tables .wb-table td{padding:3px 10px;"
               "border-bottom:1px solid #e4e4e4}.wb-live-tables .wb-table thead th{border-bottom:1.5px solid #888}"
               ".wb-live-tables .num{text-align:right}.wb-live-tables .txt{text-align:left}"
               ".wb-live-tables .wb-more{color:#555;font-size:0.9em}</style>")


def tables(*fragments: str) -> str:
    """Escaped table fragments (:func:`workbook.core.display.table_html`) in one block with :data:`TABLE_STYLE`."""
    return f'<div class="wb-live-tables" style="font-family:{FONT_FAMILY}">{TABLE_STYLE}{"".join(fragments)}</div>'


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def blend(stops: Sequence[str], x: float) -> str:
    """The colour at ``x`` (0..1) on a ramp through the ``#rrggbb`` ``stops``, evenly spaced."""
    x = min(max(float(x), 0.0), 1.0) * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    a, b = (tuple(int(s[k:k + 2], 16) for k in (1, 3, 5)) for s in (stops[i], stops[i + 1]))
    f = x - i
    return "#" + "".join(f"{round(p + (q - p) * f):02x}" for p, q in zip(a, b))


@dataclass(frozen=True)
class Cell:
    """One cell of :func:`heat_grid`: its lines of text (the first bold), colours, tier-style outline and badge.

    ``edges`` are the colours of the top, right, bottom and left outlines (None: a thin white gap);
    ``badge`` is ``(text, background, colour)``; ``data`` become ``data-<name>`` attributes (for the tests).
    """

    lines: Sequence[str]
    background: str = "#ffffff"
    color: str = "#222222"
    edges: tuple[str | None, str | None, str | None, str | None] = (None, None, None, None)
    badge: tuple[str, str, str] | None = None
    data: dict[str, str] = field(default_factory=dict)


def _cell_html(cell: Cell) -> str:
    sides = ("top", "right", "bottom", "left")
    border = ";".join(f"border-{side}:{'3px solid ' + colour if colour else '1px solid #fff'}"
                      for side, colour in zip(sides, cell.edges))
    attrs = "".join(f' data-{_esc(k)}="{_esc(v)}"' for k, v in cell.data.items())
    badge = ""
    if cell.badge:
        text, bg, fg = cell.badge
        badge = (f'<span class="wb-live-badge" style="position:absolute;top:3px;left:4px;font-size:10px;'
                 f'padding:0 5px;border-radius:3px;background:{bg};color:{fg}">{_esc(text)}</span>')
    lines = "".join(f'<div style="{"font-weight:600;font-size:15px" if i == 0 else "font-size:11px"}">{_esc(line)}'
                    f"</div>" for i, line in enumerate(cell.lines))
    return (f'<td class="wb-live-cell"{attrs} style="position:relative;height:58px;min-width:120px;text-align:center;'
            f'vertical-align:middle;padding:18px 4px 6px;background:{cell.background};color:{cell.color};{border}">'
            f'{badge}{lines}</td>')


def heat_grid(*, title: str, x_label: str, y_label: str, columns: Sequence[str],
              rows: Sequence[tuple[str, Sequence[Cell]]], legend: Sequence[tuple[str, str]] = ()) -> str:
    """A table of coloured cells (a heatmap) with its title, axis labels and a legend of ``(label, colour)``."""
    head = "".join(f'<th style="font-weight:normal;padding:4px 6px">{_esc(col)}</th>' for col in columns)
    body = "".join(f'<tr><th style="font-weight:normal;text-align:right;padding:0 8px;white-space:nowrap">'
                   f'{_esc(label)}</th>{"".join(_cell_html(cell) for cell in cells)}</tr>' for label, cells in rows)
    keys = "".join(f'<span style="display:inline-block;margin-right:12px"><span style="display:inline-block;width:12px;'
                   f'height:12px;background:{colour};vertical-align:-2px;margin-right:4px"></span>{_esc(label)}</span>'
                   for label, colour in legend)
    return (f'<div class="wb-live wb-live-grid" style="{_BASE}">'
            f'<div class="wb-live-title" style="font-weight:600;font-size:15px;margin-bottom:6px">{_esc(title)}</div>'
            f'<table style="border-collapse:collapse;table-layout:fixed"><thead>'
            f'<tr><th></th><th colspan="{len(columns)}" style="font-weight:normal;color:#555">'
            f'{_esc(x_label)} →</th></tr>'
            f'<tr><th style="font-weight:normal;color:#555;text-align:right;padding:0 8px">{_esc(y_label)} ↓</th>'
            f'{head}</tr></thead><tbody>{body}</tbody></table>'
            f'<div class="wb-live-legend" style="margin-top:6px;font-size:12px">{keys}</div></div>')


@dataclass(frozen=True)
class Dumbbell:
    """One row of :func:`dumbbell_chart`: a label, two shares (0..1) and how they are shown."""

    label: str
    before: float
    after: float
    before_text: str
    after_text: str


def dumbbell_chart(*, title: str, x_label: str, rows: Sequence[Dumbbell], colours: tuple[str, str],
                   legend: tuple[str, str], markers: Sequence[tuple[str, float, str, str]] = (), line: str = "#8FA9B8"
                   ) -> str:
    """Each row's share before and after as two dots joined by a bar on a 0-100% track, with reference lines.

    ``markers`` are ``(label, share, colour, style)``: a vertical line across the rows (CSS border style:
    ``dashed``, ``dotted``), labelled in the legend.
    """
    def pos(x: float) -> str:
        return f"{min(max(float(x), 0.0), 1.0) * 100:.2f}%"

    guides = "".join(f'<div style="position:absolute;top:0;bottom:0;left:{pos(x)};border-left:2px {style} {colour}">'
                     f"</div>" for _, x, colour, style in markers)
    parts = []
    for row in rows:
        lo, hi = sorted((row.before, row.after))
        dots = "".join(f'<span title="{_esc(text)}" style="position:absolute;top:5px;left:calc({pos(x)} - 5px);'
                       f'width:10px;height:10px;border-radius:50%;background:{colour}"></span>'
                       for x, text, colour in ((row.before, row.before_text, colours[0]),
                                               (row.after, row.after_text, colours[1])))
        parts.append(f'<div class="wb-live-row" style="display:flex;align-items:center;height:22px">'
                     f'<div style="width:110px;text-align:right;padding-right:8px;white-space:nowrap;overflow:hidden">'
                     f'{_esc(row.label)}</div><div style="position:relative;flex:1;height:20px;background:#F5F7FA">'
                     f'{guides}<span style="position:absolute;top:9px;height:2px;left:{pos(lo)};'
                     f'width:calc({pos(hi)} - {pos(lo)});background:{line}"></span>{dots}</div>'
                     f'<div class="wb-live-values" style="width:130px;padding-left:8px;white-space:nowrap">'
                     f'{_esc(row.before_text)} → {_esc(row.after_text)}</div></div>')
    ticks = "".join(f'<span style="position:absolute;left:{pos(x / 4)};transform:translateX(-50%)">{x * 25}%</span>'
                    for x in range(5))
    keys = [f'<span style="display:inline-block;width:10px;height:10px;border-radius:50%;background:{colour};'
            f'vertical-align:-1px;margin-right:4px"></span>{_esc(label)}' for label, colour in zip(legend, colours)]
    keys += [f'<span style="display:inline-block;width:0;height:12px;border-left:2px {style} {colour};'
             f'vertical-align:-2px;margin:0 6px 0 4px"></span>{_esc(label)}' for label, _, colour, style in markers]
    legend_html = "".join(f'<span style="display:inline-block;margin-right:12px">{key}</span>' for key in keys)
    return (f'<div class="wb-live wb-live-dumbbell" style="{_BASE}">'
            f'<div class="wb-live-title" style="font-weight:600;font-size:15px;margin-bottom:6px">{_esc(title)}</div>'
            f'{"".join(parts)}<div style="display:flex"><div style="width:118px"></div><div style="position:relative;'
            f'flex:1;height:16px;font-size:11px;color:#555">{ticks}</div><div style="width:138px"></div></div>'
            f'<div style="text-align:center;margin-top:2px">{_esc(x_label)}</div>'
            f'<div class="wb-live-legend" style="margin-top:6px;font-size:12px">{legend_html}</div></div>')
