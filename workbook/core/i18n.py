"""Chinese and English labels and messages, in one place.

Static texts live in :data:`MESSAGES` as ``{key: (zh, en)}``. Table, column
and vocabulary labels are generated from :mod:`workbook.core.schema`, stage and
time-category labels from a :class:`~workbook.core.config.ClientConfig`, so none is
written twice.

>>> t("validate.ok", "en", tables=3, rows=120)
'Data valid: 3 tables, 120 rows'
>>> column_label("customers", "headcount", "zh"), column_label("customers", "headcount", "en")
('人员规模', 'Headcount')
>>> t("value.level.quality"), tier_label(5, "en")
('优质', 'Tier 5')
"""
from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

from workbook.core import catalogue as _catalogue
from workbook.core.schema import TABLES, VOCABULARIES

if TYPE_CHECKING:
    from workbook.core.config import ClientConfig

__all__ = [
    "LANGS", "MESSAGES", "check_lang", "t", "table_label", "column_label", "value_label",
    "stage_label", "category_label", "tier_label", "humanise",
]

LANGS = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # analyses / notebooks
    # time allocation and cost to serve (notebook 04)
    "ta.w.share": ("转交比例", "Share moved"),
    "ta.w.support_cost": ("支持人员时薪", "Support hourly cost"),
    "ta.w.team": ("团队", "Team"),
    "ta.w.reps": ("销售", "Reps"),
    "ta.w.all": ("全部", "All"),
    "ta.w.to_phone": ("拜访改电话", "Visits to phone"),
    "ta.w.to_email": ("拜访改邮件", "Visits to e-mail"),
    # funnel diagnosis (notebook 03)
    "funnel.stage.leads": ("线索", "Leads"),
    "funnel.stage.followed_up": ("已跟进", "Followed up"),
    "funnel.stage.qualified": ("合格线索", "Qualified"),
    "funnel.stage.opportunity": ("商机", "Opportunity"),
    "funnel.stage.won": ("赢单", "Won"),
    "funnel.stage.cash": ("已回款", "Cash collected"),
    "funnel.chart.funnel": ("线索漏斗：从线索到回款", "Lead funnel: lead to cash"),
    "funnel.chart.count": ("数量", "Count"),
    "funnel.chart.delays": ("首次跟进时间分布", "Days to first follow-up"),
    "funnel.chart.delay_bucket": ("首次跟进用时（天）", "Days to first follow-up"),
    "funnel.chart.never": ("从未跟进", "Never"),
    "funnel.chart.share": ("线索占比", "Share of leads"),
    "funnel.chart.sources": ("线索来源：数量与赢单转化", "Lead sources: volume and conversion"),
    "funnel.chart.lead_to_win": ("线索赢单率", "Lead-to-win rate"),
    "funnel.chart.leads": ("线索数", "Leads"),
    "funnel.chart.inflow": ("每月线索流入与目标所需", "Monthly lead inflow vs what the target needs"),
    "funnel.chart.required": ("目标所需", "Needed for target"),
    "funnel.chart.month": ("月份", "Month"),
    "funnel.chart.calibration": ("预测校准：预测赢单率与实际赢单率", "Forecast calibration: predicted vs actual"),
    "funnel.chart.predicted": ("预测赢单率", "Predicted win probability"),
    "funnel.chart.observed": ("实际赢单率", "Observed win rate"),
    "funnel.chart.p_stage": ("按阶段", "By stage"),
    "funnel.chart.p_checklist": ("按阶段+要素", "Stage + checklist"),
    "funnel.chart.forecast": ("加权预测（90%区间）", "Weighted forecast (90% interval)"),
    "funnel.chart.amount": ("金额", "Amount"),
    "funnel.chart.reps": ("销售各阶段转化（收缩估计）", "Rep conversion by step (shrunk)"),
    # funnel diagnosis: opportunities without a created date
    # tiers of the customer quality matrix
    "tier.1": ("1级客户", "Tier 1"),
    "tier.2": ("2级客户", "Tier 2"),
    "tier.3": ("3级客户", "Tier 3"),
    "tier.4": ("4级客户", "Tier 4"),
    "tier.5": ("5级客户", "Tier 5"),
    "tier.none": ("未分级", "Not tiered"),
    # yes / no as written in the template
    "bool.true": ("是", "yes"),
    "bool.false": ("否", "no"),
    # CLI
    "validate.ok": ("数据有效：{tables} 张表，共 {rows} 行", "Data valid: {tables} tables, {rows} rows"),
    "validate.invalid": ("数据有误：发现 {n} 个问题，未写入任何清洗数据。",
                         "Invalid data: {n} problem(s); nothing was written to data/clean/."),
    "map.source": ("{where} → {table}（把握度 {confidence}）", "{where} -> {table} (confidence {confidence})"),
    "map.no_table": ("{where}：没有匹配的表", "{where}: no table fits"),
    "map.col.field": ("字段", "Field"),
    "map.col.column": ("源列", "Source column"),
    "map.col.confidence": ("把握度", "Confidence"),
    "map.col.how": ("依据", "Found by"),
    "map.how.header": ("列标题", "header"),
    "map.how.spelling": ("标题拼写相近", "similar header"),
    "map.how.values": ("取值", "values"),
    "map.how.values_map": ("取值需映射", "values need a map"),
    "map.how.join": ("可与其他文件关联", "joins another file"),
    "map.how.required": ("必填字段", "required field"),
    "map.how.shared": ("与另一字段共用此列", "column shared with another field"),
    "map.how.id": ("编号列（取值唯一）", "id column (unique values)"),
    "map.how.preset": ("预设映射", "preset"),
    "map.how.stages": ("阶段取自数据", "stages from the data"),
    "map.recognised": ("识别为 {name}（{total} 个列标题中找到 {found} 个），从预设 {preset} 开始",
                       "Recognised as {name} ({found} of {total} headers); starting from the preset {preset}"),
    "map.ask": ("阶段「{value}」（{rows} 行）的结果无法从数据判断：{evidence}。"
                "请输入 `won`（赢单）、`lost`（丢单）或 `open`（进行中）",
                "Stage '{value}' ({rows} rows): its outcome cannot be known from the data ({evidence}). "
                "won, lost or open?"),
    "map.guess": ("待确认：阶段「{value}」按 {likely} 处理（{evidence}）；"
                  "在 client.yaml 中核对，或用 --interactive 回答",
                  "To check: stage '{value}' is taken as {likely} ({evidence}); check it in client.yaml or answer "
                  "with --interactive"),
    "map.nothing": ("{path} 中没有可以映射的文件：上面的说明列出了每个文件未被读取或未被映射的原因",
                   "Nothing in {path} could be mapped: the notes above say why each file was not read or not mapped"),
    "map.stages": ("已按数据写入销售阶段：{stages}", "Stages adopted from the data: {stages}"),
    "map.evidence": ("写入的映射及依据：", "The map written, with its evidence:"),
    "map.conflict": ("注意：冲突：{conflict}；请改正其中之一", "Note: conflict: {conflict}; correct one of them"),
    "map.unmatched": ("未匹配的列：{columns}", "Unmatched columns: {columns}"),
    "map.none": ("无", "none"),
    "map.note": ("注意：{note}", "Note: {note}"),
    "map.hint": ("用 --write 把这些映射写入 {path}，然后运行 workbook validate。",
                 "Run again with --write to merge this map into {path}, then run workbook validate."),
    "map.written": ("已写入 {path}（备份：{backup}）：新增 {added} 个字段映射，保留原有 {kept} 个。",
                    "Written to {path} (backup: {backup}): {added} field(s) added, {kept} kept as they were."),
    "validate.findings": ("数据质量提示（不影响使用）：{n} 条", "Data-quality findings (not blocking): {n}"),
    "validate.more": ("完整清单见 {path}", "The full list is in {path}"),
    "sample.done": ("示例客户已生成：{path}", "Sample client written to {path}"),
    "new.done": ("客户目录已创建：{path}（请编辑 client.yaml，并把客户数据放入 data/raw/）",
                 "Client folder created: {path} (edit client.yaml and put the client's files in data/raw/)"),
    "template.done": ("数据收集模板已生成：{path}", "Intake template written to {path}"),
    "render.done": ("报告已生成：{path}", "Reports written to {path}"),
    "render.summary.ok": ("{client}：{n} 个笔记本中 {ok} 个完成，报告已生成：{path}",
                          "{client}: {ok} of {n} notebooks ok, report written: {path}"),
    "render.summary.up_to_date": ("{client}：{n} 个笔记本中 {ok} 个完成，报告无变化：{path}",
                                  "{client}: {ok} of {n} notebooks ok, report up to date: {path}"),
    "render.summary.failed": ("{client}：{n} 个笔记本中 {ok} 个完成、{failed} 个失败：报告未更新，见 {index}",
                              "{client}: {ok} of {n} ok, {failed} failed: report not updated, see {index}"),
    "render.summary.report_failed": ("{client}：{n} 个笔记本中 {ok} 个完成，但报告生成失败：{error}",
                                     "{client}: {ok} of {n} notebooks ok, but the report failed: {error}"),
    # reports (render, batch, combined report, index, appendix)
    "report.title": ("销售诊断报告", "Sales diagnosis report"),
    "report.contents": ("目录", "Contents"),
    "report.generated": ("生成时间", "Generated"),
    "report.kit": ("工具版本", "Kit version"),
    "index.title": ("报告索引", "Reports"),
    "index.report": ("完整报告（网页）", "Full report (HTML)"),
    "index.pdf": ("完整报告（PDF）", "Full report (PDF)"),
    "index.appendix": ("附录：全部表格（Excel）", "Appendix: every table (Excel)"),
    "index.metrics": ("关键指标（JSON）", "Key figures (JSON)"),
    "index.notebooks": ("各项分析", "Analyses"),
    "index.executed": ("已执行的笔记本", "executed notebook"),
    "index.failed": ("出错，见", "failed, see"),
    "index.failed_plain": ("出错", "failed"),
    "index.combined": ("报告文件（网页、PDF、附录）", "Report files (HTML, PDF, appendix)"),
    "index.incomplete": ("本次生成未完成：下列各项出错；已有的报告文件可能来自上一次生成。",
                         "This render did not complete: the items below failed; report files listed may be from an "
                         "earlier render."),
    "appendix.contents": ("目录", "Contents"),
    "appendix.sheet": ("工作表", "Sheet"),
    "appendix.notebook": ("笔记本", "Notebook"),
    "appendix.section": ("章节", "Section"),
    "appendix.rows": ("行数", "Rows"),
    "appendix.part": ("{section}（超出 Excel 单表行数上限，分 {parts} 表：本表为第 {part} 部分，"
                      "共 {total} 行中的第 {first}–{last} 行）",
                      "{section} (longer than an Excel sheet holds, in {parts} sheets: this is part {part}, "
                      "rows {first}–{last} of {total})"),
    "appendix.missing": ("{notebook} 的附录表「{sheet}」缺少数据文件 {file}；请用 --force 重新生成该客户的报告",
                         "{notebook}: the rows of the appendix table \"{sheet}\" are missing ({file}); render the "
                         "client again with --force"),
    "render.status.ok": ("完成", "ok"),
    "render.status.skipped": ("无变化，跳过", "up to date"),
    "render.status.failed": ("失败", "FAILED"),
    "render.col.client": ("客户", "Client"),
    "render.col.notebook": ("笔记本", "Notebook"),
    "render.col.status": ("状态", "Status"),
    "render.col.seconds": ("秒", "Seconds"),
    "render.col.where": ("出错位置（单元格：异常）", "Where (cell: exception)"),
    "error.config": ("配置错误：{message}", "Configuration error: {message}"),
    "error.debug": ("加 --debug 可查看完整错误信息。", "Add --debug to see the full traceback."),
    # the problem table
    # data overview (notebook 00)
    "ov.label": ("表名", "Table"),
    "ov.rows": ("行数", "Rows"),
    "ov.fields_filled": ("已填字段", "Fields filled"),
    "ov.fields_total": ("字段总数", "Fields"),
    "ov.fill_rate": ("字段覆盖率", "Field coverage"),
    "ov.first_date": ("最早日期", "First date"),
    "ov.last_date": ("最晚日期", "Last date"),
    "ov.field": ("字段", "Field"),
    "ov.required": ("必填", "Required"),
    "ov.rule": ("类型", "Kind"),
    "col.table": ("表", "Table"),
    "col.file": ("文件", "File"),
    "col.sheet": ("工作表", "Sheet"),
    "col.row": ("行", "Row"),
    "col.column": ("列", "Column"),
    "col.value": ("值", "Value"),
    "col.rule": ("规则", "Rule"),
    "col.expected": ("应为", "Expected"),
    "col.fix": ("如何修改", "How to fix"),
    # the summary table
    "summary.table": ("表", "Table"),
    "summary.rows": ("行数", "Rows"),
    "summary.fields": ("已填字段", "Fields filled"),
    "summary.findings": ("提示", "Findings"),
    # the intake template's data dictionary
    "dict.title": ("数据收集模板：填写说明", "Intake template: how to fill it in"),
    "dict.table": ("表", "table"),
    "dict.field": ("字段（表头）", "field (header)"),
    "dict.meaning": ("含义", "meaning"),
    "dict.type": ("类型", "type"),
    "dict.required": ("必填", "required"),
    "dict.allowed": ("可选值", "allowed values"),
    "dict.example": ("示例", "example"),
    "dict.howto.1": ("每张表一个工作表，每行一条记录；请勿修改、删除或移动第 1 行的表头。",
                     "One sheet per table and one row per record; do not edit, delete or move the headers in row 1."),
    "dict.howto.2": ("第 2 行是示例：返回文件前请删除示例行，否则它会被当作数据导入。",
                     "Row 2 is an example: delete it before returning the file, otherwise it is loaded as data."),
    "dict.howto.3": ("日期请填写为 yyyy-mm-dd（例如 2025-03-02）。",
                     "Write dates as yyyy-mm-dd (for example 2025-03-02)."),
    "dict.howto.4": ("不知道的单元格请留空，不要填“无”、“-”或 0。",
                     "Leave unknown cells empty; do not write 'n/a', '-' or 0."),
    "dict.howto.5": ("带下拉框的列请从列表中选择；橙色表头为必填列。",
                     "Pick values from the drop-down lists; orange headers are required columns."),
    "dict.howto.6": ("同一客户、线索、商机、销售在各表中使用同一编号；没有数据的表只保留表头即可。",
                     "Use the same code for a customer, lead, opportunity or rep in every table; "
                     "leave a sheet with only its headers if you have no data for it."),
    "template.required_note": ("必填", "Required"),
    "template.date_prompt": ("日期格式 yyyy-mm-dd", "Date as yyyy-mm-dd"),
    "template.list_prompt": ("请从下拉列表中选择", "Pick a value from the list"),
    # customer inventory and quality matrix (inventory.py, matrix.py, their charts and widgets)
    "inv.it_share": ("IT人员占比", "IT share"),
    "inv.not_given": ("未填写", "not given"),
    "inv.unassigned": ("未分配", "unassigned"),
    "inv.cond.missing": ("缺少{field}", "{field} missing"),
    "inv.cond.not_in": ("{field}不属于{values}", "{field} not in {values}"),
    "inv.cond.below": ("{field} < {value}", "{field} < {value}"),
    "inv.reason.given": ("客户档案中已标注", "marked in your records"),
    "inv.reason.incomplete": ("资料不全：缺少{fields}", "incomplete record: missing {fields}"),
    "inv.reason.meets_all": ("满足直至{level}的全部规则", "meets every rule up to {level}"),
    "inv.reason.not_met": ("未满足{level}规则：{conditions}", "{level} rule not met: {conditions}"),
    "inv.reason.reached": ("已达{level}；", "{level} reached; "),
    "inv.rel.partner": ("赢单 {won} 个（≥{min_won}），距最近一次接触 {days} 天（≤{recent}）",
                        "{won} won deals (>= {min_won}), last contact {days} days ago (<= {recent})"),
    "inv.rel.familiar_contacts": ("近 {lookback} 天接触 {n} 次（≥{min}）",
                                  "{n} contacts in the last {lookback} days (>= {min})"),
    "inv.rel.familiar_won": ("赢单 {won} 个（≥{min}）", "{won} won deal(s) (>= {min})"),
    "inv.rel.neutral": ("近 {lookback} 天接触 {n} 次（<{min}），赢单 {won} 个",
                        "{n} contacts in the last {lookback} days (< {min}), {won} won deal(s)"),
    "inv.rel.untouched": ("无接触记录", "no contact on record"),
    "inv.rel.no_history": ("未提供客户接触记录", "no contact history supplied (activities table missing)"),
    "mx.revenue": ("客户年营收 {value}", "customer revenue {value}"),
    "wd.target_headcount": ("目标·最少人数", "Target: min headcount"),
    "wd.target_revenue": ("目标·最低营收(百万)", "Target: min revenue (M)"),
    "wd.quality_headcount": ("优质·最少人数", "Quality: min headcount"),
    "wd.quality_revenue": ("优质·最低营收(百万)", "Quality: min revenue (M)"),
    "wd.quality_growth": ("优质·最低三年增长", "Quality: min 3y growth"),
    "wd.strategic_revenue": ("战略·最低营收(百万)", "Strategic: min revenue (M)"),
    "wd.industries": ("ICP 行业（全不选=不限）", "ICP industries (none = any)"),
    "wd.lookback": ("接触统计天数", "Lookback days"),
    "wd.familiar_contacts": ("熟悉·最少接触次数", "Familiar: min contacts"),
    "wd.familiar_won": ("熟悉·最少赢单", "Familiar: min won deals"),
    "wd.partner_won": ("伙伴·最少赢单", "Partner: min won deals"),
    "wd.partner_recent": ("伙伴·最近接触天数", "Partner: contact within days"),
    "wd.owner": ("负责人", "Owner"),
    "wd.all_owners": ("全部", "All"),
    "wd.icp": ("ICP 规则（客户级别）", "ICP rules (customer level)"),
    "wd.relationship": ("关系规则", "Relationship rules"),
    # workshop mode: save the room's settings to client.yaml
    "ws.save": ("保存这些设置", "Save these settings"),
    "ws.saved": ("已保存到 {path}（原文件备份为 {backup}）：", "Saved to {path} (previous file kept as {backup}):"),
    "ws.unchanged": ("设置与 client.yaml 相同，未写入。", "The settings equal client.yaml: nothing written."),
    "ws.invalid": ("未保存，client.yaml 未改动：{error}", "Not saved, client.yaml untouched: {error}"),
    "ws.shares_differ": ("各勾选类别的转交比例不同；client.yaml 只有一个 offload_share，请设为相同比例后再保存。",
                         "The ticked categories have different shares; client.yaml holds one offload_share: "
                         "set one share for all of them to save."),
}

_twice = sorted(set(MESSAGES) & set(_catalogue.merged()))
if _twice:
    raise KeyError(f"catalogue keys defined twice (i18n and workbook.core.catalogue): {', '.join(_twice)}")
MESSAGES.update(_catalogue.merged())

_TOKENS_EN = {"id": "ID", "it": "IT", "3y": "(3 years)", "followup": "follow-up"}
_TABLES_EN = {"reps": "Sales team"}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is supported, else raise.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of zh, en, got 'fr'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def humanise(code: str) -> str:
    """Readable English from a snake_case code.

    >>> humanise("revenue_growth_3y"), humanise("customer_id"), humanise("technical_exchange")
    ('Revenue growth (3 years)', 'Customer ID', 'Technical exchange')
    """
    words = [_TOKENS_EN.get(w, w) for w in code.strip("_").split("_") if w]
    if not words:
        return code
    first = words[0]
    words[0] = first if first.isupper() or first.startswith("(") else first[:1].upper() + first[1:]
    return " ".join(words)


def table_label(name: str, lang: str = "zh") -> str:
    """Label of a canonical table: ``客户`` / ``Customers``.

    >>> table_label("time_log", "zh"), table_label("time_log", "en")
    ('时间分配', 'Time log')
    """
    check_lang(lang)
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    return TABLES[name].zh if lang == "zh" else _TABLES_EN.get(name, humanise(name))


def column_label(table: str, column: str, lang: str = "zh") -> str:
    """Label of a canonical column, from ``schema.TABLES``.

    >>> column_label("opportunities", "amount", "zh"), column_label("customers", "it_headcount", "en")
    ('金额', 'IT headcount')
    """
    check_lang(lang)
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    field = TABLES[table].field(column)
    return field.zh if lang == "zh" else humanise(field.name)


def value_label(vocab: str, code: str, lang: str = "zh") -> str:
    """Label of a vocabulary value, from ``schema.VOCABULARIES``.

    >>> value_label("status", "won", "zh"), value_label("activity_type", "technical_exchange", "en")
    ('赢单', 'Technical exchange')
    """
    check_lang(lang)
    if vocab not in VOCABULARIES:
        raise KeyError(f"unknown vocabulary {vocab!r}; vocabularies: {', '.join(VOCABULARIES)}")
    voc = VOCABULARIES[vocab]
    if code not in voc.codes:
        raise KeyError(f"unknown {vocab} value {code!r}; values: {', '.join(voc.codes)}")
    return voc.label(code, "zh") if lang == "zh" else humanise(code)


def stage_label(config: ClientConfig, name: str, lang: str = "zh") -> str:
    """Label of a funnel stage of ``config``: its ``label_zh`` or its name made readable.

    >>> from workbook.core.config import ClientConfig
    >>> cfg = ClientConfig(client_name="Demo")
    >>> stage_label(cfg, "solution", "zh"), stage_label(cfg, "solution", "en")
    ('方案', 'Solution')
    """
    check_lang(lang)
    for stage in config.stages:
        if stage.name == name:
            return stage.label_zh if lang == "zh" else humanise(stage.name)
    raise KeyError(f"unknown stage {name!r}; stages in client.yaml: {', '.join(s.name for s in config.stages)}")


def category_label(config: ClientConfig, name: str, lang: str = "zh") -> str:
    """Label of a time category of ``config``.

    >>> from workbook.core.config import ClientConfig
    >>> category_label(ClientConfig(client_name="Demo"), "customer_meeting", "en")
    'Customer meeting'
    """
    check_lang(lang)
    for category in config.time_categories:
        if category.name == name:
            return category.label_zh if lang == "zh" else humanise(category.name)
    names = ", ".join(c.name for c in config.time_categories)
    raise KeyError(f"unknown time category {name!r}; categories in client.yaml: {names}")


def tier_label(tier: int | str | None, lang: str = "zh") -> str:
    """Name of a tier of the customer quality matrix (1-5, or None for not an asset).

    >>> tier_label(1), tier_label(None), tier_label("none", "en")
    ('1级客户', '未分级', 'Not tiered')
    """
    import pandas as pd

    if isinstance(tier, str) and tier == "none" or pd.isna(tier):
        return t("tier.none", lang)
    if isinstance(tier, bool) or not isinstance(tier, numbers.Real) or tier not in (1, 2, 3, 4, 5):
        raise ValueError(f"tier must be one of 1, 2, 3, 4, 5, None, got {tier!r}")
    return t(f"tier.{int(tier)}", lang)


def t(key: str, lang: str = "zh", **fmt: object) -> str:
    """A message or label by key, formatted with ``fmt``.

    Keys are those of :data:`MESSAGES`, plus generated ones:
    ``table.<table>``, ``column.<table>.<column>`` and ``value.<vocab>.<code>``.

    Parameters
    ----------
    key : str
        Message key, e.g. ``"validate.ok"``.
    lang : {"zh", "en"}
        Language.
    **fmt
        Fields of the message (``str.format``).

    Raises
    ------
    KeyError
        Unknown key, or a format field missing from ``fmt``.
    ValueError
        Unknown ``lang``.

    Examples
    --------
    >>> t("render.done", path="reports/")
    '报告已生成：reports/'
    >>> t("table.customers", "en")
    'Customers'
    >>> t("no.such.key")
    Traceback (most recent call last):
    ...
    KeyError: "unknown message key 'no.such.key'"
    """
    check_lang(lang)
    if key in MESSAGES:
        text = MESSAGES[key][LANGS.index(lang)]
    else:
        head, _, rest = key.partition(".")
        parts = rest.split(".")
        try:
            if head == "table" and len(parts) == 1:
                text = table_label(parts[0], lang)
            elif head == "column" and len(parts) == 2:
                text = column_label(parts[0], parts[1], lang)
            elif head == "value" and len(parts) == 2:
                text = value_label(parts[0], parts[1], lang)
            else:
                raise KeyError(key)
        except KeyError:
            raise KeyError(f"unknown message key {key!r}") from None
    try:
        return text.format(**fmt)
    except KeyError as exc:
        raise KeyError(f"message {key!r} needs the field {exc.args[0]!r}; got {', '.join(fmt) or 'none'}") from None
