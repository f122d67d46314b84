"""Derived columns and non-blocking data-quality findings of a valid intake.

Findings never stop intake; they are stored in ``data/clean/quality.json``
and shown by ``workbook validate`` so the consultant can ask the client to fix
them (an opportunity closed before it was created, a customer id nobody
knows, a date in the future, rows dated outside the analysis period, an
optional column left empty).
"""
from __future__ import annotations

import pandas as pd

from workbook.core import columns as c
from workbook.core import rules
from workbook.core.config import ClientConfig
from workbook.core.schema import TABLES, UNKNOWN, normalise_token
from workbook.exceptions import Problem

# optional fields the kit derives when the export leaves them empty: an empty column is no defect
DERIVED = {c.CUSTOMERS: (c.LEVEL, c.RELATIONSHIP)}
# findings that inform and ask for nothing
INFO_RULES = ("empty_optional", "derived_empty", "outside_period", "timezone_assumed", "placeholder_date",
              "after_last_event", "header_below_title")

# the date that places each table's rows in time
TABLE_DATES = {
    c.LEADS: c.CREATED_DATE,
    c.OPPORTUNITIES: c.CREATED_DATE,
    c.ACTIVITIES: c.DATE,
    c.TIME_LOG: c.PERIOD,
    c.QUOTES: c.REQUESTED_DATE,
    c.STAGE_HISTORY: c.ENTERED_DATE,
}

# (table, column, referenced table, referenced key)
REFERENCES = (
    (c.OPPORTUNITIES, c.CUSTOMER_ID, c.CUSTOMERS, c.CUSTOMER_ID),
    (c.LEADS, c.CUSTOMER_ID, c.CUSTOMERS, c.CUSTOMER_ID),
    (c.ACTIVITIES, c.CUSTOMER_ID, c.CUSTOMERS, c.CUSTOMER_ID),
    (c.LEADS, c.OPPORTUNITY_ID, c.OPPORTUNITIES, c.OPPORTUNITY_ID),
    (c.OPPORTUNITIES, c.LEAD_ID, c.LEADS, c.LEAD_ID),
    (c.STAGE_HISTORY, c.OPPORTUNITY_ID, c.OPPORTUNITIES, c.OPPORTUNITY_ID),
    (c.QUOTES, c.OPPORTUNITY_ID, c.OPPORTUNITIES, c.OPPORTUNITY_ID),
    (c.CUSTOMERS, c.OWNER, c.REPS, c.OWNER),
    (c.LEADS, c.OWNER, c.REPS, c.OWNER),
    (c.OPPORTUNITIES, c.OWNER, c.REPS, c.OWNER),
    (c.ACTIVITIES, c.OWNER, c.REPS, c.OWNER),
    (c.TIME_LOG, c.OWNER, c.REPS, c.OWNER),
)

# (table, earlier, later): the later date should not precede the earlier one
ORDERED_DATES = (
    (c.OPPORTUNITIES, c.CREATED_DATE, c.CLOSE_DATE),
    (c.LEADS, c.CREATED_DATE, c.FIRST_FOLLOWUP_DATE),
    (c.LEADS, c.CREATED_DATE, c.QUALIFIED_DATE),
    (c.QUOTES, c.REQUESTED_DATE, c.SENT_DATE),
    (c.OPPORTUNITIES, c.CREATED_DATE, c.COLLECTED_DATE),
)


def derive(tables: dict[str, pd.DataFrame], config: ClientConfig) -> dict[str, pd.DataFrame]:
    """Fill columns that intake can derive from the config (lead source type from the source map)."""
    out = dict(tables)
    leads = out.get(c.LEADS)
    if leads is not None and config.source_types:
        lookup = {normalise_token(k): v for k, v in config.source_types.items()}
        mapped = leads[c.SOURCE].map(lambda s: lookup.get(normalise_token(s)) if pd.notna(s) else None)
        current = leads[c.SOURCE_TYPE] if c.SOURCE_TYPE in leads else pd.Series(pd.NA, index=leads.index)
        leads = leads.assign(**{c.SOURCE_TYPE: current.fillna(mapped.astype("string")).astype("string")})
        out[c.LEADS] = leads
    return out


def _finding(table: str, frame: pd.DataFrame, mask: pd.Series, *, sources: dict[str, str], column: str,
             rule: str, expected: str, fix: str, expected_zh: str | None = None,
             fix_zh: str | None = None) -> Problem:
    rows = frame.loc[mask, c.SOURCE_ROW]
    n = int(mask.sum())
    example = ", ".join(str(int(r)) for r in rows.iloc[:5])
    file, _, sheet = sources.get(table, table).partition(" [")
    return Problem(file=file, sheet=sheet.rstrip("]") or None, row=int(rows.iloc[0]), column=column,
                   value=f"{n} row(s): {example}{' ...' if n > 5 else ''}", table=table, rule=rule,
                   expected=expected, fix=fix, expected_zh=expected_zh, fix_zh=fix_zh)


def _columns_finding(table: str, columns: list[str], *, sources: dict, rule: str, **text) -> Problem:
    """A finding about whole columns of ``table`` (no row, no value), placed in its source file and sheet."""
    file, _, sheet = sources.get(table, table).partition(" [")
    return Problem(file=file, sheet=sheet.rstrip("]") or None, row=None, column=", ".join(columns), value=None,
                   table=table, rule=rule, **text)


def quality_findings(tables: dict[str, pd.DataFrame], config: ClientConfig,
                     sources: dict[str, str]) -> list[Problem]:
    """Non-blocking problems in valid data, one finding per (table, column, rule)."""
    findings: list[Problem] = []
    for table, column, ref_table, ref_key in REFERENCES:
        frame, ref = tables.get(table), tables.get(ref_table)
        if frame is None or ref is None or column not in frame or ref_key not in ref:
            continue
        unknown = frame[column].notna() & ~frame[column].isin(ref[ref_key])
        if unknown.any():
            findings.append(_finding(table, frame, unknown, sources=sources, column=column, rule="unknown_reference",
                                     expected=f"a {ref_key} listed in {ref_table}",
                                     fix=f"add the missing records to {ref_table} or correct the ids",
                                     expected_zh=f"{ref_table} 中已有的 {ref_key}",
                                     fix_zh=f"在 {ref_table} 中补上缺少的记录，或改正编号"))
    for table, earlier, later in ORDERED_DATES:
        frame = tables.get(table)
        if frame is None or earlier not in frame or later not in frame:
            continue
        wrong = (frame[later] < frame[earlier]).fillna(False)
        if wrong.any():
            findings.append(_finding(table, frame, wrong, sources=sources, column=later, rule="date_order",
                                     expected=f"{later} on or after {earlier}", fix="correct one of the two dates",
                                     expected_zh=f"{later} 不早于 {earlier}", fix_zh="改正两个日期中错误的那个"))
    findings += _outside_period(tables, config, sources)
    findings += _after_last_event(tables, config, sources)
    today = pd.Timestamp.today().normalize()
    for table, frame in tables.items():
        for f in TABLES[table].fields:
            if f.kind != "date" or f.name not in frame:
                continue
            if table == c.OPPORTUNITIES and f.name == c.CLOSE_DATE and c.STATUS in frame:
                future = (frame[f.name] > today) & (frame[c.STATUS] != "open")
            else:
                future = frame[f.name] > today
            future = future.fillna(False)
            if future.any():
                findings.append(_finding(table, frame, future, sources=sources, column=f.name, rule="future_date",
                                         expected=f"a date not after {today.date()}",
                                         fix="check the year; expected dates belong to open deals only",
                                         expected_zh=f"不晚于 {today.date()} 的日期",
                                         fix_zh="检查年份；只有进行中的商机才能填写预计日期"))
        empty = [f.name for f in TABLES[table].fields
                 if not f.required and (f.name not in frame or frame[f.name].isna().all())]
        derived = [name for name in empty if name in DERIVED.get(table, ())]
        empty = [name for name in empty if name not in derived]
        if derived:
            findings.append(_columns_finding(table, derived, sources=sources, rule="derived_empty",
                                             expected="may stay empty: the report derives it from the contacts "
                                                      "and won deals",
                                             fix="nothing to fill in; the client's own judgement, if added, is used "
                                                 "as given",
                                             expected_zh="可以不填：本报告按规则从接触与赢单记录推算",
                                             fix_zh="无需补填；如贵公司另有判断，补上后按所填为准"))
        if empty:
            findings.append(_columns_finding(table, empty, sources=sources, rule="empty_optional",
                                             expected="optional columns filled where the client has the data",
                                             fix="analyses that need these columns will say what is missing",
                                             expected_zh="客户有数据时应填写这些可选列",
                                             fix_zh="需要这些列的分析会说明缺少什么"))
    leads = tables.get(c.LEADS)
    if leads is not None and c.SOURCE_TYPE in leads:
        # a blank source kept as unknown has its own finding: it is not a source to type
        untyped = leads[c.SOURCE_TYPE].isna() & leads[c.SOURCE].notna() & (leads[c.SOURCE] != UNKNOWN)
        if untyped.any():
            missing = sorted(leads.loc[untyped, c.SOURCE].unique())[:10]
            findings.append(_finding(c.LEADS, leads, untyped, sources=sources, column=c.SOURCE_TYPE,
                                     rule="untyped_source", expected="active or passive for every lead source",
                                     fix="add these sources to source_types in client.yaml: " + ", ".join(missing),
                                     expected_zh="每个线索来源都标为 active（主动）或 passive（被动）",
                                     fix_zh="在 client.yaml 的 source_types 中添加这些来源：" + ", ".join(missing)))
    return findings


def _outside_period(tables: dict[str, pd.DataFrame], config: ClientConfig, sources: dict[str, str]) -> list[Problem]:
    """Rows whose placing date (:data:`TABLE_DATES`) lies outside ``period:`` in client.yaml, one finding per table
    (intake already refused dates outside the plausible range)."""
    if config.period is None:
        return []
    start, end = pd.Timestamp(config.period.start), pd.Timestamp(config.period.end)
    findings = []
    for table, column in TABLE_DATES.items():
        frame = tables.get(table)
        if frame is None or column not in frame:
            continue
        before, after = (frame[column] < start).fillna(False), (frame[column] > end).fillna(False)
        if not (before | after).any():
            continue
        finding = _finding(table, frame, before | after, sources=sources, column=column, rule="outside_period",
                           expected=f"dates in the analysis period, {start.date()} to {end.date()} (period: in "
                                    "client.yaml)",
                           fix="rows outside the period are not part of it; widen period: in client.yaml if they "
                               "belong in it",
                           expected_zh=f"分析期间内的日期：{start.date()} 至 {end.date()}（client.yaml 中的 period）",
                           fix_zh="期间之外的行不属于本次分析期间；如应包括它们，请在 client.yaml 中放宽 period")
        counts = f"{int(before.sum())} before, {int(after.sum())} after; "
        findings.append(Problem(**{**finding.as_dict(), "value": counts + finding.value}))
    return findings


def _after_last_event(tables: dict[str, pd.DataFrame], config: ClientConfig, sources: dict[str, str]) -> list[Problem]:
    """Rows dated after the last actual event (scheduled activities, expected close dates of open deals): the
    analysis period ends before them (:func:`workbook.core.rules.after_last_event`), one finding per column."""
    later = rules.after_last_event(tables, config)
    if not later:
        return []
    end = rules.last_event(tables, cutoff=config.report_date)
    findings = []
    for (table, column), mask in later.items():
        findings.append(_finding(
            table, tables[table], mask, sources=sources, column=column, rule="after_last_event",
            expected=f"dates up to the last actual event, {end.date()} (the latest record created or deal closed)",
            fix="scheduled or expected dates: counted here, the analysis period ends on "
                f"{end.date()}; set period: in client.yaml to choose another end",
            expected_zh=f"不晚于最后实际发生的日期 {end.date()}（最近一条记录的创建或商机关闭）",
            fix_zh=f"计划或预计的日期：在此计数，分析期间截至 {end.date()}；"
                   "如需其他截止日期，请在 client.yaml 中设置 period"))
    return findings
