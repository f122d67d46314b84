"""The executive summary: one page before the chapters, from the figures and actions the chapters recorded.

:func:`summarise` reads what the executed notebooks published (recorded
figures and each chapter's actions) and returns the ``summary.*`` figures of
``metrics.json`` (codes and numbers, the same in every language);
:func:`summary_content` words them in the report's language for the HTML page
and the PDF: the five numbers, the three biggest leaks in leads and money,
customer assets (tiers 1-3) and their share, the direct selling share, and the
five most valuable actions with who and which appendix list.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

from workbook.core.display import ACTIONS_MIME, actions_html, formatted_html
from workbook.core.formats import format_table, render
from workbook.core.i18n import t
from workbook.core.result import Count, Money, Rate, Table, Text

__all__ = ["FIVE", "top_actions", "summarise", "chapter_actions", "summary_content", "summary_html"]

FIVE = ("sales_calls_per_week", "opportunities_per_week", "purchase_intents_per_week", "sales_per_week",
        "avg_revenue_per_sale")
TOP_ACTIONS = 5


def chapter_actions(notebooks: list) -> list[dict]:
    """Every chapter's actions as published (localised text, value, who, list), in report order."""
    out = []
    for nb in notebooks:
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                payload = output.get("data", {}).get(ACTIONS_MIME)
                if payload:
                    out.extend(dict(action, chapter=payload["chapter"]) for action in payload["actions"])
    return out


def _figure(records: Mapping[str, Mapping], name: str):
    for figures in records.values():
        if name in figures:
            return figures[name]
    return None


def top_actions(actions: list[dict], n: int = TOP_ACTIONS) -> list[dict]:
    """The ``n`` actions of the summary: the first of each chapter that has any (a chapter's actions come
    most valuable first), then the most valuable of the rest; listed by value, the order kept among equals.

    >>> acts = [{"chapter": "funnel", "value": v} for v in (9, 8, 7)] + [{"chapter": "matrix", "value": 0}]
    >>> [(a["chapter"], a["value"]) for a in top_actions(acts, 3)]
    [('funnel', 9), ('funnel', 8), ('matrix', 0)]
    """
    value = {id(a): a.get("value") or 0 for a in actions}
    firsts = list({a.get("chapter"): a for a in reversed(actions)}.values())  # each chapter's first action
    firsts = sorted(firsts, key=lambda a: -value[id(a)])[:n]
    chosen = {id(a) for a in firsts}
    rest = [a for a in sorted(actions, key=lambda a: -value[id(a)]) if id(a) not in chosen]
    picked = {id(a) for a in [*firsts, *rest][:n]}
    return [a for a in sorted(actions, key=lambda a: -value[id(a)]) if id(a) in picked]


def summarise(records: Mapping[str, Mapping], actions: list[dict]) -> dict:
    """The ``summary.*`` figures from the notebooks' recorded figures and the chapters' actions.

    >>> s = summarise({"03": {"funnel.five_numbers": {"sales_per_week": 3}, "funnel.leaks": [{"step": "a", "leads": 9,
    ...     "money": 5.0}]}, "02": {"matrix.assets": 40, "matrix.assets_share": 0.4}},
    ...     [{"chapter": "funnel", "key": "act.x", "value": 7.0, "sheet_key": None}])
    >>> s["summary.five_numbers"]["sales_per_week"], s["summary.assets_share"], s["summary.actions"][0]["value"]
    (3, 0.4, 7.0)
    """
    five = _figure(records, "funnel.five_numbers") or {}
    ranked = top_actions(actions)
    return {
        "summary.five_numbers": {key: five.get(key) for key in FIVE},
        "summary.leaks": list(_figure(records, "funnel.leaks") or [])[:3],
        "summary.assets": _figure(records, "matrix.assets"),
        "summary.assets_share": _figure(records, "matrix.assets_share"),
        "summary.customers": _figure(records, "inventory.customers"),
        "summary.direct_selling_share": _figure(records, "time.direct_selling_share"),
        "summary.won": _figure(records, "funnel.won"),
        "summary.won_revenue": _figure(records, "funnel.won_revenue"),
        "summary.collected_share": _figure(records, "funnel.collected_share"),
        "summary.next_top": _figure(records, "matrix.next_top"),
        "summary.self_developed_revenue_share": _figure(records, "funnel.self_developed_revenue_share"),
        "summary.actions": [{"chapter": a.get("chapter"), "key": a.get("key"), "value": a.get("value"),
                             "sheet": a.get("sheet_key")} for a in ranked],
    }


def summary_content(summary: Mapping, actions: list[dict], *, lang: str, currency: str = "CNY",
                    labels: Mapping | None = None) -> dict:
    """The summary in ``lang``: ``heading``, ``paragraphs``, ``tables`` (formatted), ``actions`` (top five)."""
    import pandas as pd

    paragraphs = []
    if summary.get("summary.won") is not None and summary.get("summary.won_revenue") is not None:
        key = "sum.won_collected" if summary.get("summary.collected_share") is not None else "sum.won"
        won = Text(key, won=Count(summary["summary.won"]), revenue=Money(summary["summary.won_revenue"]),
                   collected=Rate(summary.get("summary.collected_share")))
        paragraphs.append(render(won, lang, currency=currency))
    if summary.get("summary.assets") is not None:
        paragraphs.append(render(Text("sum.assets", assets=Count(summary["summary.assets"]),
                                      share=Rate(summary.get("summary.assets_share")),
                                      customers=Count(summary.get("summary.customers"))), lang))
    if summary.get("summary.next_top"):  # who to work next: the first three names (client text) and why
        from workbook.core.result import Code, Name

        groups: dict = {}  # customers with the same reasons and channel share one bracket, in list order
        for row in summary["summary.next_top"][:3]:
            groups.setdefault((tuple(row.get("reasons") or ()), row.get("channel")), []).append(
                Text("sum.next_name", name=Name(row.get("name") or row.get("customer_id"))))
        items = [Text("sum.next_item", names=names, reasons=[Code("next_reason", r) for r in reasons],
                      channel=Code("activity_type", channel)) for (reasons, channel), names in groups.items()]
        paragraphs.append(render(Text("sum.next", items=items, sheet=Text("table.next_customers")), lang))
    if summary.get("summary.direct_selling_share") is not None:
        paragraphs.append(render(Text("sum.direct", share=Rate(summary["summary.direct_selling_share"])), lang))
    if summary.get("summary.self_developed_revenue_share") is not None:  # won revenue the company developed itself
        share = Rate(summary["summary.self_developed_revenue_share"])
        paragraphs.append(render(Text("sum.self_developed", share=share), lang))
    leaks = summary.get("summary.leaks") or []
    if leaks:
        top = leaks[0]
        paragraphs.append(render(Text("sum.leaks", n=Count(len(leaks)), step=_step(top, labels, lang),
                                      leads=Count(top.get("leads")), money=Money(top.get("money"))),
                                 lang, currency=currency) + t("sum.leaks_overlap", lang))
    tables = []
    five = summary.get("summary.five_numbers") or {}
    if any(v is not None for v in five.values()):
        frame = pd.DataFrame([{key: five.get(key) for key in FIVE}])
        kinds = {"sales_calls_per_week": "number", "opportunities_per_week": "number",
                 "purchase_intents_per_week": "number", "sales_per_week": "number", "avg_revenue_per_sale": "money"}
        headers = {key: Text(f"sum.five.{key}") for key in FIVE}
        tables.append(format_table(Table("summary_five", frame, kinds=kinds, headers=headers), lang,
                                   currency=currency))
    if leaks:
        frame = pd.DataFrame([{"step": _step(leak, labels, lang), "leads": leak.get("leads"),
                               "money": leak.get("money")} for leak in leaks])
        tables.append(format_table(Table("summary_leaks", frame, kinds={"step": "name", "leads": "count",
                                                                          "money": "money"},
                                         headers={"step": Text("sum.col.step"), "leads": Text("sum.col.leads"),
                                                  "money": Text("sum.col.money")}), lang, currency=currency))
    ranked = top_actions(actions)
    return {"heading": t("sum.heading", lang), "paragraphs": paragraphs, "actions_heading": t("sum.actions", lang),
            "tables": [{"key": ft.key, "caption": ft.caption, "headers": list(ft.headers),
                        "rows": [list(r) for r in ft.rows], "numeric": list(ft.numeric), "more": None,
                        "total": ft.total, "appendix": False} for ft in tables],
            "actions": [{k: a.get(k) for k in ("text", "who", "sheet", "value")} for a in ranked]}


def _step(leak: Mapping, labels: Mapping | None = None, lang: str = "zh") -> str:
    label = leak.get("label")
    if isinstance(label, Mapping) and lang in label:
        return str(label[lang])
    step = str(leak.get("step", ""))
    if labels and "stage" in labels and step in labels["stage"]:
        return labels["stage"][step][0 if lang == "zh" else 1]
    key = f"vocab.step.{step}"
    try:
        return t(key, lang)
    except KeyError:
        return step


def summary_html(content: Mapping, *, lang: str) -> str:
    """The summary page as escaped HTML (every string in ``content`` is plain text)."""
    parts = [f'<div class="wb-summary"><h1 id="summary" class="wb-chapter">{html.escape(content["heading"])}</h1>']
    parts += [f'<p class="wb-finding">{html.escape(p)}</p>' for p in content["paragraphs"]]
    parts += [formatted_html(table["caption"], table["headers"], table["rows"], table["numeric"])
              for table in content["tables"]]
    if content["actions"]:
        parts.append(f'<h2 id="summary-actions" class="wb-section">{html.escape(content["actions_heading"])}</h2>'
                     + actions_html(content["actions"], lang))
    parts.append("</div>")
    return "".join(parts)
