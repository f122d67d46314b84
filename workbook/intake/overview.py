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
from workbook.intake.quality import DERIVED, INFO_RULES

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
    from workbook.core.i18n import t

    ax.set_xlabel(t("ov.chart.month", lang))
    ax.set_ylabel(t("ov.chart.records", lang))
    ax.set_title(t("ov.chart.title", lang))
    ax.legend(title=None, frameon=False)
    return ax


# --- the chapter's result --------------------------------------------------------------------------------------


def _field_label(table, column):
    """A finding's column (or ``", "``-joined columns) as ``(zh, en)`` labels when they are kit fields, else as
    the client wrote it.

    >>> _field_label("leads", "source, owner")
    ('线索来源、负责人', 'Source, Owner')
    """
    try:
        names = str(column).split(", ")
        zh = "、".join(column_label(table, name, "zh") for name in names)
        return zh, ", ".join(column_label(table, name, "en") for name in names)
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
    labels = {}  # tables and data-quality rules are labelled by the catalogue
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
        derived = fill["label"].isin(DERIVED[c.CUSTOMERS]).to_numpy(dtype=bool)
        thin = fill[(fill["fill_rate"] < 0.8).to_numpy(dtype=bool) & ~derived]
        empty_derived = fill.loc[derived & (fill["fill_rate"] < 0.8).to_numpy(dtype=bool), "label"]
        note = None if empty_derived.empty else Text(
            "note.overview.derived", fields=[Code("customer_field", f) for f in empty_derived])
        sections.append(Section("completeness", note=note,
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
                            finding=Text(("find.overview.no_findings", "find.overview.finding_one")[len(findings)]
                                         if len(findings) < 2 else "find.overview.findings",
                                         n=Count(len(findings)),
                                         top=[Code("rule", r) for r in counts.index[:3]] or Text("fmt.none")),
                            tables=(Table("overview_findings", rows,
                                          kinds={"table": "code", "rule": "code", "row": "count", "value": "name",
                                                 "column": "text",
                                                 "expected": "text", "fix": "text"},
                                          vocab={"table": "table", "rule": "rule"}, rows=20),)))
    actions = []
    to_fix = int((~findings["rule"].isin(INFO_RULES)).sum())
    if to_fix:
        actions.append(Action(Text("act.overview.fix", n=Count(to_fix)), sheet="overview_findings"))
    if missing:
        actions.append(Action(Text("act.overview.ask", missing=[Code("table", m) for m in missing])))
    figures = {"overview.rows": dict(zip(summary["table"], summary["rows"])), "overview.findings": len(findings)}
    context = {"client": client.config.client_name, "currency": client.config.currency, "as_of": client.as_of}
    return Result("overview", tuple(sections), figures, tuple(actions), client.with_labels(labels), context)
