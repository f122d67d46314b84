"""Customer level (客户级别) from the ICP rules in ``client.yaml``, with the reason for each customer.

Outside the target rule a customer is potential; inside it, strategic when it meets the strategic rule
(brand standing and size; not the growth rule of quality unless ``icp.strategic_needs_quality``), else quality
or target. A customer whose level an empty field leaves undecided is ``incomplete`` (资料不全). Vectorised:
reasons are built once per distinct combination of failed conditions, not per customer. Reasons are codes
(``level_reason``); their zh/en texts come from :func:`level_reason_labels`.
:mod:`workbook.customers.inventory` re-exports the public names.

>>> customers = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [900, 120],
...                           "annual_revenue": [3e8, 2e7], "revenue_growth_3y": [0.1, 0.0]})
>>> out = assign_levels(customers, icp=IcpRules())
>>> out["level"].tolist()
['quality', 'potential']
>>> level_reason_labels(out["level_reason"], icp=IcpRules())[out["level_reason"].iloc[1]][1]
'Target customer rule not met: Headcount < 200, Annual revenue < 50M'
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import LEVELS, IcpRules, LevelRule
from workbook.core.i18n import check_lang, column_label, t, value_label

__all__ = ["IT_SHARE", "GIVEN", "INCOMPLETE", "LEVEL_CODES", "field_label", "numeric_field", "rule_fields",
           "format_amount", "thin_records", "assign_levels", "level_reason_labels"]

IT_SHARE = "it_share"
GIVEN = "given"  # reason code: the value was given in the client's data
INCOMPLETE = "incomplete"  # level code: a missing field leaves the level undecided (资料不全)
LEVEL_CODES = (INCOMPLETE, *LEVELS)  # the categories of the ``level`` column


# zh labels written out in words where the schema's label uses Latin letters (IT人数)
_ZH_FIELDS = {c.IT_HEADCOUNT: "信息技术人员数", IT_SHARE: "信息技术人员占比"}


def field_label(field: str, lang: str) -> str:
    """The label of a customers field (or ``it_share``) in ``lang``.

    >>> field_label("it_share", "zh"), field_label("it_headcount", "en"), field_label("headcount", "zh")
    ('信息技术人员占比', 'IT headcount', '人员规模')
    """
    if lang == "zh" and field in _ZH_FIELDS:
        return _ZH_FIELDS[field]
    return t("inv.it_share", lang) if field == IT_SHARE else column_label(c.CUSTOMERS, field, lang)


def numeric_field(customers: pd.DataFrame, field: str) -> pd.Series:
    if field == IT_SHARE:
        head = numeric_field(customers, c.HEADCOUNT)
        return numeric_field(customers, c.IT_HEADCOUNT) / head.where(head > 0)
    if field not in customers:
        return pd.Series(np.nan, index=customers.index)
    return pd.to_numeric(customers[field], errors="coerce").astype("float64")


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
    values = numeric_field(customers, cond.field)
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
    label = field_label(cond.field, lang)
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


def thin_records(customers: pd.DataFrame, *, icp: IcpRules) -> pd.DataFrame:
    """Customers missing a field the ICP rules need: the list to send back to the client for completion.

    Returns ``customer_id``, ``name``, ``owner`` (when present), ``n_missing`` and one boolean column
    ``missing_<field>`` per rule field (:func:`rule_fields`), most fields missing first.

    >>> df = pd.DataFrame({"customer_id": ["C1", "C2"], "headcount": [300, None], "annual_revenue": [None, None],
    ...                    "revenue_growth_3y": [0.1, 0.1], "brand_standing": ["known", "known"]})
    >>> out = thin_records(df, icp=IcpRules())
    >>> out[["customer_id", "n_missing", "missing_headcount", "missing_annual_revenue"]].values.tolist()
    [['C2', 2, True, True], ['C1', 1, False, True]]
    """
    fields = rule_fields(icp)
    mask = _missing_fields(customers, fields)
    keep = mask > 0
    cols = [col for col in (c.CUSTOMER_ID, c.NAME, c.OWNER) if col in customers]
    out = customers.loc[keep, cols].copy()
    out["n_missing"] = np.bitwise_count(mask[keep].astype(np.uint64)).astype(np.int64)
    for i, field in enumerate(fields):
        out[f"missing_{field}"] = (mask[keep] >> i & 1).astype(bool)
    return out.sort_values("n_missing", ascending=False, kind="stable").reset_index(drop=True)


def _rule_bits(customers: pd.DataFrame, conds: list[_Condition]) -> tuple[np.ndarray, np.ndarray]:
    """(fail bits, missing bits) per customer for one rule: bit i for condition i, failed on a known value
    or missing. The rule is met when both are 0, failed when a known value fails, undecided otherwise."""
    n = len(customers)
    fails = np.zeros(n, dtype=np.int64)
    misses = np.zeros(n, dtype=np.int64)
    for ci, cond in enumerate(conds):
        met, missing = _evaluate(customers, cond)
        fails |= (~met & ~missing).astype(np.int64) << ci
        misses |= missing.astype(np.int64) << ci
    return fails, misses


# a reason key packs the level and, per rule (target, quality, strategic), the failed and missing conditions
_SHIFTS = {"target": (30, 24), "quality": (18, 12), "strategic": (6, 0)}
_LEVEL_SHIFT = 36


def assign_levels(customers: pd.DataFrame, *, icp: IcpRules) -> pd.DataFrame:
    """Customer level per customer, from the data when given, else from the ICP rules, with the reason.

    The rules (``icp``): outside the ``target`` rule a customer is ``potential``; inside it, ``strategic``
    when it meets the strategic rule (and the quality rule too if ``icp.strategic_needs_quality``), else
    ``quality`` when it meets the quality rule, else ``target``. A rule fails when a known value fails one
    of its conditions; a rule that a missing value alone keeps from being decided makes the customer
    :data:`INCOMPLETE` (资料不全: its level cannot be told until the record is completed), not ``potential``.
    A missing value that cannot change the level (a failed rule fails anyway) does not.

    Reasons are codes: :data:`GIVEN`, or ``"rule.<n>"`` for one combination of level and failed or missing
    conditions under ``icp``; :func:`level_reason_labels` writes them in zh and en.

    Parameters
    ----------
    customers : DataFrame
        ``customer_id`` and the rule fields (``headcount``, ``annual_revenue``, ...); ``level`` optional
        (canonical codes; a non-empty value is kept).
    icp : IcpRules
        ``config.icp``.

    Returns
    -------
    DataFrame
        Same index: ``level`` (categorical :data:`LEVEL_CODES`, ordered incomplete < potential < target <
        quality < strategic; compare rungs only among the four levels), ``level_source`` ("data" or
        "rules"), ``level_reason`` (a code).

    Examples
    --------
    >>> df = pd.DataFrame({"customer_id": ["A", "B", "C"], "headcount": [300, None, 600],
    ...                    "annual_revenue": [2e9, 1e8, 3e8], "revenue_growth_3y": [-0.1, 0.1, None],
    ...                    "brand_standing": ["leading", "known", "known"]})
    >>> assign_levels(df, icp=IcpRules())["level"].tolist()  # A: strategic without the growth of quality
    ['strategic', 'incomplete', 'incomplete']
    """
    n = len(customers)
    bits = {level: _rule_bits(customers, _conditions(getattr(icp, level))) for level in LEVELS[1:]}
    status = {}  # level -> (met, failed); undecided = neither
    for level, (fails, misses) in bits.items():
        status[level] = ((fails == 0) & (misses == 0), fails > 0)
    (t_met, t_fail), (q_met, q_fail), (s_met, s_fail) = status["target"], status["quality"], status["strategic"]
    if icp.strategic_needs_quality:
        s_met, s_fail = s_met & q_met, s_fail | q_fail
    t_open, s_open, q_open = ~t_met & ~t_fail, ~s_met & ~s_fail, ~q_met & ~q_fail
    choices = [t_fail, t_open, s_met, s_open, q_met, q_fail, q_open]
    rung = {code: i for i, code in enumerate(LEVEL_CODES)}  # a level as its category code: no string per customer
    level = np.select(choices, [rung[name] for name in ("potential", INCOMPLETE, "strategic", INCOMPLETE, "quality",
                                                        "target", INCOMPLETE)], rung[INCOMPLETE]).astype(np.int64)
    # the rules each outcome's reason speaks of
    strategic_rules = ("quality", "strategic") if icp.strategic_needs_quality else ("strategic",)
    target_rules = ("quality",) if icp.strategic_needs_quality else ("quality", "strategic")
    told = np.select(choices, [1, 1, 0, 2, 3, 4, 5], 0)  # which rule set each customer's reason tells
    sets = {1: ("target",), 2: strategic_rules, 3: ("strategic",), 4: target_rules, 5: ("quality",)}
    key = level << _LEVEL_SHIFT
    for which, names in sets.items():
        for name in names:
            fails, misses = bits[name]
            fail_shift, miss_shift = _SHIFTS[name]
            key = np.where(told == which, key | fails << fail_shift | misses << miss_shift, key)
    uniq, inverse = np.unique(key, return_inverse=True)
    codes = np.array([f"rule.{int(k)}" for k in uniq], dtype=object)
    reason = codes[inverse.reshape(-1)] if n else np.array([], dtype=object)
    source = np.full(n, "rules", dtype=object)
    if c.LEVEL in customers:
        given = customers[c.LEVEL].isin(LEVELS).fillna(False).to_numpy(dtype=bool)
        values, distinct = pd.factorize(customers[c.LEVEL])
        given_rung = np.array([rung.get(value, -1) for value in distinct] + [-1], dtype=np.int64)[values]
        level = np.where(given, given_rung, level)
        reason = np.where(given, GIVEN, reason)
        source = np.where(given, "data", source)
    return pd.DataFrame({"level": pd.Categorical.from_codes(level, categories=LEVEL_CODES, ordered=True),
                         "level_source": source, "level_reason": reason}, index=customers.index)


def level_reason_labels(codes, *, icp: IcpRules) -> dict[str, tuple[str, str]]:
    """The zh and en text of each distinct level reason code of :func:`assign_levels` under ``icp``.

    >>> level_reason_labels(["given"], icp=IcpRules())
    {'given': ('客户档案中已标注', 'marked in your records')}
    """
    out = {}
    for code in pd.unique(pd.Series(list(codes), dtype=object).dropna()):
        if code == GIVEN:
            out[code] = (t("inv.reason.given", "zh"), t("inv.reason.given", "en"))
        else:
            key = int(str(code).removeprefix("rule."))
            out[code] = tuple(_level_reason(key, icp, lang) for lang in ("zh", "en"))
    return out


def _rule_text(name: str, key: int, icp: IcpRules, lang: str) -> str | None:
    """"<level> rule not met: <conditions>" for rule ``name`` of reason ``key``; None when it has no bits."""
    fail_shift, miss_shift = _SHIFTS[name]
    fails, misses = key >> fail_shift & 63, key >> miss_shift & 63
    if not fails | misses:
        return None
    parts = [_describe(cond, bool(misses >> i & 1), lang) for i, cond in enumerate(_conditions(getattr(icp, name)))
             if (fails | misses) >> i & 1]
    return t("cu.reason.not_met", lang, level=value_label("level", name, lang), conditions=_join(parts, lang))


def _missing_of(key: int, icp: IcpRules, lang: str) -> str:
    fields: list[str] = []
    for name in LEVELS[1:]:
        misses = key >> _SHIFTS[name][1] & 63
        for i, cond in enumerate(_conditions(getattr(icp, name))):
            if misses >> i & 1 and cond.field not in fields:
                fields.append(cond.field)
    return _join([field_label(f, lang) for f in fields], lang)


def _level_reason(key: int, icp: IcpRules, lang: str) -> str:
    level = LEVEL_CODES[key >> _LEVEL_SHIFT]
    sep = t("cu.reason.sep", lang)
    if level == INCOMPLETE:
        text = t("cu.reason.incomplete", lang, fields=_missing_of(key, icp, lang))
        target_open = key >> _SHIFTS["target"][1] & 63
        return text if target_open else t("cu.reason.reached", lang, level=value_label("level", "target", lang)
                                           ) + sep + text
    if level == "strategic":
        return t("cu.reason.strategic_cumulative" if icp.strategic_needs_quality else "cu.reason.strategic", lang)
    rules = ("target",) if level == "potential" else ("quality", "strategic")
    parts = [text for name in rules if (text := _rule_text(name, key, icp, lang)) is not None]
    if level != "potential":
        parts.insert(0, t("cu.reason.reached", lang, level=value_label("level", level, lang)))
    return sep.join(parts)
