"""KPIs by customer segment (tier, industry), against the targets of ``client.yaml`` (``kpi_targets``).

For each segment of customers, over the analysis period:

- ``coverage``: share of the segment's tiered customers contacted at least as often as the contact policy of
  their tier asks (customers outside the matrix have no policy: no coverage);
- ``lead_to_win``: share of the leads of the segment's customers created in the period that end in a won deal;
- ``win_rate``: won / closed (won or lost) opportunities closed in the period;
- ``cycle_days``: median days from an opportunity's creation to its close, won deals closed in the period;
- ``cost_to_serve``: contact cost (channel unit costs x contacts in the period) per contacted customer, money
  when ``visit_cost`` is set, else relative units (one visit = 100);
- ``revenue_per_contact_hour``: won revenue closed in the period / hours of customer contact in the period.

The funnel chapter is a sibling package: the conversion and cycle are computed here with pandas.

>>> seg = pd.Series({"C1": "1", "C2": "5"})
>>> opps = pd.DataFrame({"opportunity_id": ["O1", "O2"], "customer_id": ["C1", "C2"], "status": ["won", "lost"],
...     "amount": [900.0, 50.0], "created_date": pd.to_datetime(["2025-01-01", "2025-01-05"]),
...     "close_date": pd.to_datetime(["2025-01-31", "2025-02-01"])})
>>> acts = pd.DataFrame({"customer_id": ["C1", "C2"], "type": ["visit", "phone"], "hours": [3.0, 0.5],
...     "date": pd.to_datetime(["2025-01-10", "2025-01-11"])})
>>> table = segment_kpis(seg, activities=acts, opportunities=opps, costs={"visit": 100.0, "phone": 1.0},
...                  start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-03-31"))
>>> table[["segment", "win_rate", "cycle_days", "cost_to_serve", "revenue_per_contact_hour"]].values.tolist()
[['1', 1.0, 30.0, 100.0, 300.0], ['5', 0.0, nan, 1.0, 0.0]]
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.config import KPIS, ClientConfig
from workbook.core.formats import code_label, name_label, value_text
from workbook.core.i18n import LANGS, t
from workbook.core.keys import shared_codes
from workbook.core.result import Chart, Code, Count, Date, Money, Name, Number, Rate, Section, Table, Text
from workbook.core.schema import UNKNOWN
from workbook.timealloc import charts
from workbook.timealloc import coverage as cv

HIGHER_IS_BETTER = {"coverage": True, "lead_to_win": True, "win_rate": True, "cycle_days": False,
                    "cost_to_serve": False, "revenue_per_contact_hour": True}
COLUMNS = ("segment", "customers", "coverage", "leads", "lead_to_win", "closed", "win_rate", "cycle_days",
           "cost_to_serve", "contact_hours", "revenue", "revenue_per_contact_hour")
UNKNOWN_INDUSTRY = UNKNOWN  # customers without an industry: their own segment, never dropped


def _in_period(dates: pd.Series, start, end) -> np.ndarray:
    return (dates.ge(start) & dates.lt(pd.Timestamp(end) + pd.Timedelta(days=1))).to_numpy(dtype=bool, na_value=False)


def _by_segment(values: pd.DataFrame, segments: pd.Series) -> pd.Series:
    """The segment of each row's ``customer_id`` (NA for customers outside ``segments``)."""
    return values[c.CUSTOMER_ID].astype("string").map(segments)


def _segment_positions(ids: pd.Series, segments: pd.Series, keys: list) -> np.ndarray:
    """The position in ``keys`` of each row's customer's segment (-1: no customer, or one outside ``segments``):
    the ids factorised once, each distinct id looked up once, so every later count is a ``bincount``."""
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    found = pd.Series(np.asarray(uniques, dtype=object)).astype("string").map(segments)
    at = found.map(pd.Series(np.arange(len(keys)), index=pd.Index(keys, dtype=object))).to_numpy(
        dtype=float, na_value=np.nan)
    table = np.append(np.where(np.isnan(at), -1, at).astype(np.int64), -1)  # slot -1: the empty id
    return table[np.where(codes >= 0, codes, len(table) - 1)]


def _counts(seg: np.ndarray, n: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Rows (or summed ``weights``) per segment position, rows outside every segment left out."""
    inside = seg >= 0
    return np.bincount(seg[inside], weights=None if weights is None else weights[inside], minlength=n)


def _among(ids: pd.Series, values: pd.Series) -> np.ndarray:
    """Which of ``ids`` are among ``values`` (missing ids never are): one hash lookup of the ids as Arrow text."""
    left = pa.array(ids.astype("string"))
    found = pc.is_in(left, value_set=pa.array(values.dropna().astype("string")).cast(left.type))
    return found.to_numpy(zero_copy_only=False).astype(bool)


def segment_kpis(segments: pd.Series, *, activities: pd.DataFrame | None, opportunities: pd.DataFrame | None,
                 costs: Mapping[str, float], start, end, leads: pd.DataFrame | None = None,
                 coverage: pd.DataFrame | None = None, since=None) -> pd.DataFrame:
    """The KPIs of each segment (see the module), one row per segment in the order of first appearance sorted.

    Parameters
    ----------
    segments : Series
        customer_id -> segment key (text): the segment of every customer.
    activities : DataFrame
        ``customer_id``, ``date``, ``type``; ``hours`` for the revenue per contact hour.
    opportunities : DataFrame
        ``customer_id``, ``status``, ``amount``, ``created_date``, ``close_date``; ``lead_id`` links leads.
    costs : mapping
        Unit cost per activity type (:func:`workbook.timealloc.coverage.unit_costs`).
    start, end : Timestamp
        The analysis period.
    leads : DataFrame, optional
        ``lead_id``, ``customer_id``, ``created_date`` (``opportunity_id`` when present): the lead-to-win rate.
    coverage : DataFrame, optional
        :func:`workbook.timealloc.coverage.contact_coverage` (``customer_id``, ``below_policy``).
    since : Timestamp, optional
        The date the segments were taken at, when they come from the outcomes (the tiers): the lead-to-win
        rate, win rate, cycle and revenue then count only the leads and deals created after it, and the
        revenue per contact hour the contact hours after it, so no deal is measured in the tier it made.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`; a rate whose denominator is 0 is NaN.
    """
    segments = segments.copy()
    segments.index = segments.index.astype("string")
    keys = sorted(segments.dropna().unique(), key=_segment_order)
    n = len(keys)
    out = pd.DataFrame(index=pd.Index(keys, name="segment"))
    out["customers"] = segments.value_counts().reindex(keys, fill_value=0).astype(int)
    out["coverage"] = np.nan
    if coverage is not None and len(coverage):
        met = ~coverage["below_policy"].astype(bool)
        out["coverage"] = met.groupby(_by_segment(coverage, segments).to_numpy()).mean().reindex(keys)
    won = None
    opps = opportunities
    if opps is not None and rules.has(opps, c.STATUS):
        won = opps[rules.as_bool(opps[c.STATUS].eq("won"))]
    out["leads"], out["lead_to_win"] = 0, np.nan
    if since is not None:
        after = pd.Timestamp(since) + pd.Timedelta(days=1)
        start = max(pd.Timestamp(start), after)
        if opps is not None and rules.has(opps, c.CREATED_DATE):
            opps = opps[opps[c.CREATED_DATE].ge(after).to_numpy(dtype=bool, na_value=False)]
    if leads is not None and rules.has(leads, c.CUSTOMER_ID, c.CREATED_DATE):
        own = leads[_in_period(leads[c.CREATED_DATE], start, end)]
        is_won = np.zeros(len(own), dtype=bool)
        if won is not None and c.LEAD_ID in won:
            is_won |= _among(own[c.LEAD_ID], won[c.LEAD_ID])
        if won is not None and c.OPPORTUNITY_ID in own and c.OPPORTUNITY_ID in won:
            is_won |= _among(own[c.OPPORTUNITY_ID], won[c.OPPORTUNITY_ID])
        seg = _segment_positions(own[c.CUSTOMER_ID], segments, keys)
        out["leads"] = _counts(seg, n).astype(int)
        out["lead_to_win"] = rules.ratio(_counts(seg, n, is_won.astype(float)), out["leads"])
    out["closed"], out["win_rate"], out["cycle_days"], out["revenue"] = 0, np.nan, np.nan, 0.0
    if opps is not None and rules.has(opps, c.CUSTOMER_ID, c.STATUS, c.CLOSE_DATE):
        done = opps[_in_period(opps[c.CLOSE_DATE], start, end) & opps[c.STATUS].isin(["won", "lost"]).to_numpy(
            dtype=bool, na_value=False)]
        seg = _by_segment(done, segments).to_numpy()
        is_won = done[c.STATUS].eq("won").astype(bool)
        out["closed"] = done.groupby(seg).size().reindex(keys, fill_value=0).astype(int)
        out["win_rate"] = rules.ratio(is_won.groupby(seg).sum().reindex(keys, fill_value=0), out["closed"])
        wins = done[is_won.to_numpy()]
        if rules.has(wins, c.CREATED_DATE):
            days = (wins[c.CLOSE_DATE] - wins[c.CREATED_DATE]).dt.days
            out["cycle_days"] = days.groupby(seg[is_won.to_numpy()]).median().reindex(keys)
        if c.AMOUNT in wins:
            amount = wins[c.AMOUNT].astype(float).fillna(0.0)
            out["revenue"] = amount.groupby(seg[is_won.to_numpy()]).sum().reindex(keys, fill_value=0.0)
    out["cost_to_serve"], out["contact_hours"] = np.nan, np.nan
    if activities is not None and rules.has(activities, c.CUSTOMER_ID, c.DATE):
        acts = activities[_in_period(activities[c.DATE], start, end) & activities[c.CUSTOMER_ID].notna().to_numpy()]
        seg = _segment_positions(acts[c.CUSTOMER_ID], segments, keys)
        inside = seg >= 0
        if rules.has(acts, c.TYPE):
            types, names = pd.factorize(acts[c.TYPE], use_na_sentinel=True)
            price = pd.Series(np.asarray(names, dtype=object)).astype("string").map(dict(costs)).astype(float)
            price = np.append(price.fillna(0.0).to_numpy(dtype=float), 0.0)  # slot -1: no type, no cost
            unit = price[np.where(types >= 0, types, len(price) - 1)]
            # the cost of each reached customer (customers in id order), then summed per segment in that order
            customer = shared_codes(acts[c.CUSTOMER_ID], sort=True)[0]
            per_customer = pd.Series(unit[inside]).groupby(customer[inside]).sum()
            segment_of = np.zeros(int(customer.max(initial=-1)) + 1, dtype=np.int64)
            segment_of[customer[inside]] = seg[inside]
            owner = segment_of[per_customer.index.to_numpy()]
            order = np.argsort(owner, kind="stable")  # each segment's customers together, in id order
            cost = pd.Series(per_customer.to_numpy()[order]).groupby(owner[order]).sum().reindex(
                range(n), fill_value=0.0)
            reached = np.bincount(owner, minlength=n)
            out["cost_to_serve"] = rules.ratio(cost.to_numpy(), reached)
        if rules.has(acts, c.HOURS):
            hours = acts[c.HOURS].astype(float).fillna(0.0).to_numpy(dtype=float)
            out["contact_hours"] = pd.Series(hours[inside]).groupby(seg[inside]).sum().reindex(
                range(n), fill_value=0.0).to_numpy()
    out["revenue_per_contact_hour"] = rules.ratio(out["revenue"], out["contact_hours"])
    return out.reset_index()[list(COLUMNS)]


def _segment_order(key: str):
    """Tiers 1-5 first, then ``none``, then industries alphabetically, ``unknown`` last."""
    if key in rules.TIER_KEYS:
        return (0, rules.TIER_KEYS.index(key), "")
    return (2 if key == UNKNOWN_INDUSTRY else 1, 0, key)


def industry_segments(customers: pd.DataFrame) -> pd.Series:
    """customer_id -> industry (``unknown`` when blank)."""
    frame = customers.dropna(subset=[c.CUSTOMER_ID]).drop_duplicates(c.CUSTOMER_ID)
    industry = frame[c.INDUSTRY].astype("string") if c.INDUSTRY in frame else pd.Series(pd.NA, index=frame.index)
    return pd.Series(industry.fillna(UNKNOWN_INDUSTRY).to_numpy(), index=frame[c.CUSTOMER_ID].astype(str).to_numpy())


def tier_segments(customers: pd.DataFrame, tiers: pd.Series) -> pd.Series:
    """customer_id -> tier key (``"1"`` .. ``"5"``, ``"none"`` outside the matrix) of every customer."""
    ids = customers[c.CUSTOMER_ID].dropna().astype(str).drop_duplicates()
    return pd.Series(rules.tier_key(ids.map(tiers)).to_numpy(), index=ids.to_numpy())


def kpi_gaps(table: pd.DataFrame, targets, *, tiers: bool) -> pd.DataFrame:
    """Each segment's KPIs against its targets: ``segment``, ``kpi``, ``value``, ``target``, ``gap`` (in the KPI's
    unit, negative = short of the target, whichever way the KPI improves) and ``shortfall`` (the gap as a share of
    the target, positive = below target), the largest shortfall first. KPIs without a target or a value are left
    out. ``tiers`` applies the per-tier overrides (``by_tier``) to tier segments.

    >>> from workbook.core.config import KpiTargets
    >>> table = pd.DataFrame({"segment": ["1", "5"], "coverage": [0.6, 0.9], "cycle_days": [90.0, 40.0]})
    >>> targets = KpiTargets(coverage=0.8, cycle_days=60, by_tier={1: {"coverage": 0.9}})
    >>> kpi_gaps(table, targets, tiers=True).round(3).values.tolist()
    [['1', 'cycle_days', 90.0, 60.0, -30.0, 0.5], ['1', 'coverage', 0.6, 0.9, -0.3, 0.333], \
['5', 'coverage', 0.9, 0.8, 0.1, -0.125], ['5', 'cycle_days', 40.0, 60.0, 20.0, -0.333]]
    """
    rows = []
    for row in table.itertuples(index=False):
        segment = row.segment
        tier = int(segment) if tiers and str(segment).isdigit() else None
        for kpi in KPIS:
            value = getattr(row, kpi, np.nan)
            target = None if targets is None else targets.target(kpi, tier)
            if target is None or pd.isna(value):
                continue
            gap = (value - target) if HIGHER_IS_BETTER[kpi] else (target - value)
            rows.append({"segment": segment, "kpi": kpi, "value": float(value), "target": float(target),
                         "gap": float(gap), "shortfall": float(rules.ratio(-gap, target)) if target else np.nan})
    out = pd.DataFrame(rows, columns=["segment", "kpi", "value", "target", "gap", "shortfall"])
    return out.sort_values("shortfall", ascending=False, kind="stable", na_position="last").reset_index(drop=True)


def kpis_by_tier(table: pd.DataFrame) -> dict:
    """The recorded ``time.kpis_by_tier``: {tier key: {kpi: value or None}}."""
    return {str(row["segment"]): {kpi: None if pd.isna(row[kpi]) else float(row[kpi]) for kpi in KPIS}
            for _, row in table.iterrows()}


# --------------------------------------------------------------------------- the section

SHOWN = ("segment", "customers", "coverage", "lead_to_win", "win_rate", "closed", "cycle_days", "cost_to_serve",
         "revenue_per_contact_hour")


def _kind(kpi: str, unit: str) -> str:
    """The display kind of a KPI's values (cost to serve: money with a visit cost, else relative units)."""
    if kpi == "cycle_days":
        return "days"
    if kpi == "cost_to_serve":
        return "money" if unit == "money" else "number"
    return "money" if kpi == "revenue_per_contact_hour" else "rate"


def _quantity(kpi: str, value, unit: str):
    kind = _kind(kpi, unit)
    if kind == "rate":
        return Rate(value)
    if kind == "money":
        return Money(value)
    return Number(value, 0)


def _segment_value(segment_type: str, key):
    return Code("tier", key) if segment_type == "tier" else Name(key, vocab="industry")


def _segment_text(segment_type: str, key, labels=None) -> tuple[str, ...]:
    if segment_type == "tier":
        return tuple(code_label("tier", key, lang) for lang in LANGS)
    if key == UNKNOWN:
        return tuple(value_text(key, "name", lang) for lang in LANGS)
    return tuple(name_label(key, "industry", lang, labels) for lang in LANGS)  # the client's industries, labelled


def _table(key: str, table: pd.DataFrame, *, segment_kind: str, unit: str) -> Table:
    frame = table[[col for col in SHOWN if col == "segment" or table[col].notna().any()]]
    kinds = {"segment": segment_kind, "customers": "count", "closed": "count",
             **{kpi: _kind(kpi, unit) for kpi in KPIS}}
    headers = {col: Text(f"col.timealloc.kpi_{col}") for col in frame.columns}
    headers["segment"] = Text("col.timealloc.kpi_tier" if segment_kind == "code" else "col.timealloc.kpi_industry")
    if unit != "money" and "cost_to_serve" in frame:
        headers["cost_to_serve"] = Text("col.timealloc.kpi_cost_to_serve_rel")
    return Table(key, frame, kinds={k: v for k, v in kinds.items() if k in frame},
                 vocab={"segment": "tier" if segment_kind == "code" else "industry"}, headers=headers)


def gap_table(gaps: pd.DataFrame, *, unit: str, currency: str, labels=None) -> Table:
    """The KPI gaps (:func:`kpi_gaps` of every segment, with ``segment_type``) as a table: values of mixed kinds
    written in both languages, the largest shortfall first."""
    def text(value, kpi: str, lang: str, *, gap: bool) -> str:
        if gap and _kind(kpi, unit) == "rate":  # a difference of rates: percentage points
            return f"{100 * value:,.1f} {t('unit.timealloc.pp', lang)}"
        return value_text(value, _kind(kpi, unit), lang, currency=currency)

    def texts(col: str) -> list[tuple[str, ...]]:
        return [tuple(text(v, k, lang, gap=col == "gap") for lang in LANGS)
                for v, k in zip(gaps[col], gaps["kpi"], strict=True)]

    segments = zip(gaps["segment_type"], gaps["segment"], strict=True)
    frame = pd.DataFrame({"segment": [_segment_text(st, key, labels) for st, key in segments],
                          "kpi": gaps["kpi"].to_numpy(), "value": texts("value"), "target": texts("target"),
                          "gap": texts("gap"), "shortfall": gaps["shortfall"].to_numpy()})
    return Table("timealloc_kpi_gaps", frame, kinds={"segment": "text", "kpi": "code", "value": "text",
                                                     "target": "text", "gap": "text", "shortfall": "rate"},
                 vocab={"kpi": "kpi"}, headers={col: Text(f"col.timealloc.kpi_{col}") for col in frame.columns})


def _finding(by_tier: pd.DataFrame, gaps: pd.DataFrame | None, *, unit: str) -> Text | None:
    if gaps is not None and len(gaps):
        below = gaps[gaps["shortfall"] > 0]
        if not len(below):
            return Text("find.timealloc.kpis_met", n=Count(len(gaps)))
        worst = below.iloc[0]
        return Text("find.timealloc.kpis_target", segment=_segment_value(worst["segment_type"], worst["segment"]),
                    kpi=Code("kpi", worst["kpi"]), value=_quantity(worst["kpi"], worst["value"], unit),
                    target=_quantity(worst["kpi"], worst["target"], unit), below=Count(len(below)),
                    n=Count(len(gaps)))
    rated = by_tier[by_tier["contact_hours"].fillna(0) > 0]
    if len(rated):
        order = rated.sort_values(["revenue_per_contact_hour", "segment"], kind="stable")
        weak, best = order.iloc[0], order.iloc[-1]
        return Text("find.timealloc.kpis_weakest", tier=Code("tier", weak["segment"]),
                    value=Money(weak["revenue_per_contact_hour"]), best=Code("tier", best["segment"]),
                    best_value=Money(best["revenue_per_contact_hour"]))
    rated = by_tier[by_tier["closed"] > 0]
    if len(rated):
        weak = rated.sort_values(["win_rate", "segment"], kind="stable").iloc[0]
        return Text("find.timealloc.kpis_weakest_win", tier=Code("tier", weak["segment"]), rate=Rate(weak["win_rate"]),
                    closed=Count(weak["closed"]))
    return None


def kpi_section(tables: Mapping[str, pd.DataFrame | None], *, tiers: pd.Series | None, config: ClientConfig, start,
                end, needs: tuple[str, ...], tier_date=None) -> tuple[Section, dict]:
    """Section ``kpis``: the KPI tables by tier and by industry, the gaps to ``config.kpi_targets``; the title
    names the segment furthest below its target (without targets: the tier weakest on revenue per contact hour).
    ``tier_date`` is the date ``tiers`` were taken at: the KPIs by tier count the leads, deals and contacts
    after it (:func:`segment_kpis`, ``since``); those by industry the whole period.
    Facts: ``kpis_by_tier`` (:func:`kpis_by_tier`, None when the section cannot be computed)."""
    if needs:
        return Section("kpis", needs=needs), {"kpis_by_tier": None}
    customers, acts = tables[c.CUSTOMERS], tables[c.ACTIVITIES]
    costs, unit = cv.unit_costs(config.channel_costs, visit_cost=config.visit_cost)
    cov = cv.contact_coverage(acts, tiers=tiers, policy=config.contact_policy, start=start, end=end,
                              neglect_days=config.neglect_days)
    common = {"activities": acts, "opportunities": tables.get(c.OPPORTUNITIES), "leads": tables.get(c.LEADS),
              "costs": costs, "start": start, "end": end, "coverage": cov}
    by_tier = segment_kpis(tier_segments(customers, tiers), **common, since=tier_date)
    by_industry = segment_kpis(industry_segments(customers), **common).sort_values(
        ["revenue_per_contact_hour", "segment"], kind="stable", na_position="last")  # weakest first
    targets = config.kpi_targets
    gaps = None
    if targets is not None:
        gaps = pd.concat([kpi_gaps(by_tier, targets, tiers=True).assign(segment_type="tier"),
                          kpi_gaps(by_industry, targets, tiers=False).assign(segment_type="industry")],
                         ignore_index=True).sort_values("shortfall", ascending=False, kind="stable",
                                                        na_position="last").reset_index(drop=True)
    tables_out = [_table("timealloc_kpis_tier", by_tier, segment_kind="code", unit=unit),
                  _table("timealloc_kpis_industry", by_industry, segment_kind="name", unit=unit)]
    if gaps is not None and len(gaps):
        tables_out.append(gap_table(gaps, unit=unit, currency=config.currency, labels=config.vocab_labels()))
    target = None if targets is None else targets.target("revenue_per_contact_hour")
    rated = by_tier[by_tier["contact_hours"].fillna(0).gt(0)].sort_values(["revenue_per_contact_hour", "segment"],
                                                                        kind="stable")
    title = None if len(rated) < 2 else Text("chart.timealloc.title.kpis", best=Code("tier", rated["segment"].iloc[-1]),
                                             weak=Code("tier", rated["segment"].iloc[0]))
    chart = None if not len(rated) else Chart(charts.plot_kpis, (by_tier,),
                                              {"target": target, "currency": config.currency, "title": title})
    if tier_date is None:  # every note says what "contacted to tier policy" measures
        note = Text("note.timealloc.kpis" if unit == "money" else "note.timealloc.kpis_relative")
    else:
        note = Text("note.timealloc.kpis_since" if unit == "money" else "note.timealloc.kpis_since_relative",
                    date=Date(tier_date))
    if gaps is not None and len(gaps):
        below = int((gaps["shortfall"] > 0).sum())
        head = Text("head.timealloc.kpis_target" if below else "head.timealloc.kpis_met", below=Count(below),
                    n=Count(len(gaps)))
    else:
        head = None if title is None else Text("head.timealloc.kpis_weakest", weak=title.fields["weak"])
    section = Section("kpis", title=head, finding=_finding(by_tier, gaps, unit=unit), chart=chart,
                      tables=tuple(tables_out), note=note)
    return section, {"kpis_by_tier": kpis_by_tier(by_tier)}
