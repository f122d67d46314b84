"""Catalogue: the combined report (cover, executive summary, contents)."""
from __future__ import annotations

_PF_FIGURES = {  # the figures the portfolio compares (workbook.reports.portfolio.FIGURES)
    "sales_calls_per_seller_week": ("每位销售每周销售拜访数", "sales calls per seller a week"),
    "opportunities_per_seller_week": ("每位销售每周新增商机", "new opportunities per seller a week"),
    "purchase_intents_per_seller_week": ("每位销售每周购买意向", "purchase intents per seller a week"),
    "sales_per_seller_week": ("每位销售每周成交", "deals won per seller a week"),
    "avg_revenue_per_sale": ("平均每单成交金额", "average revenue per sale"),
    "lead_to_win_rate": ("线索到赢单转化率", "lead-to-win rate"),
    "never_followed_up_share": ("从未跟进的线索占比", "share of leads never followed up"),
    "assets_share": ("客户资产占比", "customer assets share"),
    "direct_selling_share": ("直接销售时间占比", "direct selling share of time"),
    "quote_turnaround_days": ("报价周转天数", "quote turnaround in days"),
}

_PF_SHEETS = {  # their tables' captions in English: short enough for an Excel sheet name (31 characters)
    "sales_calls_per_seller_week": "Calls per seller a week",
    "opportunities_per_seller_week": "Opportunities per seller a week",
    "purchase_intents_per_seller_week": "Intents per seller a week",
    "sales_per_seller_week": "Deals won per seller a week",
    "avg_revenue_per_sale": "Average revenue per sale",
    "lead_to_win_rate": "Lead-to-win rate",
    "never_followed_up_share": "Leads never followed up",
    "assets_share": "Customer assets share",
    "direct_selling_share": "Direct selling share",
    "quote_turnaround_days": "Median quote turnaround",
}

MESSAGES: dict[str, tuple[str, str]] = {
    "report.engagement": ("销售诊断报告 · 分析期 {start} 至 {end}", "Sales diagnosis · period {start} to {end}"),
    "sum.heading": ("摘要", "Executive summary"),
    "sum.headline": ("{problems}：按保守假设，{moves} 项行动可在未来 12 个月多赢单约 {prize}"
                     "（行动之间的重叠已剔除，见下表）。",
                     "{problems}: on conservative assumptions, {moves} moves can add about {prize} of won revenue "
                     "in the next 12 months (overlaps between the actions removed, see the table below)."),
    "sum.headline_share": ("{problems}：按保守假设，{moves} 项行动可在未来 12 个月多赢单约 {prize}，"
                           "相当于近 12 个月赢单金额（{base}）的 {share}（行动之间的重叠已剔除，见下表）。",
                           "{problems}: on conservative assumptions, {moves} moves can add about {prize} of won "
                           "revenue in the next 12 months, {share} of the last 12 months' {base} (overlaps between "
                           "the actions removed, see the table below)."),
    "sum.headline_unsized": ("{problems}：下列行动的金额尚无法从现有数据估算。",
                             "{problems}: the actions below cannot yet be sized from the data."),
    "sum.areas": ("{areas}", "{areas}"),
    "sum.areas_none": ("各章所述方面", "the areas the chapters describe"),
    "table.summary_prize": ("五项行动的金额如何合成总额", "How the five actions make the total"),
    "sum.prize.col.n": ("行动", "Action"),
    "sum.prize.col.problem": ("针对的问题", "Problem it addresses"),
    "sum.prize.col.value": ("未来 12 个月增量", "Value in 12 months"),
    "sum.prize.col.counted": ("是否计入总额", "In the total"),
    "sum.prize.counted": ("计入", "counted"),
    "sum.prize.overlaps": ("不计入：与第 {n} 项共用{pools}", "not counted: shares {pools} with action {n}"),
    "sum.prize.total": ("总额（计入的行动相加）", "Total (the counted actions added)"),
    "sum.prize.moves": ("{n} 项行动", "{n} actions"),
    "sum.bases": ("金额如何计算（序号与上面的行动对应）", "How the values are computed (numbered as the actions)"),
    "sum.pool.new_leads": ("新线索", "new leads"),
    "sum.pool.leads": ("线索", "leads"),
    "sum.pool.pipeline": ("在途商机", "pipeline"),
    "sum.pool.customers": ("客户", "customers"),
    "sum.pool.time": ("销售时间", "selling time"),
    "sum.pool.cash": ("回款", "cash"),
    "sum.pool.data": ("数据", "data"),
    "sum.messages": ("三个关键发现", "Three key findings"),
    "sum.numbers": ("关键数字", "The key numbers"),
    "sum.money": ("{value}", "{value}"),
    "sum.act.value": ("12 个月约增 {value}", "about {value} in 12 months"),
    "sum.act.range": ("12 个月约增 {value}（{low}–{high}）", "about {value} in 12 months ({low}-{high})"),
    "sum.act.unsized": ("金额无法估算", "not sized"),
    "sum.act.when": ("{kpi}，{days} 天内见效", "{kpi}, within {days} days"),
    "sum.act.who": ("负责人", "Owner"),
    "sum.act.step": ("第一步", "First step"),
    "sum.act.kpi": ("衡量", "KPI"),
    "sum.act.basis": ("依据", "Basis"),
    "report.as_of": ("数据截至 {date}", "Data as of {date}"),
    "report.date": ("报告日期：{date}", "Report date: {date}"),
    "report.confidential": ("保密：仅供{client}内部使用", "Confidential: for {client}'s internal use only"),
    "report.main_short": ("主报告", "Main report"),
    "report.analysis_short": ("完整分析", "Full analysis"),
    "report.main": ("销售诊断报告：主报告", "Sales diagnosis: main report"),
    "report.analysis": ("销售诊断报告：完整分析", "Sales diagnosis: full analysis"),
    "report.main_note": ("本报告只收录各章最重要的图表；全部分析见《完整分析》PDF 与网页版报告。",
                         "This report keeps each chapter's most important exhibits; every analysis is in the full "
                         "analysis PDF and the web report."),
    "index.main": ("主报告（PDF）", "Main report (PDF)"),
    "index.analysis": ("完整分析（PDF）", "Full analysis (PDF)"),
    # appendix sheets whose table caption is longer than Excel's 31 characters: the name the report cites
    "sheet.activities_history": ("更早一期的接触记录", "Earlier contact history"),
    "sheet.customers_earlier": ("更早导出的客户表", "Earlier customer table"),
    "sheet.funnel_business": ("赢单金额（按新老客户与来源）", "Won revenue by customer, origin"),
    "sheet.funnel_business_trend": ("新客户与主动获客占比（按季度）", "New, outbound share by quarter"),
    "sheet.funnel_nurture": ("移交前接触与转化", "Contact before hand-off"),
    "sheet.inventory_explain": ("逐客户级别与关系依据", "Level, relationship by customer"),
    "sheet.inventory_relationship_reasons": ("客户关系依据", "Why customers have relationship"),
    "sheet.matrix_untouched": ("从未接触的优质战略客户", "Premium customers not contacted"),
    "sum.actions": ("最重要的五项行动", "The five actions that matter most"),
    "sum.assets": ("{customers} 家客户中有 {assets} 家是客户资产（1-3级），占 {share}。",
                   "{assets} of {customers} customers are customer assets (tiers 1-3), {share}."),
    "sum.direct": ("销售人员只有 {share} 的时间用于直接销售（某企业案例：把杂务转交后从 12% 提高到 22%）。",
                   "Sellers spend {share} of their time on direct selling (a company case: from 12% to 22% "
                   "after chores moved to support staff)."),
    "sum.leaks": ("漏斗中最大的 {n} 处流失见下表；最大的一处是「{step}」，涉及 {leads} 条线索或商机，"
                  "约合赢单金额 {money}。",
                  "The {n} biggest leaks of the funnel are below; the largest, \"{step}\", concerns {leads} leads "
                  "or deals, about {money} of won revenue."),
    "sum.won": ("分析期内赢单 {won} 单，赢单金额 {revenue}。", "{won} deals won in the period, {revenue} in all."),
    "sum.won_collected": ("分析期内赢单 {won} 单，赢单金额 {revenue}，其中 {collected} 已回款。",
                          "{won} deals won in the period, {revenue} in all, {collected} of it collected."),
    "sum.next": ("最该先联系的客户：{items}（完整名单见附录「{sheet}」）。",
                 "Customers to work first: {items} (the full list is in the appendix sheet \"{sheet}\")."),
    "sum.next_item": ("{names}（{reasons}；建议{channel}）", "{names} ({reasons}; {channel})"),
    "sum.next_name": ("「{name}」", "{name}"),
    "sum.leaks_overlap": ("各项分别估算，互有重叠，不宜相加。",
                          " Each is sized on its own; they overlap and do not add up."),
    "sum.five.sales_calls_per_week": ("每周销售拜访、电话和技术交流", "Sales calls a week"),
    "sum.five.opportunities_per_week": ("每周新增商机", "New opportunities a week"),
    "sum.five.purchase_intents_per_week": ("每周购买意向", "Purchase intents a week"),
    "sum.five.sales_per_week": ("每周成交", "Deals won a week"),
    "sum.five.avg_revenue_per_sale": ("平均每单成交金额", "Average revenue per sale"),
    "sum.col.step": ("流失环节", "Where leads leak"),
    "sum.col.leads": ("涉及数量（条/单）", "Leads or deals"),
    "sum.col.money": ("涉及赢单金额", "Won revenue at stake"),
    "table.summary_five": ("五个数（近 12 个月周均；平均每单成交金额为近 12 个月平均）",
                           "The five numbers (weekly averages over the last 12 months; revenue per sale "
                           "over the same months)"),
    "table.summary_leaks": ("三处最大流失", "The three biggest leaks"),
    "sum.self_developed": ("只有 {share} 的赢单金额是公司自己开发的（新客户或主动获客）；"
                           "其余来自老客户，且不是主动开发的。",
                           "Only {share} of won revenue was developed by the company itself (new customers or "
                           "outbound); the rest came from existing customers without outbound work."),
    # the consultant's portfolio (workbook portfolio) and "how this client compares" in the summary
    **{f"pf.fig.{code}": label for code, label in _PF_FIGURES.items()},
    **{f"table.pf_{code}": (_PF_FIGURES[code][0], en) for code, en in _PF_SHEETS.items()
       if code != "quote_turnaround_days"},
    "table.pf_quote_turnaround_days": ("报价周转时间中位数", _PF_SHEETS["quote_turnaround_days"]),
    "pf.title": ("客户组合对比", "Portfolio comparison"),
    "chapter.portfolio": ("客户组合对比", "Portfolio comparison"),
    "pf.subtitle": ("{n} 家客户", "{n} clients"),
    "pf.client": ("客户 {letter}", "Client {letter}"),
    "pf.chapter": ("逐项对比", "Figure by figure"),
    "pf.heading": ("{n} 家客户综合排名：{best}居首（平均百分位 {best_score}），{worst}垫底（{worst_score}）",
                   "{n} clients ranked: {best} first (mean percentile {best_score}), {worst} last ({worst_score})"),
    "pf.heading_none": ("{n} 家客户：可比较的客户不足两家，无法排名", "{n} client(s): fewer than two can be compared, "
                        "so there is no ranking"),
    "pf.definition": ("百分位：在有该项数据的其余客户中，本客户胜过的比例（持平算一半）；100% 为最好，0% 为最差。"
                      "综合排名按各项百分位的平均值。每位销售的数字是每周的五个数除以销售人数。",
                      "Percentile: the share of the other clients with the figure that a client beats (a tie counts "
                      "half); 100% is the best, 0% the worst. The ranking is by the mean of a client's percentiles. "
                      "Per seller: the weekly five numbers divided by the number of sellers."),
    "pf.order": ("为保护客户隐私，客户以字母代称，按客户文件夹路径的字母顺序分配：同一组文件夹每次代称相同。",
                 "Clients are shown by letter, assigned in the alphabetical order of their folders' paths: the same "
                 "folders always get the same letters."),
    "pf.order_names": ("表中显示客户名称，请勿把本页交给任何一家客户。",
                       "This page shows the clients' names: do not hand it to any one client."),
    "pf.lacking": ("{clients} 家客户缺少部分数据，涉及 {figures} 项指标：缺少的显示为 —，不计入该项百分位；"
                   "各项缺少的客户数见下表。",
                   "{clients} client(s) lack some figures, {figures} figure(s) in all: shown as —, left out of that "
                   "figure's percentiles; the table below counts them per figure."),
    "pf.section": ("{n} 家客户中，{figure}中位数 {median}；最好的是{best}（{best_value}），"
                   "最弱的是{worst}（{worst_value}）。",
                   "Across {n} clients the median {figure} is {median}; best: {best} ({best_value}), weakest: "
                   "{worst} ({worst_value})."),
    "pf.section_none": ("没有客户有{figure}的数据。", "No client has the figure {figure}."),
    "pf.section_lacking": ("另有 {k} 家缺少此项数据。", " {k} more client(s) lack it."),
    "pf.better.higher": ("越高越好", "higher is better"),
    "pf.better.lower": ("越低越好", "lower is better"),
    "pf.col.rank": ("排名", "Rank"),
    "pf.col.client": ("客户", "Client"),
    "pf.col.score": ("平均百分位", "Mean percentile"),
    "pf.col.counted": ("有数据的指标数", "Figures with data"),
    "pf.col.strongest": ("最强项", "Strongest"),
    "pf.col.weakest": ("最弱项", "Weakest"),
    "pf.col.figure": ("指标", "Figure"),
    "pf.col.better": ("方向", "Better"),
    "pf.col.median": ("中位数", "Median"),
    "pf.col.with": ("有数据的客户", "Clients with it"),
    "pf.col.lacking": ("缺少数据的客户", "Clients lacking it"),
    "pf.col.value": ("本客户", "This client"),
    "pf.col.percentile": ("百分位", "Percentile"),
    "pf.col.others_median": ("其他客户中位数", "Other clients' median"),
    "pf.compare": ("与客户组合中其余 {n} 家客户相比：{figures} 项可比指标中，{top} 项位于前四分之一，"
                   "{bottom} 项位于后四分之一；"
                   "最弱的是{weakest}（百分位 {pct}）。",
                   "Against the other {n} clients of the portfolio: of {figures} figures compared, {top} are in the "
                   "top quarter and {bottom} in the bottom quarter; the weakest is {weakest} (percentile {pct})."),
    "pf.compare_none": ("客户组合中其余 {n} 家客户没有可与本客户比较的指标。",
                        "None of the figures can be compared with the other {n} clients of the portfolio."),
    "table.pf_ranking": ("综合排名", "Overall ranking"),
    "table.pf_figures": ("各项指标概览", "The figures at a glance"),
    "table.pf_compare": ("与客户组合对比", "How this client compares"),
    "portfolio.reading": ("读取各客户的指标", "Reading the clients' figures"),
    "portfolio.done": ("已对比 {n} 家客户：{path}", "{n} clients compared: {path}"),
    "portfolio.lacking": ("缺少数据的客户数（按指标）：{figures}", "Clients lacking each figure: {figures}"),
}
