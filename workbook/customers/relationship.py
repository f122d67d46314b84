"""Relationship (客户关系) from contact history and won deals, with the reason for each customer.

Rules come from ``client.yaml`` (:class:`~workbook.core.config.RelationshipRules`). Vectorised: counts by
``np.bincount`` over customer positions, reasons as codes by column-wise string concatenation
(``"familiar_contacts:6"``); :func:`relationship_reason_labels` writes them in zh and en.
:mod:`workbook.customers.inventory` re-exports the public names.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import RELATIONSHIPS, RelationshipRules
from workbook.core.i18n import t

__all__ = ["contact_stats", "won_revenue", "assign_relationships", "relationship_reason_labels"]

GIVEN = "given"  # reason code: the relationship was given in the client's data


def contact_stats(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
                  opportunities: pd.DataFrame | None = None, *, as_of: pd.Timestamp,
                  lookback_days: int) -> pd.DataFrame:
    """Contacts and won deals per customer up to ``as_of``.

    Parameters
    ----------
    customers : DataFrame
        ``customer_id`` (unique).
    activities : DataFrame, optional
        ``date``, ``customer_id``; rows after ``as_of`` or of unknown customers are ignored.
    opportunities : DataFrame, optional
        ``customer_id``, ``status``, ``close_date`` (optional): won deals closed by ``as_of`` (or undated).
    as_of : Timestamp
    lookback_days : int
        The window (as_of - lookback_days, as_of] for ``contacts_in_window``.

    Returns
    -------
    DataFrame
        Same index as ``customers``: ``contacts_in_window``, ``contacts_ever``, ``won_deals`` (int64),
        ``last_contact`` (datetime, NaT = never), ``days_since_contact`` (float, NaN = never).
    """
    as_of = pd.Timestamp(as_of)
    ids = pd.Index(customers[c.CUSTOMER_ID].astype(object))
    n = len(ids)
    in_window = np.zeros(n, dtype=np.int64)
    ever = np.zeros(n, dtype=np.int64)
    last = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    if activities is not None and len(activities):
        dates = activities[c.DATE].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        pos = ids.get_indexer(activities[c.CUSTOMER_ID].astype(object))
        keep = (pos >= 0) & (dates <= as_of.value) & ~np.isnat(activities[c.DATE].to_numpy(dtype="datetime64[ns]"))
        pos, dates = pos[keep], dates[keep]
        ever = np.bincount(pos, minlength=n)
        start = (as_of - pd.Timedelta(days=lookback_days)).value
        in_window = np.bincount(pos[dates > start], minlength=n)
        np.maximum.at(last, pos, dates)
    won = np.zeros(n, dtype=np.int64)
    if opportunities is not None and len(opportunities) and c.STATUS in opportunities:
        is_won = opportunities[c.STATUS].eq("won").fillna(False).to_numpy(dtype=bool)
        if c.CLOSE_DATE in opportunities:
            close = opportunities[c.CLOSE_DATE]
            is_won = is_won & (close.isna() | (close <= as_of)).to_numpy(dtype=bool)
        pos = ids.get_indexer(opportunities.loc[is_won, c.CUSTOMER_ID].astype(object))
        won = np.bincount(pos[pos >= 0], minlength=n)
    last_contact = pd.to_datetime(np.where(last == np.iinfo(np.int64).min, np.datetime64("NaT"),
                                           last.astype("datetime64[ns]")))
    days = (as_of - last_contact).days.to_numpy(dtype="float64", na_value=np.nan)
    return pd.DataFrame({"contacts_in_window": in_window, "contacts_ever": ever, "won_deals": won,
                         "last_contact": last_contact, "days_since_contact": days}, index=customers.index)


def won_revenue(customers: pd.DataFrame, opportunities: pd.DataFrame | None, *, as_of: pd.Timestamp) -> pd.Series:
    """Won revenue per customer: the ``amount`` of its won deals closed by ``as_of`` (or undated).

    Same index as ``customers``; NaN for every customer when there are no opportunities with amounts.

    >>> opps = pd.DataFrame({"customer_id": ["A", "A", "B"], "status": ["won", "lost", "won"], "amount": [10.0, 5, 7],
    ...                      "close_date": pd.to_datetime(["2025-01-01", None, "2026-01-01"])})
    >>> won_revenue(pd.DataFrame({"customer_id": ["A", "B", "C"]}), opps, as_of=pd.Timestamp("2025-12-31")).tolist()
    [10.0, 0.0, 0.0]
    """
    if opportunities is None or not {c.STATUS, c.AMOUNT} <= set(opportunities) or opportunities[c.AMOUNT].isna().all():
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
    """Vectorised ``"kind:a:b"`` codes from integer Series (no loop over rows)."""
    out = None
    for col in columns:
        piece = col.astype("int64").astype(str)
        out = (kind + ":" + piece) if out is None else out + ":" + piece
    return out


def assign_relationships(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
                         opportunities: pd.DataFrame | None = None, *, rules: RelationshipRules,
                         as_of: pd.Timestamp, stats: pd.DataFrame | None = None) -> pd.DataFrame:
    """Relationship per customer, from the data when given, else from contacts and won deals, with the reason.

    Derived (highest first): ``partner`` = at least ``partner_min_won`` won deals and a contact within
    ``partner_recent_days``; ``familiar`` = at least ``familiar_min_contacts`` contacts in the
    ``lookback_days`` window or ``familiar_min_won`` won deals; ``neutral`` = any contact or won deal
    up to ``as_of``; ``untouched`` = none on record.

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

    Returns
    -------
    DataFrame
        Same index: ``relationship`` (ordered categorical untouched < neutral < familiar < partner),
        ``relationship_source`` ("data"/"rules"), ``relationship_reason`` (a code: ``given``, ``untouched``,
        ``no_history``, ``partner:<won>:<days>``, ``familiar_contacts:<n>``, ``familiar_won:<won>``,
        ``neutral:<n>:<won>``; see :func:`relationship_reason_labels`), and the :func:`contact_stats` columns.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"]})
    >>> acts = pd.DataFrame({"customer_id": ["C1"] * 6 + ["C2"], "date": pd.to_datetime(["2025-06-01"] * 7)})
    >>> out = assign_relationships(customers, acts, rules=RelationshipRules(), as_of=pd.Timestamp("2025-12-31"))
    >>> out["relationship"].tolist()
    ['familiar', 'neutral', 'untouched']
    >>> out["relationship_reason"].tolist()
    ['familiar_contacts:6', 'neutral:1:0', 'untouched']
    >>> relationship_reason_labels(out["relationship_reason"], rules=RelationshipRules())["familiar_contacts:6"][1]
    '6 contacts in the last 365 days (>= 6)'
    """
    if stats is None:
        stats = contact_stats(customers, activities, opportunities, as_of=as_of, lookback_days=rules.lookback_days)
    n_win, won, days = stats["contacts_in_window"], stats["won_deals"], stats["days_since_contact"]
    partner = ((won >= rules.partner_min_won) & (days <= rules.partner_recent_days)).to_numpy()
    by_contacts = (n_win >= rules.familiar_min_contacts).to_numpy()
    by_won = (won >= rules.familiar_min_won).to_numpy()
    contacted = ((stats["contacts_ever"] > 0) | (won > 0)).to_numpy()
    code = np.select([partner, by_contacts | by_won, contacted], [3, 2, 1], 0)
    untouched = "untouched" if activities is not None else "no_history"
    reason = np.select(
        [code == 3, by_contacts, code == 2, code == 1],
        [_code("partner", won, days.fillna(-1)).to_numpy(dtype=object),
         _code("familiar_contacts", n_win).to_numpy(dtype=object),
         _code("familiar_won", won).to_numpy(dtype=object),
         _code("neutral", n_win, won).to_numpy(dtype=object)],
        untouched)
    relationship = np.array(RELATIONSHIPS, dtype=object)[code]
    source = np.full(len(customers), "rules", dtype=object)
    if c.RELATIONSHIP in customers:
        given = customers[c.RELATIONSHIP].isin(RELATIONSHIPS).fillna(False).to_numpy(dtype=bool)
        relationship = np.where(given, customers[c.RELATIONSHIP].astype(object).to_numpy(), relationship)
        reason = np.where(given, GIVEN, reason)
        source = np.where(given, "data", source)
    out = pd.DataFrame({"relationship": pd.Categorical(relationship, categories=RELATIONSHIPS, ordered=True),
                        "relationship_source": source, "relationship_reason": reason}, index=customers.index)
    return out.join(stats)


_REASON_KEYS = {"partner": ("inv.rel.partner", ("won", "days")),
                "familiar_contacts": ("inv.rel.familiar_contacts", ("n",)),
                "familiar_won": ("inv.rel.familiar_won", ("won",)), "neutral": ("inv.rel.neutral", ("n", "won")),
                "untouched": ("inv.rel.untouched", ()), "no_history": ("inv.rel.no_history", ()),
                GIVEN: ("inv.reason.given", ())}


def relationship_reason_labels(codes, *, rules: RelationshipRules) -> dict[str, tuple[str, str]]:
    """The zh and en text of each distinct relationship reason code of :func:`assign_relationships`.

    >>> relationship_reason_labels(["neutral:2:0"], rules=RelationshipRules())["neutral:2:0"]
    ('近 365 天接触 2 次（<6），赢单 0 个', '2 contacts in the last 365 days (< 6), 0 won deal(s)')
    """
    fmt = {"lookback": rules.lookback_days, "min": rules.familiar_min_contacts, "min_won": rules.partner_min_won,
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
