"""Customer inventory (客户盘点): profile, completeness, customer level and relationship.

Pure functions on the clean ``customers``, ``activities`` and ``opportunities``
tables. The rules come from ``client.yaml`` (:class:`~workbook.config.IcpRules`,
:class:`~workbook.config.RelationshipRules`) and are passed in as data. Every
customer carries the reason for its level and relationship, so a consultant
can answer "why is this one only 'target'?". All of it is vectorised: no loop
runs per customer.

>>> customers = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [900, 120],
...                           "annual_revenue": [3e8, 2e7], "revenue_growth_3y": [0.1, 0.0]})
>>> out = assign_levels(customers, icp=IcpRules(), lang="en")
>>> out["level"].tolist()
['quality', 'potential']
>>> out["level_reason"].tolist()[1]
'Target rule not met: Headcount < 200, Annual revenue < 50M'
"""
from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook import columns as c
from workbook.config import LEVELS, RELATIONSHIPS, ClientConfig, IcpRules, LevelRule, RelationshipRules
from workbook.i18n import check_lang, column_label, t, value_label

__all__ = [
    "PROFILE_FIELDS", "BANDS", "profile_counts", "fill_rates", "completeness", "completeness_by_owner",
    "format_amount", "rule_fields", "thin_records", "assign_levels", "contact_stats", "assign_relationships", "as_of_date",
    "classify", "classify_client", "ladder", "reason_counts", "key_figures", "interpret",
]

# the profile a consultant gathers per customer (seed 004); completeness is measured over these
PROFILE_FIELDS = (c.INDUSTRY, c.MAIN_BUSINESS, c.REGION, c.HEADCOUNT, c.IT_HEADCOUNT, c.ANNUAL_REVENUE,
                  c.REVENUE_GROWTH_3Y, c.GOAL_3Y, c.BRAND_STANDING)
IT_SHARE = "it_share"
MISSING = "_missing"

# display bands: lower edges (the last band is open) and (zh, en) labels
BANDS: dict[str, tuple[tuple[float, ...], tuple[tuple[str, str], ...]]] = {
    c.HEADCOUNT: ((0, 50, 200, 500, 1000, 5000),
                  (("<50", "<50"), ("50-199", "50-199"), ("200-499", "200-499"), ("500-999", "500-999"),
                   ("1,000-4,999", "1,000-4,999"), ("≥5,000", "≥5,000"))),
    c.ANNUAL_REVENUE: ((0, 1e7, 5e7, 2e8, 1e9),
                       (("<1千万", "<10M"), ("1千万-5千万", "10M-50M"), ("5千万-2亿", "50M-200M"),
                        ("2亿-10亿", "200M-1B"), ("≥10亿", "≥1B"))),
    c.REVENUE_GROWTH_3Y: ((-np.inf, 0, 0.05, 0.15),
                          (("下降", "<0%"), ("0-5%", "0-5%"), ("5-15%", "5-15%"), ("≥15%", "≥15%"))),
    IT_SHARE: ((0, 0.01, 0.03, 0.05), (("<1%", "<1%"), ("1-3%", "1-3%"), ("3-5%", "3-5%"), ("≥5%", "≥5%"))),
}
PROFILE_DIMENSIONS = (c.INDUSTRY, c.REGION, c.HEADCOUNT, c.ANNUAL_REVENUE, c.REVENUE_GROWTH_3Y, c.BRAND_STANDING,
                      IT_SHARE)
DERIVED_COLUMNS = ("level", "level_source", "level_reason", "relationship", "relationship_source",
                   "relationship_reason", "contacts_in_window", "contacts_ever", "won_deals", "last_contact",
                   "days_since_contact")


def _label(field: str, lang: str) -> str:
    return t("inv.it_share", lang) if field == IT_SHARE else column_label(c.CUSTOMERS, field, lang)


def _numeric(customers: pd.DataFrame, field: str) -> pd.Series:
    if field == IT_SHARE:
        head = _numeric(customers, c.HEADCOUNT)
        return _numeric(customers, c.IT_HEADCOUNT) / head.where(head > 0)
    if field not in customers:
        return pd.Series(np.nan, index=customers.index)
    return pd.to_numeric(customers[field], errors="coerce").astype("float64")


def profile_counts(customers: pd.DataFrame, *, dimensions=PROFILE_DIMENSIONS, lang: str = "zh") -> pd.DataFrame:
    """Customers per value of each profile dimension; numbers are put into :data:`BANDS`.

    Parameters
    ----------
    customers : DataFrame
        The clean customers table; any of ``industry``, ``region``, ``headcount``, ``annual_revenue``,
        ``revenue_growth_3y``, ``brand_standing`` and ``it_headcount`` may be absent.
    dimensions : sequence of str
        Fields to count (``"it_share"`` = it_headcount / headcount).
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame
        ``dimension``, ``dimension_label``, ``value``, ``label``, ``customers``, ``share`` (of all customers).
        Empty values count as ``value == "_missing"`` (label 未填写 / not given), listed last. Bands keep their
        order; other values are sorted by count.

    Examples
    --------
    >>> df = pd.DataFrame({"headcount": [30, 250, 260, None]})
    >>> profile_counts(df, dimensions=["headcount"], lang="en")[["label", "customers"]].values.tolist()
    [['<50', 1], ['200-499', 2], ['not given', 1]]
    """
    check_lang(lang)
    parts = []
    n = len(customers)
    for field in dimensions:
        if field in BANDS:
            edges, labels = BANDS[field]
            values = _numeric(customers, field)
            codes = np.searchsorted(np.asarray(edges[1:]), values.to_numpy(), side="right")
            counts = np.bincount(codes[values.notna().to_numpy()], minlength=len(labels))
            frame = pd.DataFrame({"value": [lab[1] for lab in labels], "label": [lab[lang == "en"] for lab in labels],
                                  "customers": counts})
            frame = frame[frame["customers"] > 0]
            n_missing = int(values.isna().sum())
        else:
            values = customers[field] if field in customers else pd.Series(pd.NA, index=customers.index)
            counts = values.dropna().astype(str).value_counts()
            frame = pd.DataFrame({"value": counts.index.astype(str), "customers": counts.to_numpy()})
            vocab = "brand_standing" if field == c.BRAND_STANDING else None
            frame["label"] = frame["value"].map(lambda v: value_label(vocab, v, lang)) if vocab else frame["value"]
            n_missing = int(values.isna().sum())
        if n_missing:
            frame = pd.concat([frame, pd.DataFrame({"value": [MISSING], "label": [t("inv.not_given", lang)],
                                                    "customers": [n_missing]})], ignore_index=True)
        frame.insert(0, "dimension_label", _label(field, lang))
        frame.insert(0, "dimension", field)
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    out["customers"] = out["customers"].astype("int64")
    out["share"] = out["customers"] / n if n else 0.0
    return out[["dimension", "dimension_label", "value", "label", "customers", "share"]]


def fill_rates(customers: pd.DataFrame, *, fields=PROFILE_FIELDS, lang: str = "zh") -> pd.DataFrame:
    """Share of customers with each profile field filled (an absent column scores 0).

    Returns ``field``, ``label``, ``filled`` (customers), ``fill_rate`` (0-1).

    >>> df = pd.DataFrame({"industry": ["化工", None], "headcount": [10, 20]})
    >>> fill_rates(df, fields=["industry", "headcount", "region"], lang="en")["fill_rate"].tolist()
    [0.5, 1.0, 0.0]
    """
    n = len(customers)
    filled = [int(customers[f].notna().sum()) if f in customers else 0 for f in fields]
    return pd.DataFrame({"field": list(fields), "label": [_label(f, lang) for f in fields], "filled": filled,
                         "fill_rate": [x / n if n else 0.0 for x in filled]})


def completeness(customers: pd.DataFrame, *, fields=PROFILE_FIELDS) -> float:
    """Filled profile cells over all cells (customers x profile fields), 0-1; NaN for no customers.

    >>> completeness(pd.DataFrame({"industry": ["化工", None], "headcount": [10, 20]}), fields=["industry", "headcount"])
    0.75
    """
    if not len(customers):
        return float("nan")
    return float(fill_rates(customers, fields=fields)["filled"].sum() / (len(customers) * len(fields)))


def completeness_by_owner(customers: pd.DataFrame, *, fields=PROFILE_FIELDS, lang: str = "zh") -> pd.DataFrame:
    """Per owner (rep): customers, overall completeness and the fill rate of each field.

    Rows are owners sorted by completeness (worst first), customers without an owner under
    ``t("inv.unassigned")``; columns ``customers``, ``completeness`` then one column per field label.
    """
    owner = customers[c.OWNER].astype("string").fillna(t("inv.unassigned", lang)) if c.OWNER in customers else (
        pd.Series(t("inv.unassigned", lang), index=customers.index))
    filled = pd.DataFrame({_label(f, lang): customers[f].notna() if f in customers else False for f in fields},
                          index=customers.index)
    by = filled.groupby(owner.to_numpy())
    out = by.mean()
    out.insert(0, "completeness", out.mean(axis=1))
    out.insert(0, "customers", by.size())
    out.index.name = c.OWNER
    return out.sort_values(["completeness", "customers"], ascending=[True, False])


# ---- customer level from the ICP rules -----------------------------------------------------------------

@dataclass(frozen=True)
class _Condition:
    key: str  # LevelRule attribute
    field: str  # customer field (or "it_share")
    threshold: object


_CONDITION_FIELDS = {"industries": c.INDUSTRY, "min_headcount": c.HEADCOUNT, "min_annual_revenue": c.ANNUAL_REVENUE,
                     "min_revenue_growth_3y": c.REVENUE_GROWTH_3Y, "min_it_share": IT_SHARE,
                     "brand_standing": c.BRAND_STANDING}


def _conditions(rule: LevelRule) -> list[_Condition]:
    return [_Condition(key, field, getattr(rule, key)) for key, field in _CONDITION_FIELDS.items()
            if getattr(rule, key) is not None]


def rule_fields(icp: IcpRules) -> tuple[str, ...]:
    """Customer fields the ICP rules read (``it_share`` expands to headcount and it_headcount).

    >>> rule_fields(IcpRules())
    ('headcount', 'annual_revenue', 'revenue_growth_3y', 'brand_standing')
    """
    out: list[str] = []
    for level in LEVELS[1:]:
        for cond in _conditions(getattr(icp, level)):
            fields = (c.HEADCOUNT, c.IT_HEADCOUNT) if cond.field == IT_SHARE else (cond.field,)
            out += [f for f in fields if f not in out]
    return tuple(out)


def _evaluate(customers: pd.DataFrame, cond: _Condition) -> tuple[np.ndarray, np.ndarray]:
    """(met, missing) per customer; a condition on a missing value is not met."""
    if cond.key in ("industries", "brand_standing"):
        values = customers[cond.field] if cond.field in customers else pd.Series(pd.NA, index=customers.index)
        missing = values.isna().to_numpy()
        met = values.isin(list(cond.threshold)).fillna(False).to_numpy(dtype=bool) & ~missing
        return met, missing
    values = _numeric(customers, cond.field)
    missing = values.isna().to_numpy()
    return (values >= float(cond.threshold)).to_numpy() & ~missing, missing


def _number(value: float, field: str, lang: str) -> str:
    """Thresholds as a consultant writes them: 5%, 200, 2亿 / 200M.

    >>> _number(2e8, "annual_revenue", "zh"), _number(1.5e9, "annual_revenue", "en"), _number(0.05, "it_share", "en")
    ('2亿', '1.5B', '5%')
    """
    if field in (c.REVENUE_GROWTH_3Y, IT_SHARE):
        return f"{value * 100:g}%"
    if field == c.ANNUAL_REVENUE:
        units = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, "B"), (1e6, "M"), (1e3, "K"))
        for size, unit in units:
            if abs(value) >= size:
                return f"{value / size:,.4g}{unit}"
    return f"{value:,.0f}"


def format_amount(value: float, lang: str = "zh") -> str:
    """An amount as a slide shows it: 亿/万 in Chinese, B/M/K in English.

    >>> format_amount(582_776_000, "zh"), format_amount(582_776_000, "en")
    ('5.828亿', '582.8M')
    """
    return _number(value, c.ANNUAL_REVENUE, check_lang(lang))


def _describe(cond: _Condition, missing: bool, lang: str) -> str:
    label = _label(cond.field, lang)
    if missing:
        return t("inv.cond.missing", lang, field=label)
    if cond.key in ("industries", "brand_standing"):
        vocab = "brand_standing" if cond.key == "brand_standing" else None
        shown = [value_label(vocab, v, lang) if vocab else v for v in cond.threshold]
        return t("inv.cond.not_in", lang, field=label, values="、".join(shown) if lang == "zh" else ", ".join(shown))
    return t("inv.cond.below", lang, field=label, value=_number(float(cond.threshold), cond.field, lang))


def _missing_fields(customers: pd.DataFrame, fields: tuple[str, ...]) -> np.ndarray:
    """Bit mask per customer: bit i set when ``fields[i]`` is empty."""
    mask = np.zeros(len(customers), dtype=np.int64)
    for i, field in enumerate(fields):
        empty = customers[field].isna().to_numpy() if field in customers else np.ones(len(customers), bool)
        mask |= empty.astype(np.int64) << i
    return mask


def _join(labels: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(labels)


def thin_records(customers: pd.DataFrame, *, icp: IcpRules, lang: str = "zh") -> pd.DataFrame:
    """Customers missing a field the ICP rules need: the list to send back to the client for completion.

    Returns ``customer_id``, ``name``, ``owner`` (when present), ``missing`` (field labels) and
    ``n_missing``, most fields missing first.

    >>> df = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [300, None], "annual_revenue": [None, None],
    ...                    "revenue_growth_3y": [0.1, 0.1], "brand_standing": ["known", "known"]})
    >>> thin_records(df, icp=IcpRules(), lang="en")[["customer_id", "missing"]].values.tolist()
    [['C2', 'Headcount, Annual revenue'], ['C1', 'Annual revenue']]
    """
    fields = rule_fields(icp)
    mask = _missing_fields(customers, fields)
    keep = mask > 0
    cols = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER) if col in customers]
    out = customers.loc[keep, cols].copy()
    out["missing"] = _mask_labels(mask[keep], [_label(f, lang) for f in fields], lang)
    out["n_missing"] = np.bitwise_count(mask[keep].astype(np.uint64)).astype(np.int64)
    return out.sort_values("n_missing", ascending=False, kind="stable").reset_index(drop=True)


def _mask_labels(mask: np.ndarray, labels: list[str], lang: str) -> np.ndarray:
    """Text per bit mask ("a, b"), built once per distinct mask."""
    uniq, inverse = np.unique(mask, return_inverse=True)
    texts = np.array([_join([lab for i, lab in enumerate(labels) if m >> i & 1], lang) for m in uniq], dtype=object)
    return texts[inverse]


def assign_levels(customers: pd.DataFrame, *, icp: IcpRules, lang: str = "zh") -> pd.DataFrame:
    """Customer level per customer, from the data when given, else from the ICP rules, with the reason.

    A derived level is the highest level whose rule, and every lower level's rule, the customer meets;
    a condition on an empty field is not met. A customer lacking a field of the ``target`` rule is
    ``potential`` with the reason "incomplete record: missing X, Y" (every rule field it lacks).

    Parameters
    ----------
    customers : DataFrame
        ``customer_id`` and the rule fields (``headcount``, ``annual_revenue``, ...); ``level`` optional
        (canonical codes; a non-empty value is kept).
    icp : IcpRules
        ``config.icp``.
    lang : {"zh", "en"}
        Language of the reasons.

    Returns
    -------
    DataFrame
        Same index: ``level`` (ordered categorical potential < target < quality < strategic),
        ``level_source`` ("data" or "rules"), ``level_reason``.
    """
    check_lang(lang)
    n = len(customers)
    reached = np.zeros(n, dtype=np.int64)  # index into LEVELS
    alive = np.ones(n, dtype=bool)
    failed_at = np.zeros(n, dtype=np.int64)  # level index of the first rule not met (0: none failed)
    fail_bits = np.zeros(n, dtype=np.int64)
    miss_bits = np.zeros(n, dtype=np.int64)
    conditions = {}
    for li, level in enumerate(LEVELS[1:], start=1):
        conds = conditions[li] = _conditions(getattr(icp, level))
        met_all = np.ones(n, dtype=bool)
        fails = np.zeros(n, dtype=np.int64)
        misses = np.zeros(n, dtype=np.int64)
        for ci, cond in enumerate(conds):
            met, missing = _evaluate(customers, cond)
            met_all &= met
            fails |= (~met & ~missing).astype(np.int64) << ci
            misses |= missing.astype(np.int64) << ci
        stop = alive & ~met_all
        failed_at[stop], fail_bits[stop], miss_bits[stop] = li, fails[stop], misses[stop]
        alive &= met_all
        reached[alive] = li
    fields = rule_fields(icp)
    incomplete = (failed_at == 1) & (miss_bits > 0)
    # one integer per distinct reason: incomplete records by their missing fields, the rest by rule and conditions
    key = np.where(incomplete, -1 - _missing_fields(customers, fields), failed_at * 4096 + fail_bits * 64 + miss_bits)
    uniq, inverse = np.unique(key, return_inverse=True)
    texts = np.array([_level_reason(int(k), conditions, fields, lang) for k in uniq], dtype=object)
    level = np.array(LEVELS, dtype=object)[reached]
    reason = texts[inverse]
    source = np.full(n, "rules", dtype=object)
    if c.LEVEL in customers:
        given = customers[c.LEVEL].isin(LEVELS).fillna(False).to_numpy(dtype=bool)
        level = np.where(given, customers[c.LEVEL].astype(object).to_numpy(), level)
        reason = np.where(given, t("inv.reason.given", lang), reason)
        source = np.where(given, "data", source)
    return pd.DataFrame({"level": pd.Categorical(level, categories=LEVELS, ordered=True),
                         "level_source": source, "level_reason": reason}, index=customers.index)


def _level_reason(key: int, conditions: dict, fields: tuple[str, ...], lang: str) -> str:
    if key < 0:
        missing = -1 - key
        return t("inv.reason.incomplete", lang, fields=_join([_label(f, lang) for i, f in enumerate(fields)
                                                               if missing >> i & 1], lang))
    failed_at, fail_bits, miss_bits = key // 4096, key // 64 % 64, key % 64
    if failed_at == 0:
        return t("inv.reason.meets_all", lang, level=value_label("level", LEVELS[-1], lang))
    parts = [_describe(cond, bool(miss_bits >> i & 1), lang) for i, cond in enumerate(conditions[failed_at])
             if (fail_bits | miss_bits) >> i & 1]
    rule = value_label("level", LEVELS[failed_at], lang)
    text = t("inv.reason.not_met", lang, level=rule, conditions=_join(parts, lang))
    if failed_at > 1:
        text = t("inv.reason.reached", lang, level=value_label("level", LEVELS[failed_at - 1], lang)) + text
    return text


# ---- relationship from contacts and won deals ----------------------------------------------------------

def as_of_date(config: ClientConfig, activities: pd.DataFrame | None = None) -> pd.Timestamp:
    """The "as of" date: ``config.period.end``, else the latest activity date, else today.

    >>> as_of_date(ClientConfig(client_name="X", period={"start": "2025-01-01", "end": "2025-06-30"}))
    Timestamp('2025-06-30 00:00:00')
    """
    if config.period is not None:
        return pd.Timestamp(config.period.end)
    if activities is not None and c.DATE in activities and activities[c.DATE].notna().any():
        return pd.Timestamp(activities[c.DATE].max()).normalize()
    return pd.Timestamp.today().normalize()


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
            is_won &= (close.isna() | (close <= as_of)).to_numpy(dtype=bool)
        pos = ids.get_indexer(opportunities.loc[is_won, c.CUSTOMER_ID].astype(object))
        won = np.bincount(pos[pos >= 0], minlength=n)
    last_contact = pd.to_datetime(np.where(last == np.iinfo(np.int64).min, np.datetime64("NaT"),
                                           last.astype("datetime64[ns]")))
    days = (as_of - last_contact).days.to_numpy(dtype="float64", na_value=np.nan)
    return pd.DataFrame({"contacts_in_window": in_window, "contacts_ever": ever, "won_deals": won,
                         "last_contact": last_contact, "days_since_contact": days}, index=customers.index)


def _fill(template: str, **columns: pd.Series) -> pd.Series:
    """Vectorised ``template.format(**columns)`` for Series fields (no loop over rows)."""
    out = None
    for literal, field, _, _ in string.Formatter().parse(template):
        pieces = [literal] + ([columns[field].astype("int64").astype(str)] if field else [])
        for piece in pieces:
            out = piece if out is None else out + piece
    return out


def assign_relationships(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
                         opportunities: pd.DataFrame | None = None, *, rules: RelationshipRules,
                         as_of: pd.Timestamp, lang: str = "zh", stats: pd.DataFrame | None = None) -> pd.DataFrame:
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
        See :func:`as_of_date`.
    lang : {"zh", "en"}
    stats : DataFrame, optional
        Precomputed :func:`contact_stats` for the same ``as_of`` and ``lookback_days`` (saves time).

    Returns
    -------
    DataFrame
        Same index: ``relationship`` (ordered categorical untouched < neutral < familiar < partner),
        ``relationship_source`` ("data"/"rules"), ``relationship_reason``, and the :func:`contact_stats` columns.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"]})
    >>> acts = pd.DataFrame({"customer_id": ["C1"] * 6 + ["C2"], "date": pd.to_datetime(["2025-06-01"] * 7)})
    >>> out = assign_relationships(customers, acts, rules=RelationshipRules(), as_of=pd.Timestamp("2025-12-31"),
    ...                            lang="en")
    >>> out["relationship"].tolist()
    ['familiar', 'neutral', 'untouched']
    >>> out["relationship_reason"].iloc[0]
    '6 contacts in the last 365 days (>= 6)'
    """
    check_lang(lang)
    if stats is None:
        stats = contact_stats(customers, activities, opportunities, as_of=as_of, lookback_days=rules.lookback_days)
    n_win, won, days = stats["contacts_in_window"], stats["won_deals"], stats["days_since_contact"]
    partner = ((won >= rules.partner_min_won) & (days <= rules.partner_recent_days)).to_numpy()
    by_contacts = (n_win >= rules.familiar_min_contacts).to_numpy()
    by_won = (won >= rules.familiar_min_won).to_numpy()
    contacted = ((stats["contacts_ever"] > 0) | (won > 0)).to_numpy()
    code = np.select([partner, by_contacts | by_won, contacted], [3, 2, 1], 0)
    fmt = {"lookback": rules.lookback_days, "min": rules.familiar_min_contacts, "min_won": rules.partner_min_won,
           "recent": rules.partner_recent_days, "n": "{n}", "won": "{won}", "days": "{days}"}
    cols = {"n": n_win, "won": won, "days": days.fillna(-1)}
    untouched = "inv.rel.untouched" if activities is not None else "inv.rel.no_history"
    reason = np.select(
        [code == 3, by_contacts, code == 2, code == 1],
        [_fill(t("inv.rel.partner", lang, **fmt), **cols).to_numpy(dtype=object),
         _fill(t("inv.rel.familiar_contacts", lang, **fmt), **cols).to_numpy(dtype=object),
         _fill(t("inv.rel.familiar_won", lang, **{**fmt, "min": rules.familiar_min_won}), **cols).to_numpy(dtype=object),
         _fill(t("inv.rel.neutral", lang, **fmt), **cols).to_numpy(dtype=object)],
        t(untouched, lang))
    relationship = np.array(RELATIONSHIPS, dtype=object)[code]
    source = np.full(len(customers), "rules", dtype=object)
    if c.RELATIONSHIP in customers:
        given = customers[c.RELATIONSHIP].isin(RELATIONSHIPS).fillna(False).to_numpy(dtype=bool)
        relationship = np.where(given, customers[c.RELATIONSHIP].astype(object).to_numpy(), relationship)
        reason = np.where(given, t("inv.reason.given", lang), reason)
        source = np.where(given, "data", source)
    out = pd.DataFrame({"relationship": pd.Categorical(relationship, categories=RELATIONSHIPS, ordered=True),
                        "relationship_source": source, "relationship_reason": reason}, index=customers.index)
    return out.join(stats)


def classify(customers: pd.DataFrame, activities: pd.DataFrame | None = None,
             opportunities: pd.DataFrame | None = None, *, icp: IcpRules, rules: RelationshipRules,
             as_of: pd.Timestamp, lang: str = "zh", stats: pd.DataFrame | None = None) -> pd.DataFrame:
    """The inventory: ``customers`` plus level and relationship with their sources and reasons.

    Returns a copy of ``customers`` (any earlier derived columns replaced) with the columns of
    :func:`assign_levels` and :func:`assign_relationships`.
    """
    base = customers.drop(columns=[col for col in DERIVED_COLUMNS if col in customers and col not in
                                   (c.LEVEL, c.RELATIONSHIP)])
    levels = assign_levels(base, icp=icp, lang=lang)
    rel = assign_relationships(base, activities, opportunities, rules=rules, as_of=as_of, lang=lang, stats=stats)
    return base.drop(columns=[c.LEVEL, c.RELATIONSHIP], errors="ignore").join(levels).join(rel)


def classify_client(client, *, config: ClientConfig | None = None, lang: str = "zh") -> pd.DataFrame | None:
    """:func:`classify` on a :class:`~workbook.client.Client`'s tables (None without a customers table)."""
    config = config or client.config
    customers = client.table(c.CUSTOMERS)
    if customers is None:
        return None
    activities = client.table(c.ACTIVITIES)
    return classify(customers, activities, client.table(c.OPPORTUNITIES), icp=config.icp,
                    rules=config.relationship_rules, as_of=as_of_date(config, activities), lang=lang)


def ladder(classified: pd.DataFrame, *, kind: str = "level", lang: str = "zh") -> pd.DataFrame:
    """Customers on each rung of a ladder, lowest rung first.

    Returns ``rung`` (code), ``label``, ``customers``, ``share``, ``given`` (customers whose value came
    from the data).

    >>> df = pd.DataFrame({"level": ["target", "target", "strategic"], "level_source": ["rules", "rules", "data"]})
    >>> ladder(df, lang="en")[["rung", "customers", "given"]].values.tolist()
    [['potential', 0, 0], ['target', 2, 0], ['quality', 0, 0], ['strategic', 1, 1]]
    """
    if kind not in ("level", "relationship"):
        raise ValueError(f"kind must be one of level, relationship, got {kind!r}")
    rungs = LEVELS if kind == "level" else RELATIONSHIPS
    values = classified[kind].astype(object)
    counts = values.value_counts().reindex(rungs, fill_value=0)
    given = values[classified[f"{kind}_source"].eq("data")].value_counts().reindex(rungs, fill_value=0)
    n = len(classified)
    return pd.DataFrame({"rung": list(rungs), "label": [value_label(kind, r, lang) for r in rungs],
                         "customers": counts.to_numpy(dtype=np.int64), "share": counts.to_numpy() / n if n else 0.0,
                         "given": given.to_numpy(dtype=np.int64)})


def reason_counts(classified: pd.DataFrame, *, kind: str = "level") -> pd.DataFrame:
    """How many customers each reason placed, per rung: ``<kind>``, ``reason``, ``customers`` (most first)."""
    out = (classified.groupby([kind, f"{kind}_reason"], observed=True).size().rename("customers").reset_index()
           .rename(columns={f"{kind}_reason": "reason"}))
    return out.sort_values("customers", ascending=False, kind="stable").reset_index(drop=True)


def key_figures(classified: pd.DataFrame) -> dict:
    """The inventory's recorded figures: ``inventory.customers``, ``.by_level``, ``.by_relationship``,
    ``.completeness`` (profile fields filled over all customers, 0-1)."""
    by_level = ladder(classified, kind="level")
    by_rel = ladder(classified, kind="relationship")
    return {
        "inventory.customers": int(len(classified)),
        "inventory.by_level": dict(zip(by_level["rung"], by_level["customers"].astype(int).tolist())),
        "inventory.by_relationship": dict(zip(by_rel["rung"], by_rel["customers"].astype(int).tolist())),
        "inventory.completeness": None if not len(classified) else round(completeness(classified), 6),
    }


def interpret(classified: pd.DataFrame, *, icp: IcpRules, lang: str = "zh") -> str:
    """A few sentences computed from the inventory: size, completeness, ladders, trust gap."""
    check_lang(lang)
    n = len(classified)
    if not n:
        return "客户表为空。" if lang == "zh" else "The customer table is empty."
    full = completeness(classified)
    thin = len(thin_records(classified, icp=icp, lang=lang))
    levels = classified["level"].astype(object)
    rel = classified["relationship"].astype(object)
    premium = levels.isin(["quality", "strategic"])
    no_trust = premium & rel.isin(["untouched", "neutral"])
    untouched = float(rel.eq("untouched").mean())
    derived = int(classified["level_source"].eq("rules").sum())
    gap = no_trust.sum() / premium.sum() if premium.any() else float("nan")
    if lang == "zh":
        parts = [f"共盘点客户 {n:,} 家，客户资料完整度 {full:.0%}；{thin:,} 家（{thin / n:.0%}）缺少分级所需字段，"
                 "已列出清单，请客户补齐后重新分级。",
                 f"{derived:,} 家的级别按 ICP 规则推导。优质及战略客户 {int(premium.sum()):,} 家（{premium.mean():.0%}）。",
                 f"{untouched:.0%} 的客户从未接触。"]
        if premium.any():
            parts.append(f"优质及战略客户中 {gap:.0%}（{int(no_trust.sum()):,} 家）尚未建立信任（未接触或中立）："
                         "这是最值得投入的客户资产缺口。")
        return "".join(parts)
    parts = [f"{n:,} customers inventoried; profile completeness {full:.0%}. {thin:,} ({thin / n:.0%}) lack a field "
             "the level rules need: the list is above, for the client to complete.",
             f"{derived:,} levels were derived from the ICP rules. Quality and strategic customers: "
             f"{int(premium.sum()):,} ({premium.mean():.0%}).",
             f"{untouched:.0%} of customers have never been contacted."]
    if premium.any():
        parts.append(f"{gap:.0%} of quality and strategic customers ({int(no_trust.sum()):,}) have no trust "
                     "relationship yet (untouched or neutral): the asset gap most worth the effort.")
    return " ".join(parts)
