"""The lead funnel, lead to cash: stages, conversion, lead utilisation, funnel mouth, channels, tender timing.

Everything starts from :func:`lead_journey`, one row per lead with a flag per stage it reached
(``leads -> followed_up -> qualified -> opportunity -> won -> cash``). A stage whose evidence the
client did not supply (no opportunities table and no outcome on the leads: no ``won``) is left out of the
journey, so every table below simply has fewer stages. All functions are vectorised (1M leads in well under a second).

>>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "created_date": pd.to_datetime(["2025-01-01"] * 3),
...                       "source": ["展会", "展会", "网站"],
...                       "first_followup_date": pd.to_datetime(["2025-01-02", None, "2025-01-20"])})
>>> funnel_table(lead_journey(leads))[["stage", "count", "step_rate"]].to_dict("list")
{'stage': ['leads', 'followed_up'], 'count': [3, 2], 'step_rate': [nan, 0.6666666666666666]}
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.config import Stage
from workbook.core.keys import group_sums, lookup, shared_codes

LEAD_STAGES = ("leads", "followed_up", "qualified", "opportunity", "won", "cash")
FORMS = ("in_order", "any_point")
COHORT = "cohort"
LEAD_COLUMNS = (c.LEAD_ID, c.CREATED_DATE, c.SOURCE, c.SOURCE_TYPE, c.SCENE, c.OWNER, c.CUSTOMER_ID,
                c.FIRST_FOLLOWUP_DATE, c.QUALIFIED_DATE, c.COST, c.TENDER_DATE)  # the lead outcome goes to opp_*
# columns the journey takes from the linked opportunity, renamed with an ``opp_`` prefix
OPP_COLUMNS = (c.OPPORTUNITY_ID, c.CREATED_DATE, c.STAGE, c.STATUS, c.AMOUNT, c.CLOSE_DATE, c.COLLECTED_AMOUNT,
               c.COLLECTED_DATE)


def late_stages(stages: tuple[Stage, ...], *, last: int = 2, min_probability: float = 0.6) -> tuple[str, ...]:
    """Stage names counted as purchase intents: the last ``last`` stages and any with probability >= the bar.

    >>> from workbook.core.config import DEFAULT_STAGES
    >>> late_stages(DEFAULT_STAGES)
    ('bid', 'negotiate')
    """
    names = [s.name for s in stages]
    tail = set(names[-last:]) if last > 0 else set()
    return tuple(s.name for s in stages if s.name in tail or s.probability >= min_probability)


# --------------------------------------------------------------------------- journey

def _link(leads: pd.DataFrame, opportunities: pd.DataFrame) -> np.ndarray:
    """Row position in ``opportunities`` of each lead's opportunity (-1: none).

    Linked by ``leads.opportunity_id`` first, then by ``opportunities.lead_id`` (the first opportunity
    of a lead; a won one is preferred when a lead has several).
    """
    pos = np.full(len(leads), -1, dtype=np.int64)
    if rules.has(leads, c.OPPORTUNITY_ID) and c.OPPORTUNITY_ID in opportunities:
        pos = lookup(*shared_codes(leads[c.OPPORTUNITY_ID], opportunities[c.OPPORTUNITY_ID]))
    if rules.has(opportunities, c.LEAD_ID) and np.unique(pos[pos >= 0]).size < len(opportunities):
        won = opportunities[c.STATUS].eq("won").fillna(False).to_numpy(bool) if c.STATUS in opportunities else None
        order = np.arange(len(opportunities)) if won is None else np.argsort(~won, kind="stable")
        lead_keys, opp_keys = shared_codes(leads[c.LEAD_ID], opportunities[c.LEAD_ID])
        by_lead = lookup(lead_keys, opp_keys[order])
        fill = (pos < 0) & (by_lead >= 0)
        pos[fill] = order[by_lead[fill]]
    return pos


def _own_outcome(leads: pd.DataFrame, decided: np.ndarray) -> np.ndarray | None:
    """The leads' own ``won`` flag where no linked opportunity's status decides (None without the fields).

    A lead is won by its own record when ``won`` is true, or, with ``won`` absent, when it has a ``won_date``
    or a ``won_amount`` above 0; a lead whose linked opportunity has a status (``decided``) takes that instead.
    """
    if rules.has(leads, c.WON):
        won = rules.as_bool(leads[c.WON].reset_index(drop=True))
    elif rules.has(leads, c.WON_DATE) or rules.has(leads, c.WON_AMOUNT):
        won = np.zeros(len(leads), dtype=bool)
        if rules.has(leads, c.WON_DATE):
            won |= leads[c.WON_DATE].notna().to_numpy()
        if rules.has(leads, c.WON_AMOUNT):
            won |= rules.as_bool(leads[c.WON_AMOUNT].reset_index(drop=True) > 0)
    else:
        return None
    return np.asarray(won, dtype=bool) & ~decided


def lead_journey(leads: pd.DataFrame, opportunities: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per lead: its attributes, the linked opportunity and a flag per funnel stage reached.

    Parameters
    ----------
    leads : DataFrame
        Clean ``leads`` (``lead_id``, ``created_date``, ``source``; optional ``first_followup_date``,
        ``qualified_date``, ``status``, ``opportunity_id``, ``cost``, ``tender_date``, ...).
    opportunities : DataFrame, optional
        Clean ``opportunities``; linked by ``leads.opportunity_id`` or ``opportunities.lead_id``.

    Returns
    -------
    DataFrame
        The lead columns present, ``cohort`` (month of creation, a Timestamp), ``opp_<col>`` for the
        linked opportunity's id, created date, stage, status, amount, close date and collections, and
        boolean flags named after :data:`LEAD_STAGES` for the stages the data can show (``followed_up``
        needs ``first_followup_date``; ``qualified`` ``qualified_date`` or ``status``; ``won`` an
        opportunity status or the lead's own ``won`` / ``won_date`` / ``won_amount``; ``cash`` collections),
        plus ``lost`` (opportunities only). "Reached at any point": a lead with an opportunity but no recorded
        follow-up counts as an opportunity; :func:`funnel_table` derives the "in order" form.

        The lead's own outcome: a lead whose linked opportunity has a status takes it; any other lead is won
        when its own record says so, and then its ``won_amount`` and ``won_date`` fill ``opp_amount`` and
        ``opp_close_date``, so the sources, the reverse funnel and the cycle read one set of columns. A
        won lead counts as having reached ``opportunity`` when that stage is shown.
    """
    cols = [col for col in LEAD_COLUMNS if col in leads]
    out = leads[cols].reset_index(drop=True)
    out[COHORT] = pd.to_datetime(out[c.CREATED_DATE].to_numpy().astype("datetime64[M]"))
    out["leads"] = True
    if rules.has(leads, c.FIRST_FOLLOWUP_DATE):
        out["followed_up"] = out[c.FIRST_FOLLOWUP_DATE].notna().to_numpy()
    status = leads[c.STATUS].reset_index(drop=True) if rules.has(leads, c.STATUS) else None
    if rules.has(leads, c.QUALIFIED_DATE) or status is not None:
        qualified = np.zeros(len(out), dtype=bool)
        if rules.has(leads, c.QUALIFIED_DATE):
            qualified |= out[c.QUALIFIED_DATE].notna().to_numpy()
        if status is not None:
            qualified |= rules.as_bool(status.isin(["qualified", "converted"]))
        out["qualified"] = qualified
    opportunity = np.zeros(len(out), dtype=bool)
    evidence = False
    if rules.has(leads, c.OPPORTUNITY_ID):
        opportunity |= leads[c.OPPORTUNITY_ID].notna().to_numpy()
        evidence = True
    if status is not None:
        opportunity |= rules.as_bool(status.eq("converted"))
        evidence = True
    if opportunities is not None:
        pos = _link(leads.reset_index(drop=True), opportunities)
        linked = pos >= 0
        opportunity |= linked
        evidence = True
        for col in OPP_COLUMNS:
            if col not in opportunities:
                continue
            if len(opportunities):  # position -1 (no opportunity) takes the column's missing value
                values = pd.api.extensions.take(opportunities[col].array, pos, allow_fill=True)
            else:
                values = pd.Series(pd.NA, index=out.index, dtype=opportunities[col].dtype)
            out[f"opp_{col}"] = values
    if evidence:
        out["opportunity"] = opportunity
    # where a linked opportunity has a status, it says won or lost; elsewhere the lead's own outcome does
    decided = pos >= 0 if rules.has(opportunities, c.STATUS) else np.zeros(len(out), dtype=bool)
    own_won = _own_outcome(leads, decided)
    if own_won is not None and evidence:  # a won lead went through the opportunity stage
        out["opportunity"] = out["opportunity"].to_numpy(bool) | own_won
    for opp_col, lead_col in ((c.AMOUNT, c.WON_AMOUNT), (c.CLOSE_DATE, c.WON_DATE)):
        if own_won is not None and rules.has(leads, lead_col):  # the lead's own amount and date where no deal says
            own = leads[lead_col].reset_index(drop=True)
            name = f"opp_{opp_col}"
            out[name] = own.where(~decided) if name not in out else out[name].where(decided | own.isna(), own)
    # a deal's outcome reaches a lead only through a link (leads.opportunity_id or opportunities.lead_id):
    # without one, lead -> won is not measurable (no "won" stage), not zero
    linkable = (rules.has(leads, c.OPPORTUNITY_ID) and rules.has(opportunities, c.OPPORTUNITY_ID)) or rules.has(
        opportunities, c.LEAD_ID)
    if rules.has(opportunities, c.STATUS) and linkable:
        out["won"] = rules.as_bool(out[f"opp_{c.STATUS}"].eq("won"))
        out["lost"] = rules.as_bool(out[f"opp_{c.STATUS}"].eq("lost"))
        if own_won is not None:
            out["won"] = out["won"].to_numpy(bool) | own_won
        if rules.has(opportunities, c.COLLECTED_AMOUNT) or rules.has(opportunities, c.COLLECTED_DATE):
            cash = np.zeros(len(out), dtype=bool)
            if f"opp_{c.COLLECTED_AMOUNT}" in out:
                cash |= rules.as_bool(out[f"opp_{c.COLLECTED_AMOUNT}"] > 0)
            if f"opp_{c.COLLECTED_DATE}" in out:
                cash |= out[f"opp_{c.COLLECTED_DATE}"].notna().to_numpy()
            out["cash"] = cash & out["won"].to_numpy()
    elif own_won is not None:
        out["won"] = own_won
    return out


def journey_stages(journey: pd.DataFrame) -> tuple[str, ...]:
    """The funnel stages the journey can show, in order."""
    return tuple(s for s in LEAD_STAGES if s in journey)


def funnel_table(journey: pd.DataFrame, *, by: str | list[str] | None = None, form: str = "in_order") -> pd.DataFrame:
    """Count and conversion per stage, overall or per group.

    Parameters
    ----------
    journey : DataFrame
        From :func:`lead_journey`.
    by : str or list of str, optional
        Grouping column(s): ``source``, ``source_type``, ``scene``, ``owner``, ``cohort``, ...
    form : {"in_order", "any_point"}
        ``in_order``: a lead counts at a stage only if it also passed every earlier stage;
        ``any_point``: it counts whenever the stage's evidence is there.

    Returns
    -------
    DataFrame
        ``[by...]``, ``stage``, ``count``, ``step_rate`` (count / previous stage's count, NaN for the
        first stage or an empty previous stage), ``cumulative_rate`` (count / leads).
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {', '.join(FORMS)}, got {form!r}")
    stages = list(journey_stages(journey))
    flags = journey[stages].to_numpy(dtype=bool)
    if form == "in_order":
        flags = np.logical_and.accumulate(flags, axis=1)
    keys = [by] if isinstance(by, str) else list(by or [])
    if keys:
        index, values = group_sums(journey[keys], flags)
    else:
        index, values = None, flags.sum(axis=0, dtype=np.int64)[None, :].astype(float)
    step = np.full_like(values, np.nan)
    step[:, 1:] = rules.ratio(values[:, 1:], values[:, :-1])
    cum = rules.ratio(values, values[:, :1])
    out = pd.DataFrame({"stage": np.tile(stages, len(values)), "count": values.ravel().astype(np.int64),
                        "step_rate": step.ravel(), "cumulative_rate": cum.ravel()})
    if keys:
        for key in reversed(keys):
            out.insert(0, key, np.repeat(index[key].to_numpy(), len(stages)))
    return out


# --------------------------------------------------------------------------- five numbers

FIVE = ("sales_calls_per_week", "opportunities_per_week", "purchase_intents_per_week", "sales_per_week",
        "avg_revenue_per_sale")
FIVE_CONVERSIONS = ("calls_to_opportunities", "opportunities_to_intents", "intents_to_sales")
CALL_TYPES = ("visit", "phone", "technical_exchange")
SELLER_ROLES = ("field", "inside")


def _in_period(dates: pd.Series, start, end) -> np.ndarray:
    """True where ``dates`` (datetimes) fall within ``[start, end]`` (whole days)."""
    values = pd.to_datetime(dates)
    return rules.as_bool((values >= pd.Timestamp(start)) & (values < pd.Timestamp(end) + pd.Timedelta(days=1)))


def _data_period(activities: pd.DataFrame | None, opportunities: pd.DataFrame | None,
                 leads: pd.DataFrame | None = None) -> tuple | None:
    """First and last date found in the activities and opportunities, else in the leads (creation and won
    dates): the period when none is configured."""
    frames = ((activities, (c.DATE,)), (opportunities, (c.CREATED_DATE, c.CLOSE_DATE)))
    dates = [frame[col].dropna() for frame, cols in frames if frame is not None for col in cols if col in frame]
    if not any(len(d) for d in dates) and leads is not None:
        dates = [leads[col].dropna() for col in (c.CREATED_DATE, c.WON_DATE) if col in leads]
    dates = [d for d in dates if len(d)]
    if not dates:
        return None
    return min(d.min() for d in dates).normalize(), max(d.max() for d in dates).normalize()


def sales_calls(activities: pd.DataFrame, reps: pd.DataFrame | None = None, *,
                call_types: tuple[str, ...] = CALL_TYPES) -> np.ndarray:
    """True for the activities that are sales calls: sellers' visits, phone calls and technical exchanges.

    E-mails and events are not calls. An export without activity types (only a date and an owner) cannot tell
    them apart: then every activity counts as a call, and the sections that use this say so
    (:func:`untyped`). When the activities carry a ``department``, only ``sales`` counts (rows without one are
    kept); when the reps table gives ``role``, only field and inside sellers count (a rep of the table without
    a role is kept, an owner missing from it is not a seller).

    >>> acts = pd.DataFrame({"type": ["visit", "phone", "email", "technical_exchange", "visit"],
    ...                      "owner": ["R1", "R2", "R1", "R1", "R1"],
    ...                      "department": ["sales", "sales", "sales", None, "service"]})
    >>> reps = pd.DataFrame({"owner": ["R1", "R2"], "role": ["field", "support"]})
    >>> sales_calls(acts, reps).tolist()
    [True, False, False, True, False]
    >>> sales_calls(acts.drop(columns="type"), reps).tolist()
    [True, False, True, True, False]
    """
    if untyped(activities):
        keep = np.ones(len(activities), dtype=bool)
    else:
        keep = rules.as_bool(activities[c.TYPE].isin(list(call_types))).copy()
    if rules.has(activities, c.DEPARTMENT):
        dept = activities[c.DEPARTMENT]
        keep &= rules.as_bool(dept.eq("sales") | dept.isna())
    if rules.has(reps, c.ROLE) and c.OWNER in reps and c.OWNER in activities:
        roles = reps.drop_duplicates(c.OWNER).set_index(c.OWNER)[c.ROLE]
        role = activities[c.OWNER].map(roles)
        known = rules.as_bool(activities[c.OWNER].isin(list(roles.index)))
        keep &= rules.as_bool(role.isin(list(SELLER_ROLES))) | (known & rules.as_bool(role.isna()))
    return keep


def untyped(activities: pd.DataFrame | None) -> bool:
    """True when the activities carry no type at all, so :func:`sales_calls` counts every activity as a call.

    >>> untyped(pd.DataFrame({"type": [None, None]})), untyped(pd.DataFrame({"type": ["visit", None]}))
    (True, False)
    """
    return activities is not None and not rules.has(activities, c.TYPE)


def seller_count(reps: pd.DataFrame | None, activities: pd.DataFrame | None = None) -> int | None:
    """How many sellers the five numbers are shared by: the reps that :func:`sales_calls` counts as sellers.

    With a reps table: its reps with a field or inside role (a rep without a role counts, as in
    :func:`sales_calls`; every rep when the table has no role); without one, the owners of the activities;
    None without either.

    >>> seller_count(pd.DataFrame({"owner": ["R1", "R2", "R3"], "role": ["field", "support", None]}))
    2
    >>> seller_count(None, pd.DataFrame({"owner": ["R1", "R2", "R1"]})), seller_count(None)
    (2, None)
    """
    if reps is not None and c.OWNER in reps:
        reps = reps.drop_duplicates(c.OWNER)
        if rules.has(reps, c.ROLE):
            return int((rules.as_bool(reps[c.ROLE].isin(list(SELLER_ROLES))) | rules.as_bool(reps[c.ROLE].isna()))
                       .sum())
        return int(reps[c.OWNER].notna().sum())
    if activities is not None and c.OWNER in activities:
        return int(activities[c.OWNER].nunique())
    return None


def five_numbers(activities: pd.DataFrame | None, opportunities: pd.DataFrame | None, *,
                 stages: tuple[Stage, ...], intent_stage: str | None = None, period: tuple | None = None,
                 history: pd.DataFrame | None = None, reps: pd.DataFrame | None = None,
                 call_types: tuple[str, ...] = CALL_TYPES, leads: pd.DataFrame | None = None) -> dict:
    """The five numbers in five minutes, a weekly funnel over ``period``; None where the data are missing.

    ``period`` is (start, end), both days included (None: the first to the last date of the data); weeks =
    days / 7. ``sales_calls_per_week``: :func:`sales_calls` dated in the period / weeks;
    ``opportunities_per_week``: opportunities created in the period / weeks; ``purchase_intents_per_week``:
    opportunities entering ``intent_stage`` (or a later stage) in the period / weeks, from ``stage_history``
    when given, else opportunities created in the period whose current stage is at or past it (or won);
    ``sales_per_week``: won deals closed in the period / weeks; ``avg_revenue_per_sale``: their mean amount.
    Without opportunity outcomes (no status or close date) the sales are the ``leads`` won in the period by
    their own record (``won`` and ``won_date``) and the mean is of their ``won_amount``.

    Returns the five numbers and ``conversions``: ``calls_to_opportunities``, ``opportunities_to_intents``,
    ``intents_to_sales`` (each step's count over the previous step's, in the period).

    >>> opps = pd.DataFrame({"stage": ["discover", "bid", "negotiate"], "status": ["open", "open", "won"],
    ...                      "amount": [1.0, 2.0, 300.0],
    ...                      "created_date": pd.to_datetime(["2025-01-02", "2025-01-03", "2024-12-01"]),
    ...                      "close_date": pd.to_datetime([None, None, "2025-01-10"])})
    >>> acts = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-14"]), "type": ["visit", "email"]})
    >>> from workbook.core.config import DEFAULT_STAGES
    >>> out = five_numbers(acts, opps, stages=DEFAULT_STAGES, intent_stage="bid", period=("2025-01-01", "2025-01-14"))
    >>> out["sales_calls_per_week"], out["opportunities_per_week"], out["purchase_intents_per_week"]
    (0.5, 1.0, 0.5)
    >>> out["sales_per_week"], out["avg_revenue_per_sale"], out["conversions"]["intents_to_sales"]
    (0.5, 300.0, 1.0)
    """
    out: dict = dict.fromkeys(FIVE)
    counts: dict = dict.fromkeys(("calls", "opportunities", "intents", "sales"))
    names = [s.name for s in stages]
    intent = intent_stage if intent_stage in names else names[max(len(names) - 2, 0)]
    period = period or _data_period(activities, opportunities, leads)
    if period is not None:
        start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
        weeks = ((end - start).days + 1) / 7
        if rules.has(activities, c.DATE):  # without a type every activity is a call (untyped)
            counts["calls"] = int((sales_calls(activities, reps, call_types=call_types)
                                   & _in_period(activities[c.DATE], start, end)).sum())
        if opportunities is not None and rules.has(opportunities, c.CREATED_DATE):
            created = _in_period(opportunities[c.CREATED_DATE], start, end)
            counts["opportunities"] = int(created.sum())
        later = set(names[names.index(intent):]) if names else set()
        if rules.has(history, c.ENTERED_DATE) and rules.has(history, c.STAGE):
            reached = history[rules.as_bool(history[c.STAGE].isin(list(later)))]
            first = reached.groupby(c.OPPORTUNITY_ID, observed=True)[c.ENTERED_DATE].min()
            counts["intents"] = int(_in_period(first, start, end).sum())
        elif counts["opportunities"] is not None and rules.has(opportunities, c.STAGE):
            past = rules.as_bool(opportunities[c.STAGE].isin(list(later))).copy()
            if rules.has(opportunities, c.STATUS):
                past |= rules.as_bool(opportunities[c.STATUS].eq("won"))
            counts["intents"] = int((past & created).sum())
        if rules.has(opportunities, c.STATUS) and rules.has(opportunities, c.CLOSE_DATE):
            sold = rules.as_bool(opportunities[c.STATUS].eq("won")) & _in_period(opportunities[c.CLOSE_DATE],
                                                                                   start, end)
            counts["sales"] = int(sold.sum())
            if rules.has(opportunities, c.AMOUNT):
                mean = opportunities.loc[sold, c.AMOUNT].mean()
                out["avg_revenue_per_sale"] = None if pd.isna(mean) else float(mean)
        elif rules.has(leads, c.WON_DATE) and (own := _own_outcome(leads, np.zeros(len(leads), bool))) is not None:
            sold = own & _in_period(leads[c.WON_DATE], start, end)
            counts["sales"] = int(sold.sum())
            if rules.has(leads, c.WON_AMOUNT):
                mean = leads.loc[sold, c.WON_AMOUNT].mean()
                out["avg_revenue_per_sale"] = None if pd.isna(mean) else float(mean)
        for key, count in zip(FIVE[:4], counts.values(), strict=True):
            out[key] = None if count is None else count / weeks
    steps = list(counts.values())
    out["conversions"] = {
        name: None if prev is None or nxt is None or not prev else nxt / prev
        for name, prev, nxt in zip(FIVE_CONVERSIONS, steps[:-1], steps[1:], strict=True)}
    return out


# --------------------------------------------------------------------------- lead utilisation

def followup_delays(leads: pd.DataFrame, *, window_days: int, as_of=None) -> pd.DataFrame:
    """Per lead: days to first follow-up and whether it came within ``window_days``.

    Returns the lead's ``lead_id``, ``source``, ``owner`` (when present), ``delay_days`` (NaN: never),
    ``followed_up``, ``within_window`` and ``due`` (created at least ``window_days`` before ``as_of``;
    all True without ``as_of``). Delays below 0 (follow-up dated before creation) count as 0.
    """
    keep = [col for col in (c.LEAD_ID, c.CREATED_DATE, c.SOURCE, c.OWNER, c.CUSTOMER_ID, c.STATUS) if col in leads]
    out = leads[keep].reset_index(drop=True)
    created = leads[c.CREATED_DATE].to_numpy()
    follow = leads[c.FIRST_FOLLOWUP_DATE].to_numpy() if c.FIRST_FOLLOWUP_DATE in leads else np.full(
        len(leads), np.datetime64("NaT"))
    delay = (follow - created) / np.timedelta64(1, "D")
    out["delay_days"] = np.maximum(delay, 0)
    out["followed_up"] = ~np.isnan(delay)
    out["within_window"] = out["delay_days"].to_numpy() <= window_days
    if as_of is None:
        out["due"] = True
    else:
        out["due"] = created <= np.datetime64(pd.Timestamp(as_of) - pd.Timedelta(days=window_days))
    return out


def utilisation(delays: pd.DataFrame, *, by: str | None = None, spread: pd.DataFrame | None = None) -> pd.DataFrame:
    """Lead use per group from :func:`followup_delays`.

    Returns ``[by]``, ``leads``, ``followed_up``, ``never_share``, ``due`` (leads old enough to judge),
    ``within_window_share`` (followed within the window / due leads), ``median_delay``, ``p75_delay``
    (days, followed-up leads only). ``spread``: an earlier result for the same leads and ``by`` at another
    window: its delays' median and 75th percentile are taken as they are (the delays do not depend on the
    window, and their quantiles are most of the time of a pass over a million leads).

    >>> leads = pd.DataFrame({"created_date": pd.to_datetime(["2025-01-01"] * 4),
    ...                       "first_followup_date": pd.to_datetime(["2025-01-01", "2025-01-09", None, None])})
    >>> utilisation(followup_delays(leads, window_days=7)).to_dict("records")[0]  # doctest: +NORMALIZE_WHITESPACE
    {'leads': 4, 'followed_up': 2, 'never_share': 0.5, 'due': 4, 'within_window_share': 0.25,
     'median_delay': 4.0, 'p75_delay': 6.0}
    """
    frame = delays.assign(_within_due=delays["within_window"] & delays["due"])
    keys = [by] if by else []
    grouped = frame.groupby(keys, observed=True, dropna=False) if keys else frame.groupby(np.zeros(len(frame)))
    sums = {"leads": ("followed_up", "size"), "followed_up": ("followed_up", "sum"), "due": ("due", "sum"),
            "_within": ("_within_due", "sum")}
    if spread is None:
        agg = grouped.agg(**sums, median_delay=("delay_days", "median"))
        agg["p75_delay"] = grouped["delay_days"].quantile(0.75)  # one grouped pass, not a Python call per group
    else:
        agg = grouped.agg(**sums)
        agg["median_delay"] = spread["median_delay"].to_numpy()
        agg["p75_delay"] = spread["p75_delay"].to_numpy()
    out = pd.DataFrame({"leads": agg["leads"].astype(np.int64), "followed_up": agg["followed_up"].astype(np.int64),
                        "never_share": rules.ratio(agg["leads"] - agg["followed_up"], agg["leads"]),
                        "due": agg["due"].astype(np.int64),
                        "within_window_share": rules.ratio(agg["_within"], agg["due"]),
                        "median_delay": agg["median_delay"], "p75_delay": agg["p75_delay"]})
    return out.reset_index() if keys else out.reset_index(drop=True)


def utilisation_by(delays: pd.DataFrame, *, by: tuple[str, ...] = (c.SOURCE, c.OWNER)) -> pd.DataFrame | None:
    """:func:`utilisation` for each grouping column present, stacked with the column name as the outer index."""
    parts = {col: utilisation(delays, by=col).set_index(col) for col in by if rules.has(delays, col)}
    return pd.concat(parts) if parts else None


DELAY_BINS = (0, 1, 3, 7, 14, 30, 90)


def delay_distribution(delays: pd.DataFrame, *, bins: tuple[int, ...] = DELAY_BINS) -> pd.DataFrame:
    """Leads per follow-up delay bucket, never followed up last.

    Returns ``bucket`` (``"0-1"``, ..., ``">=90"``, ``"never"``), ``lower`` (days), ``leads``, ``share``.
    A lead followed after ``d`` days falls in the bucket with ``lower <= d < upper``.
    """
    edges = np.asarray(bins, dtype=float)
    delay = delays["delay_days"].to_numpy(dtype=float)
    followed = ~np.isnan(delay)
    which = np.searchsorted(edges, delay[followed], side="right") - 1
    counts = np.bincount(which, minlength=len(edges))
    labels = [f"{int(lo)}-{int(hi)}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)] + [f">={int(edges[-1])}"]
    out = pd.DataFrame({"bucket": labels + ["never"], "lower": list(edges) + [np.nan],
                        "leads": np.append(counts, (~followed).sum()).astype(np.int64)})
    out["share"] = rules.ratio(out["leads"], len(delay))
    return out


def rotting_leads(delays: pd.DataFrame, *, as_of, window_days: int, limit: int | None = 50) -> pd.DataFrame:
    """Leads left to rot: never followed up, older than the window, not disqualified; oldest first.

    Returns the lead columns of :func:`followup_delays` plus ``age_days``.
    """
    age = (np.datetime64(pd.Timestamp(as_of)) - delays[c.CREATED_DATE].to_numpy()) / np.timedelta64(1, "D")
    mask = ~delays["followed_up"].to_numpy() & (age > window_days)
    if c.STATUS in delays:
        mask &= ~rules.as_bool(delays[c.STATUS].eq("disqualified"))
    rows = np.flatnonzero(mask)
    ids = shared_codes(delays[c.LEAD_ID].iloc[rows], sort=True)[0] if c.LEAD_ID in delays else np.zeros(len(rows))
    rows = rows[np.lexsort((ids, -age[rows]))]  # oldest first, then by lead id
    out = delays.iloc[rows].assign(age_days=age[rows])
    out = out.drop(columns=["delay_days", "followed_up", "within_window", "due"]).reset_index(drop=True)
    return out if limit is None else out.head(limit)


# --------------------------------------------------------------------------- funnel mouth

def monthly_inflow(journey: pd.DataFrame) -> pd.DataFrame:
    """Leads per calendar month (``month``, ``leads``), gaps filled with 0."""
    counts = journey.groupby(COHORT).size()
    if counts.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "leads": pd.Series(dtype=np.int64)})
    months = pd.date_range(counts.index.min(), counts.index.max(), freq="MS")
    counts = counts.reindex(months, fill_value=0)
    return pd.DataFrame({"month": counts.index, "leads": counts.to_numpy(dtype=np.int64)})


def reverse_funnel(journey: pd.DataFrame, *, revenue_target: float | None, target_months: int = 12,
                   recent_months: int = 12, as_of=None, probabilities: dict[str, float] | None = None,
                   open_probability: pd.Series | None = None, run_rate: float | None = None,
                   avg_deal: float | None = None) -> dict:
    """Leads per month needed for the revenue target, from the client's own rates; the gap to today's inflow.

    The target is first set against ``run_rate``, the won revenue of the last 12 months: ``growth`` is the
    growth it implies (target / run-rate - 1). The lead-to-win rate comes from mature cohorts: leads created at
    least one typical cycle (the median lead-to-win days of won leads, ``lag_days``) before ``as_of``, so recent
    leads that have not had time to win do not pull it down; their open opportunities count as expected wins,
    at the probability of the forecast the backtest found better (``open_probability``: opportunity id ->
    probability) or else the stage ``probabilities``. Required wins = target / average won deal; required
    leads = required wins / mature lead-to-win rate; per month = required leads / ``target_months``. The open
    pipeline is not added on top: a year of leads at the mature rate already brings a year of wins (last
    year's leads close this year as this year's close next year). Current inflow: mean leads per month over
    the last ``recent_months`` months. Every value is None when its inputs are missing (no target, no won
    deal). ``all_cohorts_rate`` is the rate over every lead. ``avg_deal``, when given, is the average won deal
    used (the report's one average); else the mean amount of the won leads.

    >>> j = pd.DataFrame({"cohort": pd.to_datetime(["2025-01-01"] * 4),
    ...                   "created_date": pd.to_datetime(["2025-01-01"] * 4),
    ...                   "won": [True, False, False, False], "opp_amount": [100.0, None, None, None],
    ...                   "opp_close_date": pd.to_datetime(["2025-01-31", None, None, None])})
    >>> r = reverse_funnel(j, revenue_target=1200, target_months=12, recent_months=1, run_rate=1000.0)
    >>> r["required_wins"], r["required_leads_per_month"], r["current_leads_per_month"], r["gap_per_month"]
    (12.0, 4.0, 4.0, 0.0)
    >>> round(r["growth"], 2)
    0.2
    """
    keys = ("revenue_target", "avg_deal", "lead_to_win_rate", "required_wins", "required_leads",
            "required_leads_per_month", "current_leads_per_month", "gap_per_month", "lag_days", "mature_cutoff",
            "mature_leads", "mature_won", "expected_open_wins", "all_cohorts_rate", "run_rate", "growth")
    out = dict.fromkeys(keys)
    out["run_rate"] = run_rate
    inflow = monthly_inflow(journey)
    if len(inflow):
        out["current_leads_per_month"] = float(inflow["leads"].tail(recent_months).mean())
    if "won" not in journey or not len(journey):
        return retarget(out, revenue_target=revenue_target, target_months=target_months)
    won = journey["won"].to_numpy(dtype=bool)
    out["all_cohorts_rate"] = rules.ratio(won.sum(), len(journey))
    if avg_deal:  # the one average won deal of the report (:func:`workbook.core.rules.average_won_deal`)
        out["avg_deal"] = float(avg_deal)
    elif f"opp_{c.AMOUNT}" in journey and won.any():
        avg = journey.loc[won, f"opp_{c.AMOUNT}"].mean()
        out["avg_deal"] = None if pd.isna(avg) else float(avg)
    if f"opp_{c.CLOSE_DATE}" in journey and won.any():
        lag = (journey.loc[won, f"opp_{c.CLOSE_DATE}"] - journey.loc[won, c.CREATED_DATE]).dt.days.median()
        out["lag_days"] = None if pd.isna(lag) else float(lag)
    mature = np.ones(len(journey), dtype=bool)
    if as_of is not None and out["lag_days"] is not None:
        cutoff = pd.Timestamp(as_of).normalize() - pd.Timedelta(days=out["lag_days"])
        out["mature_cutoff"] = cutoff
        mature = rules.as_bool(journey[c.CREATED_DATE] <= cutoff)
    expected = np.zeros(len(journey))
    if f"opp_{c.STATUS}" in journey and (probabilities and f"opp_{c.STAGE}" in journey or
                                          open_probability is not None and f"opp_{c.OPPORTUNITY_ID}" in journey):
        is_open = rules.as_bool(journey[f"opp_{c.STATUS}"].eq("open"))
        if open_probability is not None and f"opp_{c.OPPORTUNITY_ID}" in journey:
            p = journey[f"opp_{c.OPPORTUNITY_ID}"].map(open_probability)
        else:
            p = journey[f"opp_{c.STAGE}"].map(probabilities)
        expected = np.where(is_open, p.astype(float).fillna(0.0).to_numpy(), 0.0)
    out["mature_leads"] = int(mature.sum())
    out["mature_won"] = int(won[mature].sum())
    out["expected_open_wins"] = float(expected[mature].sum())
    out["lead_to_win_rate"] = rules.ratio(out["mature_won"] + out["expected_open_wins"], out["mature_leads"]) \
        if out["mature_leads"] else None
    return retarget(out, revenue_target=revenue_target, target_months=target_months)


def retarget(reverse: dict, *, revenue_target: float | None, target_months: int = 12) -> dict:
    """:func:`reverse_funnel`'s output at another revenue target, from the rates and inflow it measured (no pass
    over the leads: what a target slider's move needs). Required wins = target / average won deal, required
    leads = wins / lead-to-win rate, per month over ``target_months``, the gap to the current inflow, and the
    growth the target implies over the run-rate.

    >>> r = retarget({"avg_deal": 100.0, "lead_to_win_rate": 0.25, "current_leads_per_month": 4.0,
    ...               "run_rate": 1000.0}, revenue_target=2400)
    >>> r["required_wins"], r["required_leads_per_month"], r["gap_per_month"], round(r["growth"], 2)
    (24.0, 8.0, 4.0, 1.4)
    """
    out = {**reverse, "revenue_target": revenue_target, "growth": None, "required_wins": None,
           "required_leads": None, "required_leads_per_month": None, "gap_per_month": None}
    if revenue_target is not None and out.get("run_rate"):
        out["growth"] = revenue_target / out["run_rate"] - 1
    if revenue_target is None or not out.get("avg_deal") or not out.get("lead_to_win_rate"):
        return out
    out["required_wins"] = max(revenue_target, 0.0) / out["avg_deal"]
    out["required_leads"] = out["required_wins"] / out["lead_to_win_rate"]
    out["required_leads_per_month"] = out["required_leads"] / target_months
    if out.get("current_leads_per_month") is not None:
        out["gap_per_month"] = out["required_leads_per_month"] - out["current_leads_per_month"]
    return out


def run_rate(opportunities: pd.DataFrame | None, *, as_of, months: int = 12) -> float | None:
    """Won revenue of the last ``months`` months before ``as_of`` (close date in ``(as_of - months, as_of]``).

    None without won amounts and close dates, or before a full ``months`` of data: a shorter span is no
    run-rate.

    >>> opps = pd.DataFrame({"status": ["won", "won", "lost", "won"], "amount": [100.0, 50.0, 70.0, 30.0],
    ...     "close_date": pd.to_datetime(["2024-12-31", "2025-06-01", "2025-07-01", "2025-12-31"])})
    >>> run_rate(opps, as_of="2025-12-31")
    80.0
    """
    if as_of is None or not rules.has(opportunities, c.STATUS, c.AMOUNT, c.CLOSE_DATE):
        return None
    end = pd.Timestamp(as_of).normalize()
    start = end - pd.DateOffset(months=months)
    closes = opportunities[c.CLOSE_DATE]
    if closes.min() > start:
        return None
    won = rules.as_bool(opportunities[c.STATUS].eq("won")) & rules.as_bool((closes > start) & (closes <= end))
    return float(opportunities.loc[won, c.AMOUNT].fillna(0).sum())


# --------------------------------------------------------------------------- sources and channels

def source_table(journey: pd.DataFrame, *, by: str = c.SOURCE) -> pd.DataFrame:
    """Leads, conversion, revenue, cost and won revenue per unit of cost per source (or ``source_type``, ``scene``,
    ``owner``).

    Returns ``[by]``, ``leads``, ``qualified``, ``qualification_rate``, ``opportunities``, ``won``,
    ``closed`` (won + lost), ``win_rate`` (won / closed), ``lead_to_win_rate``, ``avg_deal``,
    ``revenue`` (won amounts), ``cost`` (lead costs), ``cost_per_lead``, ``cost_per_win``,
    ``revenue_per_cost`` (won revenue per unit of acquisition cost: revenue / cost, what the report shows),
    ``roi`` ((revenue - cost) / cost, the net return), ``lead_share``, ``revenue_share``; NaN where undefined
    (no cost data, division by 0). Sorted by leads, largest first.
    """
    n = len(journey)
    nothing = np.full(n, np.nan)
    columns = {"leads": np.ones(n, bool)}
    for col in ("qualified", "opportunity", "won", "lost"):
        columns[col] = journey[col].to_numpy(dtype=bool) if col in journey else nothing
    won = columns["won"] if "won" in journey else np.zeros(n, bool)
    amount = journey[f"opp_{c.AMOUNT}"].to_numpy(dtype=float) if f"opp_{c.AMOUNT}" in journey else nothing
    columns["revenue"] = np.where(won, np.nan_to_num(amount), 0.0) if "won" in journey else nothing
    columns["cost"] = journey[c.COST].to_numpy(dtype=float) if rules.has(journey, c.COST) else nothing
    index, sums = group_sums(journey[[by]], list(columns.values()))
    agg = pd.DataFrame(sums, columns=list(columns), index=pd.Index(index[by], name=by))
    for col in ("leads", "qualified", "opportunity", "won", "lost"):  # counts stay integers
        if columns[col] is not nothing:
            agg[col] = agg[col].astype(np.int64)
    out = pd.DataFrame(index=agg.index)
    out["leads"] = agg["leads"].astype(np.int64)
    out["qualified"] = agg["qualified"]
    out["qualification_rate"] = rules.ratio(agg["qualified"], agg["leads"])
    out["opportunities"] = agg["opportunity"]
    out["won"] = agg["won"]
    out["closed"] = agg["won"] + agg["lost"]
    out["win_rate"] = rules.ratio(agg["won"], out["closed"])
    out["lead_to_win_rate"] = rules.ratio(agg["won"], agg["leads"])
    out["avg_deal"] = rules.ratio(agg["revenue"], agg["won"])
    out["revenue"] = agg["revenue"]
    out["cost"] = agg["cost"]
    out["cost_per_lead"] = rules.ratio(agg["cost"], agg["leads"])
    out["cost_per_win"] = rules.ratio(agg["cost"], agg["won"])
    out["revenue_per_cost"] = rules.ratio(agg["revenue"], agg["cost"])
    out["roi"] = rules.ratio(agg["revenue"] - agg["cost"], agg["cost"])
    out["lead_share"] = rules.ratio(agg["leads"], agg["leads"].sum())
    out["revenue_share"] = rules.ratio(agg["revenue"], agg["revenue"].sum())
    return out.sort_values("leads", ascending=False, kind="stable").reset_index()


def active_share(journey: pd.DataFrame) -> dict:
    """Share of leads and of won revenue from active sources; passive (inbound) is the rest.

    None when ``source_type`` is missing. Leads without a type are left out of both shares.
    """
    if not rules.has(journey, c.SOURCE_TYPE):
        return {"active_lead_share": None, "active_revenue_share": None, "inbound_revenue_share": None}
    table = source_table(journey, by=c.SOURCE_TYPE).set_index(c.SOURCE_TYPE)
    known = table.loc[table.index.notna()]
    lead = rules.ratio(known["leads"].get("active", 0), known["leads"].sum())
    revenue = known["revenue"].fillna(0)
    rev = rules.ratio(revenue.get("active", 0.0), revenue.sum()) if "won" in journey else np.nan
    return {"active_lead_share": lead, "active_revenue_share": None if np.isnan(rev) else rev,
            "inbound_revenue_share": None if np.isnan(rev) else 1 - rev}


def first_hand(journey: pd.DataFrame) -> dict:
    """First-hand leads (一手线索): active leads created before the tender, among the leads with a tender date.

    ``tendered`` counts the leads with a tender date and a known source type, ``first_hand`` those of them
    from an active source created before the tender day, ``first_hand_share`` the ratio (None without
    ``source_type`` or tender dates).

    >>> j = pd.DataFrame({"source_type": ["active", "active", "passive", "active"],
    ...                   "created_date": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-01-01", "2025-01-01"]),
    ...                   "tender_date": pd.to_datetime(["2025-02-01", "2025-02-01", "2025-02-01", None])})
    >>> first_hand(j)
    {'tendered': 3, 'first_hand': 1, 'first_hand_share': 0.3333333333333333}
    """
    out = {"tendered": None, "first_hand": None, "first_hand_share": None}
    if not rules.has(journey, c.SOURCE_TYPE) or not rules.has(journey, c.TENDER_DATE):
        return out
    tendered = journey[c.TENDER_DATE].notna().to_numpy() & journey[c.SOURCE_TYPE].notna().to_numpy()
    early = rules.as_bool(journey[c.CREATED_DATE] < journey[c.TENDER_DATE])
    active = rules.as_bool(journey[c.SOURCE_TYPE].eq("active"))
    out["tendered"] = int(tendered.sum())
    out["first_hand"] = int((tendered & early & active).sum())
    out["first_hand_share"] = float(rules.ratio(out["first_hand"], out["tendered"])) if out["tendered"] else None
    return out


# --------------------------------------------------------------------------- engagement timing

def tender_timing(journey: pd.DataFrame) -> pd.DataFrame:
    """Win rate of closed deals by whether engagement began before the tender date.

    Engagement begins at the first follow-up, else at the opportunity's creation; a lead counts when
    it has a tender date, an engagement date and a closed (won or lost) opportunity. Engagement on the
    tender day counts as after.

    Returns rows ``timing`` = ``before`` and ``after`` with ``closed``, ``won``, ``win_rate``.
    """
    rows = {"timing": ["before", "after"], "closed": [0, 0], "won": [0, 0]}
    needed = {c.TENDER_DATE, "won", "lost"}
    if needed <= set(journey) and journey[c.TENDER_DATE].notna().any():
        start = (journey[c.FIRST_FOLLOWUP_DATE] if c.FIRST_FOLLOWUP_DATE in journey
                 else pd.Series(pd.NaT, index=journey.index))
        if f"opp_{c.CREATED_DATE}" in journey:
            start = start.fillna(journey[f"opp_{c.CREATED_DATE}"])
        closed = journey["won"].to_numpy(bool) | journey["lost"].to_numpy(bool)
        known = closed & journey[c.TENDER_DATE].notna().to_numpy() & start.notna().to_numpy()
        before = (start < journey[c.TENDER_DATE]).to_numpy(bool)
        won = journey["won"].to_numpy(bool)
        for i, mask in enumerate((known & before, known & ~before)):
            rows["closed"][i] = int(mask.sum())
            rows["won"][i] = int((mask & won).sum())
    out = pd.DataFrame(rows)
    out["win_rate"] = rules.ratio(out["won"], out["closed"])
    return out


# --------------------------------------------------------------------------- filters

def filter_leads(leads: pd.DataFrame, *, start=None, end=None, sources=None, owners=None,
                 segment_col: str | None = None, segments=None) -> pd.DataFrame:
    """Leads created in ``[start, end]`` whose source, owner and segment are among those given (None: all)."""
    mask = np.ones(len(leads), dtype=bool)
    if start is not None:
        mask &= (leads[c.CREATED_DATE] >= pd.Timestamp(start)).to_numpy(bool)
    if end is not None:
        mask &= (leads[c.CREATED_DATE] <= pd.Timestamp(end)).to_numpy(bool)
    for col, chosen in ((c.SOURCE, sources), (c.OWNER, owners), (segment_col, segments)):
        if chosen and col in leads:
            mask &= rules.as_bool(leads[col].isin(list(chosen)))
    return leads.loc[mask]
