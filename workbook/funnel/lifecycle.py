"""The lead lifecycle before a lead becomes an opportunity: assessed, handed to a rep, followed up, nurtured.

"拿到线索后，需要经过评估、分发和培育等流程后，确认合格的线索才能转化为商机": this module measures how long each
step takes, how many leads wait at each step today, the nurture pool, the leads that came back after a lost deal,
and whether leads that had a contact before they were handed to a rep convert better than those handed over cold.

Every function takes a per-lead frame from :func:`lead_frame` (the clean leads with the journey's
``opportunity``, ``won`` and ``opp_*`` columns beside them) and returns a frame or a dict of codes and numbers.

The as-of rule is the funnel's (:func:`workbook.core.rules.as_of_date`): a date after ``as_of`` has not
happened yet, so a lead created after it is left out, and a step whose end falls after it is still waiting.

>>> frame = pd.DataFrame({"lead_id": ["L1", "L2"], "created_date": pd.to_datetime(["2025-01-01", "2025-01-01"]),
...                       "assigned_date": pd.to_datetime(["2025-01-05", None])})
>>> step_days(frame)[["lead_id", "step", "days"]].to_dict("list")
{'lead_id': ['L1'], 'step': ['assign'], 'days': [4.0]}
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.keys import shared_codes

STEPS = ("assess", "assign", "follow_up", "nurture")  # in the order a lead goes through them
# the date each step starts from (the first one present) and the date it ends at
STEP_DATES = {"assess": ((c.CREATED_DATE,), c.ASSESSED_DATE),
              "assign": ((c.ASSESSED_DATE, c.CREATED_DATE), c.ASSIGNED_DATE),
              "follow_up": ((c.ASSIGNED_DATE,), c.FIRST_FOLLOWUP_DATE),
              "nurture": ((c.NURTURE_START,), c.QUALIFIED_DATE)}
HANDOFF_STEPS = ("assess", "assign")  # a lead waiting at these has not reached a rep yet
WAIT_STEPS = ("assess", "assign", "follow_up")  # waits; nurturing takes time by design and is not one
GROUPS = ("nurtured", "not_nurtured")
LEAD_COLS = (c.LEAD_ID, c.CREATED_DATE, c.SOURCE, c.OWNER, c.CUSTOMER_ID, c.STATUS, c.FIRST_FOLLOWUP_DATE,
             c.QUALIFIED_DATE, c.OPPORTUNITY_ID, *c.LIFECYCLE)
JOURNEY_COLS = ("opportunity", "won", f"opp_{c.STATUS}", f"opp_{c.CREATED_DATE}", f"opp_{c.CLOSE_DATE}")
DATE_COLS = (c.CREATED_DATE, c.FIRST_FOLLOWUP_DATE, c.QUALIFIED_DATE, c.ASSESSED_DATE, c.ASSIGNED_DATE,
             c.NURTURE_START, f"opp_{c.CREATED_DATE}", f"opp_{c.CLOSE_DATE}")


def has_lifecycle(leads: pd.DataFrame | None) -> bool:
    """Whether the leads carry any of the lifecycle dates (assessed, assigned, nurture start)."""
    return any(rules.has(leads, col) for col in (c.ASSESSED_DATE, c.ASSIGNED_DATE, c.NURTURE_START))


def lead_frame(leads: pd.DataFrame, journey: pd.DataFrame | None = None) -> pd.DataFrame:
    """The columns this module reads, one row per lead: the lead's own (:data:`LEAD_COLS` present) and the
    journey's ``opportunity``, ``won``, ``opp_status``, ``opp_created_date``, ``opp_close_date`` (present ones).

    ``journey`` is :func:`workbook.funnel.journey.lead_journey` of the same ``leads`` (same rows, same order).
    """
    out = leads[[col for col in LEAD_COLS if col in leads]].reset_index(drop=True)
    if journey is not None:
        for col in JOURNEY_COLS:
            if col in journey:
                out[col] = journey[col].array  # same rows; the array keeps its dtype (no string round trip)
    return out


def _date(frame: pd.DataFrame, col: str, as_of=None) -> np.ndarray:
    """A date column as datetime64[ns]; NaT where missing, absent or after ``as_of`` (not happened yet)."""
    if col not in frame:
        return np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
    series = frame[col]
    if not pd.api.types.is_datetime64_any_dtype(series):
        series = pd.to_datetime(series)
    values = series.to_numpy(dtype="datetime64[ns]")
    if as_of is not None:
        later = values > np.datetime64(pd.Timestamp(as_of))
        if later.any():
            values = np.where(later, np.datetime64("NaT"), values)
    return values


def _days(end: np.ndarray, start: np.ndarray) -> np.ndarray:
    return (end - start) / np.timedelta64(1, "D")


def _listed(frame: pd.DataFrame, rows: np.ndarray, order_by: np.ndarray, cols: tuple[str, ...]) -> pd.DataFrame:
    """The leads at positions ``rows`` (``cols`` present), largest ``order_by`` first, ties in the table's order."""
    rows = rows[np.lexsort((rows, -order_by))]
    return frame[[col for col in cols if col in frame]].iloc[rows].reset_index(drop=True)


def _in_scope(frame: pd.DataFrame, as_of=None) -> np.ndarray:
    """Leads created on or before ``as_of`` (all of them without it)."""
    return ~np.isnat(_date(frame, c.CREATED_DATE, as_of))


# --------------------------------------------------------------------------- steps

def _spans(frame: pd.DataFrame, as_of=None) -> dict[str, np.ndarray]:
    """Days of each step the data can show, one value per lead (NaN: not gone through); see :func:`step_days`."""
    scope = _in_scope(frame, as_of)
    out = {}
    for step in STEPS:
        starts, end_col = STEP_DATES[step]
        if end_col not in frame or not any(col in frame for col in starts):
            continue
        start = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
        for col in starts:  # the first start date present
            start = np.where(np.isnat(start), _date(frame, col, as_of), start)
        days = _days(_date(frame, end_col, as_of), start)
        ok = scope & ~np.isnan(days)
        if step == "nurture":
            ok &= days >= 0
        out[step] = np.where(ok, np.maximum(days, 0.0), np.nan)
    return out


def step_days(frame: pd.DataFrame, *, as_of=None) -> pd.DataFrame:
    """Days each lead spent in each step it went through, one row per lead and step.

    Steps (:data:`STEP_DATES`): ``assess`` created -> assessed; ``assign`` assessed (or created, when not
    assessed) -> assigned; ``follow_up`` assigned -> first follow-up; ``nurture`` nurture start -> qualified.
    A step counts when both dates are known and the end is on or before ``as_of``; a nurture that ended before
    it started (qualified first) is no nurture step; other negative spans (a date typed before the one it
    follows) count as 0 days.

    Returns ``lead_id``, ``step``, ``days``, and ``source`` and ``owner`` when the leads carry them.

    >>> frame = pd.DataFrame({"lead_id": ["L1"], "created_date": pd.to_datetime(["2025-01-01"]),
    ...     "assessed_date": pd.to_datetime(["2025-01-03"]), "assigned_date": pd.to_datetime(["2025-01-10"]),
    ...     "first_followup_date": pd.to_datetime(["2025-01-11"])})
    >>> step_days(frame)[["step", "days"]].values.tolist()
    [['assess', 2.0], ['assign', 7.0], ['follow_up', 1.0]]
    """
    keep = [col for col in (c.LEAD_ID, c.SOURCE, c.OWNER) if col in frame]
    parts = []
    for step, days in _spans(frame, as_of).items():
        rows = np.flatnonzero(~np.isnan(days))
        part = frame[keep].iloc[rows].reset_index(drop=True)
        part.insert(1, "step", step)
        part["days"] = days[rows]
        parts.append(part)
    if not parts:
        return pd.DataFrame({c.LEAD_ID: pd.Series(dtype=object), "step": pd.Series(dtype=object),
                             "days": pd.Series(dtype=float)})
    return pd.concat(parts, ignore_index=True)


def _open(frame: pd.DataFrame, as_of=None) -> np.ndarray:
    """Leads still in play at ``as_of``: created by then, not disqualified, not qualified, no opportunity."""
    out = _in_scope(frame, as_of) & np.isnat(_date(frame, c.QUALIFIED_DATE, as_of))
    if c.STATUS in frame:
        out &= ~rules.as_bool(frame[c.STATUS].isin(["disqualified", "qualified", "converted"]))
    if "opportunity" in frame:
        out &= ~rules.as_bool(frame["opportunity"])
    elif c.OPPORTUNITY_ID in frame:
        out &= frame[c.OPPORTUNITY_ID].isna().to_numpy()
    return out


def _pool(frame: pd.DataFrame, as_of) -> tuple[np.ndarray, np.ndarray]:
    """Which leads are in the nurture pool (see :func:`nurture_pool`) and their nurture start."""
    start = _date(frame, c.NURTURE_START, as_of)
    pool = _in_scope(frame, as_of) & ~np.isnat(start)
    qualified = _date(frame, c.QUALIFIED_DATE, as_of)
    opp_created = _date(frame, f"opp_{c.CREATED_DATE}", as_of)
    pool &= ~(qualified >= start) & ~(opp_created >= start)
    if f"opp_{c.STATUS}" in frame:
        pool &= ~rules.as_bool(frame[f"opp_{c.STATUS}"].isin(["open", "won"]))
    if c.STATUS in frame:
        status = frame[c.STATUS]
        pool &= ~rules.as_bool(status.eq("disqualified"))
        undated = np.isnat(qualified) & np.isnat(opp_created)
        pool &= ~(rules.as_bool(status.isin(["qualified", "converted"])) & undated)
    return pool, start


def _waits(frame: pd.DataFrame, as_of) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per step: which leads wait there today and since when (see :func:`waiting`)."""
    open_ = _open(frame, as_of)
    created, assessed = _date(frame, c.CREATED_DATE, as_of), _date(frame, c.ASSESSED_DATE, as_of)
    assigned, followed = _date(frame, c.ASSIGNED_DATE, as_of), _date(frame, c.FIRST_FOLLOWUP_DATE, as_of)
    # a lead with a rep is handed out even when the export has no date for it: it waits for its follow-up
    owned = frame[c.OWNER].notna().to_numpy() if c.OWNER in frame else np.zeros(len(frame), dtype=bool)
    unassigned = open_ & np.isnat(assigned) & np.isnat(followed) & ~owned
    out = {}
    if rules.has(frame, c.ASSESSED_DATE):
        out["assess"] = (unassigned & np.isnat(assessed), created)
        out["assign"] = (unassigned & ~np.isnat(assessed), assessed)
    elif rules.has(frame, c.ASSIGNED_DATE):
        out["assign"] = (unassigned, created)
    if rules.has(frame, c.ASSIGNED_DATE) and c.FIRST_FOLLOWUP_DATE in frame:
        handed = ~np.isnat(assigned) | owned
        since = np.where(np.isnat(assigned), np.where(np.isnat(assessed), created, assessed), assigned)
        out["follow_up"] = (open_ & handed & np.isnat(followed), since)
    if c.NURTURE_START in frame:
        out["nurture"] = _pool(frame, as_of)
    return out


def _age(as_of, since: np.ndarray) -> np.ndarray:
    return _days(np.datetime64(pd.Timestamp(as_of)), since)


def waiting(frame: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """The leads waiting at a step today, one row per lead and step, longest wait first.

    A lead waits at ``assess`` when it is open (:func:`_open`: not disqualified, qualified or converted) and has
    no assessed, assigned or first follow-up date and no rep (only when the client records assessments); at
    ``assign`` when open, not assigned, without a rep and never followed up (a followed-up lead, or one with a
    rep, has evidently been handed out, even when the export leaves its assigned date blank); at ``follow_up``
    when open, assigned or with a rep, and never followed up (since its assigned date, else assessed, else
    created); at
    ``nurture`` when it is in the nurture pool (:func:`nurture_pool`).

    Returns ``lead_id``, ``step``, ``since`` (the date the wait began: created, assessed, assigned or nurture
    start) and ``age_days`` (``as_of`` - ``since``); ties in the leads' order.
    """
    parts = []
    for step, (mask, since) in _waits(frame, as_of).items():
        rows = np.flatnonzero(mask)
        parts.append(pd.DataFrame({"row": rows, "step": step, "since": pd.to_datetime(since[rows])}))
    if not parts:
        return pd.DataFrame({col: pd.Series(dtype=object) for col in (c.LEAD_ID, "step", "since", "age_days")})
    out = pd.concat(parts, ignore_index=True)
    out["age_days"] = _age(as_of, out["since"].to_numpy("datetime64[ns]"))
    out = out.iloc[np.lexsort((out["row"].to_numpy(), -out["age_days"].to_numpy()))].reset_index(drop=True)
    out.insert(0, c.LEAD_ID, frame[c.LEAD_ID].to_numpy()[out.pop("row").to_numpy()])
    return out


def unassigned_leads(frame: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """The leads no rep has yet (waiting at ``assess`` or ``assign`` of :func:`waiting`), oldest first (ties in
    the leads' order): ``lead_id``, ``created_date``, ``source``, ``owner`` (present ones) and ``age_days``
    since creation.

    >>> frame = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
    ...     "created_date": pd.to_datetime(["2025-01-01", "2025-01-20", "2025-01-01"]),
    ...     "assigned_date": pd.to_datetime([None, None, "2025-01-02"]),
    ...     "first_followup_date": pd.to_datetime([None, None, None])})
    >>> unassigned_leads(frame, as_of="2025-01-31")[["lead_id", "age_days"]].values.tolist()
    [['L1', 30.0], ['L2', 11.0]]
    """
    return _unassigned(frame, _waits(frame, as_of), as_of)


def _unassigned(frame: pd.DataFrame, waits: dict, as_of) -> pd.DataFrame:
    mask = np.zeros(len(frame), dtype=bool)
    for step in HANDOFF_STEPS:
        if step in waits:
            mask |= waits[step][0]
    rows = np.flatnonzero(mask)
    age = _age(as_of, _date(frame, c.CREATED_DATE)[rows])
    out = _listed(frame, rows, age, (c.LEAD_ID, c.CREATED_DATE, c.SOURCE, c.OWNER))
    out["age_days"] = age[np.lexsort((rows, -age))]
    return out


def step_summary(frame: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """Per step (in lifecycle order): ``leads`` measured, ``median`` and ``p90`` days
    (:func:`step_days`), ``waiting`` (leads at the step today, :func:`waiting`) and ``waiting_median_age``
    (days, since the wait began). Steps the data cannot show (no dates, nobody waiting) are left out.

    >>> frame = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
    ...     "created_date": pd.to_datetime(["2025-01-01"] * 3),
    ...     "assigned_date": pd.to_datetime(["2025-01-03", "2025-01-11", None]),
    ...     "first_followup_date": pd.to_datetime(["2025-01-04", None, None])})
    >>> step_summary(frame, as_of="2025-01-31").to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'step': 'assign', 'leads': 2, 'median': 6.0, 'p90': 9.2, 'waiting': 1, 'waiting_median_age': 30.0},
     {'step': 'follow_up', 'leads': 1, 'median': 1.0, 'p90': 1.0, 'waiting': 1, 'waiting_median_age': 20.0}]
    """
    return _summary(_spans(frame, as_of), _waits(frame, as_of), as_of)


def _summary(spans: dict, waits: dict, as_of) -> pd.DataFrame:
    rows = []
    for step in STEPS:
        days = spans.get(step, np.array([]))
        days = days[~np.isnan(days)]
        mask, since = waits.get(step, (np.zeros(0, dtype=bool), None))
        ages = _age(as_of, since[mask]) if mask.any() else np.array([])
        if not len(days) and not len(ages):
            continue
        rows.append({"step": step, "leads": int(len(days)),
                     "median": float(np.median(days)) if len(days) else np.nan,
                     "p90": float(np.quantile(days, 0.9)) if len(days) else np.nan,
                     "waiting": int(len(ages)), "waiting_median_age": float(np.median(ages)) if len(ages) else np.nan})
    columns = ["step", "leads", "median", "p90", "waiting", "waiting_median_age"]
    return pd.DataFrame(rows, columns=columns)


def slowest_step(summary: pd.DataFrame) -> dict | None:
    """The wait (:data:`WAIT_STEPS`: nurturing is left out, it takes time by design) with the longest median
    (ties: the longer p90, then the earlier step), as ``{"step", "median", "p90", "leads"}``; None when no wait
    is measured.

    >>> slowest_step(pd.DataFrame({"step": ["assess", "assign"], "leads": [5, 4], "median": [1.0, 6.0],
    ...                            "p90": [3.0, 12.0]}))
    {'step': 'assign', 'median': 6.0, 'p90': 12.0, 'leads': 4}
    """
    measured = summary[summary["step"].isin(WAIT_STEPS)].dropna(subset=["median"])
    if not len(measured):
        return None
    order = np.lexsort((np.arange(len(measured)), -measured["p90"].fillna(-1).to_numpy(),
                        -measured["median"].to_numpy()))
    row = measured.iloc[order[0]]
    return {"step": str(row["step"]), "median": float(row["median"]), "p90": float(row["p90"]),
            "leads": int(row["leads"])}


def step_by(frame: pd.DataFrame, step: str, *, by: str = c.SOURCE, as_of=None, min_leads: int = 20) -> pd.DataFrame:
    """Median and p90 days of one ``step`` per ``by`` group with at least ``min_leads`` measured leads,
    slowest first: ``[by]``, ``leads``, ``median``, ``p90``.

    >>> frame = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "source": ["a", "a", "b"],
    ...     "created_date": pd.to_datetime(["2025-01-01"] * 3),
    ...     "assigned_date": pd.to_datetime(["2025-01-03", "2025-01-05", "2025-01-11"])})
    >>> step_by(frame, "assign", min_leads=1).values.tolist()
    [['b', 1, 10.0, 10.0], ['a', 2, 3.0, 3.8]]
    """
    return _by(frame, _spans(frame, as_of).get(step), by=by, min_leads=min_leads)


def _by(frame: pd.DataFrame, days: np.ndarray | None, *, by: str, min_leads: int) -> pd.DataFrame:
    if by not in frame or days is None:
        return pd.DataFrame(columns=[by, "leads", "median", "p90"])
    codes, groups = pd.factorize(frame[by])
    ok = ~np.isnan(days) & (codes >= 0)
    grouped = pd.Series(days[ok]).groupby(codes[ok])
    out = pd.DataFrame({"leads": grouped.size().astype(np.int64), "median": grouped.median(),
                        "p90": grouped.quantile(0.9)})
    out.insert(0, by, np.asarray(groups, dtype=object)[out.index.to_numpy()])
    out = out[out["leads"] >= min_leads]
    return out.sort_values(["median", "p90", by], ascending=[False, False, True], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- nurture pool, recycled leads

def nurture_pool(frame: pd.DataFrame, *, as_of) -> pd.DataFrame:
    """The leads in nurture today, longest in the pool first (ties in the leads' order).

    In the pool: ``nurture_start`` on or before ``as_of``, not disqualified, and not moved on since: no
    qualified date and no opportunity created on or after the nurture start, no open or won opportunity, and
    not marked qualified or converted without dates to tell when. A lead whose deal was lost and that went
    back to nurturing afterwards is in the pool again.

    Returns ``lead_id``, ``created_date``, ``source``, ``owner`` (present ones), ``nurture_start`` and
    ``age_days`` (``as_of`` - nurture start).

    >>> frame = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
    ...     "created_date": pd.to_datetime(["2025-01-01"] * 3),
    ...     "nurture_start": pd.to_datetime(["2025-01-10", "2025-01-10", "2025-01-20"]),
    ...     "qualified_date": pd.to_datetime([None, "2025-01-15", "2025-01-05"])})
    >>> nurture_pool(frame, as_of="2025-01-31")[["lead_id", "age_days"]].values.tolist()
    [['L1', 21.0], ['L3', 11.0]]
    """
    return _pool_list(frame, *_pool(frame, as_of), as_of)


def _pool_list(frame: pd.DataFrame, pool: np.ndarray, start: np.ndarray, as_of) -> pd.DataFrame:
    rows = np.flatnonzero(pool)
    age = _age(as_of, start[rows])
    order = np.lexsort((rows, -age))
    out = _listed(frame, rows, age, (c.LEAD_ID, c.CREATED_DATE, c.SOURCE, c.OWNER))
    out[c.NURTURE_START] = pd.to_datetime(start[rows][order])
    out["age_days"] = age[order]
    return out


def recycled_leads(frame: pd.DataFrame, *, as_of=None) -> pd.DataFrame:
    """Leads handed out again or back after a lost deal, most reassigned first (ties in the leads' order).

    Recycled: ``reassigned_count`` above 0, or the lead's opportunity was lost and the lead came back after
    the deal's close date (a nurture start or an assigned date on or after it). Dates after ``as_of`` do not
    count. Returns ``lead_id``, ``source``, ``owner`` (present ones), ``reassigned_count`` (0 where blank) and
    ``after_loss`` (bool).

    >>> frame = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "reassigned_count": [2, None, 0],
    ...     "opp_status": [None, "lost", "lost"], "opp_close_date": pd.to_datetime([None, "2025-02-01", "2025-02-01"]),
    ...     "nurture_start": pd.to_datetime([None, "2025-02-10", "2025-01-10"])})
    >>> recycled_leads(frame)[["lead_id", "reassigned_count", "after_loss"]].values.tolist()
    [['L1', 2, False], ['L2', 0, True]]
    """
    count = (pd.to_numeric(frame[c.REASSIGNED_COUNT], errors="coerce").fillna(0).to_numpy(float)
             if c.REASSIGNED_COUNT in frame else np.zeros(len(frame)))
    after = np.zeros(len(frame), dtype=bool)
    if f"opp_{c.STATUS}" in frame:
        lost = rules.as_bool(frame[f"opp_{c.STATUS}"].eq("lost"))
        close = _date(frame, f"opp_{c.CLOSE_DATE}", as_of)
        for col in (c.NURTURE_START, c.ASSIGNED_DATE):
            after |= lost & (_date(frame, col, as_of) >= close)
    rows = np.flatnonzero((count > 0) | after)
    order = np.lexsort((rows, -count[rows]))
    out = _listed(frame, rows, count[rows], (c.LEAD_ID, c.SOURCE, c.OWNER))
    out[c.REASSIGNED_COUNT] = count[rows][order].astype(np.int64)
    out["after_loss"] = after[rows][order]
    return out


# --------------------------------------------------------------------------- nurtured before hand-off

def prior_contacts(frame: pd.DataFrame, activities: pd.DataFrame, *, as_of=None) -> pd.DataFrame:
    """Per lead: contacts with its customer before it was handed to a rep.

    The hand-off is the assigned date, else the first follow-up. A contact counts when the activity is on the
    lead's customer (``activities.customer_id`` = ``leads.customer_id``) and dated on or after the lead's
    creation and before the hand-off (a same-day hand-off leaves no time for one). Only leads with a customer
    and a hand-off on or before ``as_of`` are ``eligible``; the others have no ``contacts``.

    Returns ``lead_id``, ``handoff_date``, ``eligible``, ``contacts`` (Int64, NA when not eligible) and
    ``nurtured`` (contacts > 0), aligned with ``frame``'s rows.

    >>> frame = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "customer_id": ["C1", "C1", None],
    ...     "created_date": pd.to_datetime(["2025-01-01", "2025-01-10", "2025-01-01"]),
    ...     "assigned_date": pd.to_datetime(["2025-01-08", "2025-01-12", "2025-01-08"])})
    >>> acts = pd.DataFrame({"customer_id": ["C1", "C1"], "date": pd.to_datetime(["2025-01-05", "2025-01-12"])})
    >>> prior_contacts(frame, acts)[["contacts", "nurtured"]].values.tolist()
    [[1, True], [0, False], [<NA>, False]]
    """
    created = _date(frame, c.CREATED_DATE, as_of)
    handoff = _date(frame, c.ASSIGNED_DATE, as_of)
    handoff = np.where(np.isnat(handoff), _date(frame, c.FIRST_FOLLOWUP_DATE, as_of), handoff)
    lead_cust = frame[c.CUSTOMER_ID] if c.CUSTOMER_ID in frame else pd.Series(pd.NA, index=frame.index)
    acts = activities[activities[c.DATE].notna()] if c.DATE in activities else activities.iloc[:0]
    lead_code, act_code = shared_codes(lead_cust, acts[c.CUSTOMER_ID] if c.CUSTOMER_ID in acts else
                                       pd.Series(pd.NA, index=acts.index, dtype="string"))
    eligible = (lead_code >= 0) & ~np.isnat(created) & ~np.isnat(handoff)
    # one sorted key per (customer, day): contacts in [created, handoff) are a difference of two searches
    act_days = pd.to_datetime(acts[c.DATE]).to_numpy("datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    span = 1 << 32
    keys = np.sort(act_code[act_code >= 0].astype(np.int64) * span + act_days[act_code >= 0] + span // 2)
    base = lead_code.astype(np.int64) * span + span // 2
    lo = base + np.where(eligible, created, np.datetime64(0, "ns")).astype("datetime64[D]").astype(np.int64)
    hi = base + np.where(eligible, handoff, np.datetime64(0, "ns")).astype("datetime64[D]").astype(np.int64)
    queries = np.concatenate([hi[eligible], lo[eligible]])
    order = np.argsort(queries, kind="stable")  # sorted queries search several times faster
    found = np.empty(len(queries), dtype=np.int64)
    found[order] = np.searchsorted(keys, queries[order], side="left")
    counts = np.zeros(len(frame), dtype=np.int64)
    counts[eligible] = found[: eligible.sum()] - found[eligible.sum():]
    counts = np.where(eligible & (hi > lo), counts, 0)
    out = pd.DataFrame({c.LEAD_ID: frame[c.LEAD_ID].to_numpy(), "handoff_date": pd.to_datetime(handoff),
                        "eligible": eligible})
    out["contacts"] = pd.array(np.where(eligible, counts, 0), dtype="Int64")
    out.loc[~eligible, "contacts"] = pd.NA
    out["nurtured"] = eligible & (counts > 0)
    return out


def nurture_comparison(frame: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """Conversion of eligible leads with (``nurtured``) and without (``not_nurtured``) a contact before the
    hand-off (:func:`prior_contacts`): ``group``, ``leads``, ``opportunities``, ``opportunity_rate``,
    ``won``, ``win_rate`` (won / leads; the won columns only when the journey has ``won``).

    >>> frame = pd.DataFrame({"opportunity": [True, False, True, False], "won": [True, False, False, False]})
    >>> contacts = pd.DataFrame({"eligible": [True, True, True, True], "nurtured": [True, True, False, False]})
    >>> nurture_comparison(frame, contacts).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'group': ['nurtured', 'not_nurtured'], 'leads': [2, 2], 'opportunities': [1, 1],
     'opportunity_rate': [0.5, 0.5], 'won': [1, 0], 'win_rate': [0.5, 0.0]}
    """
    eligible = contacts["eligible"].to_numpy(bool)
    nurtured = contacts["nurtured"].to_numpy(bool)
    opp = rules.as_bool(frame["opportunity"]) if "opportunity" in frame else None
    won = rules.as_bool(frame["won"]) if "won" in frame else None
    rows = []
    for group, mask in zip(GROUPS, (eligible & nurtured, eligible & ~nurtured), strict=True):
        row = {"group": group, "leads": int(mask.sum())}
        if opp is not None:
            row["opportunities"] = int(opp[mask].sum())
            row["opportunity_rate"] = rules.ratio(row["opportunities"], row["leads"])
        if won is not None:
            row["won"] = int(won[mask].sum())
            row["win_rate"] = rules.ratio(row["won"], row["leads"])
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- everything at once

def lifecycle(leads: pd.DataFrame | None, journey: pd.DataFrame | None, activities: pd.DataFrame | None, *,
              as_of) -> dict | None:
    """Every table of the lead lifecycle, or None when the leads carry no lifecycle date and no activity
    can be linked to them.

    Returns a dict with ``summary`` (:func:`step_summary`, None without lifecycle dates), ``slowest``
    (:func:`slowest_step`), ``slowest_by_source`` (:func:`step_by`), ``unassigned`` (:func:`unassigned_leads`,
    None without assigned dates), ``pool`` (:func:`nurture_pool`, None without nurture starts), ``recycled``
    (:func:`recycled_leads`, None without reassignment counts or nurture/assigned dates), ``comparison``
    (:func:`nurture_comparison`, None unless activities and leads share customers and leads have a
    hand-off date and an outcome).
    """
    if leads is None:
        return None
    frame = lead_frame(leads, journey)
    out: dict = dict.fromkeys(("summary", "slowest", "slowest_by_source", "unassigned", "pool", "recycled",
                               "comparison"))
    waits = _waits(frame, as_of)  # computed once; the public functions each compute their own
    if has_lifecycle(leads):
        spans = _spans(frame, as_of)
        out["summary"] = _summary(spans, waits, as_of)
        out["slowest"] = slowest_step(out["summary"])
        if out["slowest"] is not None and rules.has(frame, c.SOURCE):
            out["slowest_by_source"] = _by(frame, spans[out["slowest"]["step"]], by=c.SOURCE, min_leads=20)
    if rules.has(leads, c.ASSIGNED_DATE):
        out["unassigned"] = _unassigned(frame, waits, as_of)
    if rules.has(leads, c.NURTURE_START):
        out["pool"] = _pool_list(frame, *waits["nurture"], as_of)
    if rules.has(leads, c.REASSIGNED_COUNT) or (
            rules.has(frame, f"opp_{c.STATUS}") and (rules.has(leads, c.NURTURE_START)
                                                   or rules.has(leads, c.ASSIGNED_DATE))):
        out["recycled"] = recycled_leads(frame, as_of=as_of)
    handoff = rules.has(leads, c.ASSIGNED_DATE) or rules.has(leads, c.FIRST_FOLLOWUP_DATE)
    if (activities is not None and rules.has(activities, c.CUSTOMER_ID) and rules.has(activities, c.DATE)
            and rules.has(leads, c.CUSTOMER_ID) and handoff and "opportunity" in frame):
        contacts = prior_contacts(frame, activities, as_of=as_of)
        table = nurture_comparison(frame, contacts)
        if (table["leads"] > 0).all():
            out["comparison"] = table
    if all(value is None for value in out.values()):
        return None
    return out


def figures(lc: dict | None) -> dict:
    """The recorded figures: ``funnel.lifecycle_days`` ({step: median days}), ``funnel.unassigned_leads``,
    ``funnel.nurture_pool``, ``funnel.recycled_leads`` (counts), ``funnel.nurtured_conversion`` and
    ``funnel.unnurtured_conversion`` (lead -> opportunity rate with / without a contact before the hand-off);
    None where the data cannot say."""
    lc = lc or {}
    summary, comparison = lc.get("summary"), lc.get("comparison")
    fig = {"funnel.lifecycle_days": None if summary is None else {
        str(row.step): float(row.median) for row in summary.itertuples() if pd.notna(row.median)}}
    for name, key in (("funnel.unassigned_leads", "unassigned"), ("funnel.nurture_pool", "pool"),
                      ("funnel.recycled_leads", "recycled")):
        fig[name] = None if lc.get(key) is None else int(len(lc[key]))
    rates = {} if comparison is None or "opportunity_rate" not in comparison else (
        comparison.set_index("group")["opportunity_rate"].to_dict())
    for name, group in (("funnel.nurtured_conversion", "nurtured"), ("funnel.unnurtured_conversion", "not_nurtured")):
        value = rates.get(group)
        fig[name] = None if value is None or np.isnan(value) else float(value)
    return fig
