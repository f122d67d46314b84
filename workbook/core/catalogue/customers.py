"""Catalogue: labels and messages of the customers part of the kit (see :mod:`workbook.core.catalogue`).

The customer inventory (``inventory``) and the customer quality matrix (``matrix``) chapters. Column
headers that only these chapters use are ``cu.col.<code>`` (passed as ``Table.headers``), so they cannot
collide with another chapter's ``col.<code>``.
"""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the customer inventory ---------------------------------------------------------------------------
    "chapter.inventory": ("客户盘点", "Customer inventory"),
    "section.inventory.profile": ("客户画像", "Who the customers are"),
    "section.inventory.completeness": ("客户资料完整度", "How complete the customer records are"),
    "section.inventory.thin": ("资料不足以分级的客户", "Records too thin to grade"),
    "section.inventory.level": ("客户级别", "Customer level"),
    "section.inventory.relationship": ("客户关系", "Relationship"),
    "section.inventory.explain": ("逐客户说明：级别与关系的依据", "Why each customer sits where it does"),
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
    "find.inventory.thin": ("{n} 家客户（{share}）缺少分级所需的资料，最常缺的是「{field}」（{field_n} 家）。",
                            "{n} customers ({share}) lack a field the level rules need, most often {field} "
                            "({field_n})."),
    "find.inventory.thin_none": ("每家客户都有分级所需的资料（{fields}）。",
                                 "Every customer has the fields the level rules need ({fields})."),
    "find.inventory.level": ("优质及战略客户 {premium} 家，占 {share}；{potential_share} 的客户仍是潜在客户"
                             "（{given} 家的级别由客户数据直接给出，其余按 ICP 规则推导）。",
                             "{premium} customers ({share}) are quality or strategic; {potential_share} are still "
                             "potential customers ({given} levels are given in the client's data, the rest follow "
                             "the ICP rules)."),
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
    "act.inventory.thin": ("请客户补齐 {n} 家客户缺少的分级资料，然后重新分级",
                           "Ask the client to complete the {n} records too thin to grade, then grade them again"),
    "act.inventory.no_trust": ("与 {n} 家尚未建立信任的优质及战略客户建立联系",
                               "Build contact with the {n} quality and strategic customers who have no trust yet"),
    "act.inventory.completeness": ("请资料最不完整的销售补齐名下客户资料（目前完整度 {rate}），其他销售依表跟进",
                                   "Have the rep with the least complete records complete them (now {rate} "
                                   "complete); the others follow the table"),
    "table.inventory_completeness": ("各销售客户资料完整度", "Record completeness per rep"),
    "table.inventory_thin": ("资料不全的客户", "Records too thin to grade"),
    "table.inventory_level_reasons": ("客户级别依据", "Why customers have their level"),
    "table.inventory_relationship_reasons": ("客户关系依据", "Why customers have their relationship"),
    "table.inventory_no_trust": ("尚未建立信任的优质战略客户", "Premium customers without trust"),
    "table.inventory_explain": ("逐客户级别与关系依据", "Level and relationship per customer"),
    # --- the customer quality matrix ---------------------------------------------------------------------
    "chapter.matrix": ("客户质量矩阵", "Customer quality matrix"),
    "section.matrix.matrix": ("客户级别 × 客户关系", "Customer level x relationship"),
    "section.matrix.tiers": ("客户资产分级", "Customers per tier"),
    "section.matrix.owners": ("各销售的客户资产", "Customer assets per rep"),
    "section.matrix.build_trust": ("建立信任：四级客户", "Build trust: tier 4"),
    "section.matrix.neglected": ("被冷落的客户资产", "Neglected customer assets"),
    "section.matrix.spare": ("富余精力服务：五级客户", "Spare capacity only: tier 5"),
    "section.matrix.migration": ("客户分级变化", "How customers moved between tiers"),
    "find.matrix.matrix": ("{customers} 家客户中有 {assets} 家是客户资产（1-3级），占 {share}；"
                           "客户最多的一格是「{level} × {relationship}」（{n} 家）。",
                           "{assets} of {customers} customers are customer assets (tiers 1-3), {share}; the "
                           "fullest cell is {level} x {relationship} ({n} customers)."),
    "find.matrix.tiers": ("客户资产（1-3级）{assets} 家，占客户的 {share}，却贡献了 {revenue_share} 的赢单金额。",
                          "The {assets} customer assets (tiers 1-3) are {share} of the customers and bring "
                          "{revenue_share} of the won revenue."),
    "find.matrix.tiers_no_revenue": ("客户资产（1-3级）{assets} 家，占客户的 {share}。",
                                     "The {assets} customer assets (tiers 1-3) are {share} of the customers."),
    "find.matrix.owners": ("{reps} 位销售中，{best} 的客户资产（1-3级）最多（{best_n} 家），"
                           "{worst} 最少（{worst_n} 家）。",
                           "Of {reps} reps, {best} has built the most customer assets (tiers 1-3: {best_n}), "
                           "{worst} the fewest ({worst_n})."),
    "find.matrix.build_trust": ("{n} 家四级客户（占优质及战略客户的 {share}）关系仍是中立：级别高但尚未建立信任，"
                                "营收规模合计 {annual}。",
                                "{n} tier 4 customers ({share} of the quality and strategic customers) are still "
                                "neutral: high level, no trust yet; their annual revenue totals {annual}."),
    "find.matrix.neglected": ("{n} 家客户资产（占 1-3级客户的 {share}）超过 {days}没有接触，"
                              "这些客户累计赢单金额 {revenue}。",
                              "{n} customer assets ({share} of tiers 1-3) have had no contact for over {days}; "
                              "they have brought {revenue} of won revenue."),
    "find.matrix.spare": ("{n} 家五级客户（占 {share}）：目标客户、关系中立，只在有富余精力时服务。",
                          "{n} tier 5 customers ({share}): target customers with a neutral relationship, to serve "
                          "with spare capacity only."),
    "find.matrix.migration": ("与 {date} 相比，{up} 家客户分级上升、{down} 家下降；客户资产（1-3级）从 {before} 家"
                              "变为 {after} 家。",
                              "Since {date}, {up} customers moved up a tier and {down} down; customer assets "
                              "(tiers 1-3) went from {before} to {after}."),
    "act.matrix.neglected": ("立即回访 {n} 家超过 {days}未接触的客户资产（1-3级）",
                             "Call on the {n} customer assets (tiers 1-3) without contact for over {days} now"),
    "act.matrix.build_trust": ("与 {n} 家四级客户（优质或战略客户、关系中立）建立信任",
                               "Build trust with the {n} tier 4 customers (quality or strategic, still neutral)"),
    "act.matrix.spare": ("{n} 家五级客户只以富余精力服务，把时间让给客户资产",
                         "Serve the {n} tier 5 customers with spare capacity only and give the time to the assets"),
    "act.matrix.movers_down": ("查明 {n} 家分级下降的客户原因并回访",
                               "Find out why {n} customers moved down a tier and call on them"),
    "table.matrix_grid": ("客户质量矩阵（客户数）", "Quality matrix (customers)"),
    "table.matrix_tiers": ("各级客户", "Customers per tier"),
    "table.matrix_owners": ("各销售客户资产", "Customer assets per rep"),
    "table.matrix_build_trust": ("待建立信任的四级客户", "Tier 4: build trust"),
    "table.matrix_neglected": ("被冷落的客户资产", "Neglected customer assets"),
    "table.matrix_spare": ("五级客户", "Tier 5: spare capacity"),
    "table.matrix_transition": ("分级变化矩阵", "Tier transitions"),
    "table.matrix_movers": ("分级变化的客户", "Customers that changed tier"),
    "table.activities_history": ("覆盖更早一个统计周期的客户接触记录",
                                 "Contact history reaching back one more lookback window"),
    "table.customers_earlier": ("较早日期导出的客户表", "The customer table exported at an earlier date"),
    "vocab.direction.up": ("上升", "up"),
    "vocab.direction.down": ("下降", "down"),
    # --- shared: column headers, who, charts ------------------------------------------------------------
    "cu.col.completeness": ("资料完整度", "Completeness"),
    "cu.col.n_missing": ("缺少字段数", "Fields missing"),
    "cu.col.missing_field": ("缺{field}", "{field} missing"),
    "cu.col.reason": ("依据", "Reason"),
    "cu.col.level_reason": ("级别依据", "Why this level"),
    "cu.col.relationship_reason": ("关系依据", "Why this relationship"),
    "cu.col.contacts_in_window": ("统计期内接触次数", "Contacts in the window"),
    "cu.col.last_contact": ("最近接触日期", "Last contact"),
    "cu.col.days_since_contact": ("未接触天数", "Days since contact"),
    "cu.col.asset": ("客户资产", "Customer asset"),
    "cu.col.assets": ("客户资产（1-3级）", "Customer assets (tiers 1-3)"),
    "cu.col.tier_before": ("原分级", "Tier before"),
    "cu.col.tier_after": ("现分级", "Tier now"),
    "cu.col.tier_before_after": ("原分级 \\ 现分级", "Tier before \\ now"),
    "cu.col.relationship_before": ("原客户关系", "Relationship before"),
    "cu.col.relationship_after": ("现客户关系", "Relationship now"),
    "cu.col.steps": ("变化级数", "Tiers moved"),
    "cu.col.direction": ("方向", "Direction"),
    "cu.who": ("{who}", "{who}"),
    "cu.who_most": ("{who} 名下最多，{n} 家", "most with {who}: {n}"),
    "cu.chart.profile": ("我们的客户是谁？（灰色：未填写）", "Who are our customers? (grey: not given)"),
    "cu.chart.completeness": ("客户资料填全了吗？各字段填写率", "How complete are the records? Fill rate per field"),
    "cu.chart.all_filled": ("全部填写", "all filled"),
    "cu.chart.level": ("客户处在级别阶梯的哪一级？", "Where do customers stand on the level ladder?"),
    "cu.chart.relationship": ("与客户的信任建立到哪一步？", "How far has trust been built?"),
    "cu.chart.matrix": ("客户资产在哪里？客户级别 × 客户关系（客户数）",
                        "Where are the customer assets? Level x relationship (customers)"),
    "cu.chart.owners": ("每位销售积累了多少客户资产（1-3级）？",
                        "How many customer assets (tiers 1-3) has each rep built?"),
    "cu.chart.tiers": ("各级客户有多少？", "How many customers in each tier?"),
    "cu.axis.fill_rate": ("填写率", "Fill rate"),
    "cu.axis.customers": ("客户数（家）", "Customers"),
    "cu.axis.customers_share": ("客户数（占全部客户）", "Customers (share of all)"),
    "cu.axis.assets": ("客户资产（家）", "Customer assets"),
}
