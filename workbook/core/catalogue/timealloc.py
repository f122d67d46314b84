"""Catalogue: the time allocation and cost-to-serve chapter (see :mod:`workbook.core.catalogue`).

Benchmarks are cited in client terms: a company case (direct selling time 12% -> 22%), the ordering-channel
cost ratio field sale : phone : e-mail = 100 : 1 : 0.01, about 60% of calls planned, quotes in 48 hours.
"""
from __future__ import annotations

_COST_RELATIVE = ("成本按成本单位计：一次拜访 = 100 个单位。", "Costs in relative units: one visit = 100 units.")
_COVERAGE = ("接触频次达标的客户占比：分析期内每月接触次数达到所在级别最低标准的客户所占比例，不同于“近期有无接触”。",
             "Contacted to tier policy: the share of customers whose contacts a month over the period reach their "
             "tier's minimum, not merely whether they were contacted recently.")
_KPIS_SINCE = ("按客户分级的指标用 {date} 的分级，赢单率、周期与每接触小时赢单金额只计此后创建的线索、商机与此后的"
               "接触，免得用结果反推分级；按行业的指标计整个分析期。目标为贵公司确认的目标值。",
               "The KPIs by tier use the tiers of {date}: win rates, cycle and revenue per contact hour count only "
               "the leads and deals created after it and the contacts after it, so no deal is measured in the tier "
               "it made; the KPIs by industry cover the whole period. Targets are the ones agreed with your company.")

MESSAGES: dict[str, tuple[str, str]] = {
    "chapter.timealloc": ("时间分配与服务成本", "Time allocation and cost to serve"),
    # sections
    "section.timealloc.time_mix": ("直接销售在销售工时中的占比", "The share of sellers' hours spent selling"),
    "section.timealloc.by_team": ("各团队的工时去向", "Where each team's hours go"),
    "section.timealloc.benchmarks": ("销售与企业案例的差距", "Sellers against a company case"),
    "section.timealloc.offload": ("把杂务交给支持人员的 12 个月价值",
                                  "What moving chores to support staff is worth in 12 months"),
    "section.timealloc.planned": ("事先计划的接触占比", "The share of calls planned ahead"),
    "section.timealloc.coverage": ("各级客户的接触与接触标准", "Contact against each tier's policy"),
    "section.timealloc.neglected": ("长期未接触的客户资产", "Customer assets left without contact"),
    "section.timealloc.after_sale": ("成交后接触的变化", "How contact changes after the sale"),
    "section.timealloc.departments": ("接触客户的部门", "The departments that touch customers"),
    "section.timealloc.channel_cost": ("各级客户的服务成本与收入", "Cost to serve and revenue by tier"),
    "section.timealloc.channel_shift": ("按客户分级调整接触渠道", "Moving a tier's visits to phone and e-mail"),
    "section.timealloc.quotes": ("报价速度与赢单率", "Quote speed and win rates"),
    # headings that state the finding (Section.title), short
    "head.timealloc.time_mix": ("直接销售只占销售工时的 {share}",
                                "Direct selling takes only {share} of the sellers' hours"),
    "head.timealloc.time_mix_ok": ("直接销售占销售工时的 {share}，达到案例的 22%",
                                   "Direct selling takes {share} of the sellers' hours, at the case's 22%"),
    "head.timealloc.by_team": ("「{cat}」是直接销售以外最耗时的工作，占 {share}",
                               "{cat} takes the most time outside selling: {share} of all hours"),
    "head.timealloc.benchmarks": ("{reps} 名销售中 {below} 名低于案例转交杂务后的 22%",
                                  "{below} of {reps} sellers are below the case's 22%"),
    "head.timealloc.benchmarks_all": ("全部 {reps} 名销售都低于案例转交杂务后的 22%",
                                      "All {reps} sellers are below the case's 22%"),
    "head.timealloc.offload_value": ("把杂务交给支持人员，12 个月约可多赢单 {value}",
                                     "Moving chores to support staff is worth about {value} in 12 months"),
    "head.timealloc.offload": ("把杂务交给支持人员，直接销售时间可升到 {after}",
                               "Moving chores to support staff lifts direct selling to {after}"),
    "head.timealloc.planned": ("计划内接触只占 {share}，建议约六成", "Only {share} of calls are planned, against about "
                                                                "60% advised"),
    "head.timealloc.planned_ok": ("计划内接触占 {share}，达到约六成的建议",
                                  "{share} of calls are planned, in line with about 60%"),
    "head.timealloc.coverage": ("{below} 家已分级客户的接触低于所在级别标准",
                                "{below} tiered customers get less contact than their tier's policy"),
    "head.timealloc.coverage_ok": ("已分级客户的接触都达到所在级别标准",
                                   "Every tiered customer gets the contact its tier's policy asks"),
    "head.timealloc.neglected": ("{n} 家客户资产超过 {days}未接触", "{n} asset customers have gone over {days} "
                                                                 "without contact"),
    "head.timealloc.neglected_none": ("没有客户资产超过 {days}未接触",
                                      "No asset customer has gone over {days} without contact"),
    "head.timealloc.after_sale": ("成交后接触逐月减少，后期只有初期的 {ratio}",
                                  "Contact after a sale falls to {ratio} of its early level"),
    "head.timealloc.after_sale_flat": ("成交后接触没有减少，后期为初期的 {ratio}",
                                       "Contact holds after the sale: {ratio} of its early level"),
    "head.timealloc.departments": ("销售部门承担 {sales} 的客户接触", "Sales makes {sales} of customer contacts"),
    "head.timealloc.channel_cost": ("{tier}占服务成本 {cost_share}，只带来 {rev_share} 的赢单收入",
                                    "{tier} takes {cost_share} of the cost to serve and brings {rev_share} of "
                                    "revenue"),
    "head.timealloc.channel_shift": ("把{tier}的部分拜访改为电话和邮件，该级拜访成本可减少 {share}",
                                     "Moving part of {tier}'s visits to phone and e-mail cuts its visit cost by "
                                     "{share}"),
    "head.timealloc.channel_shift_withheld": ("按分级调整接触渠道的建议暂缓，分级需先重新校准",
                                              "Channel advice by tier waits until the grading is recalibrated"),
    "head.timealloc.quotes": ("48 小时内报价赢单率 {fast}，更慢的 {slow}", "Quotes out within 48 hours win {fast}, "
                                                                        "slower {slow}"),
    "head.timealloc.kpis_target": ("{n} 项有目标的客户群体指标中 {below} 项未达标",
                                   "{below} of {n} segment KPIs with a target are below it"),
    "head.timealloc.kpis_met": ("{n} 项有目标的客户群体指标全部达标", "All {n} segment KPIs with a target meet it"),
    "head.timealloc.kpis_weakest": ("{weak}每接触小时赢单金额最低",
                                    "{weak} brings the least won revenue per contact hour"),
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
        "把{cats}的 {moved} 转交给支持人员，直接销售时间可从 {before} 升到 {after}（产能约提升 {gain}{sellers}）；"
        "缺少赢单数据，无法估算其收入价值。",
        "Moving {moved} of {cats} to support staff lifts direct selling time from {before} to {after} (about "
        "{gain} more selling capacity{sellers}); without won deals its revenue cannot be valued."),
    "find.timealloc.sellers": ("，约 {n} 名销售的直接销售时间", ", about {n} sellers' worth"),
    "find.timealloc.sellers_one": ("，约一名销售的直接销售时间", ", about one seller's worth"),
    "find.timealloc.sellers_less": ("，不到一名销售的直接销售时间", ", less than one seller's worth"),
    "find.timealloc.offload_value": (
        "把{cats}的 {moved}（每周 {per_week} 小时）转交给支持人员，释放的时间全部用于销售时，直接销售时间可从 "
        "{before} 升到 {after}（产能约提升 {gain}{sellers}）；估值只假设一半用于销售，即升到 {target}，"
        "12 个月内可多赢单约 {value}（{low}–{high}），已扣除支持人员成本。",
        "Moving {moved} of {cats} ({per_week} h a week) to support staff would lift direct selling time from "
        "{before} to {after} if every freed hour went to selling (about {gain} more selling capacity{sellers}); "
        "the value assumes half does, {target}: about {value} of additional won revenue in 12 months ({low} to "
        "{high}), net of the support staff's cost."),
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
    "find.timealloc.channel_shift_withheld": (
        "按客户分级调整接触渠道的建议暂缓，待分级规则重新校准后再定：分级之后，5级客户的商机赢单率为 {t5}"
        "（{n5} 个已关闭商机），高于1级客户的 {t1}（{n1} 个）。",
        "Channel advice by tier waits until the grading is recalibrated: after the tier date, tier 5 won {t5} of "
        "its closed deals ({n5}), more than tier 1's {t1} ({n1})."),
    "find.timealloc.channel_shift_withheld_assets": (
        "按客户分级调整接触渠道的建议暂缓，待分级规则重新校准后再定：分级之后，1–3级客户的商机赢单率为 "
        "{assets}，并不高于4–5级客户的 {others}。",
        "Channel advice by tier waits until the grading is recalibrated: after the tier date, tiers 1-3 won "
        "{assets} of their closed deals, no more than tiers 4-5's {others}."),
    "find.timealloc.quotes": (
        "报价响应时间中位数 {median}，48 小时内发出的只占 {within}；"
        "48 小时内报价的赢单率 {fast}，更慢的报价 {slower}，超过 14 天的只有 {slow}。",
        "The median quote takes {median}, and only {within} go out within 48 hours; quotes sent within 48 hours "
        "win {fast}, slower ones {slower}, those after more than 14 days only {slow}."),
    # notes
    "note.timealloc.case": ("某企业案例：直接销售时间 12% → 22%", "a company case: direct selling time 12% → 22%"),
    "note.timealloc.case_long": (
        "某企业案例：直接销售时间 12% → 22%。该企业外勤销售 88% 的时间花在间接销售或非销售工作上，"
        "把杂务交给薪酬较低的支持人员后，销售产能提升八成以上，相当于多招了 80% 的销售。",
        "A company case: direct selling time 12% → 22%. Its field sellers spent 88% of their time on indirect or "
        "non-selling work; moving chores to lower-paid support staff gave over 80% more selling capacity, "
        "as if 80% more sellers were hired."),
    "note.timealloc.offload_log": (
        "工时来自 {log_weeks} 周的工时记录（{log_from} 至 {log_to}），按每年 {weeks} 个工作周折算为 12 个月；"
        "估值的计算见本章行动。",
        "The hours come from {log_weeks} weeks of time log ({log_from} to {log_to}), scaled to {weeks} working "
        "weeks for 12 months; the value's arithmetic is under the chapter's actions."),
    "note.timealloc.offload": (
        "测算按记录期 {weeks} 周的工时；缺少赢单数据，无法估算释放时间的收入价值。",
        "The hours are those of the {weeks} weeks logged; without won deals the revenue value of the freed time "
        "cannot be estimated."),
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
    "note.timealloc.with_tier_date": ("{note}各级客户按 {date} 的分级（客户质量矩阵一章的分级日期），"
                                      "服务成本与收入按分析期统计。",
                                      "{note} Tiers as they stood on {date} (the quality-matrix chapter's tier "
                                      "date); cost and revenue over the analysis period."),
    "note.timealloc.channel_shift": ("调整测算按 {date} 的分级：{n} 家{tier}，与客户质量矩阵一章的名单相同{movers}。"
                                     "{target}{untiered}{relative}",
                                     "The what-if uses the tiers as of {date}: {n} customers in {tier}, the "
                                     "quality-matrix chapter's list{movers}. {target}{untiered}{relative}"),
    "note.timealloc.shift_movers": ("，不含近一年从更高级别降入{tier}的 {n} 家客户（其级别是新近变化，"
                                    "应先查明原因、争取恢复）",
                                    ", leaving out the {n} customers that moved down into {tier} in the last year "
                                    "(a recent change: find out why and try to win them back first)"),
    "note.timealloc.shift_target": ("释放的时间应投向{target}：其接触频次达本级标准的客户只占 {coverage}，"
                                    "每接触小时赢单 {rate}，高于{tier}的 {tier_rate}。",
                                    "The freed time should go to {target}: only {coverage} of it is "
                                    "contacted as often as its tier's policy asks, and it wins {rate} per contact "
                                    "hour against {tier_rate} for {tier}. "),
    "note.timealloc.shift_untiered": ("未分级客户占服务成本 {cost}、只带来 {revenue} 的赢单收入，比{tier}"
                                      "（{tier_cost} 对 {tier_revenue}）更不相称：先为这些客户定级，再决定接触渠道。",
                                      "Customers not tiered take {cost} of the cost to serve for {revenue} of won "
                                      "revenue, further out of line than {tier} ({tier_cost} against "
                                      "{tier_revenue}): tier them before choosing their channel. "),
    "note.timealloc.coverage_tiers": ("各级客户按 {date} 的分级，接触按分析期统计：期内的服务对照当时的等级。",
                                      "Tiers as they stood on {date}; contacts are counted over the period, so "
                                      "service is held against the tier the customer had then."),
    "note.timealloc.neglected_tiers": ("按 {date} 的分级列出，与客户质量矩阵一章的名单相同；回访这些客户的行动"
                                       "及其估值见该章。",
                                       "Listed by the tiers as of {date}, the same list as in the quality-matrix "
                                       "chapter, where the action to revisit them and its value are."),
    "note.timealloc.quotes": ("案例：报价响应时间从两周缩短到 48 小时后，客户满意度和赢单率都提高了。",
                              "A case: cutting quote turnaround from two weeks to 48 hours raised customer "
                              "satisfaction and the win rate."),
    # actions
    "act.timealloc.offload_value": (
        "把{cats}等杂务（每周 {per_week} 小时）交给支持人员：12 个月内可多赢单约 {value}（{low}–{high}），"
        "已扣除支持人员成本",
        "Move these chores ({cats}: {per_week} h a week) to support staff: about {value} of additional won revenue "
        "in 12 months ({low} to {high}), net of the support staff's cost"),
    "act.timealloc.offload.problem": ("销售只有 {share} 的时间用于直接销售",
                                      "sellers spend only {share} of their hours selling"),
    "act.timealloc.quotes.problem": ("只有 {within} 的报价在 48 小时内发出",
                                     "only {within} of quotes go out within 48 hours"),
    "act.timealloc.channel.problem": ("{tier}占服务成本 {cost_share}，只带来 {rev_share} 的赢单收入",
                                      "{tier} takes {cost_share} of the cost to serve for {rev_share} of won "
                                      "revenue"),
    "act.timealloc.after_sale.problem": ("成交后第 {late_from}–{late_to} 个月的接触只有第 {early_from}–{early_to} "
                                         "个月的 {ratio}",
                                         "contact {late_from}-{late_to} months after a sale is only {ratio} of "
                                         "months {early_from}-{early_to}"),
    "act.timealloc.offload": (
        "把{cats}等杂务交给支持人员：直接销售时间可从 {before} 升到 {after}（产能约提升 {gain}），"
        "记录期 {weeks} 周的支持人员成本 {cost}",
        "Move {cats} to support staff: direct selling time rises from {before} to {after} (about {gain} more "
        "capacity) for {cost} of support cost over the {weeks} weeks logged"),
    "act.timealloc.channel": (
        "把{tier}的部分拜访改为电话和邮件{movers}，每年节省服务成本约 {saving}，把释放的时间投向{target}",
        "Move part of {tier}'s visits to phone and e-mail{movers}, saving about {saving} a year, and spend the "
        "freed time on {target}"),
    "act.timealloc.channel_rel": (
        "把{tier}的部分拜访改为电话和邮件{movers}，该级拜访的服务成本可减少约 {share}，把释放的时间投向{target}",
        "Move part of {tier}'s visits to phone and e-mail{movers}, cutting that tier's visit cost by about {share}, "
        "and spend the freed time on {target}"),
    "act.timealloc.channel_movers": ("（不含近一年从更高级别降入的 {n} 家）",
                                     " (leaving out the {n} customers that moved down into it in the last year)"),
    "act.timealloc.channel_assets": ("1–3级客户（客户资产）", "tier 1-3 asset customers"),
    "act.timealloc.quotes": (
        "把报价响应时间压到 48 小时以内：目前只有 {within} 在 48 小时内发出，"
        "这些报价的赢单率 {fast}，更慢的只有 {slow}",
        "Get quotes out within 48 hours: today only {within} are, and they win {fast}, against {slow} for slower "
        "ones"),
    "act.timealloc.quotes_value": (
        "把报价响应时间压到 48 小时以内（目前只有 {within} 做到）：12 个月内可多赢单约 {value}",
        "Get quotes out within 48 hours (today only {within} are): about {value} of additional won revenue in "
        "12 months"),
    "act.timealloc.after_sale": (
        "成交后安排定期回访（服务、财务的接触也算），成交后第 {late_from}–{late_to} 个月的接触频次已降到"
        "第 {early_from}–{early_to} 个月的 {ratio}",
        "Schedule regular contact after the sale (service and finance count too): months {late_from}-{late_to} "
        "after it are down to {ratio} of months {early_from}-{early_to}"),
    # what each action's 12-month value rests on (the arithmetic with its numbers)
    "basis.timealloc.offload": (
        "{log_weeks} 周工时记录（{log_from} 至 {log_to}）按每年 {weeks} 个工作周折算：每周释放 {per_week} 小时 × "
        "{weeks} = {hours} 小时；× 每直接销售小时赢单 {rate_full} 元 × 实现比例 {share}（只有 {selling} 的释放时间用于"
        "直接销售，且新增的销售小时只赢得现有平均水平的 {yield_}）= {revenue}，"
        "未超过释放时间可投入工作的上限 {cap}（{parts}；转交杂务与之重叠，报告总额只计其中一项；"
        "在途商机已在预测内，不计）；减去支持人员 12 个月成本 {cost}，约 {value}"
        "（区间 {low}–{high}）。",
        "{log_weeks} weeks of time log ({log_from} to {log_to}) scaled to {weeks} working weeks: {per_week} hours "
        "freed a week x {weeks} = {hours} hours; x {rate} of won revenue per direct selling hour x a realisation of "
        "{share} (only {selling} of the freed time becomes direct selling, and an extra selling hour earns {yield_} "
        "of today's average) = {revenue}, within the cap of {cap}, the work freed time can go to ({parts}; the "
        "offload draws on the same work, so the report's total counts only one; open deals are already in the "
        "forecast and not counted); less {cost} of support staff over 12 months: about {value} ({low} to {high})."),
    "basis.timealloc.offload_capped": (
        "{log_weeks} 周工时记录（{log_from} 至 {log_to}）按每年 {weeks} 个工作周折算：每周释放 {per_week} 小时 × "
        "{weeks} = {hours} 小时；× 每直接销售小时赢单 {rate_full} 元 × 实现比例 {share}（只有 {selling} 的释放时间用于"
        "直接销售，且新增的销售小时只赢得现有平均水平的 {yield_}）= {revenue}，"
        "超过释放时间可投入的工作，按其上限计为 {cap}（{parts}；转交杂务与之重叠，报告总额只计其中一项；"
        "在途商机已在预测内，不计）；减去支持人员 12 个月成本 {cost}，约 {value}"
        "（区间 {low}–{high}）。",
        "{log_weeks} weeks of time log ({log_from} to {log_to}) scaled to {weeks} working weeks: {per_week} hours "
        "freed a week x {weeks} = {hours} hours; x {rate} of won revenue per direct selling hour x a realisation of "
        "{share} (only {selling} of the freed time becomes direct selling, and an extra selling hour earns {yield_} "
        "of today's average) = {revenue}, more than the work freed time can go to, so it is capped at {cap} "
        "({parts}; the offload draws on the same work, so the report's total counts only one; open deals are "
        "already in the forecast and not counted); less {cost} of support staff over 12 months: about {value} "
        "({low} to {high})."),
    "basis.timealloc.offload_followup": ("跟进线索 {value}（漏斗诊断一章的行动）",
                                         "{value} for following up leads (the funnel chapter's action)"),
    "basis.timealloc.offload_trust": ("与4级客户建立信任 {value}（客户质量矩阵一章的行动）",
                                      "{value} for building trust with tier 4 (the quality-matrix chapter's action)"),
    "basis.timealloc.offload_nocap": (
        "{log_weeks} 周工时记录（{log_from} 至 {log_to}）按每年 {weeks} 个工作周折算：每周释放 {per_week} 小时 × "
        "{weeks} = {hours} 小时；× 每直接销售小时赢单 {rate_full} 元 × 实现比例 {share}"
        "（只有 {selling} 的释放时间用于直接销售，且新增的销售小时只赢得现有平均水平的 {yield_}）= {revenue}；"
        "减去支持人员 12 个月成本 {cost}，约 {value}（实现比例 {share_low}–{share_high} 时为 {low}–{high}）。"
        "缺少线索跟进数据，无法核对可跟进业务的上限。",
        "{log_weeks} weeks of time log ({log_from} to {log_to}) scaled to {weeks} working weeks: {per_week} hours "
        "freed a week x {weeks} = {hours} hours; x {rate} of won revenue per direct "
        "selling hour x a realisation of {share} (only {selling} of the freed time becomes direct selling, and an "
        "extra selling hour earns {yield_} of today's average) = {revenue}; less {cost} of support staff over 12 "
        "months: about {value} ({low} to {high} at a realisation of {share_low} to {share_high}). Without lead "
        "follow-up data the cap of what there is to work cannot be checked."),
    "basis.timealloc.offload_unsized": (
        "未估值：缺少赢单数据，无法得出每直接销售小时的赢单金额。",
        "Not valued: without won deals there is no won revenue per direct selling hour."),
    "basis.timealloc.quotes": (
        "过去 12 个月 {deals} 个商机的报价晚于 48 小时 × 快慢报价赢单率差距 {gap} 个百分点的一半（48 小时内 "
        "{fast}，n = {fast_n}；更慢的 {slow}，n = {slow_n}）≈ 多赢 {wins} 单 × 平均赢单金额 {deal_full} 元 = "
        "{value}。",
        "{deals} deals quoted after more than 48 hours in the last 12 months x half the {gap}-pp gap in win rate "
        "(within 48 hours {fast}, n = {fast_n}; slower {slow}, n = {slow_n}) = about {wins} more wins x the {deal} "
        "average won deal = {value}."),
    "basis.timealloc.quotes_capped": (
        "过去 12 个月 {deals} 个商机的报价晚于 48 小时 × 快慢报价赢单率差距 {gap} 个百分点的一半（48 小时内 "
        "{fast}，n = {fast_n}；更慢的 {slow}，n = {slow_n}），以这些商机中未赢的 {wins} 单为上限 × 平均赢单金额 "
        "{deal_full} 元 = {value}。",
        "{deals} deals quoted after more than 48 hours in the last 12 months x half the {gap}-pp gap in win rate "
        "(within 48 hours {fast}, n = {fast_n}; slower {slow}, n = {slow_n}), capped at the {wins} of them not won, "
        "x the {deal} average won deal = {value}."),
    "basis.timealloc.quotes_unsized": (
        "未估值：缺少已关闭商机的报价或赢单金额，无法比较快慢报价的赢单率。",
        "Not valued: without closed deals behind the quotes, or won amounts, fast and slow quotes cannot be "
        "compared."),
    "basis.timealloc.channel": (
        "{tier}每年约 {moved} 次拜访改为电话或邮件，按每次拜访的金额成本计，每年节省 {saving}。",
        "About {moved} of {tier}'s visits a year moved to phone or e-mail, at the money cost of a visit: "
        "{saving} saved a year."),
    "basis.timealloc.channel_rel": (
        "未按金额估值：拜访成本只有比例（一次拜访 = 100 个单位）；提供一次拜访的金额成本"
        "后可换算为金额。",
        "Not valued in money: visit costs are a ratio only (one visit = 100 units); with the money cost of one "
        "visit the saving becomes money."),
    "basis.timealloc.after_sale": (
        "未估值：现有数据无法把成交后的接触与复购区分开；先按月记录每家新成交客户 12 个月内的复购与续约。",
        "Not valued: these data cannot separate contact after the sale from repeat orders; first record each new "
        "customer's repeat orders and renewals in the 12 months after the sale."),
    # who acts, the first step, the measure that shows progress
    "who.timealloc.offload": ("销售运营负责人", "Head of sales operations"),
    "who.timealloc.quotes": ("售前与报价负责人", "Head of presales and quoting"),
    "who.timealloc.channel": ("销售总监", "Sales director"),
    "who.timealloc.after_sale": ("客户服务负责人", "Head of customer service"),
    "step.timealloc.offload": ("列出每位销售在{cats}上的工时，指定接手的支持人员与交接日期",
                               "List each seller's hours on {cats} and name the support staff who take them over, "
                               "with a hand-over date"),
    "step.timealloc.quotes": ("每周列出超过 48 小时仍未发出的报价，逐一指定发出日期",
                              "Each week, list the quotes not out within 48 hours and set a send date for each"),
    "step.timealloc.channel": ("为{tier}选出可改为电话跟进的客户，告知负责销售",
                               "Pick the {tier} customers to follow up by phone and tell their owners"),
    "step.timealloc.after_sale": ("为每家新成交客户排定成交后第 3、6、9、12 个月的回访",
                                  "Book contacts in months 3, 6, 9 and 12 after each new sale"),
    "kpi.timealloc.offload": ("直接销售时间占记录工时的比例（目前 {before}，目标 {after}：释放工时的一半用于直接销售）",
                              "Direct selling share of logged hours (now {before}, target {after}: half the freed "
                              "hours spent selling)"),
    "kpi.timealloc.quotes": ("48 小时内发出的报价占比（目前 {within}）", "Share of quotes out within 48 hours "
                                                                       "(now {within})"),
    "kpi.timealloc.channel": ("{tier}接触中拜访的占比", "Visits as a share of {tier}'s contacts"),
    "kpi.timealloc.after_sale": ("成交后第 {late_from}–{late_to} 个月的接触频次（目前为第 {early_from}–{early_to} "
                                 "个月的 {ratio}）",
                                 "Contact in months {late_from}-{late_to} after the sale (now {ratio} of months "
                                 "{early_from}-{early_to})"),
    # the chapter summary: three findings with their numbers
    "summary.timealloc.time_value": (
        "直接销售只占销售工时的 {share}（某企业案例转交杂务后为 22%）；把杂务交给支持人员，12 个月内可多赢单约 "
        "{value}。",
        "Direct selling takes only {share} of the sellers' hours (22% in a company case once chores moved); moving "
        "chores to support staff is worth about {value} of additional won revenue in 12 months."),
    "summary.timealloc.time": (
        "直接销售占销售工时的 {share}（某企业案例转交杂务后为 22%）。",
        "Direct selling takes {share} of the sellers' hours (22% in a company case once chores moved)."),
    "summary.timealloc.quotes": (
        "只有 {within} 的报价在 48 小时内发出；这些报价的赢单率为 {fast}，更慢的只有 {slow}（相差 {gap} 个百分点）。",
        "Only {within} of quotes go out within 48 hours; they win {fast}, slower ones {slow} (a {gap}-pp gap)."),
    "summary.timealloc.neglected": ("{n} 家1–3级客户（客户资产）超过 {days}没有任何接触"
                                    "（回访行动见客户质量矩阵一章）。",
                                    "{n} tier 1-3 asset customers have had no contact for more than {days} (the "
                                    "action to revisit them is in the quality-matrix chapter)."),
    "summary.timealloc.after_sale": (
        "成交后第 {late_from}–{late_to} 个月的接触频次只有第 {early_from}–{early_to} 个月的 {ratio}。",
        "Months {late_from}-{late_to} after a sale see only {ratio} of the contact of months "
        "{early_from}-{early_to}."),
    "summary.timealloc.withheld": (
        "客户分级与分级后的实际结果不符，按分级调整接触渠道的建议暂缓，待分级规则重新校准。",
        "The tiers do not rank what customers won after the tier date, so channel advice by tier waits until the "
        "grading is recalibrated."),
    # tables (captions and appendix sheets)
    "table.timealloc_time_mix": ("销售时间构成", "Sellers' time mix"),
    "table.timealloc_by_team": ("各类别工时", "Hours by category"),
    "table.timealloc_benchmarks": ("与案例对比", "Against the case"),
    "table.timealloc_offload": ("杂务转交测算", "Offload what-if"),
    "table.timealloc_offload_reps": ("各销售转交前后", "Offload by seller"),
    "table.timealloc_planned": ("计划内接触", "Planned calls"),
    "table.timealloc_coverage": ("各级客户接触覆盖", "Coverage by tier"),
    "table.timealloc_neglected": ("超过接触期限的客户资产", "Asset customers past the contact limit"),
    "table.timealloc_after_sale": ("成交后每客户每月接触", "Contact after the sale"),
    "table.timealloc_departments": ("各部门接触", "Contacts by department"),
    "table.timealloc_channel_cost": ("各级客户服务成本", "Cost to serve by tier"),
    "table.timealloc_channel_shift": ("渠道调整测算", "Channel-mix what-if"),
    "table.timealloc_quotes": ("报价响应与赢单率", "Quote turnaround"),
    # column headers of this chapter
    "col.timealloc.hours": ("记录工时", "Hours logged"),
    "col.timealloc.measure": ("测算项", "Measure"),
    "col.timealloc.value": ("数值", "Value"),
    "vocab.offload_measure.direct_share": ("直接销售占比（现在）", "Direct selling share (now)"),
    "vocab.offload_measure.after_offload_share": ("直接销售占比（转交后）", "Direct selling share (after the move)"),
    "vocab.offload_measure.offload_hours_per_week": ("每周转交工时（小时）", "Hours moved a week (h)"),
    "vocab.offload_measure.hours_12m": ("12 个月释放工时（小时，46 个工作周）", "Hours freed in 12 months (h, 46 "
                                                                          "working weeks)"),
    "vocab.offload_measure.revenue_per_selling_hour": ("每直接销售小时赢单金额", "Won revenue per direct selling hour"),
    "vocab.offload_measure.gross_12m": ("释放工时按现有效率的赢单金额（未打折）",
                                        "Freed hours at today's revenue per hour (before realisation)"),
    "vocab.offload_measure.realisation": ("实现比例（取中间值）", "Realisation share (middle)"),
    "vocab.offload_measure.cap_12m": ("上限：跟进线索（漏斗诊断一章）与4级客户建立信任（客户质量矩阵一章）的价值",
                                      "Cap: following up leads (funnel) and trust with tier 4 (quality matrix)"),
    "vocab.offload_measure.support_cost_12m": ("支持人员 12 个月成本", "Support staff cost over 12 months"),
    "vocab.offload_measure.value_low": ("12 个月新增赢单（低）", "Additional won revenue in 12 months (low)"),
    "vocab.offload_measure.value_12m": ("12 个月新增赢单（中间值，扣除成本）",
                                        "Additional won revenue in 12 months (middle, net of cost)"),
    "vocab.offload_measure.value_high": ("12 个月新增赢单（高）", "Additional won revenue in 12 months (high)"),
    "vocab.offload_measure.support_fte": ("所需支持人员（全职当量，可由兼职分担）",
                                          "Support staff needed (full-time equivalents)"),
    "vocab.offload_measure.equivalent_sellers": ("约相当于销售人数的直接销售时间（人）",
                                                 "Selling time of about this many sellers"),
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
    "col.timealloc.offload_hours": ("转交工时", "Hours offloaded"),
    "col.timealloc.contacts": ("接触次数", "Contacts"),
    "col.timealloc.customers_contacted": ("有接触的客户数", "Customers contacted"),
    "col.timealloc.planned": ("计划内次数", "Planned"),
    "col.timealloc.planned_share": ("计划内占比", "Planned share"),
    "col.timealloc.gap": ("与 60% 目标的差距（百分点）", "Gap to the 60% target (pp)"),
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
    # English names of the kit's default time categories (a client's own are labelled in client.yaml)
    "en.time_category.customer_meeting": ("客户拜访与洽谈", "customer visits and meetings"),
    "en.time_category.selling_calls": ("销售电话", "sales calls"),
    "en.time_category.visit_planning": ("拜访计划", "visit planning"),
    "en.time_category.proposal_prep": ("方案与报价准备", "proposals and quotes"),
    "en.time_category.travel": ("差旅", "travel"),
    "en.time_category.order_entry": ("订单录入", "order entry"),
    "en.time_category.invoice_contract": ("发票与合同事务", "invoices and contracts"),
    "en.time_category.internal_meeting": ("内部会议", "internal meetings"),
    "en.time_category.admin_training": ("行政与培训", "admin and training"),
    "vocab.time_kind.direct": ("直接销售", "Direct selling"),
    "vocab.time_kind.indirect": ("间接销售", "Indirect selling"),
    "vocab.time_kind.non_selling": ("非销售", "Non-selling"),
    "vocab.quote_band.0": ("48 小时内", "Within 48 h"),
    "vocab.quote_band.1": ("2–7 天", "2–7 days"),
    "vocab.quote_band.2": ("7–14 天", "7–14 days"),
    "vocab.quote_band.3": ("超过 14 天", "Over 14 days"),
    "vocab.quote_band.slower": ("超过 48 小时（合计）", "After 48 hours (all)"),
    "vocab.quote_band.-1": ("未发出", "Not sent"),
    "vocab.department.all": ("全部部门", "All departments"),
    # charts
    "chart.timealloc.time_mix": ("各销售的工时构成", "Each seller's hours by kind of work"),
    "chart.timealloc.share_of_hours": ("占记录工时（%）", "Share of hours logged (%)"),
    "chart.timealloc.direct_share": ("直接销售占比（%）", "Direct selling share (%)"),
    "chart.timealloc.reps": ("销售人数（人）", "Sellers"),
    "chart.timealloc.lowest_reps": ("{label}（直接销售占比最低的 {n} 名，共 {reps} 名）",
                                    "{label} (the {n} with the lowest direct share of {reps})"),
    "chart.timealloc.distribution": ("各销售的直接销售占比分布", "Sellers by direct selling share"),
    "chart.timealloc.before": ("现在", "Now"),
    "chart.timealloc.after": ("转交后", "After offload"),
    "chart.timealloc.offload": ("每位销售转交杂务前后的直接销售占比",
                                "Each seller's direct selling share before and after chores move"),
    "chart.timealloc.target": ("目标 {share}", "Target {share}"),
    "chart.timealloc.planned_share": ("计划内接触占比（%）", "Planned share of contacts (%)"),
    "chart.timealloc.planned": ("各销售事先计划的接触占比", "Each seller's share of planned calls"),
    "chart.timealloc.policy": ("最低接触标准", "Policy minimum"),
    "chart.timealloc.contacts_per_month": ("每月接触次数（次）", "Contacts a month"),
    "chart.timealloc.coverage": ("各级客户的月均接触与最低标准", "Contacts a month by tier against the policy"),
    "chart.timealloc.months_since_sale": ("成交后第几个月", "Month after the sale"),
    "chart.timealloc.contacts_per_customer_month": ("每客户每月接触（次）", "Contacts per customer-month"),
    "chart.timealloc.after_sale": ("成交后各月的每客户接触", "Contact per customer by month after the sale"),
    "chart.timealloc.cost_share": ("服务成本占比", "Share of cost to serve"),
    "chart.timealloc.revenue_share": ("赢单收入占比", "Share of won revenue"),
    "chart.timealloc.share": ("占比（%）", "Share (%)"),
    "chart.timealloc.cost_revenue": ("各级客户的服务成本占比与收入占比",
                                     "Each tier's share of the cost to serve and of won revenue"),
    "chart.timealloc.quotes": ("报价数（份）", "Quotes"),
    "chart.timealloc.win_rate": ("赢单率（%）", "Win rate (%)"),
    "chart.timealloc.band": ("报价响应时间", "Quote turnaround"),
    "chart.timealloc.quotes_title": ("各报价速度的报价数与赢单率", "Quotes and win rate by quote speed"),
    "chart.timealloc.title.time_mix": ("直接销售占销售工时的 {share}，企业案例转交杂务后为 22%",
                                       "Direct selling is {share} of the sellers' hours; a company case reached 22%"),
    "chart.timealloc.title.distribution": ("{reps} 名销售中 {below} 名的直接销售占比低于案例的 22%",
                                           "{below} of {reps} sellers sell directly less than the case's 22%"),
    "chart.timealloc.title.distribution_all": ("全部 {reps} 名销售的直接销售占比都低于案例的 22%",
                                               "All {reps} sellers sell directly less than the case's 22%"),
    "chart.timealloc.title.planned_all": ("全部 {reps} 名销售事先计划的接触都不到 60%",
                                          "All {reps} sellers plan less than 60% of their calls"),
    "chart.timealloc.title.offload": ("转交杂务后，直接销售占比最多可从 {before} 升到 {after}（估值按 {target}）",
                                      "Moving chores can lift direct selling from {before} up to {after} (valued at "
                                      "{target})"),
    "chart.timealloc.title.planned": ("{reps} 名销售中 {below} 名事先计划的接触不到 60%",
                                      "{below} of {reps} sellers plan less than 60% of their calls"),
    "chart.timealloc.title.planned_ok": ("全部 {reps} 名销售事先计划的接触都达到 60%",
                                         "All {reps} sellers plan at least 60% of their calls"),
    "chart.timealloc.title.coverage": ("{n} 家已分级客户中 {below} 家的接触低于所在级别标准",
                                       "{below} of {n} tiered customers get less contact than their tier's policy"),
    "chart.timealloc.title.coverage_ok": ("{n} 家已分级客户的接触都达到所在级别标准",
                                          "All {n} tiered customers get the contact their tier's policy asks"),
    "chart.timealloc.title.after_sale": ("成交后第 {late_from}–{late_to} 个月的接触只有"
                                         "第 {early_from}–{early_to} 个月的 {ratio}",
                                         "Months {late_from}-{late_to} after a sale get {ratio} of the contact of "
                                         "months {early_from}-{early_to}"),
    "chart.timealloc.title.after_sale_flat": ("成交后第 {late_from}–{late_to} 个月的接触是第 {early_from}–{early_to} "
                                              "个月的 {ratio}，没有减少",
                                              "Contact holds after the sale: months {late_from}-{late_to} get {ratio} "
                                              "of months {early_from}-{early_to}"),
    "chart.timealloc.title.after_sale_short": ("成交后观察不足六个月，暂不能比较前后接触",
                                               "Under six months observed after the sales: too early to compare"),
    "chart.timealloc.title.cost_revenue": ("{tier}占服务成本 {cost_share}，只占赢单收入 {rev_share}",
                                           "{tier} takes {cost_share} of the cost to serve, {rev_share} of revenue"),
    "chart.timealloc.title.quotes": ("48 小时内发出的报价赢单率 {fast}，更慢的报价 {slow}",
                                     "Quotes out within 48 hours win {fast}, slower ones {slow}"),
    "chart.timealloc.title.kpis": ("每接触小时赢单金额：{best}最高，{weak}最低",
                                   "Won revenue per contact hour is highest in {best}, lowest in {weak}"),
    # KPIs by customer segment (tier, industry) against kpi_targets
    "section.timealloc.kpis": ("按客户群体的关键绩效指标", "KPIs by customer segment"),
    "note.timealloc.kpis": _COVERAGE,
    "note.timealloc.kpis_relative": (_COVERAGE[0] + _COST_RELATIVE[0], f"{_COVERAGE[1]} {_COST_RELATIVE[1]}"),
    "note.timealloc.kpis_since": (_COVERAGE[0] + _KPIS_SINCE[0], f"{_COVERAGE[1]} {_KPIS_SINCE[1]}"),
    "note.timealloc.kpis_since_relative": (_COVERAGE[0] + _KPIS_SINCE[0] + _COST_RELATIVE[0],
                                           f"{_COVERAGE[1]} {_KPIS_SINCE[1]} {_COST_RELATIVE[1]}"),
    "table.timealloc_kpis_tier": ("关键绩效指标（按客户分级）", "KPIs by tier"),
    "table.timealloc_kpis_industry": ("关键绩效指标（按行业）", "KPIs by industry"),
    "table.timealloc_kpi_gaps": ("与目标的差距", "Gaps to the targets"),
    "col.timealloc.kpi_tier": ("客户分级", "Tier"),
    "col.timealloc.kpi_industry": ("行业", "Industry"),
    "col.timealloc.kpi_segment": ("客户群体", "Segment"),
    "col.timealloc.kpi_customers": ("客户数", "Customers"),
    "col.timealloc.kpi_coverage": ("接触频次达本级标准的客户占比", "Share contacted as often as the tier policy asks"),
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
    "vocab.kpi.coverage": ("接触频次达本级标准的客户占比", "customers contacted to tier policy"),
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
    "chart.timealloc.kpis": ("各级客户每接触小时赢单金额", "Won revenue per contact hour by tier"),
}
