"""Catalogue: the time allocation and cost-to-serve chapter (see :mod:`workbook.core.catalogue`).

Benchmarks are cited in client terms: a company case (direct selling time 12% -> 22%), the ordering-channel
cost ratio field sale : phone : e-mail = 100 : 1 : 0.01, about 60% of calls planned, quotes in 48 hours.
"""
from __future__ import annotations

_COST_RELATIVE = ("成本按成本单位计：一次拜访 = 100 个单位。", "Costs in relative units: one visit = 100 units.")
_KPIS_SINCE = ("按客户分级的指标用 {date} 的分级，赢单率、周期与每接触小时赢单金额只计此后创建的线索、商机与此后的"
               "接触，免得用结果反推分级；按行业的指标计整个分析期。目标为贵公司确认的目标值。",
               "The KPIs by tier use the tiers of {date}: win rates, cycle and revenue per contact hour count only "
               "the leads and deals created after it and the contacts after it, so no deal is measured in the tier "
               "it made; the KPIs by industry cover the whole period. Targets are the ones agreed with your company.")

MESSAGES: dict[str, tuple[str, str]] = {
    "chapter.timealloc": ("时间分配与服务成本", "Time allocation and cost to serve"),
    # sections
    "section.timealloc.time_mix": ("销售时间构成", "Where the sellers' hours go"),
    "section.timealloc.by_team": ("各团队工时", "Hours by category and team"),
    "section.timealloc.benchmarks": ("与案例对比", "Against the case benchmarks"),
    "section.timealloc.offload": ("杂务转交测算", "Offloading chores: what-if"),
    "section.timealloc.planned": ("计划内与自由拜访", "Planned vs free calls"),
    "section.timealloc.coverage": ("各级客户的接触频次", "Contact coverage against the policy"),
    "section.timealloc.neglected": ("被冷落的客户资产", "Neglected customer assets"),
    "section.timealloc.after_sale": ("成交后的接触", "Contact after the sale"),
    "section.timealloc.departments": ("谁在接触客户", "Which departments touch the customer"),
    "section.timealloc.channel_cost": ("渠道服务成本", "Channel cost to serve"),
    "section.timealloc.channel_shift": ("渠道调整测算", "Channel-mix what-if"),
    "section.timealloc.quotes": ("报价响应时间", "Quote turnaround"),
    # action titles
    "find.timealloc.time_mix": (
        "直接销售时间只占销售工时的 {share}（{case}）；{reps} 名销售中有 {below} 名低于 12%，"
        "最低的是 {worst}（{worst_share}）。",
        "Direct selling takes only {share} of the sellers' hours ({case}); {below} of {reps} sellers are below 12%, "
        "the lowest being {worst} ({worst_share})."),
    "find.timealloc.by_team": (
        "直接销售以外耗时最多的是「{cat}」，占全部工时 {share}；{group}在这一项上的占比最高（{group_share}）。",
        "Apart from direct selling, {cat} takes the most time, {share} of all hours; "
        "{group} spends the largest share on it ({group_share})."),
    "find.timealloc.benchmarks_all": (
        "全部 {reps} 名销售的直接销售时间都低于案例转交杂务后的 22%，其中 {below12} 名还低于转交前的 12%。",
        "All {reps} sellers spend less than the case's 22% of their time selling directly after chores moved; "
        "{below12} of them are below the 12% it started from."),
    "find.timealloc.benchmarks": (
        "{reps} 名销售中有 {below} 名（{share}）的直接销售时间低于案例转交杂务后的 22%，"
        "其中 {below12} 名还低于转交前的 12%。",
        "{below} of {reps} sellers ({share}) spend less than the case's 22% of their time selling directly "
        "after chores moved; {below12} of them are below the 12% it started from."),
    "find.timealloc.offload": (
        "把{cats}的 {moved} 转交给支持人员，直接销售时间可从 {before} 升到 {after}，销售产能提升 {gain}，"
        "相当于增加 {sellers} 名销售；记录期 {weeks} 周的支持人员成本 {cost}。",
        "Moving {moved} of {cats} to support staff lifts direct selling time from {before} to {after}: "
        "{gain} more selling capacity, as if {sellers} sellers were hired, for {cost} of support cost over the "
        "{weeks}-week log."),
    "find.timealloc.offload_none": (
        "目前没有设定可转交给支持人员的时间类别（或转交比例为 0），直接销售时间仍为 {before}。",
        "No time category is set to move to support staff (or the share is 0): direct selling stays at {before}."),
    "find.timealloc.planned": (
        "计划内接触占 {share}，低于建议的约 {target}（约六成事先计划、四成留给临时机会）；"
        "低于 {target} 的销售有 {below} 名（共 {reps} 名），最低的是 {worst}（{worst_share}）。",
        "{share} of contacts are planned, below the advised {target} or so (plan about 60% of calls, leave 40% "
        "free); {below} of {reps} sellers are below {target}, the lowest being {worst} ({worst_share})."),
    "find.timealloc.planned_low": (
        "拜访多为临时安排：计划内接触只占 {share}，远低于建议的约 {target}（约六成事先计划、四成留给临时机会）；"
        "低于 {target} 的销售有 {below} 名（共 {reps} 名），最低的是 {worst}（{worst_share}）。",
        "Most calls are unplanned: only {share} of contacts are planned, well below the advised {target} or so "
        "(plan about 60% of calls, leave 40% free); {below} of {reps} sellers are below {target}, the lowest being "
        "{worst} ({worst_share})."),
    "find.timealloc.planned_ok": (
        "计划内接触占 {share}，达到约六成事先计划的建议（四成留给临时机会）；"
        "低于 {target} 的销售有 {below} 名（共 {reps} 名），最低的是 {worst}（{worst_share}）。",
        "{share} of contacts are planned, in line with planning about 60% of calls and leaving 40% free; "
        "{below} of {reps} sellers are below {target}, the lowest being {worst} ({worst_share})."),
    "find.timealloc.coverage": (
        "{below} 家已分级客户（{share}）的月均接触次数低于所在级别的最低接触标准；"
        "{tier}最严重：低于标准的有 {tier_below} 家，占该级 {tier_n} 家的 {tier_share}。",
        "{below} tiered customers ({share}) are contacted less often than their tier's policy minimum; "
        "{tier} is the worst: {tier_below} of {tier_n} ({tier_share})."),
    "find.timealloc.coverage_ok": ("{n} 家已分级客户的接触频次都达到了所在级别的最低接触标准。",
                                   "All {n} tiered customers are contacted at least as often as their tier's policy."),
    "find.timealloc.neglected": (
        "{n} 家1–3级客户（客户资产）超过 {days}没有任何接触（1级 {t1} 家、2级 {t2} 家、3级 {t3} 家），"
        "其中 {never} 家在记录中从未接触过。",
        "{n} tier 1-3 asset customers have had no contact for more than {days} (tier 1: {t1}, tier 2: {t2}, "
        "tier 3: {t3}); {never} of them were never contacted in the records."),
    "find.timealloc.neglected_seen": (
        "{n} 家1–3级客户（客户资产）超过 {days}没有任何接触（1级 {t1} 家、2级 {t2} 家、3级 {t3} 家），"
        "最久的已 {longest}未接触。",
        "{n} tier 1-3 asset customers have had no contact for more than {days} (tier 1: {t1}, tier 2: {t2}, "
        "tier 3: {t3}); the longest silence is {longest}."),
    "find.timealloc.neglected_none": ("没有1–3级客户（客户资产）超过 {days}未接触。",
                                      "No tier 1-3 asset customer has gone more than {days} without contact."),
    "find.timealloc.after_sale": (
        "成交后接触逐月减少：成交后第 {late_from}–{late_to} 个月的接触频次只有第 {early_from}–{early_to} 个月的 "
        "{ratio}，客户忠诚度会随之下降。",
        "Contact fades after the sale: months {late_from}-{late_to} after it see only {ratio} of the contact of "
        "months {early_from}-{early_to}, and loyalty fades with it."),
    "find.timealloc.after_sale_flat": (
        "成交后接触没有减少：成交后第 {late_from}–{late_to} 个月的接触频次是第 {early_from}–{early_to} 个月的 "
        "{ratio}。",
        "Contact does not fade after the sale: months {late_from}-{late_to} after it see {ratio} of the contact "
        "of months {early_from}-{early_to}."),
    "find.timealloc.after_sale_short": ("成交后观察到的时间不足六个月，还无法比较成交初期和后期的接触频次。",
                                        "Less than six months after the sales are observed: early and later "
                                        "contact cannot be compared yet."),
    "find.timealloc.departments": (
        "客户的 {contacts} 次接触中，销售部门占 {sales}，其余 {other} 来自{others}：这些接触也是了解客户需求的机会。",
        "Of the {contacts} customer contacts, sales makes {sales}; the other {other} come from {others}, "
        "each also a chance to learn the customer's needs."),
    "find.timealloc.departments_sales": ("客户的 {contacts} 次接触全部来自销售部门。",
                                         "All {contacts} customer contacts come from sales."),
    "find.timealloc.channel_cost": (
        "{tier}占服务成本的 {cost_share}，却只带来 {rev_share} 的赢单收入；服务成本合计 {total}。",
        "{tier} takes {cost_share} of the cost to serve but brings only {rev_share} of won revenue; "
        "the cost to serve is {total} in all."),
    "find.timealloc.channel_cost_norev": (
        "服务成本合计 {total}，{tier}最高（{cost_share}）；期内没有赢单收入可供对比。",
        "The cost to serve is {total} in all, {tier} the highest ({cost_share}); no won revenue in the period "
        "to compare with."),
    "find.timealloc.channel_shift": (
        "把{tier}的 {phone} 拜访改为电话、{email} 改为邮件（共 {moved} 次），可节省服务成本 {saving}"
        "（该级拜访成本的 {saving_share}），并释放约 {hours} 小时销售时间。",
        "Moving {phone} of {tier}'s visits to phone and {email} to e-mail ({moved} contacts) saves {saving} "
        "({saving_share} of that tier's visit cost) and frees about {hours} selling hours."),
    "find.timealloc.channel_shift_nohours": (
        "把{tier}的 {phone} 拜访改为电话、{email} 改为邮件（共 {moved} 次），可节省服务成本 {saving}"
        "（该级拜访成本的 {saving_share}）。",
        "Moving {phone} of {tier}'s visits to phone and {email} to e-mail ({moved} contacts) saves {saving} "
        "({saving_share} of that tier's visit cost)."),
    "find.timealloc.channel_cost_rel": (
        "{tier}占服务成本的 {cost_share}，却只带来 {rev_share} 的赢单收入；服务成本合计相当于 {visits} 次拜访"
        "（{total} 个成本单位，一次拜访 = 100 个单位）。",
        "{tier} takes {cost_share} of the cost to serve but brings only {rev_share} of won revenue; the cost to "
        "serve is {total} relative units in all (as much as {visits} visits)."),
    "find.timealloc.channel_cost_norev_rel": (
        "服务成本合计相当于 {visits} 次拜访（{total} 个成本单位），{tier}最高（{cost_share}）；"
        "期内没有赢单收入可供对比。",
        "The cost to serve is {total} relative units in all (as much as {visits} visits), {tier} the highest "
        "({cost_share}); no won revenue in the period to compare with."),
    "find.timealloc.channel_shift_rel": (
        "把{tier}的 {phone} 拜访改为电话、{email} 改为邮件（共 {moved} 次），该级拜访的服务成本可减少 "
        "{saving_share}（{saving} 个成本单位），并释放约 {hours} 小时销售时间。",
        "Moving {phone} of {tier}'s visits to phone and {email} to e-mail ({moved} contacts) cuts that tier's "
        "visit cost by {saving_share} ({saving} relative units) and frees about {hours} selling hours."),
    "find.timealloc.channel_shift_nohours_rel": (
        "把{tier}的 {phone} 拜访改为电话、{email} 改为邮件（共 {moved} 次），该级拜访的服务成本可减少 "
        "{saving_share}（{saving} 个成本单位）。",
        "Moving {phone} of {tier}'s visits to phone and {email} to e-mail ({moved} contacts) cuts that tier's "
        "visit cost by {saving_share} ({saving} relative units)."),
    "find.timealloc.channel_shift_novisits": ("{tier}没有拜访记录，调整渠道不会节省成本。",
                                              "{tier} has no visits: a channel shift saves nothing."),
    "find.timealloc.channel_shift_none": ("没有设定拜访的单位成本，无法测算渠道调整。",
                                          "Visits have no unit cost, so a channel shift cannot be sized."),
    "find.timealloc.quotes": (
        "报价响应时间中位数 {median}，48 小时内发出的只占 {within}；"
        "48 小时内报价的赢单率 {fast}，超过 14 天的 {slow}。",
        "The median quote takes {median}, and only {within} go out within 48 hours; quotes sent within 48 hours "
        "win {fast}, those after more than 14 days {slow}."),
    # notes
    "note.timealloc.case": ("某企业案例：直接销售时间 12% → 22%", "a company case: direct selling time 12% → 22%"),
    "note.timealloc.case_long": (
        "某企业案例：直接销售时间 12% → 22%。该企业外勤销售 88% 的时间花在间接销售或非销售工作上，"
        "把杂务交给薪酬较低的支持人员后，销售产能提升八成以上，相当于多招了 80% 的销售。",
        "A company case: direct selling time 12% → 22%. Its field sellers spent 88% of their time on indirect or "
        "non-selling work; moving chores to lower-paid support staff gave over 80% more selling capacity, "
        "as if 80% more sellers were hired."),
    "note.timealloc.offload": (
        "测算覆盖记录期 {weeks} 周；释放的工时全部用于直接销售。缺少赢单数据，无法估算释放时间的收入价值。",
        "The what-if covers the {weeks} weeks logged; the freed hours all go to direct selling. Without won deals "
        "the revenue value of the freed time cannot be estimated."),
    "note.timealloc.offload_value": (
        "测算覆盖记录期 {weeks} 周。按每销售小时赢单收入 {rate}估算，释放时间的收入价值上限约 {value}："
        "这假设释放的时间全部用于直接销售，且与现有销售时间同样有效，实际会低一些。",
        "The what-if covers the {weeks} weeks logged. At {rate} of won revenue per selling hour, the freed time "
        "is worth at most about {value}: this assumes every freed hour goes to direct selling and sells as well "
        "as today's hours; in practice it will be less."),
    "note.timealloc.after_sale": (
        "每客户每月接触次数：成交后第几个月的接触次数 ÷ 当月仍在观察期内的客户数；服务、财务的接触也计算在内。",
        "Contacts per customer-month: contacts in each month after the sale ÷ customers still observed that month; "
        "service and finance contacts count too."),
    "note.timealloc.channel_costs": (
        "服务成本按金额计：每次拜访 {visit_cost}，电话、邮件按 拜访 : 电话 : 邮件 = {visit} : {phone} : {email} "
        "的比例折算（参考：下单渠道成本 上门销售 : 电话 : 邮件 = 100 : 1 : 0.01，"
        "客户下单方式的小变化就会大幅改变服务成本）。",
        "Cost to serve in money: {visit_cost} a visit, phone and e-mail by the ratio visit : phone : e-mail = "
        "{visit} : {phone} : {email} (for reference: ordering channels cost field sale : phone : e-mail = "
        "100 : 1 : 0.01; a small change in how customers order changes the cost to serve a lot)."),
    "note.timealloc.channel_costs_rel": (
        "服务成本按成本单位计：一次拜访 = 100 个单位，电话、邮件按 拜访 : 电话 : 邮件 = {visit} : {phone} : {email} "
        "的比例折算（参考：下单渠道成本 上门销售 : 电话 : 邮件 = 100 : 1 : 0.01，"
        "客户下单方式的小变化就会大幅改变服务成本）。这是比例而非金额，因此只比较各级客户的成本占比与收入占比；"
        "提供一次拜访的金额成本后，可换算为金额。",
        "Cost to serve in relative units: one visit = 100 units, phone and e-mail by the ratio visit : phone : "
        "e-mail = {visit} : {phone} : {email} (for reference: ordering channels cost field sale : phone : e-mail "
        "= 100 : 1 : 0.01; a small change in how customers order changes the cost to serve a lot). A ratio is not "
        "money, so each tier's share of the cost is set against its share of revenue; with the money cost of one "
        "visit the units become money."),
    "note.timealloc.cost_relative": _COST_RELATIVE,
    "note.timealloc.coverage_tiers": ("各级客户按 {date} 的分级，接触按分析期统计：期内的服务对照当时的等级。",
                                      "Tiers as they stood on {date}; contacts are counted over the period, so "
                                      "service is held against the tier the customer had then."),
    "note.timealloc.neglected_tiers": ("按 {date} 的最新分级列出，与客户质量矩阵一章的名单一致。",
                                       "Listed by the tiers as of {date}, the same list as in the quality-matrix "
                                       "chapter."),
    "note.timealloc.quotes": ("案例：报价响应时间从两周缩短到 48 小时后，客户满意度和赢单率都提高了。",
                              "A case: cutting quote turnaround from two weeks to 48 hours raised customer "
                              "satisfaction and the win rate."),
    # actions
    "act.timealloc.offload_value": (
        "把{cats}等杂务交给支持人员：直接销售时间可从 {before} 升到 {after}（产能提升 {gain}），"
        "记录期 {weeks} 周内释放时间的收入价值上限约 {value}，支持人员成本 {cost}",
        "Move {cats} to support staff: direct selling time rises from {before} to {after} ({gain} more "
        "capacity); over the {weeks} weeks logged the freed time is worth at most about {value} against {cost} "
        "of support cost"),
    "act.timealloc.offload": (
        "把{cats}等杂务交给支持人员：直接销售时间可从 {before} 升到 {after}（产能提升 {gain}），"
        "记录期 {weeks} 周的支持人员成本 {cost}",
        "Move {cats} to support staff: direct selling time rises from {before} to {after} ({gain} more "
        "capacity) for {cost} of support cost over the {weeks} weeks logged"),
    "act.timealloc.channel": (
        "把{tier}的部分拜访改为电话和邮件，节省服务成本约 {saving}，把释放的时间投向1–3级客户（客户资产）",
        "Move part of {tier}'s visits to phone and e-mail, saving about {saving}, and spend the freed time on "
        "tier 1-3 asset customers"),
    "act.timealloc.channel_rel": (
        "把{tier}的部分拜访改为电话和邮件，该级拜访的服务成本可减少约 {share}，"
        "把释放的时间投向1–3级客户（客户资产）",
        "Move part of {tier}'s visits to phone and e-mail, cutting that tier's visit cost by about {share}, and "
        "spend the freed time on tier 1-3 customers"),
    "act.timealloc.neglected": (
        "回访 {n} 家超过 {days}未接触的1–3级客户（客户资产），从最久未接触的客户开始",
        "Revisit the {n} tier 1-3 asset customers without contact for more than {days}, longest silence first"),
    "act.timealloc.quotes": (
        "把报价响应时间压到 48 小时以内：目前只有 {within} 在 48 小时内发出，"
        "这些报价的赢单率 {fast}，超过 14 天的只有 {slow}",
        "Get quotes out within 48 hours: today only {within} are, and they win {fast}, against {slow} for those "
        "after more than 14 days"),
    "act.timealloc.after_sale": (
        "成交后安排定期回访（服务、财务的接触也算），成交后第 {late_from}–{late_to} 个月的接触频次已降到"
        "第 {early_from}–{early_to} 个月的 {ratio}",
        "Schedule regular contact after the sale (service and finance count too): months {late_from}-{late_to} "
        "after it are down to {ratio} of months {early_from}-{early_to}"),
    # tables (captions and appendix sheets)
    "table.timealloc_time_mix": ("销售时间构成", "Sellers' time mix"),
    "table.timealloc_by_team": ("各类别工时", "Hours by category"),
    "table.timealloc_benchmarks": ("与案例对比", "Against the case"),
    "table.timealloc_offload": ("杂务转交测算", "Offload what-if"),
    "table.timealloc_offload_reps": ("各销售转交前后", "Offload by seller"),
    "table.timealloc_planned": ("计划内接触", "Planned calls"),
    "table.timealloc_coverage": ("各级客户接触覆盖", "Coverage by tier"),
    "table.timealloc_neglected": ("被冷落的客户资产（今日分级）", "Neglected assets (tiers today)"),
    "table.timealloc_after_sale": ("成交后每客户每月接触", "Contact after the sale"),
    "table.timealloc_departments": ("各部门接触", "Contacts by department"),
    "table.timealloc_channel_cost": ("各级客户服务成本", "Cost to serve by tier"),
    "table.timealloc_channel_shift": ("渠道调整测算", "Channel-mix what-if"),
    "table.timealloc_quotes": ("报价响应与赢单率", "Quote turnaround"),
    # column headers of this chapter
    "col.timealloc.hours": ("记录工时", "Hours logged"),
    "col.timealloc.direct_share": ("直接销售占比", "Direct selling share"),
    "col.timealloc.indirect_share": ("间接销售占比", "Indirect selling share"),
    "col.timealloc.non_selling_share": ("非销售占比", "Non-selling share"),
    "col.timealloc.rank": ("排名", "Rank"),
    "col.timealloc.category": ("时间类别", "Time category"),
    "col.timealloc.kind": ("性质", "Kind"),
    "col.timealloc.total_hours": ("合计", "Total"),
    "col.timealloc.hours_share": ("占全部工时", "Share of hours"),
    "col.timealloc.benchmark": ("参照", "Benchmark"),
    "col.timealloc.benchmark_share": ("直接销售占比", "Direct selling share"),
    "col.timealloc.reps_below": ("低于该值的销售", "Sellers below"),
    "col.timealloc.reps_below_share": ("低于该值的销售占比", "Share of sellers below"),
    "col.timealloc.after_offload_share": ("转交后直接销售占比", "Direct share after offload"),
    "col.timealloc.capacity_gain": ("销售产能提升", "Capacity gain"),
    "col.timealloc.equivalent_sellers": ("相当于新增销售（人）", "Equivalent extra sellers"),
    "col.timealloc.offload_hours": ("转交工时", "Hours offloaded"),
    "col.timealloc.offload_hours_per_week": ("每周转交工时", "Hours offloaded a week"),
    "col.timealloc.support_fte": ("所需支持人员（全职）", "Support staff needed (FTE)"),
    "col.timealloc.offload_cost": ("支持人员成本", "Support cost"),
    "col.timealloc.revenue_per_selling_hour": ("每销售小时赢单收入", "Won revenue per selling hour"),
    "col.timealloc.freed_value": ("释放时间的收入价值", "Revenue value of freed time"),
    "col.timealloc.contacts": ("接触次数", "Contacts"),
    "col.timealloc.planned": ("计划内次数", "Planned"),
    "col.timealloc.planned_share": ("计划内占比", "Planned share"),
    "col.timealloc.gap": ("与 60% 目标差距", "Gap to the 60% target"),
    "col.timealloc.policy": ("每月最低接触标准（次）", "Policy: contacts a month"),
    "col.timealloc.median_contacts_per_month": ("每月接触中位数", "Median contacts a month"),
    "col.timealloc.below_policy": ("低于标准的客户数", "Customers below policy"),
    "col.timealloc.below_policy_share": ("低于标准的占比", "Share below policy"),
    "col.timealloc.neglected": ("被冷落的客户数", "Neglected customers"),
    "col.timealloc.last_contact": ("最近接触日期", "Last contact"),
    "col.timealloc.days_since_contact": ("未接触天数", "Days without contact"),
    "col.timealloc.month_after_sale": ("成交后第几个月", "Month after the sale"),
    "col.timealloc.exposure_months": ("观察客户月数", "Customer-months observed"),
    "col.timealloc.department": ("部门", "Department"),
    "col.timealloc.contact_share": ("接触占比", "Share of contacts"),
    "col.timealloc.customer_share": ("覆盖客户占比", "Share of customers reached"),
    "col.timealloc.cost": ("服务成本", "Cost to serve"),
    "col.timealloc.cost_per_customer": ("每家客户服务成本", "Cost per customer"),
    "col.timealloc.cost_rel": ("服务成本（成本单位）", "Cost to serve (relative units)"),
    "col.timealloc.cost_per_customer_rel": ("每家客户服务成本（成本单位）", "Cost per customer (relative units)"),
    "col.timealloc.cost_before_rel": ("调整前成本（成本单位）", "Cost before (relative units)"),
    "col.timealloc.cost_after_rel": ("调整后成本（成本单位）", "Cost after (relative units)"),
    "col.timealloc.saving_rel": ("节省（成本单位）", "Saving (relative units)"),
    "col.timealloc.cost_share": ("成本占比", "Share of cost"),
    "col.timealloc.revenue_share": ("收入占比", "Share of revenue"),
    "col.timealloc.cost_per_revenue": ("服务成本占收入比", "Cost as share of revenue"),
    "col.timealloc.visits": ("拜访次数", "Visits"),
    "col.timealloc.moved": ("改为电话/邮件", "Contacts moved"),
    "col.timealloc.cost_before": ("调整前成本", "Cost before"),
    "col.timealloc.cost_after": ("调整后成本", "Cost after"),
    "col.timealloc.saving": ("节省", "Saving"),
    "col.timealloc.hours_freed": ("释放工时", "Hours freed"),
    "col.timealloc.band": ("报价响应时间", "Quote turnaround"),
    "col.timealloc.quotes": ("报价数", "Quotes"),
    "col.timealloc.closed": ("已关闭商机", "Closed deals"),
    # vocabularies of this chapter
    "vocab.benchmark.case_before": ("某企业案例：转交前 12%", "A company case: before, 12%"),
    "vocab.benchmark.case_after": ("某企业案例：转交后 22%", "A company case: after, 22%"),
    "vocab.time_kind.direct": ("直接销售", "Direct selling"),
    "vocab.time_kind.indirect": ("间接销售", "Indirect selling"),
    "vocab.time_kind.non_selling": ("非销售", "Non-selling"),
    "vocab.quote_band.0": ("48 小时内", "Within 48 h"),
    "vocab.quote_band.1": ("2–7 天", "2–7 days"),
    "vocab.quote_band.2": ("7–14 天", "7–14 days"),
    "vocab.quote_band.3": ("超过 14 天", "Over 14 days"),
    "vocab.quote_band.-1": ("未发出", "Not sent"),
    "vocab.department.all": ("全部部门", "All departments"),
    # charts
    "chart.timealloc.time_mix": ("各销售的时间花在哪里？", "Where does each seller's time go?"),
    "chart.timealloc.share_of_hours": ("占记录工时（%）", "Share of hours logged (%)"),
    "chart.timealloc.direct_share": ("直接销售占比（%）", "Direct selling share (%)"),
    "chart.timealloc.reps": ("销售人数（人）", "Sellers"),
    "chart.timealloc.distribution": ("多少销售低于案例水平？", "How many sellers are below the case?"),
    "chart.timealloc.before": ("现在", "Now"),
    "chart.timealloc.after": ("转交后", "After offload"),
    "chart.timealloc.offload": ("转交杂务后，每位销售的直接销售时间能升到多少？",
                                "How far does each seller's selling time rise once chores move?"),
    "chart.timealloc.target": ("目标 {share}", "Target {share}"),
    "chart.timealloc.planned_share": ("计划内接触占比（%）", "Planned share of contacts (%)"),
    "chart.timealloc.planned": ("谁的拜访达到六成事先计划？", "Whose calls are 60% planned?"),
    "chart.timealloc.policy": ("最低接触标准", "Policy minimum"),
    "chart.timealloc.contacts_per_month": ("每月接触次数（次）", "Contacts a month"),
    "chart.timealloc.coverage": ("各级客户得到的接触够不够？", "Does each tier get the contact its policy asks?"),
    "chart.timealloc.months_since_sale": ("成交后第几个月", "Month after the sale"),
    "chart.timealloc.contacts_per_customer_month": ("每客户每月接触（次）", "Contacts per customer-month"),
    "chart.timealloc.after_sale": ("成交之后，接触是否逐月减少？", "Does contact fade after the sale?"),
    "chart.timealloc.cost_share": ("服务成本占比", "Share of cost to serve"),
    "chart.timealloc.revenue_share": ("赢单收入占比", "Share of won revenue"),
    "chart.timealloc.share": ("占比（%）", "Share (%)"),
    "chart.timealloc.cost_revenue": ("服务成本花在了带来收入的客户身上吗？",
                                     "Is the cost to serve spent where the revenue is?"),
    "chart.timealloc.quotes": ("报价数（份）", "Quotes"),
    "chart.timealloc.win_rate": ("赢单率（%）", "Win rate (%)"),
    "chart.timealloc.band": ("报价响应时间", "Quote turnaround"),
    "chart.timealloc.quotes_title": ("报价越快，赢单越多吗？", "Do faster quotes win more?"),
    # KPIs by customer segment (tier, industry) against kpi_targets
    "section.timealloc.kpis": ("按客户群体的关键绩效指标", "KPIs by customer segment"),
    "note.timealloc.kpis_since": _KPIS_SINCE,
    "note.timealloc.kpis_since_relative": (_KPIS_SINCE[0] + _COST_RELATIVE[0], f"{_KPIS_SINCE[1]} {_COST_RELATIVE[1]}"),
    "table.timealloc_kpis_tier": ("关键绩效指标（按客户分级）", "KPIs by tier"),
    "table.timealloc_kpis_industry": ("关键绩效指标（按行业）", "KPIs by industry"),
    "table.timealloc_kpi_gaps": ("与目标的差距", "Gaps to the targets"),
    "col.timealloc.kpi_tier": ("客户分级", "Tier"),
    "col.timealloc.kpi_industry": ("行业", "Industry"),
    "col.timealloc.kpi_segment": ("客户群体", "Segment"),
    "col.timealloc.kpi_customers": ("客户数", "Customers"),
    "col.timealloc.kpi_coverage": ("接触达标率", "Coverage"),
    "col.timealloc.kpi_lead_to_win": ("线索赢单率", "Lead to win"),
    "col.timealloc.kpi_win_rate": ("商机赢单率", "Win rate"),
    "col.timealloc.kpi_closed": ("已关闭商机", "Closed deals"),
    "col.timealloc.kpi_cycle_days": ("赢单周期中位数", "Median sales cycle"),
    "col.timealloc.kpi_cost_to_serve": ("每家客户服务成本", "Cost to serve per customer"),
    "col.timealloc.kpi_cost_to_serve_rel": ("每家客户服务成本（成本单位）",
                                            "Cost to serve per customer (relative units)"),
    "col.timealloc.kpi_revenue_per_contact_hour": ("每接触小时赢单金额", "Won revenue per contact hour"),
    "col.timealloc.kpi_kpi": ("指标", "KPI"),
    "col.timealloc.kpi_value": ("实际", "Actual"),
    "col.timealloc.kpi_target": ("目标", "Target"),
    "col.timealloc.kpi_gap": ("差距", "Gap"),
    "col.timealloc.kpi_shortfall": ("低于目标的幅度", "Shortfall (of target)"),
    "vocab.kpi.coverage": ("接触达标率", "coverage"),
    "vocab.kpi.lead_to_win": ("线索赢单率", "lead-to-win rate"),
    "vocab.kpi.win_rate": ("商机赢单率", "win rate"),
    "vocab.kpi.cycle_days": ("赢单周期", "sales cycle"),
    "vocab.kpi.cost_to_serve": ("每家客户服务成本", "cost to serve per customer"),
    "vocab.kpi.revenue_per_contact_hour": ("每接触小时赢单金额", "won revenue per contact hour"),
    "find.timealloc.kpis_target": ("{segment}的{kpi}只有 {value}（目标 {target}），离目标最远；"
                                   "各客户群体 {n} 项有目标的指标中 {below} 项未达标。",
                                   "{segment}: {kpi} only {value} (target {target}), the furthest from target; "
                                   "{below} of {n} segment KPIs with a target are below it."),
    "unit.timealloc.pp": ("个百分点", "pp"),
    "find.timealloc.kpis_met": ("{n} 项有目标的指标全部达标。", "All {n} KPIs with a target meet it."),
    "find.timealloc.kpis_weakest": ("{tier}每接触小时只带来赢单金额 {value}，为各级客户最低"
                                    "（{best}为 {best_value}）。",
                                    "{tier} brings only {value} of won revenue per contact hour, the lowest of the "
                                    "tiers ({best}: {best_value})."),
    "find.timealloc.kpis_weakest_win": ("{tier}的商机赢单率只有 {rate}（{closed} 个已关闭商机），为各级客户最低。",
                                        "{tier} wins only {rate} of its closed deals ({closed}), the lowest of the "
                                        "tiers."),
    "chart.timealloc.kpi_target": ("目标", "Target"),
    "chart.timealloc.revenue_per_hour": ("每接触小时赢单金额（{unit}）", "Won revenue per contact hour ({unit})"),
    "chart.timealloc.kpis": ("哪一级客户的接触时间最值钱？", "Which tier's contact hours bring the most revenue?"),
}
