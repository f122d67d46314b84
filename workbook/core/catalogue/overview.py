"""Catalogue: the data overview chapter."""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "chapter.overview": ("数据概览", "Data overview"),
    "section.overview.tables": ("客户提供的数据", "What the client supplied"),
    "section.overview.monthly": ("按月记录数", "Records per month"),
    "section.overview.completeness": ("客户资料完整度", "How complete the customer records are"),
    "section.overview.findings": ("需要客户核对的数据", "Data the client should check"),
    "find.overview.tables": ("客户提供了 {supplied}/{total} 张表，共 {rows} 行记录；缺少：{missing}。",
                             "The client supplied {supplied} of {total} tables, {rows} records in all; "
                             "missing: {missing}."),
    "find.overview.tables_all": ("客户提供了全部 {total} 张表，共 {rows} 行记录，数据齐全。",
                                 "The client supplied all {total} tables, {rows} records in all."),
    "find.overview.monthly": ("记录覆盖 {first} 至 {last}，{peak}的记录最多。",
                              "The records run from {first} to {last}; {peak} has the most."),
    "find.overview.completeness": ("客户表 {total} 个字段中有 {n} 个填写率低于 80%，最缺：{worst}。",
                                   "{n} of the {total} customer fields are less than 80% filled; "
                                   "the emptiest: {worst}."),
    "find.overview.findings": ("共有 {n} 条数据质量提示，最常见：{top}。",
                               "Data-quality findings: {n}; the most common: {top}."),
    "find.overview.no_findings": ("数据检查未发现质量问题。", "The data checks found no quality issues."),
    "act.overview.fix": ("请客户核对并改正 {n} 条数据质量提示后重新导出",
                         "Ask the client to check and correct the {n} data-quality findings and export again"),
    "act.overview.ask": ("向客户索取缺少的数据：{missing}", "Ask the client for the missing data: {missing}"),
    "table.overview_tables": ("数据清单", "Tables supplied"),
    "table.overview_completeness": ("客户字段填写率", "Customer field fill rates"),
    "table.overview_findings": ("数据质量提示", "Data-quality findings"),
    "fmt.none": ("无", "none"),
    "col.fields_filled": ("已填字段", "Fields filled"),
    "col.fields_total": ("字段总数", "Fields"),
    "col.fill_rate": ("填写率", "Fill rate"),
    "col.first_date": ("最早日期", "First date"),
    "col.last_date": ("最晚日期", "Last date"),
    "col.rows": ("行数", "Rows"),
    "col.required": ("必填", "Required"),
}
