"""Small clients cut from the sample client: the whole tiny client, single-table clients and thin tables.

:func:`tiny_tables` keeps 60 customers and what hangs off them (their leads, those leads' opportunities,
stage history, activities and quotes) and every rep and time log row. :func:`write_client` writes a chosen
part of it as raw CSV files with the sample's ``client.yaml`` and runs intake, as a consultant would.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from workbook.core import columns as c
from workbook.core.schema import TABLES, VOCABULARIES
from workbook.intake.validate import run_intake

# thin tables: the required fields plus one optional field each
THIN_OPTIONAL = {c.CUSTOMERS: c.LEVEL, c.LEADS: c.FIRST_FOLLOWUP_DATE, c.OPPORTUNITIES: c.STATUS,
                 c.STAGE_HISTORY: None, c.ACTIVITIES: c.CUSTOMER_ID, c.TIME_LOG: None, c.REPS: c.ROLE,
                 c.QUOTES: c.SENT_DATE}


def tiny_tables(sample, *, customers: int = 60, leads: int = 400) -> dict[str, pd.DataFrame]:
    """A small but whole client cut from the sample client's clean tables (intake's row column dropped)."""
    t = {name: frame.drop(columns=c.SOURCE_ROW, errors="ignore") for name, frame in sample.tables().items()}
    customers = t[c.CUSTOMERS].head(customers)
    ids = set(customers[c.CUSTOMER_ID])
    leads = t[c.LEADS][t[c.LEADS][c.CUSTOMER_ID].isin(ids)].head(leads)
    opps = t[c.OPPORTUNITIES]
    opps = opps[opps[c.LEAD_ID].isin(set(leads[c.LEAD_ID])) | opps[c.CUSTOMER_ID].isin(ids)]
    opp_ids = set(opps[c.OPPORTUNITY_ID])
    return {
        c.CUSTOMERS: customers, c.LEADS: leads, c.OPPORTUNITIES: opps,
        c.STAGE_HISTORY: t[c.STAGE_HISTORY][t[c.STAGE_HISTORY][c.OPPORTUNITY_ID].isin(opp_ids)],
        c.ACTIVITIES: t[c.ACTIVITIES][t[c.ACTIVITIES][c.CUSTOMER_ID].isin(ids)],
        c.TIME_LOG: t[c.TIME_LOG], c.REPS: t[c.REPS],
        c.QUOTES: t[c.QUOTES][t[c.QUOTES][c.OPPORTUNITY_ID].isin(opp_ids)],
    }


def thin(frame: pd.DataFrame, table: str, optional: str | tuple[str, ...] | None) -> pd.DataFrame:
    """``frame`` with only the table's required fields and the ``optional`` one(s)."""
    extra = (optional,) if isinstance(optional, str) else tuple(optional or ())
    return frame[[*TABLES[table].required, *extra]]


def smallest_inventory(customers: pd.DataFrame) -> pd.DataFrame:
    """Customer id and name with every level and relationship filled in (all 16 combinations occur)."""
    levels, relationships = VOCABULARIES[c.LEVEL].codes, VOCABULARIES[c.RELATIONSHIP].codes
    n = len(customers)
    return customers[[c.CUSTOMER_ID, c.NAME]].assign(
        **{c.LEVEL: [levels[i % len(levels)] for i in range(n)],
           c.RELATIONSHIP: [relationships[(i // len(levels)) % len(relationships)] for i in range(n)]})


def write_client(folder: Path, sample, tables: dict[str, pd.DataFrame]) -> Path:
    """``folder`` as a client: the sample's ``client.yaml``, one raw CSV per table, validated by intake."""
    raw = folder / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    shutil.copy(sample.dir / "client.yaml", folder / "client.yaml")
    for name, frame in tables.items():
        frame.to_csv(raw / f"{name}.csv", index=False, date_format="%Y-%m-%d")
    run_intake(folder)
    return folder
