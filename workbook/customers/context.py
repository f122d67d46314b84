"""What both customer chapters share: the chapter's context, the client vocabularies they label, what data
a section needs, and money summed over a list. No language here: labels are (zh, en) pairs for the display layer.

>>> money_sum(pd.Series([1.0, None, 2.0])), money_sum(pd.Series([None], dtype="float64"))
(3.0, 0.0)
"""
from __future__ import annotations

import pandas as pd

from workbook.core import columns as c
from workbook.core.i18n import t
from workbook.core.schema import TABLES
from workbook.customers.levels import IT_SHARE, field_label

__all__ = ["ACTIVITY_NEEDS", "context", "field_labels", "owner_labels", "relationship_needs", "money_sum"]

# the contact history that derives relationships and finds neglect
ACTIVITY_NEEDS = {c.ACTIVITIES: (c.DATE, c.CUSTOMER_ID)}


def context(client) -> dict:
    """The chapter subtitle's client name, currency and as-of date."""
    return {"client": client.config.client_name, "currency": client.config.currency, "as_of": client.as_of}


def field_labels() -> dict[str, tuple[str, str]]:
    """``customer_field`` vocabulary: every customers field (and ``it_share``) as (zh, en)."""
    fields = [f.name for f in TABLES[c.CUSTOMERS].fields] + [IT_SHARE]
    return {f: (field_label(f, "zh"), field_label(f, "en")) for f in fields}


def owner_labels(owners) -> dict[str, tuple[str, str]]:
    """``owner`` vocabulary: each rep code as itself, ``unassigned`` as 未分配 / unassigned."""
    out = {str(o): (str(o), str(o)) for o in pd.unique(pd.Series(list(owners), dtype=object).dropna())}
    out["unassigned"] = (t("inv.unassigned", "zh"), t("inv.unassigned", "en"))
    return out


def relationship_needs(client, customers: pd.DataFrame) -> tuple[str, ...]:
    """What is missing to grade relationships: nothing when activities have dates and customer IDs, or when
    every customer's relationship is given in the data; else ``("activities.date", "activities.customer_id")``
    (the parts that are missing)."""
    if c.RELATIONSHIP in customers and customers[c.RELATIONSHIP].notna().all() and len(customers):
        return ()
    return tuple(need.split(" ")[0] for need in client.missing(ACTIVITY_NEEDS))


def money_sum(values: pd.Series | None) -> float:
    """The sum of an amount column, 0 when there is none or nothing is known (an action's value)."""
    if values is None:
        return 0.0
    total = pd.to_numeric(values, errors="coerce").sum(min_count=1)
    return 0.0 if pd.isna(total) else float(total)
