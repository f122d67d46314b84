"""Relationship (客户关系) from contact history and won deals, with the reason for each customer.

Rules come from ``client.yaml`` (:class:`~workbook.core.config.RelationshipRules`). Vectorised: counts by
``np.bincount`` over customer positions, reasons as codes by column-wise string concatenation
(``"familiar_contacts:6"``); :func:`relationship_reason_labels` writes them in zh and en.
:mod:`workbook.customers.inventory` re-exports the public names.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import RELATIONSHIPS, RelationshipRules
from workbook.core.i18n import t
from workbook.core.keys import lookup, shared_codes

__all__ = ["contact_weights", "Contacts", "placed_contacts", "contact_stats", "won_revenue", "assign_relationships",
           "relationship_reason_labels", "relationship_rule", "relationship_rule_labels"]

GIVEN = "given"  # reason code: the relationship was given in the client's data


def contact_weights(activities: pd.DataFrame, weights: dict[str, float]) -> np.ndarray:
    """The depth weight of each activity: ``weights`` by its ``type``; 1 when untyped or of a type not weighed.

    Each distinct type is looked up once (a column holds few), then spread to the rows.

    >>> contact_weights(pd.DataFrame({"type": ["visit", "email", None]}), {"visit": 1.0, "email": 0.2}).tolist()
    [1.0, 0.2, 1.0]
    """
    if c.TYPE not in activities:
        return np.ones(len(activities))
    codes, kinds = pd.factorize(activities[c.TYPE], use_na_sentinel=True)
    per_kind = np.array([*(float(weights.get(kind, 1.0)) for kind in kinds), 1.0])  # the last: no type
    return per_kind[np.where(codes >= 0, codes, len(kinds))]


@dataclass(frozen=True)
class Contacts:
    """The activities and won deals placed on the customers' rows, up to ``as_of``: what :func:`contact_stats`
    needs for any look-back window (a workshop slider moves the window; this is built once per weighting).

    ``pos``, ``dates`` (ns), ``weight``: each dated activity of a known customer up to ``as_of``; ``won_pos``,
    ``won_close`` (ns): each won deal of a known customer closed up to ``as_of``; ``ever``, ``last``,
    ``last_full`` (ns, int64 minimum = never), ``won_ever``: per customer, whatever the window.
    """

    as_of: pd.Timestamp
    pos: np.ndarray
    dates: np.ndarray
    weight: np.ndarray
    won_pos: np.ndarray
    won_close: np.ndarray
    ever: np.ndarray
    last: np.ndarray
    last_full: np.ndarray
    won_ever: np.ndarray


NEVER = np.iinfo(np.int64).min


def placed_contacts(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
                    opportunities: pd.DataFrame | None = None, *, as_of: pd.Timestamp,
                    weights: dict[str, float] | None = None) -> Contacts:
    """:class:`Contacts` of ``customers`` (``customer_id`` unique) up to ``as_of``; see :func:`contact_stats`.

    >>> placed = placed_contacts(pd.DataFrame({"customer_id": ["C1", "C2"]}),
    ...     pd.DataFrame({"customer_id": ["C2", "C9", "C2"], "date": pd.to_datetime(["2025-01-05", "2025-01-06",
    ...                   "2026-02-01"])}), as_of=pd.Timestamp("2025-12-31"))
    >>> placed.pos.tolist(), placed.ever.tolist()  # C9 is no customer, 2026 is after as_of
    ([1], [0, 1])
    """
    as_of = pd.Timestamp(as_of)
    n = len(customers)
    ids = customers[c.CUSTOMER_ID]
    pos, dates, weight = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    last = np.full(n, NEVER, dtype=np.int64)
    last_full = np.full(n, NEVER, dtype=np.int64)
    if activities is not None and len(activities) and c.CUSTOMER_ID in activities:  # contacts by customer only
        raw = activities[c.DATE].to_numpy(dtype="datetime64[ns]")
        dates = raw.astype(np.int64)
        own, theirs = shared_codes(ids, activities[c.CUSTOMER_ID])
        pos = lookup(theirs, own)
        weight = contact_weights(activities, weights or {})
        keep = (pos >= 0) & (dates <= as_of.value) & ~np.isnat(raw)
        pos, dates, weight = pos[keep], dates[keep], weight[keep]
        np.maximum.at(last, pos, dates)
        full = weight >= 1.0
        np.maximum.at(last_full, pos[full], dates[full])
    won_pos, won_close = np.zeros(0, np.int64), np.zeros(0, np.int64)
    if opportunities is not None and len(opportunities) and {c.STATUS, c.CUSTOMER_ID} <= set(opportunities):
        is_won = opportunities[c.STATUS].eq("won").fillna(False).to_numpy(dtype=bool)
        close = (opportunities[c.CLOSE_DATE] if c.CLOSE_DATE in opportunities
                 else pd.Series(pd.NaT, index=opportunities.index)).to_numpy(dtype="datetime64[ns]")
        close_ns = close.astype(np.int64)
        own, theirs = shared_codes(ids, opportunities[c.CUSTOMER_ID])
        at = lookup(theirs, own)
        closed_by = is_won & ~np.isnat(close) & (close_ns <= as_of.value) & (at >= 0)
        won_pos, won_close = at[closed_by], close_ns[closed_by]
    return Contacts(as_of=as_of, pos=pos, dates=dates, weight=weight, won_pos=won_pos, won_close=won_close,
                    ever=np.bincount(pos, minlength=n), last=last, last_full=last_full,
                    won_ever=np.bincount(won_pos, minlength=n))


def contact_stats(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
                  opportunities: pd.DataFrame | None = None, *, as_of: pd.Timestamp,
                  lookback_days: int, weights: dict[str, float] | None = None,
                  placed: Contacts | None = None) -> pd.DataFrame:
    """Contacts and won deals per customer up to ``as_of``.

    Parameters
    ----------
    customers : DataFrame
        ``customer_id`` (unique).
    activities : DataFrame, optional
        ``date``, ``customer_id``, ``type`` (optional); rows after ``as_of`` or of unknown customers are ignored.
    opportunities : DataFrame, optional
        ``customer_id``, ``status``, ``close_date``: won deals closed in the window (undated wins do not count).
    as_of : Timestamp
    lookback_days : int
        The window (as_of - lookback_days, as_of] for ``contacts_in_window``, ``contact_score`` and ``won_deals``.
    weights : dict, optional
        Depth weight per activity type (:func:`contact_weights`; None: every contact counts 1).
    placed : Contacts, optional
        :func:`placed_contacts` of the same tables, ``as_of`` and ``weights`` (then ``activities``,
        ``opportunities`` and ``weights`` are not read again): only the window is summed.

    Returns
    -------
    DataFrame
        Same index as ``customers``: ``contacts_in_window``, ``contacts_ever``, ``won_deals`` (in the window),
        ``won_ever`` (int64), ``contact_score`` (weighted contacts in the window, float), ``last_contact``
        (datetime, NaT = never), ``days_since_contact``, ``days_since_full_contact`` (the last contact of
        weight 1, e.g. a visit; float, NaN = never).
    """
    as_of = pd.Timestamp(as_of)
    if placed is None:
        placed = placed_contacts(customers, activities, opportunities, as_of=as_of, weights=weights)
    elif placed.as_of != as_of:
        raise ValueError(f"the placed contacts are as of {placed.as_of.date()}, not {as_of.date()}")
    start = (as_of - pd.Timedelta(days=lookback_days)).value
    n = len(customers)
    recent = placed.dates > start
    in_window = np.bincount(placed.pos[recent], minlength=n)
    score = np.bincount(placed.pos[recent], weights=placed.weight[recent], minlength=n)
    won = np.bincount(placed.won_pos[placed.won_close > start], minlength=n)

    def _days(stamp: np.ndarray) -> np.ndarray:
        moment = pd.to_datetime(np.where(stamp == NEVER, np.datetime64("NaT"), stamp.astype("datetime64[ns]")))
        return moment, (as_of - moment).days.to_numpy(dtype="float64", na_value=np.nan)

    last_contact, days = _days(placed.last)
    _, days_full = _days(placed.last_full)
    return pd.DataFrame({"contacts_in_window": in_window, "contacts_ever": placed.ever, "won_deals": won,
                         "won_ever": placed.won_ever, "contact_score": np.round(score, 6),
                         "last_contact": last_contact, "days_since_contact": days,
                         "days_since_full_contact": days_full}, index=customers.index)


def won_revenue(customers: pd.DataFrame, opportunities: pd.DataFrame | None, *, as_of: pd.Timestamp) -> pd.Series:
    """Won revenue per customer: the ``amount`` of its won deals closed by ``as_of`` (or undated).

    Same index as ``customers``; NaN for every customer when there are no opportunities with amounts.

    >>> opps = pd.DataFrame({"customer_id": ["A", "A", "B"], "status": ["won", "lost", "won"], "amount": [10.0, 5, 7],
    ...                      "close_date": pd.to_datetime(["2025-01-01", None, "2026-01-01"])})
    >>> won_revenue(pd.DataFrame({"customer_id": ["A", "B", "C"]}), opps, as_of=pd.Timestamp("2025-12-31")).tolist()
    [10.0, 0.0, 0.0]
    """
    if (opportunities is None or not {c.STATUS, c.AMOUNT, c.CUSTOMER_ID} <= set(opportunities)
            or opportunities[c.AMOUNT].isna().all()):
        return pd.Series(np.nan, index=customers.index, dtype="float64")
    won = opportunities[c.STATUS].eq("won").fillna(False).to_numpy(dtype=bool)
    if c.CLOSE_DATE in opportunities:
        close = opportunities[c.CLOSE_DATE]
        won = won & (close.isna() | (close <= pd.Timestamp(as_of))).to_numpy(dtype=bool)
    amounts = pd.to_numeric(opportunities.loc[won, c.AMOUNT], errors="coerce").fillna(0.0)
    total = amounts.groupby(opportunities.loc[won, c.CUSTOMER_ID].astype(object).to_numpy()).sum()
    return pd.Series(customers[c.CUSTOMER_ID].astype(object).map(total).fillna(0.0).to_numpy(dtype="float64"),
                     index=customers.index)


def _code(kind: str, *columns: pd.Series) -> pd.Series:
    """Vectorised ``"kind:a:b"`` codes (no loop over rows): integers as such, fractions as ``%g``.

    Each distinct value is written once (a column holds few), then spread to the rows.
    """
    out = None
    for col in columns:
        values = col.to_numpy(dtype="float64", na_value=np.nan)
        distinct, where = np.unique(values, return_inverse=True)
        whole, tenth = np.round(distinct).tolist(), np.round(distinct, 1).tolist()
        words = np.array([str(int(w)) if v == w else str(f) for v, w, f in zip(distinct.tolist(), whole, tenth)],
                         dtype=object)
        piece = words[where.ravel()]
        out = (kind + ":" + piece) if out is None else out + ":" + piece
    return pd.Series(out, index=columns[0].index, dtype=object)


def assign_relationships(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
                         opportunities: pd.DataFrame | None = None, *, rules: RelationshipRules,
                         as_of: pd.Timestamp, stats: pd.DataFrame | None = None,
                         reasons: bool = True) -> pd.DataFrame:
    """Relationship per customer, from the data when given, else from contacts and won deals, with the reason.

    Derived (highest first), counting contacts and won deals in the ``lookback_days`` window only:
    ``partner`` = at least ``partner_min_won`` won deals and a full-weight contact (a visit or technical
    exchange, by default) within ``partner_recent_days``; ``familiar`` = weighted contacts
    (``contact_weights``: depth) of at least ``familiar_min_contacts``, or ``familiar_min_won`` won deals;
    ``neutral`` = any contact or won deal up to ``as_of``; ``untouched`` = none on record.

    Parameters
    ----------
    customers : DataFrame
        ``customer_id``; ``relationship`` optional (a non-empty canonical code is kept).
    activities, opportunities : DataFrame, optional
        See :func:`contact_stats`. Without activities, only won deals count.
    rules : RelationshipRules
        ``config.relationship_rules``.
    as_of : Timestamp
        See :func:`workbook.core.rules.as_of_date`.
    stats : DataFrame, optional
        Precomputed :func:`contact_stats` for the same ``as_of`` and ``lookback_days`` (saves time).
    reasons : bool
        False: no ``relationship_reason`` column (a workshop move shows the relationships, not why: writing a
        reason for each customer is most of its time).

    Returns
    -------
    DataFrame
        Same index: ``relationship`` (ordered categorical untouched < neutral < familiar < partner),
        ``relationship_source`` ("data"/"rules"), ``relationship_reason`` (a code: ``given``, ``untouched``,
        ``no_history``, ``partner:<won>:<days>``, ``familiar_contacts:<score>``, ``familiar_won:<won>``,
        ``neutral:<score>:<won>``; see :func:`relationship_reason_labels`), and the :func:`contact_stats` columns.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"]})
    >>> acts = pd.DataFrame({"customer_id": ["C1"] * 6 + ["C2"] * 7, "date": pd.to_datetime(["2025-06-01"] * 13),
    ...                      "type": ["visit"] * 6 + ["email"] * 7})
    >>> out = assign_relationships(customers, acts, rules=RelationshipRules(), as_of=pd.Timestamp("2025-12-31"))
    >>> out["relationship"].tolist()  # six visits make familiar, seven e-mails (1.4) do not
    ['familiar', 'neutral', 'untouched']
    >>> out["relationship_reason"].tolist()
    ['familiar_contacts:6', 'neutral:1.4:0', 'untouched']
    >>> relationship_reason_labels(out["relationship_reason"], rules=RelationshipRules())["familiar_contacts:6"][1]
    'weighted contacts in the last 365 days: 6 (>= 6)'
    """
    if stats is None:
        stats = contact_stats(customers, activities, opportunities, as_of=as_of, lookback_days=rules.lookback_days,
                              weights=rules.contact_weights)
    score, won, days = stats["contact_score"], stats["won_deals"], stats["days_since_full_contact"]
    partner = ((won >= rules.partner_min_won) & (days <= rules.partner_recent_days)).to_numpy()
    by_contacts = (score >= rules.familiar_min_contacts - 1e-9).to_numpy()
    by_won = (won >= rules.familiar_min_won).to_numpy()
    contacted = ((stats["contacts_ever"] > 0) | (stats["won_ever"] > 0)).to_numpy()
    code = np.select([partner, by_contacts | by_won, contacted], [3, 2, 1], 0)
    untouched = "untouched" if activities is not None else "no_history"
    reason = None if not reasons else np.select(
        [code == 3, by_contacts, code == 2, code == 1],
        [_code("partner", won, days.fillna(-1)).to_numpy(dtype=object),
         _code("familiar_contacts", score).to_numpy(dtype=object),
         _code("familiar_won", won).to_numpy(dtype=object),
         _code("neutral", score, won).to_numpy(dtype=object)],
        untouched)
    relationship = np.array(RELATIONSHIPS, dtype=object)[code]
    source = np.full(len(customers), "rules", dtype=object)
    if c.RELATIONSHIP in customers:
        given = customers[c.RELATIONSHIP].isin(RELATIONSHIPS).fillna(False).to_numpy(dtype=bool)
        relationship = np.where(given, customers[c.RELATIONSHIP].astype(object).to_numpy(), relationship)
        reason = None if reason is None else np.where(given, GIVEN, reason)
        source = np.where(given, "data", source)
    out = pd.DataFrame({"relationship": pd.Categorical(relationship, categories=RELATIONSHIPS, ordered=True),
                        "relationship_source": source}, index=customers.index)
    if reason is not None:
        out["relationship_reason"] = reason
    return out.join(stats)


_REASON_KEYS = {"partner": ("cu.rel.partner", ("won", "days")),
                "familiar_contacts": ("cu.rel.familiar_contacts", ("n",)),
                "familiar_won": ("cu.rel.familiar_won", ("won",)), "neutral": ("cu.rel.neutral", ("n", "won")),
                "untouched": ("inv.rel.untouched", ()), "no_history": ("inv.rel.no_history", ()),
                GIVEN: ("inv.reason.given", ())}


def relationship_reason_labels(codes, *, rules: RelationshipRules) -> dict[str, tuple[str, str]]:
    """The zh and en text of each distinct relationship reason code of :func:`assign_relationships`.

    >>> relationship_reason_labels(["neutral:2.5:0"], rules=RelationshipRules())["neutral:2.5:0"]
    ('近 365 天接触折算 2.5 次（<6），赢单 0 个', 'weighted contacts in the last 365 days: 2.5 (< 6), 0 won deal(s)')
    """
    fmt = {"lookback": rules.lookback_days, "min": f"{rules.familiar_min_contacts:g}", "min_won": rules.partner_min_won,
           "recent": rules.partner_recent_days}
    out = {}
    for code in pd.unique(pd.Series(list(codes), dtype=object).dropna()):
        kind, *values = str(code).split(":")
        key, names = _REASON_KEYS[kind]
        fields = {**fmt, **dict(zip(names, values))}
        if kind == "familiar_won":
            fields["min"] = rules.familiar_min_won
        out[code] = (t(key, "zh", **fields), t(key, "en", **fields))
    return out


def relationship_rule(codes: pd.Series) -> pd.Series:
    """The rule behind each reason code (``partner``, ``familiar_contacts``, ``neutral``, ...): the reasons
    summed up without their per-customer numbers.

    >>> relationship_rule(pd.Series(["neutral:1.5:0", "partner:2:91", "given"])).tolist()
    ['neutral', 'partner', 'given']
    """
    return codes.astype(object).str.split(":").str[0]


def relationship_rule_labels(rules: RelationshipRules) -> dict[str, tuple[str, str]]:
    """The zh and en text of each :func:`relationship_rule` under ``rules``.

    >>> relationship_rule_labels(RelationshipRules())["familiar_contacts"][1]
    'weighted contacts in the last 365 days >= 6'
    """
    fmt = {"lookback": rules.lookback_days, "min": f"{rules.familiar_min_contacts:g}",
           "min_won": rules.partner_min_won, "recent": rules.partner_recent_days, "won": rules.familiar_min_won}
    keys = {"partner": "cu.relrule.partner", "familiar_contacts": "cu.relrule.familiar_contacts",
            "familiar_won": "cu.relrule.familiar_won", "neutral": "cu.relrule.neutral",
            "untouched": "inv.rel.untouched", "no_history": "inv.rel.no_history", GIVEN: "inv.reason.given"}
    return {kind: (t(key, "zh", **fmt), t(key, "en", **fmt)) for kind, key in keys.items()}
