"""Catalogue: the data overview chapter."""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "chapter.overview": ("数据概览", "Data overview"),
    "section.overview.tables": ("贵公司提供的数据决定本报告能做哪些分析", "The data you supplied decide which analyses the "
                                                               "report can make"),
    "section.overview.monthly": ("每月的记录量显示业务的节奏", "Records per month show the rhythm of the business"),
    "section.overview.completeness": ("客户资料越完整，客户分级越准确",
                                      "The more complete the customer records, the more accurate the grading"),
    "section.overview.findings": ("需要贵公司核对的数据列于下表", "The data to check on your side are listed below"),
    "find.overview.tables": ("贵公司提供了 {supplied}/{total} 张表，共 {rows} 行记录；缺少：{missing}。",
                             "You supplied {supplied} of {total} tables, {rows} records in all; "
                             "missing: {missing}."),
    "find.overview.tables_all": ("贵公司提供了全部 {total} 张表，共 {rows} 行记录，足以支撑全部分析；"
                                 "个别字段的缺漏见下文。",
                                 "You supplied all {total} tables, {rows} records in all: enough for every "
                                 "analysis; gaps in single fields follow below."),
    "find.overview.monthly": ("记录覆盖 {first} 至 {last}，{peak}的记录最多。",
                              "The records run from {first} to {last}; {peak} has the most."),
    "find.overview.completeness": ("客户表 {total} 个字段中有 {n} 个填写率低于 80%，最缺：{worst}。",
                                   "{n} of the {total} customer fields are less than 80% filled; "
                                   "the emptiest: {worst}."),
    "find.overview.findings": ("共有 {n} 条数据质量提示，最多的几类：{top}。",
                               "Data-quality findings: {n}; the most common: {top}."),
    "find.overview.finding_one": ("有 1 条数据质量提示：{top}。", "One data-quality finding: {top}."),
    "find.overview.monthly_leads": ("记录覆盖 {first} 至 {last}；新增线索在 {peak} 最多（{peak_n} 条），"
                                    "在 {low} 最少（{low_n} 条）。",
                                    "The records run from {first} to {last}; new leads peak in {peak} ({peak_n}) "
                                    "and are fewest in {low} ({low_n})."),
    # the chapter summary
    "sum.overview.tables": ("贵公司提供了 {supplied}/{total} 张表、共 {rows} 行记录，覆盖 {first} 至 {last}。",
                            "You supplied {supplied} of {total} tables, {rows} records from {first} to {last}."),
    "sum.overview.complete": ("客户资料 {total} 个字段的填写率均不低于 80%。",
                              "All {total} customer fields are at least 80% filled."),
    "sum.overview.thin": ("客户资料 {total} 个字段中有 {n} 个填写率低于 80%，最低的是{worst}，填写率 {rate}。",
                          "{n} of the {total} customer fields are less than 80% filled; the emptiest, {worst}, is "
                          "{rate} filled."),
    "sum.overview.fix": ("数据检查发现 {n} 条需要贵公司核对改正的记录，另有 {info} 条提示仅供参考。",
                         "The data checks found {n} records to check and correct, and {info} notes for information "
                         "only."),
    "sum.overview.clean": ("数据检查未发现需要改正的记录；{info} 条提示仅供参考。",
                           "The data checks found no record to correct; {info} notes are for information only."),
    "sum.overview.with_labels": ("{checks}另有 {n} 个分类值（{vocabs}）尚无英文名称，英文版报告按原文显示。",
                                 "{checks} {n} category values ({vocabs}) have no English label yet: the English "
                                 "report shows them as written."),
    "vocab.label_vocab.source": ("线索来源", "lead sources"),
    "vocab.label_vocab.industry": ("行业", "industries"),
    "vocab.label_vocab.region": ("区域", "regions"),
    "vocab.label_vocab.main_business": ("主营业务", "main businesses"),
    "vocab.label_vocab.team": ("团队", "teams"),
    "vocab.label_vocab.lost_reason": ("丢单原因", "lost reasons"),
    # the chapter's actions: data chores, not sized on the 12-month value scale
    "act.overview.labels": ("为 {n} 个分类值补充英文名称，英文版报告即以英文显示",
                            "Add English labels for {n} category values so the English report shows them in English"),
    "basis.overview.fix": ("不计金额：改正 {n} 条记录让用到它们的分析完整，本身不带来新增赢单",
                           "Not sized: correcting the {n} records completes the analyses that use them; it adds no "
                           "revenue by itself"),
    "basis.overview.ask": ("不计金额：补充 {n} 张表后需要它们的分析即可完成，本身不带来新增赢单",
                           "Not sized: the {n} missing tables enable the analyses that need them; they add no "
                           "revenue by themselves"),
    "basis.overview.labels": ("不计金额：{n} 个英文名称只影响英文版报告的可读性",
                              "Not sized: the {n} English labels make the English report readable; they add no "
                              "revenue"),
    "who.overview.crm": ("CRM 管理员", "CRM administrator"),
    "who.overview.consultant": ("项目顾问", "Engagement consultant"),
    "step.overview.fix": ("按附录「数据质量提示」工作表逐条核对并在源系统中改正",
                          "Work through the appendix sheet \"Data-quality findings\" and correct each record at "
                          "its source"),
    "step.overview.ask": ("从 CRM 或财务系统导出{missing}，放入数据文件夹", "Export {missing} from the CRM or the "
                                                                     "finance system into the data folder"),
    "step.overview.labels": ("在 client.yaml 中为附录「数据质量提示」所列分类逐一补充英文名称",
                             "Add an English label for each category the appendix sheet \"Data-quality findings\" "
                             "lists, in client.yaml"),
    "kpi.overview.fix": ("需改正的数据质量提示由 {n} 条降为 0", "Findings to correct: from {n} down to 0"),
    "kpi.overview.ask": ("缺少的表由 {n} 张降为 0", "Missing tables: from {n} down to 0"),
    "kpi.overview.labels": ("无英文名称的分类值由 {n} 个降为 0", "Category values without an English label: from {n} "
                                                          "down to 0"),
    "note.overview.derived": ("{fields}由本报告按接触与赢单记录推算，缺填不影响分析，不计入上述字段。",
                              "{fields}: derived by the report from contacts and won deals; an empty column does "
                              "not hold the analysis back and is not counted above."),
    "note.overview.blank_means": ("{fields}为空表示该客户此前没有成交，不是缺填，不计入上述字段。",
                                  "{fields}: empty where the customer had never bought before, an answer rather than "
                                  "a gap; not counted above."),
    "note.overview.both": ("{first}{second}", "{first} {second}"),
    "find.overview.no_findings": ("数据检查未发现质量问题。", "The data checks found no quality issues."),
    "act.overview.fix": ("请贵公司核对并改正 {n} 条数据质量提示，再重新提供数据",
                         "Check and correct the {n} data-quality findings, then send the data again"),
    "act.overview.ask": ("请贵公司补充缺少的数据：{missing}", "Send the missing data: {missing}"),
    "table.overview_tables": ("数据清单", "Tables supplied"),
    "table.overview_completeness": ("客户字段填写率", "Customer field fill rates"),
    "table.overview_findings": ("数据质量提示", "Data-quality findings"),
    "fmt.none": ("无", "none"),
    "ov.chart.month": ("月份", "Month"),
    "ov.chart.records": ("记录数", "Records"),
    "ov.chart.title": ("{peak} 的记录最多", "{peak} holds the most records"),
    "ov.chart.title_leads": ("新增线索在 {peak} 最多、在 {low} 最少", "New leads peak in {peak} and are fewest in {low}"),
    # data-quality rules as a reader names them
    "vocab.rule.bad_bool": ("是/否值无法识别", "Yes/no value not recognised"),
    "vocab.rule.bad_date": ("日期无法识别", "Date not recognised"),
    "vocab.rule.corrupt_file": ("文件无法读取", "File cannot be read"),
    "vocab.rule.date_order": ("日期先后颠倒", "Dates in the wrong order"),
    "vocab.rule.duplicate_header": ("列名重复", "Duplicate column name"),
    "vocab.rule.duplicate_id": ("编号重复", "Duplicate ID"),
    "vocab.rule.duplicate_table": ("同一张表提供了两次", "Table supplied twice"),
    "vocab.rule.empty_file": ("文件为空", "Empty file"),
    "vocab.rule.empty_optional": ("可选列整列为空", "Optional column empty"),
    "vocab.rule.derived_empty": ("空列由本报告推算", "Empty column the report derives"),
    "vocab.rule.encoding": ("文件编码", "File encoding"),
    "vocab.rule.file_type": ("文件类型不支持", "File type not supported"),
    "vocab.rule.future_date": ("日期晚于今天", "Date in the future"),
    "vocab.rule.ignored_file": ("未使用的文件", "File not used"),
    "vocab.rule.ignored_sheet": ("未使用的工作表", "Sheet not used"),
    "vocab.rule.missing_column": ("缺少必需列", "Required column missing"),
    "vocab.rule.missing_file": ("文件缺失", "File missing"),
    "vocab.rule.missing_table": ("缺少必需表", "Required table missing"),
    "vocab.rule.negative": ("数值为负", "Negative number"),
    "vocab.rule.no_data": ("没有数据", "No data"),
    "vocab.rule.not_a_number": ("不是数字", "Not a number"),
    "vocab.rule.not_in_vocabulary": ("取值不在允许范围", "Value not allowed"),
    "vocab.rule.not_whole": ("应为整数", "Not a whole number"),
    "vocab.rule.required_empty": ("必填项为空", "Required value empty"),
    "vocab.rule.required_empty_kept": ("必填项为空（已保留）", "Required value empty (kept)"),
    "vocab.rule.required_empty_unknown": ("必填项为空（记为未知）", "Required value empty (kept as Unknown)"),
    "vocab.rule.unknown_reference": ("引用的编号不存在", "Unknown reference"),
    "vocab.rule.unknown_sheet": ("工作表不存在", "Sheet not found"),
    "vocab.rule.unmatched_join": ("无法关联", "Rows that do not join"),
    "vocab.rule.no_english_label": ("分类缺少英文名称", "Category without an English label"),
    "vocab.rule.untyped_source": ("线索来源未标主动/被动", "Lead source without active/passive"),
    "col.fields_filled": ("已填字段", "Fields filled"),
    "col.fields_total": ("字段总数", "Fields"),
    "col.fill_rate": ("填写率", "Fill rate"),
    "col.first_date": ("最早日期", "First date"),
    "col.last_date": ("最晚日期", "Last date"),
    "col.rows": ("行数", "Rows"),
    "col.required": ("必填", "Required"),
}
