"""Catalogue: the combined report (cover, executive summary, contents)."""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "report.engagement": ("销售诊断报告 · 分析期 {start} 至 {end}", "Sales diagnosis · period {start} to {end}"),
    "sum.heading": ("摘要", "Executive summary"),
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
    "table.summary_five": ("五个数", "The five numbers"),
    "table.summary_leaks": ("三处最大流失", "The three biggest leaks"),
    "sum.self_developed": ("只有 {share} 的赢单金额是公司自己开发的（新客户或主动获客）；"
                           "其余来自老客户，且不是主动开发的。",
                           "Only {share} of won revenue was developed by the company itself (new customers or "
                           "outbound); the rest came from existing customers without outbound work."),
}
