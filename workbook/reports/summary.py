"""The executive summary: a pyramid on one or two pages, from the figures and actions the chapters recorded.

:func:`summarise` reads what the executed notebooks published (recorded
figures, each chapter's summary and actions) and returns the ``summary.*``
figures of ``metrics.json`` (codes and numbers, the same in every language):
the prize (:func:`prize`: the actions' 12-month values with overlaps removed),
the governing sentence's fields and the five actions. :func:`summary_content`
words them in the report's language for the HTML page and the PDF, in the
order a chairman reads: the governing sentence (the problem and the prize),
three key messages with their numbers (the chapter summaries of the chapters
whose actions are worth most), the five actions sorted by value (owner, first
step, the KPI and when, value and its basis), then the five numbers, customer
assets and the direct selling share.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

from workbook.core.display import ACTIONS_MIME, CHAPTER_MIME, SECTION_MIME, action_item, formatted_html
from workbook.core.formats import format_table, money_unit, render
from workbook.core.i18n import MESSAGES, t
from workbook.core.result import Count, Money, Rate, Table, Text

__all__ = ["FIVE", "pools", "prize", "overlaps_with", "shown", "top_actions", "summarise", "chapter_actions",
           "chapter_summaries", "summary_content", "summary_html"]

FIVE = ("sales_calls_per_week", "opportunities_per_week", "purchase_intents_per_week", "sales_per_week",
        "avg_revenue_per_sale")
TOP_ACTIONS = 5
KEY_MESSAGES = 3


def _cells(notebooks: list, mime: str):
    import json

    for nb in notebooks:
        for cell in nb.cells if hasattr(nb, "cells") else nb.get("cells", []):
            for output in cell.get("outputs", []):
                payload = (output.get("data") or {}).get(mime)
                if payload:
                    yield json.loads(payload) if isinstance(payload, (str, bytes)) else payload


def chapter_actions(notebooks: list) -> list[dict]:
    """Every chapter's actions as published (localised text, value, basis, pool, who ...), in report order."""
    return [dict(action, chapter=payload["chapter"]) for payload in _cells(notebooks, ACTIONS_MIME)
            for action in payload["actions"]]


def chapter_summaries(notebooks: list) -> list[dict]:
    """Each chapter's ``chapter``, ``title`` and ``summary`` lines (localised), with the finding of each of its
    sections by key (``findings``), in report order."""
    chapters: dict[str, dict] = {}
    for nb in notebooks:
        for payload in _cells([nb], CHAPTER_MIME):
            chapters.setdefault(payload.get("chapter"), {"chapter": payload.get("chapter"), "title": payload.get(
                "title"), "summary": list(payload.get("summary") or []), "exhibits": list(payload.get("exhibits")
                                                                                           or []), "findings": {}})
        for payload in _cells([nb], SECTION_MIME):
            chapter = chapters.get(payload.get("chapter"))
            if chapter is not None and payload.get("finding"):
                chapter["findings"][payload.get("key")] = payload["finding"]
    return list(chapters.values())


def _figure(records: Mapping[str, Mapping], name: str):
    for figures in records.values():
        if name in figures:
            return figures[name]
    return None


def _value(action: Mapping) -> float:
    value = action.get("value")
    return float(value) if value else 0.0


def pools(action: Mapping) -> tuple[str, ...]:
    """The pools an action draws on: its ``pool`` split on ``+`` (``"time+leads"``); none when it has no pool."""
    return tuple(p for p in str(action.get("pool") or "").split("+") if p)


def prize(actions: list[Mapping]) -> tuple[float, list[Mapping]]:
    """``(prize, counted)``: the actions' 12-month values with overlaps removed, and the actions it counts.

    Greedy by value: the most valuable action counts first; an action counts when none of its pools (the same
    leads, pipeline, customers, sellers' time ...) is drawn on by a larger counted one; an action without a pool
    counts in full; an action of value 0 counts nothing. The prize is therefore at most the sum of the values.
    The summary applies it to the five actions it shows, so the prize is made of them.

    >>> acts = [{"value": 30.0, "pool": "leads"}, {"value": 20.0, "pool": "leads"}, {"value": 5.0, "pool": None},
    ...         {"value": 8.0, "pool": "time"}, {"value": 0.0, "pool": "cash"}, {"value": 9.0, "pool": "time+data"}]
    >>> total, counted = prize(acts)
    >>> total, [a["value"] for a in counted]   # 30 (leads) + 9 (time, data) + 5 (no pool); 8 shares the time
    (44.0, [30.0, 9.0, 5.0])
    """
    used: set[str] = set()
    counted = []
    for action in sorted((a for a in actions if _value(a) > 0), key=lambda a: -_value(a)):
        if used.isdisjoint(pools(action)):
            counted.append(action)
            used.update(pools(action))
    return float(sum(_value(a) for a in counted)), counted


def overlaps_with(actions: list[Mapping]) -> list[int | None]:
    """For each of ``actions`` (the summary's five, most valuable first): 0 when the prize counts it, the number
    (1-based) of the larger counted action it shares a pool with, or None when it is not sized.

    >>> overlaps_with([{"value": 9, "pool": "time"}, {"value": 5, "pool": "leads+time"}, {"value": 0}])
    [0, 1, None]
    """
    _, counted = prize(actions)
    out: list[int | None] = []
    for action in actions:
        if _value(action) <= 0:
            out.append(None)
        elif any(action is c for c in counted):
            out.append(0)
        else:
            mine = set(pools(action))
            out.append(next(i for i, other in enumerate(actions, start=1) if any(other is c for c in counted)
                            and mine & set(pools(other))))
    return out


def top_actions(actions: list[dict], n: int = TOP_ACTIONS) -> list[dict]:
    """The ``n`` actions of the summary, most valuable first (the order kept among equals).

    An action that cannot be sized (value 0) is listed only when fewer than ``n`` are sized; among those, a
    chapter not listed yet comes first.

    >>> acts = [{"chapter": "funnel", "value": v} for v in (9, 0, 7)] + [{"chapter": "matrix", "value": 0},
    ...         {"chapter": "time", "value": 8}]
    >>> [(a["chapter"], a["value"]) for a in top_actions(acts, 4)]
    [('funnel', 9), ('time', 8), ('funnel', 7), ('matrix', 0)]
    """
    sized = sorted((a for a in actions if _value(a) > 0), key=lambda a: -_value(a))
    unsized = [a for a in actions if _value(a) <= 0]
    seen = {a.get("chapter") for a in sized[:n]}
    firsts = []
    for action in unsized:  # each chapter's first unsized action, then the rest
        firsts.append((action.get("chapter") in seen, len(firsts), action))
        seen.add(action.get("chapter"))
    return [*sized, *(a for _, _, a in sorted(firsts, key=lambda x: x[:2]))][:n]


def _ranked_chapters(chapters: list[Mapping], actions: list[Mapping]) -> list[Mapping]:
    """The chapters by the value of their largest action (most first), the unsized ones after, in report order."""
    worth: dict = {}
    for action in actions:
        worth[action.get("chapter")] = max(worth.get(action.get("chapter"), 0.0), _value(action))
    order = {c.get("chapter"): i for i, c in enumerate(chapters)}
    return sorted(chapters, key=lambda c: (-worth.get(c.get("chapter"), 0.0), order[c.get("chapter")]))


def summarise(records: Mapping[str, Mapping], actions: list[dict], chapters: list[dict] | None = None) -> dict:
    """The ``summary.*`` figures from the notebooks' recorded figures, the chapters' actions and summaries.

    The prize is made of the five actions the summary shows (:func:`prize` over :func:`top_actions`): each
    action records ``overlaps`` (0 counted, else the number of the larger action it shares a pool with).

    >>> s = summarise({"03": {"funnel.five_numbers": {"sales_per_week": 3}}, "02": {"matrix.assets": 40,
    ...     "matrix.assets_share": 0.4}}, [{"chapter": "funnel", "key": "act.x", "value": 7.0, "pool": "leads",
    ...     "sheet_key": None}, {"chapter": "funnel", "key": "act.y", "value": 5.0, "pool": "leads"}])
    >>> s["summary.five_numbers"]["sales_per_week"], s["summary.assets_share"], s["summary.actions"][0]["value"]
    (3, 0.4, 7.0)
    >>> s["summary.prize"], s["summary.headline"]["moves"], [a["overlaps"] for a in s["summary.actions"]]
    (7.0, 1, [0, 1])
    """
    five = _figure(records, "funnel.five_numbers") or {}
    ranked = top_actions(actions)
    total, counted = prize(ranked)
    areas = list(dict.fromkeys(a.get("chapter") for a in counted))[:KEY_MESSAGES]
    base = _figure(records, "funnel.won_revenue_last_12_months")  # the prize against a year's won revenue
    key = "sum.headline_unsized" if total <= 0 else "sum.headline_share" if base else "sum.headline"
    return {
        "summary.prize": total,
        "summary.values_total": float(sum(_value(a) for a in ranked)),
        "summary.headline": {"key": key, "prize": total, "moves": len(counted), "areas": areas, "base": base,
                             "share": total / base if base and total > 0 else None},
        "summary.five_numbers": {key: five.get(key) for key in FIVE},
        "summary.assets": _figure(records, "matrix.assets"),
        "summary.assets_share": _figure(records, "matrix.assets_share"),
        "summary.customers": _figure(records, "inventory.customers"),
        "summary.incomplete": _figure(records, "inventory.incomplete"),
        "summary.direct_selling_share": _figure(records, "time.direct_selling_share"),
        "summary.won": _figure(records, "funnel.won"),
        "summary.won_revenue": _figure(records, "funnel.won_revenue"),
        "summary.collected_share": _figure(records, "funnel.collected_share"),
        "summary.next_top": _figure(records, "matrix.next_top"),
        "summary.self_developed_revenue_share": _figure(records, "funnel.self_developed_revenue_share"),
        "summary.actions": [{"chapter": a.get("chapter"), "key": a.get("key"), "value": _value(a),
                             "low": a.get("low"), "high": a.get("high"), "pool": a.get("pool"),
                             "days": a.get("days"), "sheet": a.get("sheet_key"), "overlaps": o}
                            for a, o in zip(ranked, overlaps_with(ranked))],
    }


def shown(value: float, lang: str) -> float:
    """``value`` rounded as :func:`money_text` shows it (zh: 10 k from 1 m, 1 m from 100 m; en: 0.1 m from 1 m), so
    the values of the summary's table add up, as printed, to the prize it states.

    >>> shown(54_087_000, "en"), shown(54_087_000, "zh"), shown(135_000_000, "zh")
    (54100000.0, 54090000.0, 135000000.0)
    """
    size = abs(value)
    if lang == "zh":
        grain = 1e6 if size >= 1e8 else 1e4 if size >= 1e6 else 1e3 if size >= 1e4 else 1.0
    else:
        grain = 1e7 if size >= 1e9 else 1e5 if size >= 1e6 else 1.0
    return float(round(value / grain) * grain)


def _in_unit(value: float, lang: str) -> str:
    """An amount of the summary's table in the unit its header states: 万 in zh (one decimal below 100 万), millions
    in en (one decimal from 1 m, as :func:`shown` rounds them), so the printed rows add up to the printed total.

    >>> _in_unit(30_040_000, "zh"), _in_unit(494_000, "zh"), _in_unit(47_000_000, "en"), _in_unit(450_000, "en")
    ('3,004', '49.4', '47.0', '0.45')
    """
    if lang == "zh":
        return f"{value / 1e4:,.{0 if abs(value) >= 1e6 else 1}f}"
    return f"{value / 1e6:,.{1 if abs(value) >= 1e6 else 2}f}"


def _title(code, by_code: Mapping, lang: str) -> str:
    """A chapter's title as published, else the catalogue's, else its code."""
    title = (by_code.get(code) or {}).get("title")
    return title or (t(f"chapter.{code}", lang) if f"chapter.{code}" in MESSAGES else str(code or ""))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def summary_content(summary: Mapping, actions: list[dict], *, lang: str, currency: str = "CNY",
                    labels: Mapping | None = None, chapters: list[dict] | None = None) -> dict:
    """The summary in ``lang``: ``heading``, ``headline`` (the governing sentence: the problems the counted actions
    solve and the prize), ``messages`` (the evidence of the moves making the prize), ``actions`` (the top five,
    worded: the action, its value, owner, first step, KPI), ``prize_table`` (value, counted or overlapping, adding
    up to the prize), ``bases`` (how each value is computed, numbered as the actions), ``tables`` (the five
    numbers) and ``paragraphs`` (won revenue, customer assets, direct selling, who to work next)."""
    import pandas as pd

    chapters = chapters or []
    by_code = {c.get("chapter"): c for c in chapters}
    ranked = top_actions(actions)
    where = overlaps_with(ranked)
    _, counted = prize(ranked)
    total = sum(shown(_value(a), lang) for a in counted)  # the prize as the table prints it
    headline = None
    spec = summary.get("summary.headline")
    if spec:
        # unsized actions (nothing counted): only those naming a problem, not a chapter's title ("数据概览")
        named = counted or [a for a in ranked if a.get("problem")] or ranked
        problems = list(dict.fromkeys(a.get("problem") or _title(a.get("chapter"), by_code, lang) for a in named))
        if not problems:
            problems = [_title(code, by_code, lang) for code in spec.get("areas") or []]
        # a problem that is itself a list ("资料不全、无法分级") is set off by semicolons
        mark = "；" if any("、" in p for p in problems) else "、"
        joined = mark.join(problems) if lang == "zh" else ", ".join(problems[:-1]) + (" and " if len(
            problems) > 1 else "") + problems[-1] if problems else None
        headline = render(Text(spec["key"], prize=Money(total if counted else spec.get("prize")),
                               moves=Count(spec.get("moves")), base=Money(spec.get("base")),
                               share=Rate(spec.get("share")),  # of the unrounded prize: the same in zh and en
                               problems=Text("sum.areas", areas=joined) if joined else Text("sum.areas_none")),
                          lang, currency=currency)
        headline = _capital(headline) if lang == "en" else headline
    messages, seen = [], set()
    for action in [*counted, *(a for a in ranked if _value(a) > 0 and not any(a is c for c in counted))]:
        chapter = by_code.get(action.get("chapter")) or {}
        line = (chapter.get("findings") or {}).get(action.get("section")) or (chapter.get("summary") or [None])[0]
        if line and line not in seen:
            seen.add(line)
            messages.append({"chapter": _title(action.get("chapter"), by_code, lang), "text": line})
        if len(messages) == KEY_MESSAGES:
            break
    if not messages:  # nothing sized: the chapters' own first lines
        for chapter in _ranked_chapters(chapters, actions):
            line = (chapter.get("summary") or [None])[0] or next((chapter["findings"][k] for k in chapter.get(
                "exhibits") or [] if k in chapter.get("findings", {})), None)
            if line:
                messages.append({"chapter": chapter.get("title") or "", "text": line})
            if len(messages) == KEY_MESSAGES:
                break
    paragraphs = []
    if summary.get("summary.won") is not None and summary.get("summary.won_revenue") is not None:
        key = "sum.won_collected" if summary.get("summary.collected_share") is not None else "sum.won"
        won = Text(key, won=Count(summary["summary.won"]), revenue=Money(summary["summary.won_revenue"]),
                   collected=Rate(summary.get("summary.collected_share")))
        paragraphs.append(render(won, lang, currency=currency))
    customers, incomplete = summary.get("summary.customers"), summary.get("summary.incomplete")
    if customers and incomplete == customers:  # no customer could be graded: "0 assets, 0.0%" would be false
        paragraphs.append(render(Text("sum.assets_unknown", customers=Count(customers)), lang))
    elif summary.get("summary.assets") is not None:
        paragraphs.append(render(Text("sum.assets", assets=Count(summary["summary.assets"]),
                                      share=Rate(summary.get("summary.assets_share")),
                                      customers=Count(summary.get("summary.customers"))), lang))
    if summary.get("summary.direct_selling_share") is not None:
        paragraphs.append(render(Text("sum.direct", share=Rate(summary["summary.direct_selling_share"])), lang))
    if summary.get("summary.self_developed_revenue_share") is not None:  # won revenue the company developed itself
        share = Rate(summary["summary.self_developed_revenue_share"])
        paragraphs.append(render(Text("sum.self_developed", share=share), lang))
    if summary.get("summary.next_top"):  # who to work next: the first three names (client text) and why
        from workbook.core.result import Code, Name

        groups: dict = {}  # customers with the same reasons and channel share one bracket, in list order
        for row in summary["summary.next_top"][:3]:
            groups.setdefault((tuple(row.get("reasons") or ()), row.get("channel")), []).append(
                Text("sum.next_name", name=Name(row.get("name") or row.get("customer_id"))))
        items = [Text("sum.next_item", names=names, reasons=[Code("next_reason", r) for r in reasons],
                      channel=Code("activity_type", channel)) for (reasons, channel), names in groups.items()]
        paragraphs.append(render(Text("sum.next", items=items, sheet=Text("table.next_customers")), lang))
    tables = []
    five = summary.get("summary.five_numbers") or {}
    if any(v is not None for v in five.values()):
        frame = pd.DataFrame([{key: five.get(key) for key in FIVE}])
        kinds = {"sales_calls_per_week": "number", "opportunities_per_week": "number",
                 "purchase_intents_per_week": "number", "sales_per_week": "number", "avg_revenue_per_sale": "money"}
        headers = {key: Text(f"sum.five.{key}") for key in FIVE}
        tables.append(format_table(Table("summary_five", frame, kinds=kinds, headers=headers), lang,
                                   currency=currency))
    items = [dict(action_item(a, lang, currency), chapter=a.get("chapter"), section=a.get("section"))
             for a in ranked]  # chapter and section: the main report keeps the section each action cites
    prize_table = None
    if any(_value(a) > 0 for a in ranked):
        rows = []
        for i, (action, _item, o) in enumerate(zip(ranked, items, where), start=1):
            problem = action.get("problem") or _title(action.get("chapter"), by_code, lang)
            problem = _capital(problem) if lang == "en" else problem
            if o is None:
                status = t("sum.act.unsized", lang)
            elif o == 0:
                status = t("sum.prize.counted", lang)
            else:
                shared = [p for p in pools(action) if p in set(pools(ranked[o - 1]))]
                names = [t(f"sum.pool.{p}", lang) if f"sum.pool.{p}" in MESSAGES else p for p in shared]
                joined = "、".join(names) if lang == "zh" else " and ".join(names)
                status = render(Text("sum.prize.overlaps", n=Count(o), pools=joined), lang)
            value = _in_unit(shown(_value(action), lang), lang) if o is not None and _value(action) else "—"
            rows.append([str(i), problem, value, status])
        rows.append(["", t("sum.prize.total", lang), _in_unit(total, lang),
                     render(Text("sum.prize.moves", n=Count(len(counted))), lang)])
        unit = money_unit("unit.money.wan" if lang == "zh" else "unit.money.yi", lang, currency)  # 万元 / CNY m
        headers = [t(f"sum.prize.col.{c}", lang) for c in ("n", "problem", "value", "counted")]
        headers[2] = f"{headers[2]}（{unit}）" if lang == "zh" else f"{headers[2]} ({unit})"  # the unit once
        prize_table = {"key": "summary_prize", "caption": t("table.summary_prize", lang), "headers": headers,
                       "rows": rows, "numeric": [False, False, True, False], "more": None, "total": None,
                       "appendix": False}
    bases = [{"n": i, "text": (_capital if lang == "en" else str)(item["basis"] or item["worth"])}
             for i, item in enumerate(items, start=1)]
    return {"heading": t("sum.heading", lang), "headline": headline, "overlap": None, "prize_table": prize_table,
            "bases_heading": t("sum.bases", lang) if items else None, "bases": bases,
            "messages_heading": t("sum.messages", lang) if messages else None, "messages": messages,
            "paragraphs": paragraphs, "actions_heading": t("sum.actions", lang),
            "numbers_heading": t("sum.numbers", lang) if tables or paragraphs else None,
            "tables": [{"key": ft.key, "caption": ft.caption, "headers": list(ft.headers),
                        "rows": [list(r) for r in ft.rows], "numeric": list(ft.numeric), "more": None,
                        "total": ft.total, "appendix": False} for ft in tables],
            "labels": {"who": t("sum.act.who", lang), "step": t("sum.act.step", lang),
                       "kpi": t("sum.act.kpi", lang), "basis": t("sum.act.basis", lang)},
            "actions": items}


def _action_lines(action: Mapping, labels: Mapping, lang: str) -> list[tuple[str, str]]:
    """An action's lines under its text: its value (unless the text states it), then who, the first step, the KPI
    (the basis of the value is in the block "how the values are computed", numbered as the actions)."""
    colon = "：" if lang == "zh" else ": "
    lines = [("", action["worth_shown"])] if action.get("worth_shown") else []
    if action.get("value", 0) <= 0 and action.get("line"):  # an unsized action says why
        lines = [("", action["line"])]
    owner = [f"{labels[k]}{colon}{action[k]}" for k in ("who", "step", "kpi") if action.get(k)]
    owner += [action["sheet"]] if action.get("sheet") else []
    if owner:
        lines.append(("", ("；" if lang == "zh" else "; ").join(owner)))
    return lines


def summary_html(content: Mapping, *, lang: str) -> str:
    """The summary page as escaped HTML (every string in ``content`` is plain text)."""
    esc = html.escape
    parts = [f'<div class="wb-summary"><h1 id="summary" class="wb-chapter">{esc(content["heading"])}</h1>']
    if content.get("headline"):
        parts.append(f'<p class="wb-headline"><strong>{esc(content["headline"])}</strong></p>')
    if content.get("messages"):
        items = "".join(f'<li><span class="wb-aside">{esc(m["chapter"])}</span> {esc(m["text"])}</li>'
                        for m in content["messages"])
        parts.append(f'<h2 id="summary-messages" class="wb-section">{esc(content["messages_heading"])}</h2>'
                     f'<ol class="wb-messages">{items}</ol>')
    if content["actions"]:
        items = []
        for action in content["actions"]:
            lines = "".join(f'<br/><span class="wb-aside">{esc(text)}</span>'
                            for _, text in _action_lines(action, content["labels"], lang))
            items.append(f"<li><strong>{esc(action['text'])}</strong>{lines}</li>")
        parts.append(f'<h2 id="summary-actions" class="wb-section">{esc(content["actions_heading"])}</h2>'
                     f'<ol class="wb-summary-actions">{"".join(items)}</ol>')
        table = content.get("prize_table")
        if table:
            parts.append(formatted_html(table["caption"], table["headers"], table["rows"], table["numeric"]))
        if content.get("bases"):
            bases = "".join(f'<li value="{b["n"]}">{esc(b["text"])}</li>' for b in content["bases"])
            parts.append(f'<p class="wb-note"><strong>{esc(content["bases_heading"])}</strong></p>'
                         f'<ol class="wb-note wb-bases">{bases}</ol>')
    if content.get("numbers_heading"):
        parts.append(f'<h2 id="summary-numbers" class="wb-section">{esc(content["numbers_heading"])}</h2>')
    parts += [formatted_html(table["caption"], table["headers"], table["rows"], table["numeric"])
              for table in content["tables"]]
    parts += [f'<p class="wb-finding">{esc(p)}</p>' for p in content["paragraphs"]]
    parts.append("</div>")
    return "".join(parts)
