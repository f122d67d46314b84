"""The sellers' hours: where they go (``time_mix``, ``by_team``, ``benchmarks``) and what moving chores to
support staff is worth in 12 months (``offload``), each section built once from
:mod:`workbook.timealloc.allocation` and :mod:`workbook.timealloc.value`."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.config import ClientConfig
from workbook.core.result import Chart, Code, Count, Date, Money, Name, Number, Rate, Section, Table, Text
from workbook.timealloc import allocation as ta
from workbook.timealloc import charts
from workbook.timealloc import parts as tp
from workbook.timealloc import value as tv
from workbook.timealloc.parts import Part

__all__ = ["OFFLOAD_ROWS", "logged_span", "offload_basis", "offload_tables", "sellers_text", "time_part"]


def time_part(log: pd.DataFrame | None, *, config: ClientConfig, reps: pd.DataFrame | None,
              opportunities: pd.DataFrame | None, share: float, start, end, needs: tuple[str, ...],
              followup: float | None = None, trust: float | None = None) -> Part:
    """Sections ``time_mix``, ``by_team``, ``benchmarks`` and ``offload`` from the sellers' time log.

    Facts: ``offload`` (:func:`~workbook.timealloc.allocation.offload_summary`, plus ``target_share``: the direct
    selling share the valuation assumes, (direct hours + :data:`~workbook.timealloc.value.SELLING_SHARE` x freed
    hours) / all hours, and ``log_from`` / ``log_to``: the first and last week logged), ``moved``, ``room``
    (:func:`~workbook.timealloc.value.work_room`: the work freed selling time can go to, ``followup``, the funnel
    chapter's follow-up action's value, and ``trust``, the quality matrix's value of building trust with tier 4) and
    ``offload_value`` (:func:`~workbook.timealloc.value.offload_value`: its 12 months).
    """
    cats = config.time_categories
    moves = ta.default_moves(cats, share=share)
    if needs:
        off = ta.offload_summary(None, categories=cats, moved=moves, support_hourly_cost=config.support_hourly_cost)
        return tp.missing(("time_mix", "by_team", "benchmarks", "offload"), needs,
                        {"offload": off, "moved": moves, "offload_value": None, "room": None})
    shares = ta.selling_shares(log, categories=cats, reps=reps)
    rate = ta.revenue_per_selling_hour(opportunities, log, categories=cats, start=start, end=end)
    off = ta.offload_summary(log, categories=cats, moved=moves, support_hourly_cost=config.support_hourly_cost,
                             revenue_per_hour=rate)
    off = {**off, **logged_span(log, off)}
    room = tv.work_room(followup, trust=trust)
    worth = tv.offload_value(off["offload_hours_per_week"], revenue_per_hour=rate,
                             support_hourly_cost=config.support_hourly_cost, cap=room["cap"])
    per_rep = ta.offload_by_rep(log, categories=cats, moved=moves, reps=reps)
    logged = set(log.loc[log[c.HOURS].fillna(0) > 0, c.CATEGORY])
    shown = {name: moved for name, moved in moves.items() if name in logged}  # the chores the sellers do log
    sections = (_time_mix(shares, off), _by_team(log, config=config, reps=reps), _benchmarks(shares),
                _offload(off, per_rep, moves=shown, share=share, worth=worth, room=room))
    return Part(sections, {"offload": off, "moved": shown, "offload_value": worth, "room": room})


def logged_span(log: pd.DataFrame, off: Mapping) -> dict:
    """``target_share`` (the direct selling share the offload's value assumes: only
    :data:`~workbook.timealloc.value.SELLING_SHARE` of the freed hours become selling) and the first and last
    period of the time log (``log_from``, ``log_to``), which the report discloses beside the value.

    >>> log = pd.DataFrame({"period": pd.to_datetime(["2025-10-20", "2025-12-22"])})
    >>> out = logged_span(log, {"hours": 100.0, "direct_hours": 13.0, "offload_hours": 14.0})
    >>> round(out["target_share"], 3), str(out["log_from"].date()), str(out["log_to"].date())  # (13 + 7) / 100
    (0.2, '2025-10-20', '2025-12-22')
    """
    hours, direct, freed = off.get("hours"), off.get("direct_hours"), off.get("offload_hours")
    target = None if not hours or direct is None else (direct + tv.SELLING_SHARE * (freed or 0.0)) / hours
    periods = log[c.PERIOD].dropna() if c.PERIOD in log else pd.Series(dtype="datetime64[ns]")
    return {"target_share": target, "log_from": periods.min() if len(periods) else None,
            "log_to": periods.max() if len(periods) else None}


def _time_mix(shares: pd.DataFrame, off: Mapping) -> Section:
    low = shares.sort_values(["direct_share", c.OWNER], kind="stable").reset_index(drop=True)
    worst = low.iloc[0]
    finding = Text("find.timealloc.time_mix", share=Rate(off["direct_share"]), case=tp.CASE,
                   below=Count(int((shares["direct_share"] < ta.BENCHMARKS["case_before"]).sum())),
                   reps=Count(len(shares)), worst=Name(worst[c.OWNER]), worst_share=Rate(worst["direct_share"]))
    cols = [col for col in (c.OWNER, c.TEAM, "hours", "direct_share", "indirect_share", "non_selling_share", "rank")
            if col in low]
    table = Table("timealloc_time_mix", low[cols], kinds={"rank": "count", c.TEAM: "name"}, vocab=tp.TEAM,
                  rows=tp.REP_ROWS,
                  headers=tp.cols("hours", "direct_share", "indirect_share", "non_selling_share", "rank"))
    chart = Chart(charts.plot_time_mix, (shares,), tp.title("time_mix", share=Rate(off["direct_share"])))
    key = "time_mix" if off["direct_share"] < ta.BENCHMARKS["case_after"] else "time_mix_ok"
    return Section("time_mix", finding=finding, chart=chart, tables=(table,),
                   title=Text(f"head.timealloc.{key}", share=Rate(off["direct_share"])))


def _by_team(log: pd.DataFrame, *, config: ClientConfig, reps: pd.DataFrame | None) -> Section:
    """Hours per time category (rows), per team when ``reps`` gives teams, with each category's share."""
    cats = config.time_categories
    kinds = {cat.name: cat.kind for cat in cats}
    by_team = rules.has(reps, c.TEAM)
    wide = ta.hours_by_category(log, categories=cats, reps=reps, by=c.TEAM if by_team else c.OWNER)
    group = c.TEAM if by_team else c.OWNER
    names = [cat.name for cat in cats if wide[cat.name].sum() > 0]
    totals = wide[names].sum()
    frame = pd.DataFrame({"category": names, "kind": [kinds[n] for n in names]})
    groups = [str(g) for g in wide[group]] if by_team else []  # one column per team; per rep would be too wide
    for g, (_, row) in zip(groups, wide.iterrows() if by_team else (), strict=True):
        frame[g] = row[names].to_numpy(dtype=float)
    frame["total_hours"] = totals.to_numpy(dtype=float)
    frame["hours_share"] = frame["total_hours"] / frame["total_hours"].sum()
    frame = frame.sort_values("total_hours", ascending=False, kind="stable").reset_index(drop=True)
    indirect = frame[frame["kind"] != "direct"]
    top = indirect.iloc[0] if len(indirect) else frame.iloc[0]
    per_group = wide.set_index(group)
    group_share = (per_group[top["category"]] / per_group["total"].where(per_group["total"] > 0)).dropna()
    finding = Text("find.timealloc.by_team", cat=Code("category", top["category"]), share=Rate(top["hours_share"]),
                   group=Name(group_share.idxmax() if len(group_share) else None, vocab=tp.TEAM.get(group)),
                   group_share=Rate(group_share.max() if len(group_share) else None))
    table = Table("timealloc_by_team", frame, kinds={"category": "code", "kind": "code", "total_hours": "hours",
                                                     **dict.fromkeys(groups, "hours")},
                  vocab={"category": "category", "kind": "time_kind"},
                  headers={**{g: Name(g, vocab="team") for g in groups},
                           **tp.cols("category", "kind", "total_hours", "hours_share")})
    return Section("by_team", finding=finding, tables=(table,),
                   title=Text("head.timealloc.by_team", cat=Code("category", top["category"]),
                              share=Rate(top["hours_share"])))


def _benchmarks(shares: pd.DataFrame) -> Section:
    bench = ta.benchmark_comparison(shares).rename(columns={"marker": "benchmark", "share": "benchmark_share"})
    at = bench.set_index("benchmark")
    below = int(at.loc["case_after", "reps_below"])
    key = "find.timealloc.benchmarks_all" if below and below == len(shares) else "find.timealloc.benchmarks"
    finding = Text(key, below=Count(below),
                   share=Rate(at.loc["case_after", "reps_below_share"]),
                   below12=Count(int(at.loc["case_before", "reps_below"])), reps=Count(len(shares)))
    table = Table("timealloc_benchmarks", bench, kinds={"benchmark": "code"}, vocab={"benchmark": "benchmark"},
                  headers=tp.cols("benchmark", "benchmark_share", "reps_below", "reps_below_share"))
    chart = Chart(charts.plot_share_distribution, (shares,),
                  tp.title("distribution_all" if below == len(shares) else "distribution", below=Count(below),
                           reps=Count(len(shares))))
    head = Text("head.timealloc.benchmarks_all" if below == len(shares) else "head.timealloc.benchmarks",
                below=Count(below), reps=Count(len(shares)))
    return Section("benchmarks", finding=finding, chart=chart, tables=(table,), note=Text("note.timealloc.case_long"),
                   title=head)


# the offload's arithmetic, one line each (measure -> kind), in the order it is worked
OFFLOAD_ROWS = (("direct_share", "rate"), ("after_offload_share", "rate"), ("offload_hours_per_week", "number"),
                ("hours_12m", "count"), ("revenue_per_selling_hour", "money"), ("gross_12m", "money"),
                ("realisation", "rate"), ("cap_12m", "money"), ("support_cost_12m", "money"), ("value_low", "money"),
                ("value_12m", "money"), ("value_high", "money"), ("support_fte", "number"),
                ("equivalent_sellers", "count"))


def sellers_text(sellers) -> Text:
    """``about 18 sellers' worth`` of selling time, in whole sellers (one, or less than one, said in words)."""
    n = tp.whole(sellers) or 0
    if n >= 2:
        return Text("find.timealloc.sellers", n=Count(n))
    return Text("find.timealloc.sellers_one" if n == 1 else "find.timealloc.sellers_less")


def offload_tables(off: Mapping, per_rep: pd.DataFrame, worth: Mapping | None = None) -> tuple[Table, Table]:
    """The offload what-if as tables: its 12-month arithmetic, one measure a row, and each rep before and after.

    ``worth`` is :func:`workbook.timealloc.value.offload_value` (None or empty: the rows it gives are blank)."""
    worth = worth or {}
    values = {"direct_share": off.get("direct_share"), "after_offload_share": off.get("after_offload_share"),
              "offload_hours_per_week": off.get("offload_hours_per_week"), "hours_12m": tp.whole(worth.get("hours")),
              "revenue_per_selling_hour": off.get("revenue_per_selling_hour"), "gross_12m": worth.get("gross"),
              "realisation": worth.get("realisation"), "cap_12m": worth.get("cap"),
              "support_cost_12m": worth.get("cost"), "value_low": worth.get("low"), "value_12m": worth.get("value"),
              "value_high": worth.get("high"), "support_fte": off.get("support_fte"),
              "equivalent_sellers": tp.whole(off.get("equivalent_sellers"))}
    rows = [(key, kind) for key, kind in OFFLOAD_ROWS if tp.num(values[key]) is not None]
    frame = pd.DataFrame({"measure": [key for key, _ in rows], "value": [tp.num(values[key]) for key, _ in rows]})
    summary = Table("timealloc_offload", frame, kinds={"measure": "code", "value": "by_row"},
                    vocab={"measure": "offload_measure"}, row_kinds=tuple(kind for _, kind in rows),
                    headers=tp.cols("measure", "value"), rows=len(rows))
    cols = [col for col in (c.OWNER, c.TEAM, "hours", "direct_share", "offload_hours", "after_offload_share",
                            "capacity_gain") if col in per_rep]
    reps = per_rep.sort_values(["direct_share", c.OWNER], kind="stable")[cols].reset_index(drop=True)
    return summary, Table("timealloc_offload_reps", reps, kinds={"capacity_gain": "rate", c.TEAM: "name"},
                          vocab=tp.TEAM, rows=tp.REP_ROWS,
                          headers=tp.cols("hours", "direct_share", "offload_hours", "after_offload_share",
                                        "capacity_gain"))


def offload_basis(worth: Mapping, room: Mapping | None, off: Mapping) -> Text:
    """The sentence stating the offload's 12-month arithmetic: the time log it comes from, hours, rate,
    realisation, the cap (the work freed time can go to: following up leads, the funnel chapter's action, and
    building trust with tier 4, the quality matrix's), the cost."""
    room = room or {}
    fields = {"log_weeks": Count(tp.whole(off.get("weeks"))), "log_from": Date(off.get("log_from")),
              "log_to": Date(off.get("log_to")), "per_week": Number(off.get("offload_hours_per_week"), 1),
              "weeks": Count(tv.WORK_WEEKS),
              "hours": Count(tp.whole(worth["hours"])), "rate": Money(off.get("revenue_per_selling_hour")),
              "rate_full": Number(off.get("revenue_per_selling_hour"), 0),
              "share": Rate(worth["realisation"]), "selling": Rate(tv.SELLING_SHARE), "yield_": Rate(tv.YIELD[1]),
              "share_low": Rate(tv.REALISATION[0]), "share_high": Rate(tv.REALISATION[-1]),
              "revenue": Money(worth["gross"] * worth["realisation"]), "cost": Money(worth["cost"]),
              "value": Money(worth["value"]), "low": Money(worth["low"]), "high": Money(worth["high"])}
    if worth.get("cap") is None:
        return Text("basis.timealloc.offload_nocap", **fields)
    parts = [Text(f"basis.timealloc.offload_{name}", value=Money(room[name]))
             for name in ("followup", "trust") if room.get(name)]
    key = "basis.timealloc.offload_capped" if worth.get("capped") else "basis.timealloc.offload"
    return Text(key, **fields, cap=Money(worth["cap"]), parts=tuple(parts))


def _offload(off: Mapping, per_rep: pd.DataFrame, *, moves: Mapping[str, float], share: float,
             worth: Mapping | None = None, room: Mapping | None = None) -> Section:
    cats = [Code("category", name) for name, moved in moves.items() if moved > 0]
    if not off["offload_hours"] or not cats:
        return Section("offload", finding=Text("find.timealloc.offload_none", before=Rate(off["direct_share"])),
                       tables=offload_tables(off, per_rep)[:1])
    common = {"cats": cats, "moved": Rate(share), "before": Rate(off["direct_share"]),
              "after": Rate(off["after_offload_share"]), "gain": Rate(off["capacity_gain"], digits=0),
              "sellers": sellers_text(off["equivalent_sellers"])}
    if worth and worth.get("value") is not None:
        finding = Text("find.timealloc.offload_value", **common, value=Money(worth["value"]),
                       low=Money(worth["low"]), high=Money(worth["high"]), target=Rate(off.get("target_share")),
                       per_week=Number(off.get("offload_hours_per_week"), 0))
        note = Text("note.timealloc.offload_log", log_weeks=Count(tp.whole(off.get("weeks"))),
                    log_from=Date(off.get("log_from")), log_to=Date(off.get("log_to")), weeks=Count(tv.WORK_WEEKS))
        head = Text("head.timealloc.offload_value", value=Money(worth["value"]))
    else:
        finding = Text("find.timealloc.offload", **common)
        note = Text("note.timealloc.offload", weeks=tp.weeks_number(off["weeks"]))
        head = Text("head.timealloc.offload", after=Rate(off["after_offload_share"]))
    chart = Chart(charts.plot_offload, (per_rep,), tp.title("offload", before=Rate(off["direct_share"]),
                                                          after=Rate(off["after_offload_share"]),
                                                          target=Rate(off.get("target_share"))))
    return Section("offload", finding=finding, chart=chart, tables=offload_tables(off, per_rep, worth), note=note,
                   title=head)
