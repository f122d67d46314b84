"""The data overview: what the client sent, how complete it is, what to fix.

Pure functions on a :class:`~workbook.core.client.Client`'s clean tables; the
``00_data_overview`` notebook displays them.
"""
from __future__ import annotations

import pandas as pd

from workbook.core import columns as c
from workbook.core.i18n import column_label, table_label
from workbook.core.result import Action, Chart, Code, Count, Month, Result, Section, Table, Text
from workbook.core.schema import TABLES

# the date that places each table's rows in time
TABLE_DATES = {
    c.LEADS: c.CREATED_DATE,
    c.OPPORTUNITIES: c.CREATED_DATE,
    c.ACTIVITIES: c.DATE,
    c.TIME_LOG: c.PERIOD,
    c.QUOTES: c.REQUESTED_DATE,
}


def table_overview(tables: dict[str, pd.DataFrame | None], *, lang: str = "zh") -> pd.DataFrame:
    """One row per canonical table: rows, fields filled, first and last date.

    Columns: ``table``, ``label``, ``rows``, ``fields_filled``, ``fields_total``, ``fill_rate``,
    ``first_date``, ``last_date``. Tables the client did not supply have 0 rows.

    >>> frame = pd.DataFrame({"lead_id": ["L1", "L2"], "created_date": pd.to_datetime(["2025-01-02", "2025-03-04"]),
    ...                       "source": ["展会", None]})
    >>> out = table_overview({"leads": frame}, lang="en").set_index("table")
    >>> (int(out.loc["leads", "rows"]), int(out.loc["leads", "fields_filled"]),
    ...  str(out.loc["leads", "first_date"].date()))
    (2, 3, '2025-01-02')
    >>> int(out.loc["customers", "rows"])
    0
    """
    rows = []
    for name, spec in TABLES.items():
        frame = tables.get(name)
        n = 0 if frame is None else len(frame)
        filled = 0 if frame is None else sum(f.name in frame and frame[f.name].notna().any() for f in spec.fields)
        date_col = TABLE_DATES.get(name)
        has_dates = frame is not None and date_col in frame and frame[date_col].notna().any()
        rows.append({
            "table": name,
            "label": table_label(name, lang),
            "rows": n,
            "fields_filled": filled,
            "fields_total": len(spec.fields),
            "fill_rate": filled / len(spec.fields),
            "first_date": frame[date_col].min() if has_dates else pd.NaT,
            "last_date": frame[date_col].max() if has_dates else pd.NaT,
        })
    return pd.DataFrame(rows)


def field_fill_rates(frame: pd.DataFrame, table: str, *, lang: str = "zh") -> pd.DataFrame:
    """Share of rows with a value, for every field of ``table`` (absent fields score 0).

    >>> frame = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["甲", "乙"], "industry": ["化工", None]})
    >>> out = field_fill_rates(frame, "customers", lang="en").set_index("field")
    >>> float(out.loc["industry", "fill_rate"]), float(out.loc["headcount", "fill_rate"])
    (0.5, 0.0)
    """
    rows = []
    for f in TABLES[table].fields:
        rate = float(frame[f.name].notna().mean()) if f.name in frame and len(frame) else 0.0
        rows.append({"field": f.name, "label": column_label(table, f.name, lang), "required": f.required,
                     "fill_rate": rate})
    return pd.DataFrame(rows)


def for_display(frame: pd.DataFrame, *, lang: str = "zh") -> pd.DataFrame:
    """A copy of an overview table ready to show: localised headers, shares as %, dates as text.

    Works on :func:`table_overview`, :func:`field_fill_rates` and the findings table; the
    machine-readable columns (``table``, ``field``) are dropped where a label column exists.

    >>> shown = for_display(table_overview({}, lang="en"), lang="en")
    >>> list(shown.columns)[:3], shown["Field coverage"].iloc[0]
    (['Table', 'Rows', 'Fields filled'], '0%')
    """
    from workbook.core.i18n import t

    out = frame.copy()
    for col in ("expected", "fix"):  # findings carry both languages: show the report's
        if f"{col}_zh" in out:
            if lang == "zh":
                out[col] = out[f"{col}_zh"].where(out[f"{col}_zh"].notna(), out[col])
            out = out.drop(columns=[f"{col}_zh"])
    if "label" in out:
        out = out.drop(columns=[col for col in ("table", "field") if col in out])
    for col in out.columns:
        if col in ("fill_rate",):
            out[col] = out[col].map(lambda v: f"{v:.0%}")
        elif col in ("first_date", "last_date"):
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else f"{v:%Y-%m-%d}")
        elif col == "required":
            out[col] = out[col].map(lambda v: t("bool.true" if v else "bool.false", lang))
    headers = {}
    for col in out.columns:
        for key in (f"ov.{col}", f"col.{col}"):
            try:
                headers[col] = t(key, lang)
                break
            except KeyError:
                continue
    return out.rename(columns=headers)


def monthly_volume(tables: dict[str, pd.DataFrame | None]) -> pd.DataFrame:
    """Rows per calendar month for each dated table, long format: ``table``, ``month``, ``rows``.

    >>> leads = pd.DataFrame({"created_date": pd.to_datetime(["2025-01-02", "2025-01-30", "2025-03-04"])})
    >>> monthly_volume({"leads": leads})["rows"].tolist()
    [2, 1]
    """
    parts = []
    for name, date_col in TABLE_DATES.items():
        frame = tables.get(name)
        if frame is None or date_col not in frame:
            continue
        months = frame[date_col].dropna().dt.to_period("M").dt.to_timestamp()
        counts = months.value_counts().sort_index()
        parts.append(pd.DataFrame({"table": name, "month": counts.index, "rows": counts.to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["table", "month", "rows"])
    return pd.concat(parts, ignore_index=True)


def plot_monthly_volume(data: pd.DataFrame, *, lang: str = "zh", ax=None):
    """Line chart of :func:`monthly_volume` output, one line per table; returns the Axes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.6))
    shown = data.assign(label=data["table"].map(lambda t: table_label(t, lang)))
    sns.lineplot(data=shown, x="month", y="rows", hue="label", marker="o", ax=ax)
    ax.set_xlabel("月份" if lang == "zh" else "Month")
    ax.set_ylabel("记录数" if lang == "zh" else "Records")
    ax.set_title("各表按月记录数" if lang == "zh" else "Records per month by table")
    ax.legend(title=None, frameon=False)
    return ax


def interpret(summary: pd.DataFrame, findings: pd.DataFrame, *, lang: str = "zh") -> str:
    """A few sentences computed from the overview: what is there, what is missing, what to fix.

    >>> summary = table_overview({"leads": pd.DataFrame({"lead_id": ["L1"], "created_date": [pd.NaT],
    ...                                                  "source": ["展会"]})}, lang="en")
    >>> print(interpret(summary, pd.DataFrame(columns=["rule"]), lang="en"))  # doctest: +ELLIPSIS
    The client supplied 1 of 8 tables (1 rows). Missing: Customers, ...
    """
    supplied = summary[summary["rows"] > 0]
    missing = summary.loc[summary["rows"] == 0, "label"].tolist()
    blocking_rules = findings["rule"].value_counts() if "rule" in findings else pd.Series(dtype=int)
    if lang == "zh":
        parts = [f"客户提供了 {len(supplied)}/{len(summary)} 张表（共 {int(supplied['rows'].sum()):,} 行）。"]
        if missing:
            parts.append("缺少：" + "、".join(missing) + "；依赖这些表的分析会注明无法计算。")
        if len(findings):
            parts.append(f"数据质量提示 {len(findings)} 条，最常见：" + "、".join(
                f"{rule}（{n}）" for rule, n in blocking_rules.head(3).items()) + "。建议请客户核对后重新导出。")
        else:
            parts.append("未发现数据质量问题。")
        return "".join(parts)
    parts = [f"The client supplied {len(supplied)} of {len(summary)} tables ({int(supplied['rows'].sum()):,} rows)."]
    if missing:
        parts.append("Missing: " + ", ".join(missing) + "; analyses that need them will say so.")
    if len(findings):
        parts.append(f"{len(findings)} data-quality findings, most often: " + ", ".join(
            f"{rule} ({n})" for rule, n in blocking_rules.head(3).items()) + ". Ask the client to check and re-export.")
    else:
        parts.append("No data-quality findings.")
    return " ".join(parts)


# --- the chapter's result --------------------------------------------------------------------------------------

RULE_LABELS = {  # data-quality rules as a reader names them
    "bad_bool": ("是/否值无法识别", "Yes/no value not recognised"),
    "bad_date": ("日期无法识别", "Date not recognised"),
    "corrupt_file": ("文件无法读取", "File cannot be read"),
    "date_order": ("日期先后颠倒", "Dates in the wrong order"),
    "duplicate_header": ("列名重复", "Duplicate column name"),
    "duplicate_id": ("编号重复", "Duplicate ID"),
    "duplicate_table": ("同一张表提供了两次", "Table supplied twice"),
    "empty_file": ("文件为空", "Empty file"),
    "empty_optional": ("可选列全为空", "Optional column empty"),
    "encoding": ("文件编码", "File encoding"),
    "file_type": ("文件类型不支持", "File type not supported"),
    "future_date": ("日期晚于今天", "Date in the future"),
    "ignored_file": ("未使用的文件", "File not used"),
    "ignored_sheet": ("未使用的工作表", "Sheet not used"),
    "missing_column": ("缺少必需列", "Required column missing"),
    "missing_file": ("文件缺失", "File missing"),
    "missing_table": ("缺少必需表", "Required table missing"),
    "negative": ("数值为负", "Negative number"),
    "no_data": ("没有数据", "No data"),
    "not_a_number": ("不是数字", "Not a number"),
    "not_in_vocabulary": ("取值不在允许范围", "Value not allowed"),
    "not_whole": ("应为整数", "Not a whole number"),
    "required_empty": ("必填项为空", "Required value empty"),
    "required_empty_kept": ("必填项为空（已保留）", "Required value empty (kept)"),
    "unknown_reference": ("引用的编号不存在", "Unknown reference"),
    "unknown_sheet": ("工作表不存在", "Sheet not found"),
    "unmatched_join": ("无法关联", "Rows that do not join"),
    "untyped_source": ("线索来源未标主动/被动", "Lead source without active/passive"),
}


def _field_label(table, column):
    """A finding's column as ``(zh, en)`` labels when it is a kit field, else as the client wrote it."""
    try:
        return column_label(table, column, "zh"), column_label(table, column, "en")
    except (KeyError, TypeError):
        return column


def compute(client) -> Result:
    """The data overview of ``client``: tables supplied, records per month, field completeness, findings.

    Figures: ``overview.rows`` (rows per table) and ``overview.findings`` (count).
    """
    tables = {name: client.table(name) for name in TABLES}
    summary = table_overview(tables)
    supplied = summary[summary["rows"] > 0]
    missing = summary.loc[summary["rows"] == 0, "table"].tolist()
    findings = client.findings()
    labels = {"table": {name: (table_label(name, "zh"), table_label(name, "en")) for name in TABLES},
              "rule": RULE_LABELS}
    shown = summary.assign(label=summary["table"])[["label", "rows", "fields_filled", "fields_total", "fill_rate",
                                                    "first_date", "last_date"]]
    shown = shown.sort_values("rows", ascending=False, kind="stable")
    rows_in_all = Count(int(supplied["rows"].sum()))
    finding = (Text("find.overview.tables", supplied=Count(len(supplied)), total=Count(len(summary)), rows=rows_in_all,
                    missing=[Code("table", m) for m in missing]) if missing
               else Text("find.overview.tables_all", total=Count(len(summary)), rows=rows_in_all))
    sections = [Section("tables", finding=finding,
                        tables=(Table("overview_tables", shown, kinds={"label": "code"}, vocab={"label": "table"},
                                      headers={"label": Text("ov.label")}),))]
    volume = monthly_volume(tables)
    if len(volume):
        busiest = volume.groupby("month")["rows"].sum()
        sections.append(Section("monthly", finding=Text("find.overview.monthly", first=Month(volume["month"].min()),
                                                        last=Month(volume["month"].max()),
                                                        peak=Month(busiest.idxmax())),
                                chart=Chart(plot_monthly_volume, (volume,))))
    else:
        sections.append(Section("monthly", needs=tuple(f"{name}.{col}" for name, col in TABLE_DATES.items())))
    if tables.get("customers") is not None:
        fill = field_fill_rates(tables["customers"], "customers").sort_values("fill_rate", kind="stable")
        fill = fill.assign(label=fill["field"])[["label", "required", "fill_rate"]]
        thin = fill[fill["fill_rate"] < 0.8]
        sections.append(Section("completeness",
                                finding=Text("find.overview.completeness", n=Count(len(thin)), total=Count(len(fill)),
                                             worst=[Code("customer_field", f) for f in thin["label"].head(3)]
                                             or Text("fmt.none")),
                                tables=(Table("overview_completeness", fill, kinds={"label": "code"},
                                              vocab={"label": "customer_field"}, headers={"label": Text("ov.field")},
                                              rows=40),)))
        labels["customer_field"] = {f.name: (column_label("customers", f.name, "zh"),
                                             column_label("customers", f.name, "en"))
                                    for f in TABLES["customers"].fields}
    else:
        sections.append(Section("completeness", needs=("customers",)))
    counts = findings["rule"].value_counts()
    rows = findings.assign(
        expected=[(zh if isinstance(zh, str) and zh else en, en) for zh, en in
                  zip(findings["expected_zh"], findings["expected"])],
        fix=[(zh if isinstance(zh, str) and zh else en, en) for zh, en in zip(findings["fix_zh"], findings["fix"])],
    )[["table", "file", "sheet", "row", "column", "value", "rule", "expected", "fix"]]
    rows["row"] = pd.to_numeric(rows["row"], errors="coerce").astype("Int64")
    rows["column"] = [_field_label(table, column) for table, column in zip(rows["table"], rows["column"])]
    sections.append(Section("findings",
                            finding=Text("find.overview.findings" if len(findings) else "find.overview.no_findings",
                                         n=Count(len(findings)),
                                         top=[Code("rule", r) for r in counts.index[:3]] or Text("fmt.none")),
                            tables=(Table("overview_findings", rows,
                                          kinds={"table": "code", "rule": "code", "row": "count", "value": "name",
                                                 "column": "text",
                                                 "expected": "text", "fix": "text"},
                                          vocab={"table": "table", "rule": "rule"}, rows=20),)))
    actions = []
    if len(findings):
        actions.append(Action(Text("act.overview.fix", n=Count(len(findings))), sheet="overview_findings"))
    if missing:
        actions.append(Action(Text("act.overview.ask", missing=[Code("table", m) for m in missing])))
    figures = {"overview.rows": dict(zip(summary["table"], summary["rows"])), "overview.findings": len(findings)}
    context = {"client": client.config.client_name, "currency": client.config.currency, "as_of": client.as_of}
    return Result("overview", tuple(sections), figures, tuple(actions), labels, context)
