"""What the customer chapters' actions are worth: additional won revenue expected in the next 12 months.

Every value comes from the client's own rates measured **after the tier date** (the customers tiered as of
:func:`workbook.customers.tiers.tier_date`, and the deals created afterwards), annualised to 12 months, with a
conservative assumption stated in the action's ``basis``: closing **half** the gap to a like-for-like
benchmark (the same tier still in contact; the customer assets; the tier a customer came from), or half the
client's own new-customer rate. Revenue already won is never a value. A value that cannot be sized (no deal
amounts, no deals after the tier date) is 0, and so is a value from the gaps between tiers when the tiers do not
rank outcomes (:data:`NOT_RANKED`, see :mod:`workbook.customers.doctrine`).

The inputs are ``then``, the customers tiered at the tier date (:func:`~workbook.customers.tiers.tiered_customers`
with ``days_since_contact`` and ``won_ever`` as of that date), and ``after``, each customer's won amount on
deals created after the date (:func:`won_after`); ``years`` is the time from the tier date to the as-of date
in years, which turns amounts won after the date into amounts per year.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.columns import TIER
from workbook.core.result import Count, Date, Money, Rate, Text
from workbook.customers.tiers import ASSET_KEYS

__all__ = ["SHARE", "NOT_RANKED", "Sized", "won_after", "per_year", "value_by_tier", "neglected_value",
           "natural_upgrade", "build_trust_value", "untouched_value", "won_between", "movers_down_value"]

SHARE = rules.GAP_SHARE  # the conservative assumption of every value: half the gap (or half the rate) is closed
YEAR_DAYS = 365.0


@dataclass(frozen=True)
class Sized:
    """An action's 12-month value and the catalogue text stating its arithmetic (``basis``)."""

    value: float
    basis: Text | None


def _not_ranked() -> Sized:
    return Sized(0.0, Text("cu.basis.not_ranked"))


NOT_RANKED = _not_ranked()  # a value from the gaps between tiers, when the tiers do not rank outcomes


def won_after(opportunities: pd.DataFrame | None, *, since: pd.Timestamp) -> pd.Series:
    """Won amount per ``customer_id`` on deals created after ``since`` (empty without amounts).

    >>> opps = pd.DataFrame({"customer_id": ["A", "A", "B"], "status": ["won", "won", "lost"],
    ...                      "amount": [10.0, 5.0, 7.0],
    ...                      "created_date": pd.to_datetime(["2025-02-01", "2024-06-01", "2025-03-01"])})
    >>> won_after(opps, since=pd.Timestamp("2024-12-31")).to_dict()
    {'A': 10.0}
    """
    if opportunities is None or not {c.CUSTOMER_ID, c.STATUS, c.CREATED_DATE, c.AMOUNT} <= set(opportunities):
        return pd.Series(dtype=float)
    after = (opportunities[c.CREATED_DATE] > pd.Timestamp(since)).fillna(False).to_numpy(dtype=bool)
    won = opportunities[after & opportunities[c.STATUS].astype(object).eq("won").to_numpy(dtype=bool)]
    amount = pd.to_numeric(won[c.AMOUNT], errors="coerce").fillna(0.0)
    return amount.groupby(won[c.CUSTOMER_ID].astype(object).to_numpy()).sum()


def per_year(since: pd.Timestamp, as_of: pd.Timestamp) -> float:
    """Years from ``since`` to ``as_of`` (``2024-12-31`` to ``2025-12-31``: 1.0); NaN when not after it."""
    days = (pd.Timestamp(as_of) - pd.Timestamp(since)).days
    return days / YEAR_DAYS if days > 0 else np.nan


def _won(then: pd.DataFrame, after: pd.Series) -> pd.Series:
    return then[c.CUSTOMER_ID].astype(object).map(after).fillna(0.0).astype(float)


def value_by_tier(then: pd.DataFrame, after: pd.Series, *, years: float) -> dict[str, float]:
    """Won amount per customer per year after the tier date, by tier key at the date (``"assets"``: tiers 1-3).

    >>> then = pd.DataFrame({"customer_id": ["A", "B", "C"], "tier": pd.array([1, 1, 4], dtype="Int64")})
    >>> v = value_by_tier(then, pd.Series({"A": 30.0, "C": 4.0}), years=0.5)
    >>> v["1"], v["4"], v["assets"]
    (30.0, 8.0, 30.0)
    """
    key = rules.tier_key(then[TIER]).to_numpy()
    won = _won(then, after).to_numpy()
    out = {k: float(won[key == k].mean() / years) if (key == k).any() else np.nan for k in rules.TIER_KEYS}
    assets = np.isin(key, ASSET_KEYS)
    out["assets"] = float(won[assets].mean() / years) if assets.any() else np.nan
    return out


def _unsized(key: str, **fields) -> Sized:
    return Sized(0.0, Text(key, **fields))


def neglected_value(then: pd.DataFrame, after: pd.Series, silent: pd.DataFrame, *, years: float,
                    neglect_days: int) -> Sized:
    """The customer assets silent today (``silent``, with ``tier``): half the yearly won-revenue gap, per tier,
    between the assets of that tier still in contact at the tier date and those silent then.

    ``then`` needs ``tier`` and ``days_since_contact`` as of the tier date. Value = sum over tiers 1-3 of
    silent customers today x half (won per customer per year of the contacted - of the silent, >= 0).
    """
    if not len(silent) or np.isnan(years) or after.empty:
        return _unsized("cu.basis.no_amounts")
    key = rules.tier_key(then[TIER])
    quiet = then["days_since_contact"].isna() | (then["days_since_contact"] > neglect_days)
    won = _won(then, after) / years
    value, compared = 0.0, False
    for tier, n in rules.tier_key(silent[TIER]).value_counts().items():
        contacted, silent_then = won[key.eq(tier) & ~quiet], won[key.eq(tier) & quiet]
        if len(contacted) and len(silent_then):
            value += n * SHARE * max(0.0, float(contacted.mean() - silent_then.mean()))
            compared = True
    if not compared:  # no tier had both contacted and silent assets on the tier date
        return _unsized("cu.basis.no_amounts")
    gap = value / SHARE / len(silent)
    return Sized(value, Text("cu.basis.neglected", n=Count(len(silent)), gap=Money(gap), value=Money(value)))


def natural_upgrade(transition: pd.DataFrame | None) -> tuple[int, int]:
    """Tier 4 customers of the earlier date and how many of them are customer assets (tiers 1-3) today, on
    their own: (moved up, tier 4 then), from the tier transition (rows the tier before, columns today's).

    >>> t = pd.DataFrame({"2": [0, 3], "4": [0, 6], "5": [0, 1]}, index=["2", "4"])
    >>> natural_upgrade(t)  # 3 of the 10 tier 4 customers are tier 2 today
    (3, 10)
    """
    if transition is None or "4" not in transition.index:
        return 0, 0
    row = transition.loc["4"]
    return int(row.reindex(list(ASSET_KEYS), fill_value=0).sum()), int(row.sum())


def build_trust_value(values: dict[str, float], n: int, *, natural: tuple[int, int] | None = None,
                      since: pd.Timestamp | None = None) -> Sized:
    """Tier 4: ``n`` customers x half the gap between the assets' and tier 4's won revenue per customer per year.

    ``natural`` = (moved up, tier 4 then): the tier 4 customers of ``since`` (a year back) that became customer
    assets over the year without an action. That share would upgrade anyway, so only the others are valued:
    ``n`` x (1 - moved up / tier 4 then) x half the gap.

    >>> sized = build_trust_value({"assets": 100.0, "4": 40.0}, 3)  # 3 x (100 - 40) / 2
    >>> sized.value
    90.0
    >>> build_trust_value({"assets": 100.0, "4": 40.0}, 3, natural=(1, 4)).value  # 3 x (1 - 1/4) x 30
    67.5
    """
    assets, tier4 = values.get("assets", np.nan), values.get("4", np.nan)
    if not n or np.isnan(assets) or np.isnan(tier4):
        return _unsized("cu.basis.no_amounts")
    gap = max(0.0, assets - tier4)
    if natural is not None and natural[1]:
        up, was = natural
        rest = 1.0 - min(up, was) / was
        value = n * rest * SHARE * gap
        return Sized(value, Text("cu.basis.build_trust_net", n=Count(n), up=Count(up), was=Count(was),
                                 date=Date(since), natural=Rate(min(up, was) / was), rest=Rate(rest),
                                 assets=Money(assets), tier4=Money(tier4), value=Money(value)))
    value = n * SHARE * gap
    return Sized(value, Text("cu.basis.build_trust", n=Count(n), assets=Money(assets), tier4=Money(tier4),
                             value=Money(value)))


def untouched_value(then: pd.DataFrame, after: pd.Series, n: int, *, years: float, date: pd.Timestamp) -> Sized:
    """Premium customers never contacted: ``n`` x half the client's new-customer rate x a new customer's
    first-year won revenue.

    The new-customer rate is the share of the customers with no won deal by the tier date (``won_ever`` 0 in
    ``then``) that won one on a deal created afterwards, per year; a new customer's first-year revenue is
    what those customers won afterwards, per customer per year.
    """
    if not n or np.isnan(years) or after.empty or "won_ever" not in then:
        return _unsized("cu.basis.no_amounts")
    fresh = then[pd.to_numeric(then["won_ever"], errors="coerce").fillna(0).eq(0).to_numpy()]
    won = _won(fresh, after)
    winners = won[won > 0]
    if not len(fresh) or not len(winners):
        return _unsized("cu.basis.no_amounts")
    rate = min(1.0, len(winners) / len(fresh) / years)
    first_year = float(winners.mean() / years)
    value = n * SHARE * rate * first_year
    return Sized(value, Text("cu.basis.untouched", n=Count(n), rate=Rate(rate), half=Rate(SHARE * rate),
                             date=Date(date), first_year=Money(first_year), value=Money(value)))


def won_between(opportunities: pd.DataFrame | None, *, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Won amount per ``customer_id`` on deals won (closed) after ``start`` and up to ``end``.

    >>> opps = pd.DataFrame({"customer_id": ["A", "A", "B"], "status": ["won", "won", "won"],
    ...                      "amount": [10.0, 5.0, 7.0],
    ...                      "close_date": pd.to_datetime(["2024-02-01", "2025-03-01", "2023-03-01"])})
    >>> won_between(opps, start=pd.Timestamp("2023-12-31"), end=pd.Timestamp("2024-12-31")).to_dict()
    {'A': 10.0}
    """
    if opportunities is None or not {c.CUSTOMER_ID, c.STATUS, c.CLOSE_DATE, c.AMOUNT} <= set(opportunities):
        return pd.Series(dtype=float)
    closed = opportunities[c.CLOSE_DATE]
    inside = ((closed > pd.Timestamp(start)) & (closed <= pd.Timestamp(end))).fillna(False).to_numpy(dtype=bool)
    won = opportunities[inside & opportunities[c.STATUS].astype(object).eq("won").to_numpy(dtype=bool)]
    amount = pd.to_numeric(won[c.AMOUNT], errors="coerce").fillna(0.0)
    return amount.groupby(won[c.CUSTOMER_ID].astype(object).to_numpy()).sum()


def movers_down_value(down: pd.DataFrame, values: dict[str, float], *, before: pd.Series | None = None,
                      trust: int = 0, silent: int = 0) -> Sized:
    """Customers that moved down a tier: half the gap between the won revenue per customer per year of the tier
    they left and of the tier they are in, each (>= 0) capped by what that customer itself won in the year
    before it moved (``before``, by ``customer_id``; no cap when None), added up.

    ``down`` holds only the movers no other action counts; ``trust`` and ``silent`` say how many were left out
    because building trust with tier 4 or calling on the neglected assets already counts them (each customer
    is valued once). The basis gives the arithmetic per customer: customers x half the average gap, how many
    the cap cut, the total.

    >>> down = pd.DataFrame({"customer_id": ["A", "B"], "tier_before": ["2", "3"], "tier_after": ["4", "none"]})
    >>> movers_down_value(down, {"2": 50.0, "3": 30.0, "4": 10.0, "none": 2.0}).value  # (40 + 28) / 2
    34.0
    >>> sized = movers_down_value(down, {"2": 50.0, "3": 30.0, "4": 10.0, "none": 2.0},
    ...                           before=pd.Series({"A": 5.0}))  # A: min(20, 5); B won nothing before: 0
    >>> sized.value, sized.basis.fields["capped"].value, sized.basis.fields["gap"].value
    (5.0, 2, 34.0)
    """
    if not len(down):
        return _unsized("cu.basis.no_amounts")
    left = down["tier_before"].astype(str).map(values).astype(float)
    now = down["tier_after"].astype(str).map(values).astype(float)
    gaps = (left - now).clip(lower=0.0)
    halves = SHARE * gaps
    if halves.isna().all():
        return _unsized("cu.basis.no_amounts")
    uncapped = float(halves.sum())
    capped = 0
    if before is not None:
        own = down[c.CUSTOMER_ID].astype(object).map(before).fillna(0.0).astype(float)
        capped = int((own < halves).sum())
        halves = pd.concat([halves, own], axis=1).min(axis=1)
    value = float(halves.sum())
    fields = dict(n=Count(len(down)), gap=Money(float(gaps.mean())), uncapped=Money(uncapped),
                  capped=Count(capped), value=Money(value))
    key = "cu.basis.movers_down" if before is None else "cu.basis.movers_down_capped"
    basis = Text(key, **fields)
    if trust or silent:  # say which other action counts the movers left out
        key = "cu.basis.movers_shared" + ("" if trust and silent else "_trust" if trust else "_silent")
        basis = Text(key, first=basis, trust=Count(trust), silent=Count(silent))
    return Sized(value, basis)

