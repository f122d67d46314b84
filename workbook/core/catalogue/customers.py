"""Catalogue: labels and messages of the customers part of the kit (see :mod:`workbook.core.catalogue`).

The customer inventory (``inventory``) and the customer quality matrix (``matrix``) chapters. Column
headers that only these chapters use are ``cu.col.<code>`` (passed as ``Table.headers``), so they cannot
collide with another chapter's ``col.<code>``.
"""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the customer inventory ---------------------------------------------------------------------------
    "chapter.inventory": ("客户盘点", "Customer inventory"),
    "section.inventory.profile": ("客户画像显示客户集中在哪些行业、缺哪些资料",
                                  "The profile shows where customers concentrate and which fields are missing"),
    "section.inventory.completeness": ("客户资料的完整度决定分级是否可靠",
                                       "Record completeness decides whether the grading can be trusted"),
    "section.inventory.thin": ("资料不全的客户无法分级", "Incomplete records cannot be graded"),
    "section.inventory.level": ("客户级别按目标客户画像判定", "Customer levels follow the target-customer profile"),
    "section.inventory.relationship": ("客户关系按接触深度与赢单判定", "Relationships follow contact depth and wins"),
    "section.inventory.explain": ("每家客户的级别与关系都有依据可查",
                                  "Every customer's level and relationship has a stated reason"),
    "find.inventory.profile": ("「{industry}」是客户最多的行业，占 {share}；"
                               "{n} 家客户（{lacking_share}）的画像至少缺一项资料。",
                               "{industry} is the largest industry, {share} of the customers; {n} customers "
                               "({lacking_share}) lack at least one profile field."),
    "find.inventory.profile_no_industry": ("客户资料没有行业信息；{n} 家客户（{lacking_share}）的画像至少缺一项资料。",
                                           "The customer records give no industry; {n} customers ({lacking_share}) "
                                           "lack at least one profile field."),
    "find.inventory.completeness": ("客户资料整体完整度 {overall}；填写率最低的是「{field}」（{rate}），"
                                    "资料最不完整的是 {owner} 名下的 {customers} 家客户（完整度 {owner_rate}）。",
                                    "The customer records are {overall} complete; the least filled field is "
                                    "{field} ({rate}), and the least complete records are the {customers} "
                                    "customers of {owner} ({owner_rate})."),
    "find.inventory.thin": ("{n} 家客户（{share}）资料不全，无法判断客户级别，最常缺的是「{field}」（{field_n} 家）；"
                            "其中 {trusted} 家已是熟悉或伙伴关系。",
                            "{n} customers ({share}) have incomplete records, so their level cannot be told; most "
                            "often {field} is missing ({field_n}); {trusted} of them are already familiar or "
                            "partners."),
    "find.inventory.thin_levels": ("{n} 家客户（{share}）资料不全，无法判断客户级别，最常缺的是「{field}」"
                                   "（{field_n} 家）。",
                                   "{n} customers ({share}) have incomplete records, so their level cannot be told; "
                                   "most often {field} is missing ({field_n})."),
    "cu.note.thin": ("资料不全的客户不计入潜在客户，也不进入客户质量矩阵；补齐资料后重新分级。",
                     "Incomplete records are not counted as potential customers and stay outside the quality "
                     "matrix until they are completed and graded again."),
    "find.inventory.thin_none": ("每家客户都有分级所需的资料（{fields}）。",
                                 "Every customer has the fields the level rules need ({fields})."),
    "find.inventory.level": ("优质及战略客户 {premium} 家，占 {share}；{potential_share} 的客户仍是潜在客户，"
                             "{incomplete} 家资料不全、暂无法分级（{given} 家的级别由贵公司直接标注，"
                             "其余按目标客户画像规则判定）。",
                             "{premium} customers ({share}) are quality or strategic; {potential_share} are still "
                             "potential customers and {incomplete} records are too incomplete to grade ({given} "
                             "levels are marked in your records, the rest follow the target-profile rules)."),
    "find.inventory.level_none": ("{n} 家客户的资料都不全，暂时都无法判断客户级别：有多少优质、战略或潜在客户，"
                                  "要补齐资料后才知道。",
                                  "All {n} customers are too incomplete to grade: how many are quality, strategic "
                                  "or potential customers is known once their details are filled in."),
    "find.inventory.relationship": ("{n} 家优质及战略客户（占此类客户的 {share}）尚未建立信任（未接触或中立）；"
                                    "全部客户中 {untouched_share} 从未接触。",
                                    "{n} quality and strategic customers ({share} of them) have no trust yet "
                                    "(untouched or neutral); {untouched_share} of all customers were never "
                                    "contacted."),
    "find.inventory.explain": ("营收规模最大的 {rows} 家客户中，{n} 家尚未建立信任（未接触或中立）。",
                               "Of the {rows} largest customers by annual revenue, {n} have no trust yet "
                               "(untouched or neutral)."),
    "find.inventory.explain_levels": ("营收规模最大的 {rows} 家客户中，{n} 家是优质或战略客户。",
                                      "Of the {rows} largest customers by annual revenue, {n} are quality or "
                                      "strategic customers."),
    "act.inventory.thin": ("请销售部补齐 {n} 家资料不全客户的分级资料（人员规模、营收规模等），然后重新分级",
                           "Have sales complete the {n} incomplete records (headcount, revenue, ...), then grade "
                           "them again"),
    "act.inventory.no_trust": ("与 {n} 家尚未建立信任的优质及战略客户建立联系",
                               "Build contact with the {n} quality and strategic customers who have no trust yet"),
    "act.inventory.completeness": ("请资料最不完整的销售补齐名下客户资料（目前完整度 {rate}），其他销售依表跟进",
                                   "Have the rep with the least complete records complete them (now {rate} "
                                   "complete); the others follow the table"),
    "table.inventory_completeness": ("各销售客户资料完整度", "Record completeness per rep"),
    "table.inventory_thin": ("资料不全的客户", "Incomplete records"),
    "table.inventory_level_reasons": ("客户级别依据", "Why customers have their level"),
    "table.inventory_relationship_reasons": ("客户关系依据", "Why customers have their relationship"),
    "table.inventory_no_trust": ("尚未建立信任的优质战略客户", "Premium customers without trust"),
    "table.inventory_explain": ("逐客户级别与关系依据", "Level and relationship per customer"),
    "cu.sum.no_trust": ("{n} 家优质及战略客户（占此类客户的 {share}）尚未建立信任；建立信任的价值在客户质量矩阵"
                        "一章按客户分级估算，每家客户只计一次。",
                        "{n} quality and strategic customers ({share} of them) have no trust yet; the quality matrix "
                        "chapter values building it, by tier, each customer once."),
    "cu.basis.in_matrix": ("已计入客户质量矩阵一章的行动（与 {neutral} 家关系中立的客户建立信任、为 {untouched} "
                           "家从未接触的客户安排首次拜访），此处不重复计算",
                           "valued in the quality matrix chapter's actions (building trust with the {neutral} "
                           "neutral customers, a first visit to the {untouched} never contacted), not counted again "
                           "here"),
    "cu.basis.in_matrix_neutral": ("已计入客户质量矩阵一章与 4 级客户建立信任的行动（{neutral} 家关系中立的"
                                   "客户），此处不重复计算",
                                   "valued in the quality matrix chapter's action to build trust with tier 4 (the "
                                   "{neutral} neutral customers), not counted again here"),
    "cu.basis.in_matrix_untouched": ("已计入客户质量矩阵一章为从未接触的客户安排首次拜访的行动"
                                     "（{untouched} 家），此处不重复计算",
                                     "valued in the quality matrix chapter's action to give the {untouched} never "
                                     "contacted customers a first visit, not counted again here"),
    "cu.basis.data": ("这是数据质量工作", "a data-quality task"),
    "cu.basis.data_thin": ("这是数据质量工作，补齐后这 {n} 家客户才能分级",
                           "a data-quality task; once completed, the {n} customers can be graded"),
    "cu.step.thin": ("把 {n} 家资料不全客户的名单发给各负责销售，限期补齐缺项",
                     "Send each rep their part of the {n} incomplete records with a date to complete them"),
    "cu.kpi.thin": ("资料不全的客户数（现为 {n} 家）", "Incomplete records (now {n})"),
    "cu.step.completeness": ("与 {who} 逐项核对名下客户缺失的字段",
                             "Go through the missing fields of {who}'s customers with them"),
    "cu.kpi.completeness": ("该销售名下客户资料完整度（现为 {rate}）", "That rep's record completeness (now {rate})"),
    "cu.step.no_trust": ("先为从未接触的 {untouched} 家指定负责人，再为中立的 {neutral} 家安排技术交流",
                         "Give the {untouched} never contacted an owner, then book technical exchanges with the {ne"
                         "utral} neutral ones"),
    "cu.kpi.no_trust": ("尚未建立信任的优质及战略客户数（现为 {n} 家）",
                        "Quality and strategic customers without trust (now {n})"),
    # --- the customer quality matrix ---------------------------------------------------------------------
    "chapter.matrix": ("客户质量矩阵", "Customer quality matrix"),
    "section.matrix.matrix": ("客户资产落在级别高、信任深的 1–3 级格子里",
                              "Customer assets sit where a high level meets trust (tiers 1-3)"),
    "section.matrix.tiers": ("分级要经得起此后赢单的检验",
                             "The tiers are tested against what customers won afterwards"),
    "section.matrix.owners": ("各销售积累的客户资产多少不一", "Reps have built different numbers of customer assets"),
    "section.matrix.build_trust": ("4 级客户与从未接触的优质客户是最接近的增长来源",
                                   "Tier 4 and never-contacted premium customers are the closest source of growth"),
    "section.matrix.neglected": ("被冷落的客户资产需要立即回访", "Neglected customer assets need a call now"),
    "section.matrix.spare": ("5 级客户只在有富余精力时服务，前提是分级区分了赢单",
                             "Tier 5 gets spare capacity only, provided the tiers rank outcomes"),
    "section.matrix.migration": ("过去一年客户在分级之间有升有降",
                                 "Customers moved up and down the tiers over the year"),
    "find.matrix.matrix": ("截至 {today}，{customers} 家客户中有 {assets} 家是客户资产（1–3 级），占 {share}；客户最"
                           "多的一格是「{level} × {relationship}」（{n} 家）。",
                           "As of {today}, {assets} of {customers} customers are customer assets (tiers 1-3), {shar"
                           "e}; the fullest cell is {level} x {relationship} ({n} customers)."),
    "find.matrix.matrix_empty": ("截至 {today}，{customers} 家客户中 {incomplete} 家资料不全、无法分级，"
                                 "矩阵里还没有客户；补齐资料后才能判断哪些是客户资产（1–3 级）。",
                                 "As of {today}, {incomplete} of {customers} customers lack the details to be graded, "
                                 "so the matrix is still empty; which are customer assets (tiers 1-3) is known once "
                                 "they are filled in."),
    "find.matrix.tiers": ("截至 {today}，客户资产（1–3 级）有 {assets} 家，占客户的 {share}；按 {date} 的分级，当时的"
                          " {assets_then} 家客户资产此后赢得 {revenue_share} 的新商机赢单金额，赢单率最高的是{tier}（"
                          "{rate}）。",
                          "As of {today}, the {assets} customer assets (tiers 1-3) are {share} of the customers; th"
                          "e {assets_then} assets as tiered on {date} won {revenue_share} of the revenue of the deals"
                          " created since, and {tier} had the highest win rate ({rate})."),
    "find.matrix.tiers_no_revenue": ("截至 {today}，客户资产（1–3 级）有 {assets} 家，占客户的 {share}。",
                                     "As of {today}, the {assets} customer assets (tiers 1-3) are {share} of the cu"
                                     "stomers."),
    "find.matrix.owners": ("{reps} 名销售中，{best} 的客户资产（1–3 级）最多（{best_n} 家），"
                           "{worst} 最少（{worst_n} 家）。",
                           "Of {reps} reps, {best} has built the most customer assets (tiers 1-3: {best_n}), "
                           "{worst} the fewest ({worst_n})."),
    "find.matrix.owners_even": ("{reps} 名销售名下的客户资产（1–3 级）一样多，各 {n} 家。",
                                "Each of the {reps} reps has the same number of customer assets (tiers 1-3): "
                                "{n}."),
    "find.matrix.build_trust": ("{n} 家 4 级客户（占优质及战略客户的 {share}）关系仍是中立：级别高但尚未建立信任，"
                                "客户年营收合计 {annual}；另有 {untouched} 家优质及战略客户从未接触（客户年营收合计 "
                                "{untouched_annual}）。",
                                "{n} tier 4 customers ({share} of the quality and strategic customers) are still "
                                "neutral: high level, no trust yet; their annual revenue totals {annual}; another "
                                "{untouched} quality and strategic customers have never been contacted (annual "
                                "revenue {untouched_annual})."),
    "find.matrix.build_trust_none": ("没有关系仍是中立的 4 级客户，也没有从未接触的优质及战略客户。",
                                     "No tier 4 customer is still neutral and no quality or strategic customer "
                                     "has gone uncontacted."),
    "find.matrix.neglected_none": ("没有超过 {days}未接触的客户资产（1–3 级）。",
                                   "No customer asset (tiers 1-3) has gone without contact for over {days}."),
    "find.matrix.neglected": ("{n} 家客户资产（占 1–3 级客户的 {share}）超过 {days}没有接触；按同级仍有接触客户的赢单"
                              "差距估算，恢复接触可在 12 个月内多赢约 {value}。",
                              "{n} customer assets ({share} of tiers 1-3) have had no contact for over {days}; by t"
                              "he gap to assets of the same tier still in contact, renewed contact is worth about {va"
                              "lue} of won revenue in 12 months."),
    "find.matrix.spare": ("{n} 家 5 级客户（占 {share}）：目标客户、关系中立，只在有富余精力时服务；过去一年从更高分"
                          "级降入 5 级的 {moved} 家不在此列，先逐家查明下降原因。",
                          "{n} tier 5 customers ({share}): target customers with a neutral relationship, to serve wit"
                          "h spare capacity only; the {moved} that moved down into tier 5 over the year are left out,"
                          " for a review of why they moved first."),
    "cu.col.relationship_on": ("{date} 客户关系", "Relationship on {date}"),
    "find.matrix.spare_rank": ("{n} 家 5 级客户（占 {share}）分级后赢单率 {rate5}、每家每年赢单 {value5}，低于客户资"
                               "产（1–3 级）的 {assets_rate}、"
    "每家 {as"
                               "sets_value}，也低于 4 级客户的每家 {value4}：只在有富余精力时服务；过去一年从更高分级"
                               "降入 5 级的 {moved} 家不在此列，先逐家查明下降原因。",
                               "{n} tier 5 customers ({share}) won {rate5} of their closed deals after the tier date "
                               "and {value5} per customer a year, against {assets_rate} and {assets_value} for the as"
                               "sets (tiers 1-3) and {value4} per customer for tier 4: serve them with spare capacity"
                               " only; the {moved} that moved down into tier 5 over the year are left out, for a revi"
                               "ew of why they moved first."),
    "find.matrix.migration": ("与 {date} 相比（截至 {today}），{up} 家客户分级上升、{down} 家下降；客户资产（1–3 级）"
                              "从 {before} 家变为 {after} 家。",
                              "Between {date} and {today}, {up} customers moved up a tier and {down} down; customer"
                              " assets (tiers 1-3) went from {before} to {after}."),
    "act.matrix.neglected": ("立即回访 {n} 家超过 {days}未接触的客户资产（1–3 级）",
                             "Call on the {n} customer assets (tiers 1-3) without contact for over {days} now"),
    "act.matrix.build_trust": ("与 {n} 家 4 级客户（优质或战略客户、关系中立）建立信任",
                               "Build trust with the {n} tier 4 customers (quality or strategic, still neutral)"),
    "act.matrix.untouched": ("为 {n} 家从未接触的优质及战略客户指定负责人并安排首次拜访",
                             "Give the {n} quality and strategic customers nobody has contacted an owner and a first "
                             "visit"),
    "act.matrix.spare": ("{n} 家 5 级客户只以富余精力服务，把时间让给{to}",
                         "Serve the {n} tier 5 customers with spare capacity only and give the time to {to}"),
    "act.matrix.movers_down": ("查明 {n} 家分级下降的客户原因并回访",
                               "Find out why {n} customers moved down a tier and call on them"),
    "table.matrix_grid": ("客户质量矩阵（客户数）", "Quality matrix (customers)"),
    "table.matrix_tiers": ("各级客户", "Customers per tier"),
    "table.matrix_tier_outcomes": ("分级后的新商机赢单", "What each tier won afterwards"),
    "cu.note.tiers": ("为检验分级能否预测之后的赢单，下表按 {date} 的分级（只依据该日及之前的接触与赢单记录）"
                      "统计 {after} 起新建商机的结果；上方各级客户数是按 {today} 的最新分级。",
                      "To test whether the tiers predict later wins, the table below takes the tiers as they stood "
                      "on {date} (contacts and wins up to that day only) and counts the deals created from {after} "
                      "on; the customers per tier above are graded as of {today}."),
    "cu.note.tiers_shifted": ("分析期开始前的接触记录不足一个回看期，所以检验分级的日期取 {date}：下表按该日的分级"
                              "（只依据该日及之前的记录）统计 {after} 起新建商机的结果；上方各级客户数是按 {today} "
                              "的最新分级。",
                              "The contact history before the analysis period is shorter than one look-back window, "
                              "so the tiers are tested as they stood on {date}: the table below counts the deals "
                              "created from {after} on against those tiers (records up to that day only); the "
                              "customers per tier above are graded as of {today}."),
    "cu.note.matrix": ("{n} 家资料不全的客户无法判断级别，不在矩阵内（名单见客户盘点）。",
                       "{n} incomplete records cannot be given a level and stay outside the matrix (listed in the "
                       "customer inventory)."),
    "table.matrix_owners": ("各销售客户资产", "Customer assets per rep"),
    "table.matrix_build_trust": ("待建立信任的 4 级客户", "Tier 4: build trust"),
    "table.matrix_untouched": ("从未接触的优质战略客户", "Premium customers never contacted"),
    "table.matrix_neglected": ("被冷落的客户资产", "Neglected customer assets"),
    "table.matrix_spare": ("5 级客户", "Tier 5: spare capacity"),
    "table.matrix_transition": ("分级变化矩阵", "Tier transitions"),
    "table.matrix_movers": ("分级变化的客户", "Customers that changed tier"),
    "table.activities_history": ("覆盖更早一个回看期的客户接触记录",
                                 "Contact history reaching back one more lookback window"),
    "table.customers_earlier": ("较早日期导出的客户表", "The customer table exported at an earlier date"),
    "find.matrix.tiers_no_rank": ("按 {date} 的分级没有区分此后的赢单：5 级客户赢单率 {rate5}（{n5} 个已结商机），1 "
                                  "级客户只有 {rate1}（{n1} 个）；客户资产（1–3 级）赢单率 {assets_rate}，4–5 级 {other"
                                  "s_rate}。",
                                  "The tiers as of {date} did not rank what customers won afterwards: tier 5 won {r"
                                  "ate5} of its {n5} closed deals, tier 1 only {rate1} of {n1}; the assets (tiers 1-3"
                                  ") won {assets_rate}, tiers 4-5 {others_rate}."),
    "find.matrix.tiers_no_rank_pooled": ("按 {date} 的分级没有区分此后的赢单：客户资产（1–3 级）赢单率 {assets_rate}"
                                         "、每家客户赢单 {assets_value}，4–5 级为 {others_rate}、{others_value}。",
                                         "The tiers as of {date} did not rank what customers won afterwards: the as"
                                         "sets (tiers 1-3) won {assets_rate} of their closed deals and {assets_value}"
                                         " per customer, tiers 4-5 {others_rate} and {others_value}."),
    "find.matrix.tiers_rank": ("按 {date} 的分级区分了此后的赢单：客户资产（1–3 级）赢单率 {assets_rate}、每家客户赢"
                               "单 {assets_value}，高于 4–5 级的 "
    "{other"
                               "s_rate}、{others_value}；分级能区分客户价值，可据此分配精力。",
                               "The tiers as of {date} ranked what customers won afterwards: the assets (tiers 1-3) w"
                               "on {assets_rate} of their closed deals and {assets_value} per customer, against {othe"
                               "rs_rate} and {others_value} for tiers 4-5, so effort can be allocated by tier."),
    "find.matrix.spare_no_rank": ("{n} 家 5 级客户（占 {share}）按规则只以富余精力服务，但分级后 5 级客户赢单率 {rate5"
                                  "}，高于 1 级客户的 {rate1}：分级校准前不减少对 5 级客户的投入。",
                                  "{n} tier 5 customers ({share}) would be served with spare capacity only, yet tie"
                                  "r 5 won {rate5} of its closed deals against {rate1} for tier 1: until the tiers ar"
                                  "e recalibrated, tier 5 keeps its current coverage."),
    "find.matrix.spare_no_rank_pooled": ("{n} 家 5 级客户（占 {share}）按规则只以富余精力服务，但分级没有区分赢单（客"
                                         "户资产赢单率 {assets_rate}，4–5 级 {others_rate}）：分级校准前不减少对 5 级客"
                                         "户的投入。",
                                         "{n} tier 5 customers ({share}) would be served with spare capacity only, "
                                         "but the tiers do not rank outcomes (assets win {assets_rate}, tiers 4-5 {ot"
                                         "hers_rate}): until they are recalibrated, tier 5 keeps its current coverage"
                                         "."),
    "act.matrix.recalibrate": ("重新校准{rules}：目前的分级没有区分赢单",
                               "Recalibrate {rules}: the tiers do not rank what customers win"),
    "cu.rule.level": ("客户级别规则", "the level rule"),
    "cu.rule.relationship": ("客户关系规则", "the relationship rule"),
    "cu.rule.both": ("客户级别与客户关系规则", "the level and relationship rules"),
    "cu.who.sales_ops": ("销售运营与销售管理层", "Sales operations and sales management"),
    "cu.who.sales_manager": ("销售经理", "Sales manager"),
    "cu.who.owners": ("各客户的负责销售，{most}", "Each customer's rep ({most})"),
    "cu.basis.neglected": ("{n} 家 × 同级仍有接触的客户资产每户每年多赢金额的一半（差距平均 {gap}）= {value}",
                           "{n} customers x half the yearly won revenue per customer by which assets of the same ti"
                           "er still in contact beat silent ones (average gap {gap}) = {value}"),
    "cu.basis.build_trust": ("{n} 家 × 客户资产（1–3 级）与 4 级客户每户年赢单差距（{assets} − {tier4}）的一半 = {value"
                             "}",
                             "{n} customers x half the gap in yearly won revenue per customer between the assets (t"
                             "iers 1-3) and tier 4 ({assets} - {tier4}) = {value}"),
    "cu.basis.untouched": ("{n} 家 × 新客户年成交率的一半（{rate} 的一半即 {half}：{date} 时尚无赢单的客户此后成交的"
                           "比例）× 新客户首年赢单 {first_year} = {value}",
                           "{n} customers x half the yearly new-customer rate ({half}, half of {rate}: the share of"
                           " customers without a win on {date} that won a deal afterwards) x a new customer's first-y"
                           "ear won revenue {first_year} = {value}"),
    "cu.basis.movers_down": ("{n} 家 × 原分级与现分级每户年赢单差距（平均 {gap}）的一半 = {value}",
                             "{n} customers x half the gap in yearly won revenue per customer between the tier each l"
                             "eft and the tier it is in (average {gap}) = {value}"),
    "cu.basis.movers_down_capped": ("{n} 家 × 原分级与现分级每户年赢单差距（平均 {gap}）的一半 = {uncapped}；其中 {ca"
                                    "pped} 家以其自身在分级下降前一年的赢单为上限"
                                    "，合计 {value}",
                                    "{n} customers x half the gap in yearly won revenue per customer between the tier"
                                    " each left and the tier it is in (average {gap}) = {uncapped}; {capped} of them "
                                    "capped by what the customer itself won in the year before it moved, in all {valu"
                                    "e}"),
    "cu.basis.no_amounts": ("分级日之后没有可比的赢单金额", "no comparable won amounts after the tier date"),
    "cu.basis.build_trust_net": ("{n} 家 × {rest}（扣除会自行升级的 {natural}：{date} 的 {was} 家 4 级客户"
                                 "中，{up} 家一年内未经专门行动已升为 1–3 级）× 客户资产（1–3 级）与 4 级客户每户"
                                 "年赢单差距（{assets} − {tier4}）的一半 = {value}",
                                 "{n} customers x {rest} (leaving out the {natural} that move up on their own: {up} of "
                                 "the {was} tier 4 customers of {date} were in tiers 1-3 a year later without an "
                                 "action) x half the gap in yearly won revenue per customer between the assets (tiers "
                                 "1-3) and tier 4 ({assets} - {tier4}) = {value}"),
    "cu.basis.not_ranked": ("分级没有区分赢单，按各级差距估算的金额在重新校准前不成立",
                            "the tiers do not rank outcomes, so a value from the gaps between tiers does not hold u"
                            "ntil they are recalibrated"),
    "cu.basis.recalibrate": ("分级校准后，本章其他行动和时间分配才有可靠依据",
                             "once recalibrated, the tiers can again guide the other actions and the time allocation"),
    "cu.basis.time": ("腾出的时间不单独计价值，其价值计入针对{tier}的行动",
                      "the time freed is not valued on its own: its worth is counted in the action on {tier}"),
    "cu.basis.next": ("名单汇总本章其他行动的客户，金额已计入各项行动",
                      "the list gathers the customers of the chapter's other actions, valued there"),
    "cu.step.recalibrate": ("用 {date} 之后的已结商机重新检验{rules}，调整门槛后重新分级",
                            "Re-test {rules} on the deals closed since {date}, adjust the thresholds and grade again"),
    "cu.kpi.recalibrate": ("重新分级后 1 级客户赢单率不低于 5 级（现为 {rate1} 对 {rate5}）",
                           "Tier 1 wins at least as often as tier 5 after regrading (now {rate1} against {rate5})"),
    "cu.kpi.recalibrate_pooled": ("重新分级后客户资产赢单率高于 4–5 级（现为 {assets} 对 {others}）",
                                  "The assets win more often than tiers 4-5 after regrading (now {assets} against {"
                                  "others})"),
    "cu.step.untouched": ("为 {n} 家客户逐一指定负责人并预约首次拜访",
                          "Give each of the {n} customers an owner and book a first visit"),
    "cu.kpi.untouched": ("完成首次拜访的客户数（共 {n} 家，现为 0）",
                         "Customers visited for the first time (of {n}; now none)"),
    "cu.step.build_trust": ("按「先联系」名单的顺序，从前 {n} 家开始，每家安排一次技术交流",
                            "Start with the first {n} in the order of the list of customers to work next: one technic"
                            "al exchange each"),
    "cu.kpi.build_trust": ("关系升为熟悉或伙伴的 4 级客户数（现有 {n} 家 4 级客户）",
                           "Tier 4 customers moved to familiar or partner (of {n})"),
    "cu.step.neglected": ("按未接触天数从长到短，本周电话联系名单前 {n} 家并约定拜访",
                          "This week, call the first {n} on the list, longest silence first, and book visits"),
    "cu.kpi.neglected": ("超过 {days}未接触的客户资产数（现为 {n} 家）",
                         "Customer assets without contact for over {days} (now {n})"),
    "cu.step.spare": ("把 {n} 家 5 级客户的例行拜访改为电话或线上跟进",
                      "Move the routine visits of the {n} tier 5 customers to phone or online follow-up"),
    "cu.kpi.spare": ("客户资产（1–3 级）在拜访中的占比", "Share of visits spent on customer assets (tiers 1-3)"),
    "cu.step.movers_down": ("逐家查明 {n} 家客户分级下降的原因（接触减少、丢单或联系人变动）",
                            "Find out, customer by customer, why the {n} moved down (fewer contacts, a lost deal, a"
                            " new contact)"),
    "cu.kpi.movers_down": ("回到原分级的客户数（共 {n} 家）", "Customers back in their former tier (of {n})"),
    "cu.step.next": ("把名单按销售拆分，每人本周从自己的前 10 家开始",
                     "Split the list by rep; each starts this week with their top 10"),
    "cu.kpi.next": ("名单上已联系的客户数（共 {n} 家）", "Customers on the list contacted (of {n})"),
    "cu.sum.assets": ("截至 {today}，{customers} 家客户中有 {assets} 家是客户资产（1–3 级），占 {share}。",
                      "As of {today}, {assets} of {customers} customers are customer assets (tiers 1-3), {share}."),
    "cu.sum.top_action": ("本章最大一项行动是「{action}」，预计 12 个月内增加赢单约 {value}。",
                          "The largest action of the chapter, “{action}”, is worth about {value} of additional won "
                          "revenue in 12 months."),
    "cu.note.tier_rule": ("检验规则：客户资产（1–3 级）的赢单率和每家客户赢单金额都高于 4–5 级，且 1 级客户赢单率不低于"
                          "5 级，才算分级区分了赢单；已结商机少于 {min} 个的等级不参与比较。",
                          "The test: the tiers rank outcomes when the assets (tiers 1-3) win a larger share of thei"
                          "r closed deals and more per customer than tiers 4-5, and tier 1 wins at least as often as "
                          "tier 5; a tier with fewer than {min} closed deals is left out."),
    "cu.note.tier_rule_left": ("检验规则：客户资产（1–3 级）的赢单率和每家客户赢单金额都高于 4–5 级，且 1 级客户赢单"
                               "率不"
                               "低于 5 级，才算分级区分了赢单；已结商机少于 {min} 个的等级不参与比较，本次为：{left}。",
                               "The test: the tiers rank outcomes when the assets (tiers 1-3) win a larger share of"
                               " their closed deals and more per customer than tiers 4-5, and tier 1 wins at least as"
                               " often as tier 5; a tier with fewer than {min} closed deals is left out, here {left}."),
    "cu.note.join": ("{first}{second}", "{first} {second}"),
    "cu.col.customers_on": ("客户数（{date}）", "Customers on {date}"),
    "cu.col.won_per_customer": ("{date} 起每家客户赢单金额", "Won revenue per customer from {date}"),
    "cu.col.tier_was": ("原分级（{date}）", "Tier before ({date})"),
    "cu.col.tier_now": ("现分级（{date}）", "Tier now ({date})"),
    "cu.col.relationship_was": ("原客户关系（{date}）", "Relationship before ({date})"),
    "cu.col.relationship_now": ("现客户关系（{date}）", "Relationship now ({date})"),
    "cu.col.tier_on": ("{date} 分级", "Tier on {date}"),
    "cu.chart.tier_outcomes": ("分级后各级客户的赢单率（柱上为已结商机数）",
                               "Win rate per tier after the tier date (closed deals above each bar)"),
    "cu.chart.tier_outcomes_rank": ("分级后客户资产的赢单率高于 4–5 级",
                                    "After the tier date the customer assets won more often than tiers 4-5"),
    "cu.chart.tier_outcomes_no_rank": ("分级后赢单率没有随等级下降：分级需要重新校准",
                                       "Win rates after the tier date do not fall with the tier: the grading needs "
                                       "recalibrating"),
    "cu.axis.win_rate": ("赢单率", "Win rate"),
    # --- who to work next (nextlist.py) ------------------------------------------------------------------
    "section.matrix.next": ("一份按优先级排序的名单说明先联系谁", "One ranked list says whom to work next"),
    "find.matrix.next": ("先联系这 {n} 家客户：其中 {tier4} 家是待建立信任的 4 级客户，名单上的未结商机合计 {pipeline"
                         "}；"
                         "排在首位的是「{first}」（{reasons}）。",
                         "Work these {n} customers next: {tier4} of them are tier 4 customers to build trust with, "
                         "and the open deals of the listed customers total {pipeline}; first on the list is {first} "
                         "({reasons})."),
    "find.matrix.next_no_pipeline": ("先联系这 {n} 家客户：其中 {tier4} 家是待建立信任的 4 级客户；"
                                     "排在首位的是「{first}」（{reasons}）。",
                                     "Work these {n} customers next: {tier4} of them are tier 4 customers to build "
                                     "trust with; first on the list is {first} ({reasons})."),
    "find.matrix.next_none": ("目前没有需要优先联系的客户：没有 4 级客户、从未接触的优质战略客户、被冷落的客户资产，"
                              "也没有要素未配齐的未结商机。",
                              "No customer needs working first: no tier 4 customer, no premium customer never "
                              "contacted, no neglected asset and no open deal missing checklist elements."),
    "cu.note.next": ("排序规则：4 级客户（建立信任）{trust} 分，从未接触的优质及战略客户 {untouched} 分，"
                     "超过 {days}未接触的客户资产 {neglected} 分，有要素未配齐的未结商机 {checklist} 分，"
                     "再加购买潜力 0-1 分（营收规模 {revenue}、人员规模 {headcount}、信息技术人员占比 {it}、"
                     "近三年收入增长 {growth}，各按在全部客户中的百分位计，缺项计 0）；同分时未结商机金额大者在前，"
                     "其次营收规模大者，再按客户编号。建议渠道：4 级客户、从未接触的客户，以及金额居未结商机前 {big}"
                     "而决策人未确认的客户，上门{visit}；其余先{call}联系（成本约为拜访的百分之一）。名单随每次数据更"
                     "新重新排序。",
                     "How the list is ranked, in points: tier 4, to build trust, {trust}; a premium customer never "
                     "contacted, {untouched}; a customer asset without contact for over {days}, {neglected}; an "
                     "open deal missing checklist elements, {checklist}; plus buying potential 0-1 (annual revenue "
                     "{revenue}, headcount {headcount}, IT share of staff {it}, revenue growth over three years "
                     "{growth}, each as the customer's percentile among all customers, 0 when missing). Ties go to "
                     "the larger open pipeline, then the larger annual revenue, then the customer ID. Suggested "
                     "channel. {visit}: tier 4, customers never contacted and open deals in the top {big} by "
                     "amount without a confirmed decision maker; {call}: the rest (about a hundredth of the cost of "
                     "a visit). The list is ranked again every time the data are refreshed."),
    "cu.note.next_partial": ("{rule}未纳入：{left}。", "{rule} Left out: {left}."),
    "cu.note.next_left.neglected": ("被冷落的客户资产与未接触天数（缺少客户接触记录）",
                                    "neglected assets and days since contact (no contact history)"),
    "cu.note.next_left.checklist": ("要素未配齐的商机与未结商机金额（缺少商机表或其状态）",
                                    "open deals missing checklist elements and the open pipeline (no opportunities "
                                    "with a status)"),
    "cu.note.next_left.elements": ("要素未配齐的商机（商机表没有要素配齐字段）",
                                   "open deals missing checklist elements (the opportunities give no checklist "
                                   "fields)"),
    "cu.note.next_left.potential": ("购买潜力（客户资料没有营收规模、人员规模或收入增长）",
                                    "buying potential (the customer records give no revenue, headcount or growth)"),
    "act.matrix.next": ("按「先联系」名单跟进 {n} 家客户，从 {tier4} 家 4 级客户开始",
                        "Work the list of {n} customers to contact next, starting with the {tier4} tier 4 customers"),
    "vocab.next_reason.build_trust": ("4 级：建立信任", "tier 4: build trust"),
    "vocab.next_reason.untouched": ("优质战略客户未接触", "premium, never contacted"),
    "vocab.next_reason.neglected": ("客户资产被冷落", "neglected asset"),
    "vocab.next_reason.checklist": ("商机要素未配齐", "open deal, checklist incomplete"),
    "cu.chart.next": ("每位销售要先联系的客户，按首要原因", "Customers each rep should work next, by main reason"),
    "cu.axis.next": ("先联系的客户（家）", "Customers to work next"),
    "table.next_customers": ("先联系的客户", "Customers to work next"),
    "table.next_by_rep": ("各销售先联系的前 10 家", "Top 10 to work next per rep"),
    "cu.col.next_rank": ("排序", "Rank"),
    "cu.col.next_reasons": ("原因", "Why"),
    "cu.col.next_channel": ("建议渠道", "Suggested channel"),
    "cu.col.next_days_since_contact": ("距最近接触", "Since last contact"),
    "cu.col.next_open_pipeline": ("未结商机金额", "Open pipeline"),
    "cu.col.next_potential": ("购买潜力（0-1）", "Buying potential (0-1)"),
    "cu.col.next_points": ("优先分", "Points"),
    "vocab.direction.up": ("上升", "up"),
    "vocab.direction.down": ("下降", "down"),
    # --- level reasons (levels.py) and the incomplete record ----------------------------------------------
    "vocab.level.incomplete": ("资料不全", "Incomplete record"),
    "cu.reason.sep": ("；", "; "),
    "cu.reason.not_met": ("未满足{level}客户规则：{conditions}", "{level} customer rule not met: {conditions}"),
    "cu.reason.reached": ("已达{level}客户标准", "{level} customer rule met"),
    "cu.reason.incomplete": ("资料不全：缺少{fields}，无法判断客户级别",
                             "incomplete record: {fields} missing, the level cannot be told"),
    "cu.reason.strategic": ("已达目标客户标准，且满足战略客户规则",
                            "inside the target profile and meets the strategic rule"),
    "cu.reason.strategic_cumulative": ("满足直至战略客户的全部规则", "meets every rule up to strategic"),
    # --- relationship reasons (relationship.py) --------------------------------------------------------
    "cu.rel.partner": ("近 {lookback} 天赢单 {won} 个（≥{min_won}），距最近一次拜访或技术交流 {days} 天（≤{recent}）",
                       "{won} won deals in the last {lookback} days (>= {min_won}), last visit or technical exchange "
                       "{days} days ago (<= {recent})"),
    "cu.rel.familiar_contacts": ("近 {lookback} 天接触折算 {n} 次（≥{min}）",
                                 "weighted contacts in the last {lookback} days: {n} (>= {min})"),
    "cu.rel.familiar_won": ("近 {lookback} 天赢单 {won} 个（≥{min}）",
                            "{won} won deal(s) in the last {lookback} days (>= {min})"),
    "cu.rel.neutral": ("近 {lookback} 天接触折算 {n} 次（<{min}），赢单 {won} 个",
                       "weighted contacts in the last {lookback} days: {n} (< {min}), {won} won deal(s)"),
    "cu.note.relationship": ("接触按深度折算：{weights}；未注明类型的接触计 1 次。"
                             "只统计近 {lookback} 天内的接触与赢单。",
                             "Contacts are weighed by depth: {weights}; a contact of no stated type counts 1. Only "
                             "contacts and won deals in the last {lookback} days count."),
    "cu.relrule.partner": ("近 {lookback} 天赢单 ≥{min_won} 个，且 {recent} 天内有拜访或技术交流",
                           ">= {min_won} won deals in the last {lookback} days and a visit or technical exchange "
                           "within {recent} days"),
    "cu.relrule.familiar_contacts": ("近 {lookback} 天接触折算 ≥{min} 次",
                                     "weighted contacts in the last {lookback} days >= {min}"),
    "cu.relrule.familiar_won": ("近 {lookback} 天赢单 ≥{won} 个", ">= {won} won deal(s) in the last {lookback} days"),
    "cu.relrule.neutral": ("有接触记录，但近 {lookback} 天接触折算不足 {min} 次、也没有赢单",
                           "contacted, but in the last {lookback} days weighted contacts < {min} and no win"),
    "cu.weight": ("{type} {weight} 次", "{type} {weight}"),
    # --- shared: column headers, who, charts ------------------------------------------------------------
    "cu.col.completeness": ("资料完整度", "Completeness"),
    "cu.col.customers_then": ("分级日客户数（{date}）", "Customers on the tier date ({date})"),
    "cu.col.deals_after": ("新建商机（{date} 起）", "Deals created from {date}"),
    "cu.col.lost": ("丢单数", "Deals lost"),
    "cu.col.revenue_share": ("赢单金额占比", "Share of won revenue"),
    "cu.col.n_missing": ("缺少字段数", "Fields missing"),
    "cu.col.missing_field": ("缺{field}", "{field} missing"),
    "cu.col.reason": ("依据", "Reason"),
    "cu.col.level_reason": ("级别依据", "Why this level"),
    "cu.col.relationship_reason": ("关系依据", "Why this relationship"),
    "cu.col.contacts_in_window": ("回看期内接触次数（未折算）", "Contacts in the look-back window (unweighted)"),
    "cu.col.contact_score": ("回看期内接触折算次数", "Weighted contacts in the look-back window"),
    "cu.col.last_contact": ("最近接触日期", "Last contact"),
    "cu.col.days_since_contact": ("未接触", "Since last contact"),
    "cu.col.asset": ("客户资产", "Customer asset"),
    "cu.col.assets": ("客户资产（1–3 级）", "Customer assets (tiers 1-3)"),
    "cu.col.tier_before": ("原分级", "Tier before"),
    "cu.col.tier_after": ("现分级", "Tier now"),
    "cu.col.tier_before_after": ("{before} 分级 \\ {now} 分级", "Tier on {before} \\ on {now}"),
    "cu.col.relationship_before": ("原客户关系", "Relationship before"),
    "cu.col.relationship_after": ("现客户关系", "Relationship now"),
    "cu.col.steps": ("变化级数", "Tiers moved"),
    "cu.col.direction": ("方向", "Direction"),
    "cu.who": ("{who}", "{who}"),
    "cu.who_most": ("{who} 名下最多，{n} 家", "{who} holds the most, {n}"),
    "cu.chart.profile": ("客户的行业、规模与地区分布（灰色：未填写）",
                         "The customers by industry, size and region (grey: not given)"),
    "cu.chart.completeness": ("各字段填写率：最短的条最需要补齐",
                              "Fill rate per field: the shortest bars need completing first"),
    "cu.chart.all_filled": ("全部填写", "all filled"),
    "cu.chart.level": ("优质及战略客户占 {premium}，{potential} 的客户仍是潜在客户",
                       "{premium} of customers are quality or strategic; {potential} are still potential"),
    "cu.chart.relationship": ("{no_trust} 的客户尚未建立信任（未接触或中立）",
                              "{no_trust} of customers have no trust yet (untouched or neutral)"),
    "cu.chart.matrix": ("客户资产集中在右上角的 1–3 级格子（客户数）",
                        "Customer assets sit in the top-right tier 1-3 cells (customers)"),
    "cu.chart.owners": ("各销售的客户资产（1–3 级），最多者在上", "Customer assets (tiers 1-3) per rep, most first"),
    "cu.chart.tiers": ("各级客户数（截至最新数据）", "Customers per tier as of the latest data"),
    "cu.axis.fill_rate": ("填写率", "Fill rate"),
    "cu.axis.customers": ("客户数（家）", "Customers"),
    "cu.axis.customers_share": ("客户数（占全部客户）", "Customers (share of all)"),
    "cu.axis.assets": ("客户资产（家）", "Customer assets"),
    "cu.basis.movers_shared": ("{first}（另有 {trust} 家现为 4 级客户、{silent} 家是被冷落的客户资产，"
                               "已计入那两项行动，不重复计算）",
                               "{first} (another {trust} are tier 4 today and {silent} are neglected assets, valued "
                               "in those two actions, not again)"),
    "cu.note.build_trust_order": ("4 级客户按「先联系」名单的顺序排列（与本章末尾的名单一致）：有要素未配齐的未结商机"
                                  "者在前，其次按购买潜力从高到低；购买潜力是客户的营收规模、人员规模、信息技术人员占"
                                  "比与近三年收入增长在全部客户中的百分位加权，0–1。",
                                  "Tier 4 customers are listed in the order of the list of customers to work next (at"
                                  " the end of this chapter): those with an open deal missing checklist elements firs"
                                  "t, then by buying potential, highest first; buying potential weighs the customer's"
                                  " percentile among all customers in annual revenue, headcount, IT share of staff an"
                                  "d three-year revenue growth, 0-1."),
    "cu.to.tier": ("接触覆盖率最低的{tier}（近 {days}有接触的只占 {coverage}）",
                   "{tier}, the least covered tier (only {coverage} contacted in the last {days})"),
    "cu.to.assets": ("客户资产（1–3 级）",
                     "the customer assets (tiers 1-3)"),
    "cu.kpi.spare_to": ("{tier}在拜访中的占比",
                        "Share of visits spent on {tier}"),
    "cu.basis.movers_shared_trust": ("{first}（另有 {trust} 家现为 4 级客户，已计入「建立信任」，不重复计算）",
                                     "{first} (another {trust} are tier 4 today, valued in building trust, not again)"),
    "cu.basis.movers_shared_silent": ("{first}（另有 {silent} 家是被冷落的客户资产，已计入「立即回访」，不重复计算）",
                                      "{first} (another {silent} are neglected assets, valued in the call-now action, "
                                      "not again)"),
    "cu.note.owners": ("各级客户数按 {today} 的分级。",
                       "Customers per tier as graded on {today}."),
    "act.matrix.untouched.problem": ("{n} 家优质及战略客户从未接触",
                                     "{n} quality and strategic customers never contacted"),
    "act.matrix.build_trust.problem": ("{n} 家 4 级客户级别高却尚未建立信任",
                                       "{n} tier 4 customers rank high but trust us no more than strangers"),
    "act.matrix.neglected.problem": ("{n} 家客户资产超过 {days}无人接触",
                                     "{n} customer assets without contact for over {days}"),
    "act.matrix.spare.problem": ("{n} 家 5 级客户赢单率只有 {rate5}",
                                 "{n} tier 5 customers win only {rate5} of their deals"),
    "act.matrix.spare.problem_n": ("{n} 家 5 级客户占用销售时间",
                                   "{n} tier 5 customers take sellers' time"),
    "act.matrix.movers_down.problem": ("{n} 家客户自 {date} 以来分级下降",
                                       "{n} customers moved down a tier since {date}"),
    "act.matrix.recalibrate.problem": ("分级失准：1 级客户赢单率 {rate1}，5 级 {rate5}",
                                       "the tiers mislead: tier 1 wins {rate1}, tier 5 {rate5}"),
    "act.matrix.recalibrate.problem_pooled": ("分级失准：客户资产赢单率 {assets}，4–5 级 {others}",
                                              "the tiers mislead: assets win {assets}, tiers 4-5 {others}"),
    "act.matrix.next.problem": ("{n} 家客户待优先联系，其中 {tier4} 家是 4 级客户",
                                "{n} customers to work first, {tier4} of them tier 4"),
    "act.inventory.no_trust.problem": ("{n} 家优质及战略客户尚未建立信任",
                                       "{n} quality and strategic customers trust us no more than strangers"),
    "act.inventory.thin.problem": ("{n} 家客户资料不全、无法分级",
                                   "{n} customer records too incomplete to grade"),
    "act.inventory.completeness.problem": ("{who} 名下客户资料完整度只有 {rate}",
                                           "{who}'s customer records only {rate} complete"),
}
