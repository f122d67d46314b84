"""The data overview: what the client sent, how complete it is, what to fix.

Pure functions on a :class:`~workbook.core.client.Client`'s clean tables; the
``00_data_overview`` notebook displays them.
"""
from __future__ import annotations

import re

import pandas as pd

from workbook.core import columns as c
from workbook.core.i18n import column_label, table_label
from workbook.core.result import Action, Chart, Code, Count, Month, Rate, Result, Section, Table, Text
from workbook.core.schema import TABLES, UNKNOWN
from workbook.intake.quality import DERIVED, INFO_RULES, TABLE_DATES


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


# the client's own categories a report shows, by the vocabulary of ``labels:`` in client.yaml
LABELLED = {"source": (c.LEADS, c.SOURCE), "industry": (c.CUSTOMERS, c.INDUSTRY), "region": (c.CUSTOMERS, c.REGION),
            "main_business": (c.CUSTOMERS, c.MAIN_BUSINESS), "team": (c.REPS, c.TEAM),
            "lost_reason": (c.OPPORTUNITIES, c.LOST_REASON)}
BLANK_MEANS = {c.CUSTOMERS: (c.FIRST_WON_DATE,)}  # fields whose blank is an answer (never bought before), not a gap
NO_LABEL = "no_english_label"  # the finding's rule: categories an English report would show in Chinese
_CJK = re.compile(r"[\u3400-\u9fff]")


def unlabelled_categories(tables: dict[str, pd.DataFrame | None], labels) -> pd.DataFrame:
    """The client's categories an English report would show in Chinese: written in Chinese, no English label.

    ``labels`` is ``{vocab: {code: (zh, en)}}`` (:meth:`workbook.core.config.ClientConfig.vocab_labels`).
    One row per vocabulary with such values: ``vocab``, ``table``, ``column``, ``values`` (the values, most
    frequent first) and ``n`` (how many).

    >>> leads = pd.DataFrame({"source": ["网站", "展会", "网站", "Web", None]})
    >>> out = unlabelled_categories({"leads": leads}, {"source": {"展会": ("展会", "Trade shows")}})
    >>> out[["vocab", "table", "column", "n"]].values.tolist(), out["values"].tolist()
    ([['source', 'leads', 'source', 1]], [('网站',)])
    """
    rows = []
    for vocab, (table, column) in LABELLED.items():
        frame = tables.get(table)
        if frame is None or column not in frame:
            continue
        named = {code for code, (_, en) in labels.get(vocab, {}).items() if not _CJK.search(str(en))}
        values = frame[column].dropna().astype(str).value_counts(sort=True).index
        left = tuple(v for v in values if v != UNKNOWN and _CJK.search(v) and v not in named)
        if left:
            rows.append({"vocab": vocab, "table": table, "column": column, "values": left, "n": len(left)})
    return pd.DataFrame(rows, columns=["vocab", "table", "column", "values", "n"])


def label_findings(unlabelled: pd.DataFrame) -> pd.DataFrame:
    """:func:`unlabelled_categories` as rows of the data-quality findings (rule ``no_english_label``), each
    saying how to fix it: add the values under ``labels:`` in client.yaml."""
    rows = []
    for row in unlabelled.itertuples(index=False):
        first, shown = row.values[0], " / ".join(row.values[:6]) + (" / …" if row.n > 6 else "")
        rows.append({"table": row.table, "file": "client.yaml", "sheet": None, "row": None, "column": row.column,
                     "value": shown, "rule": NO_LABEL,
                     "expected": "an English label for each category the English report shows",
                     "expected_zh": "英文版报告中贵公司的每个分类都有英文名称",
                     "fix": f"add them under labels: in client.yaml, e.g. labels: {{{row.vocab}: {{{first}: "
                            "{en: ...}}} (until then the English report shows them as written)",
                     "fix_zh": f"在 client.yaml 中为这些分类逐一补充英文名称（例如「{first}」），"
                               "补充前英文版报告按原文显示"})
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


def plot_monthly_volume(data: pd.DataFrame, *, title: Text | None = None, lang: str = "zh", ax=None):
    """Line chart of :func:`monthly_volume` output, one line per table, titled with the finding; returns the Axes."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.6))
    shown = data.assign(label=data["table"].map(lambda t: table_label(t, lang)))
    sns.lineplot(data=shown, x="month", y="rows", hue="label", marker="o", ax=ax)
    from workbook.core.i18n import t

    ax.set_xlabel(t("ov.chart.month", lang))
    ax.set_ylabel(t("ov.chart.records", lang))
    if title is not None:
        from workbook.core.formats import render

        ax.set_title(render(title, lang))
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


def _bilingual(findings: pd.DataFrame, column: str) -> list:
    return [(zh if isinstance(zh, str) and zh else en, en) for zh, en in
            zip(findings[f"{column}_zh"], findings[column])]


def _monthly(tables: dict[str, pd.DataFrame | None]) -> Section:
    volume = monthly_volume(tables)
    if not len(volume):
        return Section("monthly", needs=tuple(f"{name}.{col}" for name, col in TABLE_DATES.items()))
    first, last = Month(volume["month"].min()), Month(volume["month"].max())
    leads = volume[volume["table"] == c.LEADS].set_index("month")["rows"]
    if len(leads) >= 2 and leads.max() > leads.min():  # the rhythm: the months with the most and fewest leads
        peak, low = leads.idxmax(), leads.idxmin()
        finding = Text("find.overview.monthly_leads", first=first, last=last, peak=Month(peak),
                       peak_n=Count(int(leads[peak])), low=Month(low), low_n=Count(int(leads[low])))
        title = Text("ov.chart.title_leads", peak=Month(peak), low=Month(low))
    else:
        busiest = volume.groupby("month")["rows"].sum()
        finding = Text("find.overview.monthly", first=first, last=last, peak=Month(busiest.idxmax()))
        title = Text("ov.chart.title", peak=Month(busiest.idxmax()))
    return Section("monthly", finding=finding, chart=Chart(plot_monthly_volume, (volume,), {"title": title}))


def _completeness(customers: pd.DataFrame | None) -> tuple[Section, dict, Text | None]:
    """The customer fields' fill rates: the section, the field labels, the summary sentence."""
    if customers is None:
        return Section("completeness", needs=("customers",)), {}, None
    fill = field_fill_rates(customers, "customers").sort_values("fill_rate", kind="stable")
    fill = fill.assign(label=fill["field"])[["label", "required", "fill_rate"]]
    low = (fill["fill_rate"] < 0.8).to_numpy(dtype=bool)
    derived = fill["label"].isin(DERIVED[c.CUSTOMERS]).to_numpy(dtype=bool)
    answer = fill["label"].isin(BLANK_MEANS[c.CUSTOMERS]).to_numpy(dtype=bool)
    thin = fill[low & ~derived & ~answer]
    notes = [Text(key, fields=[Code("customer_field", f) for f in fill.loc[low & which, "label"]])
             for key, which in (("note.overview.derived", derived), ("note.overview.blank_means", answer))
             if (low & which).any()]
    note = None if not notes else notes[0] if len(notes) == 1 else Text("note.overview.both", first=notes[0],
                                                                         second=notes[1])
    section = Section("completeness", note=note,
                      finding=Text(("find.overview.completeness_none", "find.overview.completeness_one")[len(thin)]
                                   if len(thin) < 2 else "find.overview.completeness",
                                   n=Count(len(thin)), total=Count(len(fill)),
                                   worst=[Code("customer_field", f) for f in thin["label"].head(3)]
                                   or Text("fmt.none")),
                      tables=(Table("overview_completeness", fill, kinds={"label": "code"},
                                    vocab={"label": "customer_field"}, headers={"label": Text("ov.field")},
                                    rows=40),))
    labels = {"customer_field": {f.name: (column_label("customers", f.name, "zh"),
                                          column_label("customers", f.name, "en"))
                                 for f in TABLES["customers"].fields}}
    if thin.empty:
        line = Text("sum.overview.complete", total=Count(len(fill)))
    else:
        worst = thin.iloc[0]
        line = Text("sum.overview.thin_one" if len(thin) == 1 else "sum.overview.thin", n=Count(len(thin)),
                    total=Count(len(fill)),
                    worst=Code("customer_field", worst["label"]), rate=Rate(float(worst["fill_rate"])))
    return section, labels, line


def _actions(to_fix: int, missing: list[str], unlabelled: pd.DataFrame) -> list[Action]:
    """The chapter's chores: value 0 on the one scale (data work enables the analyses, it adds no revenue)."""
    actions = []
    if to_fix:
        actions.append(Action(Text("act.overview.fix", n=Count(to_fix)), sheet="overview_findings", pool="data",
                              basis=Text("basis.overview.fix", n=Count(to_fix)), who=Text("who.overview.crm"),
                              step=Text("step.overview.fix"), kpi=Text("kpi.overview.fix", n=Count(to_fix)),
                              days=30, section="findings"))
    if missing:
        tables = [Code("table", m) for m in missing]
        actions.append(Action(Text("act.overview.ask", missing=tables), pool="data",
                              basis=Text("basis.overview.ask", n=Count(len(missing))), who=Text("who.overview.crm"),
                              step=Text("step.overview.ask", missing=tables),
                              kpi=Text("kpi.overview.ask", n=Count(len(missing))), days=60, section="tables"))
    if len(unlabelled):
        n = Count(int(unlabelled["n"].sum()))
        actions.append(Action(Text("act.overview.labels", n=n), sheet="overview_findings", pool="data",
                              basis=Text("basis.overview.labels", n=n), who=Text("who.overview.consultant"),
                              step=Text("step.overview.labels"), kpi=Text("kpi.overview.labels", n=n), days=30,
                              section="findings"))
    return actions


def compute(client) -> Result:
    """The data overview of ``client``: tables supplied, records per month, field completeness, findings.

    The findings are intake's and, for an English report, the client's categories that have no English
    label (:func:`unlabelled_categories`). Figures: ``overview.rows`` (rows per table), ``overview.findings``
    (count, intake's) and ``overview.unlabelled`` (category values without an English label).
    """
    tables = {name: client.table(name) for name in TABLES}
    summary = table_overview(tables)
    supplied = summary[summary["rows"] > 0]
    missing = summary.loc[summary["rows"] == 0, "table"].tolist()
    findings = client.findings()
    unlabelled = unlabelled_categories(tables, client.labels)
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
                                      headers={"label": Text("ov.label")}),)),
                _monthly(tables)]
    completeness, field_labels, complete_line = _completeness(tables.get("customers"))
    sections.append(completeness)
    labels.update(field_labels)
    everything = pd.concat([findings, label_findings(unlabelled)], ignore_index=True) if len(unlabelled) else findings
    counts = everything["rule"].value_counts()
    rows = everything.assign(expected=_bilingual(everything, "expected"), fix=_bilingual(everything, "fix"))[
        ["table", "file", "sheet", "row", "column", "value", "rule", "expected", "fix"]]
    rows["row"] = pd.to_numeric(rows["row"], errors="coerce").astype("Int64")
    rows["column"] = [_field_label(table, column) for table, column in zip(rows["table"], rows["column"])]
    sections.append(Section("findings",
                            finding=Text(("find.overview.no_findings", "find.overview.finding_one")[len(everything)]
                                         if len(everything) < 2 else "find.overview.findings",
                                         n=Count(len(everything)),
                                         top=[Code("rule", r) for r in counts.index[:3]] or Text("fmt.none")),
                            tables=(Table("overview_findings", rows,
                                          kinds={"table": "code", "rule": "code", "row": "count", "value": "name",
                                                 "column": "text",
                                                 "expected": "text", "fix": "text"},
                                          vocab={"table": "table", "rule": "rule"}, rows=20),)))
    to_fix = int((~findings["rule"].isin(INFO_RULES)).sum())
    # English labels matter to an English report only: a Chinese one gets no chore for them (the finding stays)
    for_report = unlabelled if client.config.language == "en" else unlabelled.iloc[0:0]
    actions = _actions(to_fix, missing, for_report)
    periods = supplied.dropna(subset=["first_date"])
    last = periods["last_date"].max()
    if client.as_of is not None and pd.notna(last):  # scheduled and expected dates after the last event: not covered
        last = min(last, pd.Timestamp(client.as_of))
    headline = (Text("sum.overview.tables", supplied=Count(len(supplied)), total=Count(len(summary)),
                     rows=rows_in_all, first=Month(periods["first_date"].min()), last=Month(last))
                if len(periods) else finding)
    checks = (Text("sum.overview.fix", n=Count(to_fix), info=Count(len(findings) - to_fix)) if to_fix
              else Text("sum.overview.clean", info=Count(len(findings))))
    if len(for_report):
        checks = Text("sum.overview.with_labels", checks=checks, n=Count(int(unlabelled["n"].sum())),
                      vocabs=[Code("label_vocab", v) for v in unlabelled["vocab"]])
    chapter_summary = tuple(line for line in (headline, complete_line, checks) if line is not None)
    # the main report has little room for the data overview: what was supplied, and what to fix when there is any
    exhibits = ("tables", "findings") if to_fix or missing or len(unlabelled) else ("tables",)
    figures = {"overview.rows": dict(zip(summary["table"], summary["rows"])), "overview.findings": len(findings),
               "overview.unlabelled": int(unlabelled["n"].sum())}
    context = {"client": client.config.client_name, "currency": client.config.currency, "as_of": client.as_of}
    return Result("overview", tuple(sections), figures, tuple(actions), client.with_labels(labels), context,
                  summary=chapter_summary, exhibits=exhibits)
