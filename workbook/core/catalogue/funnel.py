"""Catalogue: labels and messages of the funnel part of the kit (see :mod:`workbook.core.catalogue`)."""
from __future__ import annotations

_BUSINESS_NEW = ("新客户：首次赢单在分析期内的客户；老客户：分析期开始前已有赢单（商机记录，或客户资料中的"
                 "首次赢单日期）。",
                 "New customer: its first won deal falls in the analysis period; existing customer: it had a won "
                 "deal before the period (in the opportunities, or the first won date of its customer record).")

MESSAGES: dict[str, tuple[str, str]] = {
    "chapter.funnel": ("漏斗诊断", "Funnel diagnosis"),
    # sections
    "section.funnel.five": ("每周五个数说明销售是否在控",
                            "The five weekly numbers show whether sales are under control"),
    "section.funnel.funnel": ("从线索到回款，每一步都在流失线索", "Leads drop out at every step from lead to cash"),
    "section.funnel.breakdown": ("转化因来源类型、场景、销售和批次而不同",
                                 "Conversion differs by source type, scene, rep and cohort"),
    "section.funnel.tiers": ("各客户等级的线索转化不同", "Conversion differs by customer tier"),
    "section.funnel.utilisation": ("并非每条线索都在跟进窗口内得到跟进",
                                   "Not every lead is followed up within the window"),
    "section.funnel.rotting": ("超过跟进窗口的线索仍无人跟进",
                               "Leads past the follow-up window still wait for a follow-up"),
    "section.funnel.mouth": ("收入目标决定每月需要多少线索",
                             "The revenue target sets how many leads are needed each month"),
    "section.funnel.sources": ("渠道与同类渠道相比、按获客成本回报衡量",
                               "Each source is judged against like-for-like sources and on return on cost"),
    "section.funnel.tender": ("标前介入的商机赢单率与标后不同", "Engaging before the tender changes the win rate"),
    "section.funnel.reps": ("前 20% 的销售在各步转化更好", "The top 20% of reps convert better step by step"),
    "section.funnel.cycle": ("在某一阶段停留过久的商机已经停滞", "Deals that stay too long in a stage have stalled"),
    "section.funnel.checklist": ("要素配齐的商机赢单率更高", "Deals with their elements confirmed win more often"),
    "section.funnel.forecast": ("在途商机的加权预测", "Weighted forecast of the open deals"),
    "section.funnel.collections": ("赢单之后还要把钱收回来", "Won deals still have to be paid"),
    # tables (captions and appendix sheets)
    "table.funnel_stages": ("线索漏斗", "Lead funnel"),
    "table.funnel_by_source_type": ("漏斗（按来源类型）", "Funnel by source type"),
    "table.funnel_by_scene": ("漏斗（按场景）", "Funnel by scene"),
    "table.funnel_by_owner": ("漏斗（按销售）", "Funnel by rep"),
    "table.funnel_by_cohort": ("漏斗（按月度批次）", "Funnel by monthly cohort"),
    "table.funnel_tiers": ("漏斗（按客户等级）", "Funnel by customer tier"),
    "table.funnel_utilisation": ("线索利用", "Lead utilisation"),
    "table.funnel_utilisation_by_owner": ("线索利用（按销售）", "Lead utilisation by rep"),
    "table.funnel_rotting_leads": ("被搁置的线索", "Stalled leads"),
    "table.funnel_mouth": ("喇叭口测算", "Funnel mouth"),
    "table.funnel_sources": ("线索渠道", "Lead sources"),
    "table.funnel_active": ("主动与被动获客", "Active and passive sources"),
    "table.funnel_tender": ("标前与标后介入", "Before and after the tender"),
    "table.funnel_first_hand": ("一手线索", "First-hand leads"),
    "table.funnel_reps": ("销售各步转化", "Rep conversion by step"),
    "table.funnel_top_reps": ("前20%销售与其余", "Top 20% of reps vs the rest"),
    "table.funnel_cycle": ("周期", "Cycle times"),
    "table.funnel_stage_times": ("阶段停留时间", "Time in stage"),
    "table.funnel_stuck_deals": ("停滞商机", "Stuck deals"),
    "table.funnel_checklist": ("要素配齐率", "Element completeness"),
    "table.funnel_still_leads": ("实为线索的后期商机", "Late deals still leads"),
    "table.funnel_lift": ("要素与赢单率", "Elements and win rate"),
    "table.funnel_forecast": ("加权预测", "Weighted forecast"),
    "table.funnel_calibration": ("预测校准", "Forecast calibration"),
    "table.funnel_collections": ("回款概况", "Collections"),
    "table.funnel_overdue": ("超期未回款", "Overdue deals"),
    # column headers
    "col.count": ("数量", "Count"),
    "col.step_rate": ("本步转化率", "Step rate"),
    "col.cumulative_rate": ("累计转化率", "Cumulative rate"),
    "col.any_point_count": ("曾到达数量", "Reached at any point"),
    "col.cohort": ("创建月份", "Month created"),
    "col.deals": ("商机数", "Deals"),
    "col.lost": ("输单数", "Deals lost"),
    "col.won_amount": ("赢单金额", "Won amount"),
    "col.followed_up": ("已跟进", "Followed up"),
    "col.never_share": ("从未跟进占比", "Never followed up"),
    "col.due": ("已到跟进期限", "Old enough to judge"),
    "col.within_window_share": ("窗口内跟进占比", "Followed up in the window"),
    "col.median_delay": ("首次跟进用时中位数", "Median to first follow-up"),
    "col.p75_delay": ("首次跟进用时75分位", "75th percentile to first follow-up"),
    "col.age_days": ("已搁置", "Waiting"),
    "col.lead_share": ("线索占比", "Share of leads"),
    "col.lead_to_win_rate": ("线索赢单率", "Lead-to-win rate"),
    "col.revenue_per_cost": ("每元获客成本带来赢单（元）", "Won revenue per unit of acquisition cost"),
    "col.funnel_share": ("占比", "Share"),
    "col.timing": ("介入时机", "Engagement"),
    "col.closed": ("已关闭商机", "Closed deals"),
    "col.step": ("步骤", "Step"),
    "col.top_rate": ("前20%销售", "Top 20% of reps"),
    "col.rest_rate": ("其余销售", "The rest"),
    "col.gap": ("差距", "Gap"),
    "col.ratio": ("倍数", "Ratio"),
    "col.measure": ("周期", "Measure"),
    "col.excluded": ("缺日期未计", "Left out (no date)"),
    "col.median": ("中位数", "Median"),
    "col.p25": ("25分位", "25th percentile"),
    "col.p75": ("75分位", "75th percentile"),
    "col.mean": ("平均", "Mean"),
    "col.censored": ("仍在该阶段", "Still in stage"),
    "col.km_median": ("含在途商机的停留中位数", "Median stay, open deals included"),
    "col.closed_median": ("已离开者停留中位数", "Median stay of deals that left"),
    "col.won_p80": ("赢单商机80分位", "80th percentile of won deals"),
    "col.days": ("当前阶段已停留", "In stage"),
    "col.threshold": ("赢单商机常见上限", "Usual limit for won deals"),
    "col.over": ("超出", "Over by"),
    "col.complete": ("全部配齐", "All elements"),
    "col.element": ("要素", "Element"),
    "col.closed_with": ("已确认的已关闭商机", "Closed deals with it"),
    "col.win_rate_with": ("已确认赢单率", "Win rate with it"),
    "col.closed_without": ("未确认的已关闭商机", "Closed deals without it"),
    "col.win_rate_without": ("未确认赢单率", "Win rate without it"),
    "col.lift": ("提升倍数", "Lift"),
    "col.pipeline_amount": ("在途金额", "Open amount"),
    "col.stage_expected": ("按阶段预测", "Stage forecast"),
    "col.low": ("90%区间下限", "90% low"),
    "col.high": ("90%区间上限", "90% high"),
    "col.checklist_expected": ("按要素调整预测", "Checklist forecast"),
    "col.checklist_low": ("调整后下限", "Checklist low"),
    "col.checklist_high": ("调整后上限", "Checklist high"),
    "col.model": ("预测方法", "Model"),
    "col.bin": ("预测赢单率（区间起点）", "Predicted from"),
    "col.observations": ("观测数", "Observations"),
    "col.predicted": ("预测赢单率", "Predicted"),
    "col.observed": ("实际赢单率", "Observed"),
    "col.gap_to_peers_pp": ("与同类之差（百分点）", "Difference from like-for-like (pp)"),
    "col.benchmark_rate": ("同类线索赢单率", "Like-for-like lead-to-win rate"),
    "col.existing_share": ("老客户线索占比", "Leads from existing customers"),
    "col.gap_pp": ("差距（百分点）", "Gap (pp)"),
    "col.won_deals": ("赢单数", "Deals won"),
    "col.actual_win_rate": ("实际赢单率（赢单/已关闭）", "Actual win rate (won / closed)"),
    "col.adjusted_win_rate": ("调整后赢单率", "Adjusted win rate"),
    "col.unpaid": ("未回款", "Unpaid"),
    "col.days_since_close": ("距成交", "Since close"),
    # vocabularies of the chapter
    "vocab.funnel_dimension.source_type": ("来源类型", "source type"),
    "vocab.funnel_dimension.scene": ("场景", "scene"),
    "vocab.funnel_dimension.owner": ("销售", "rep"),
    "vocab.funnel_dimension.cohort": ("月度批次", "monthly cohort"),
    "vocab.funnel_tier.unknown": ("未关联客户", "Customer not known"),
    "vocab.tender_timing.before": ("标前介入", "Before the tender"),
    "vocab.tender_timing.after": ("标后介入", "After the tender"),
    "vocab.cycle_measure.lead_to_opportunity": ("线索到商机", "Lead to opportunity"),
    "vocab.cycle_measure.lead_to_win": ("线索到赢单", "Lead to win"),
    "vocab.cycle_measure.opportunity_to_close": ("商机到关闭", "Opportunity to close"),
    "vocab.cycle_measure.opportunity_to_win": ("商机到赢单", "Opportunity to win"),
    "vocab.cycle_measure.win_to_cash": ("赢单到回款", "Win to cash"),
    "vocab.forecast_model.p_stage": ("按阶段概率", "By stage"),
    "vocab.forecast_model.p_checklist": ("阶段概率+要素", "Stage and checklist"),
    "vocab.funnel_metric.revenue_target": ("收入目标", "Revenue target"),
    "vocab.funnel_metric.sales_calls_per_week": ("每周销售拜访、电话和技术交流", "Sales calls a week"),
    "vocab.funnel_metric.calls_to_opportunities": ("销售拜访到商机的转化", "Calls to opportunities"),
    "vocab.funnel_metric.opportunities_per_week": ("每周新增商机", "New opportunities a week"),
    "vocab.funnel_metric.opportunities_to_intents": ("商机到购买意向的转化", "Opportunities to purchase intents"),
    "vocab.funnel_metric.purchase_intents_per_week": ("每周进入购买意向的商机", "Purchase intents a week"),
    "vocab.funnel_metric.intents_to_sales": ("购买意向到成交的转化", "Purchase intents to sales"),
    "vocab.funnel_metric.sales_per_week": ("每周成交", "Deals won a week"),
    "vocab.funnel_metric.avg_revenue_per_sale": ("平均每单成交金额", "Average revenue per sale"),
    "vocab.funnel_metric.run_rate": ("近 12 个月赢单金额", "Won revenue, last 12 months"),
    "vocab.funnel_metric.target_growth": ("目标比近 12 个月赢单金额高出", "Growth the target implies"),
    "vocab.funnel_metric.mature_leads": ("成熟批次线索数", "Leads in mature cohorts"),
    "vocab.funnel_metric.all_cohorts_rate": ("全部线索赢单率（对照）", "Lead-to-win rate, all leads (for comparison)"),
    "vocab.funnel_metric.target_months": ("目标覆盖月数", "Months the target covers"),
    "vocab.funnel_metric.avg_deal": ("平均单笔赢单金额", "Average won deal"),
    "vocab.funnel_metric.lead_to_win_rate": ("成熟批次线索赢单率（含在途预计赢单）",
                                             "Lead-to-win rate, mature cohorts (open deals' expected wins counted)"),
    "vocab.funnel_metric.lag_days": ("线索到赢单中位数", "Median lead to win"),
    "vocab.funnel_metric.required_wins": ("所需赢单数", "Wins needed"),
    "vocab.funnel_metric.required_leads_per_month": ("每月所需线索", "Leads needed a month"),
    "vocab.funnel_metric.current_leads_per_month": ("目前每月线索（近12个月）", "Leads a month now (last 12 months)"),
    "vocab.funnel_metric.gap_per_month": ("每月缺口", "Gap a month"),
    "vocab.funnel_metric.active_lead_share": ("主动获客线索占比", "Leads from active sources"),
    "vocab.funnel_metric.active_revenue_share": ("主动获客赢单金额占比", "Won revenue from active sources"),
    "vocab.funnel_metric.tendered": ("有招标日期的线索", "Leads with a tender date"),
    "vocab.funnel_metric.first_hand": ("一手线索（主动获客、招标前创建）",
                                       "First-hand leads (active, before the tender)"),
    "vocab.funnel_metric.first_hand_share": ("一手线索占比", "First-hand lead share"),
    "vocab.funnel_metric.inbound_revenue_share": ("被动获客赢单金额占比", "Won revenue from passive sources"),
    "vocab.funnel_metric.won_deals": ("赢单数", "Deals won"),
    "vocab.funnel_metric.won_amount": ("赢单金额", "Won amount"),
    "vocab.funnel_metric.delivered_deals": ("已交付赢单", "Won deals delivered"),
    "vocab.funnel_metric.delivered_share": ("交付比例（按单数）", "Share delivered (deals)"),
    "vocab.funnel_metric.median_days_to_delivery": ("赢单到交付中位数", "Median days to delivery"),
    "vocab.funnel_metric.invoiced_amount": ("已开票金额", "Invoiced"),
    "vocab.funnel_metric.invoiced_share": ("开票比例", "Share invoiced"),
    "vocab.funnel_metric.collected_amount": ("已回款金额", "Collected"),
    "vocab.funnel_metric.collected_share": ("回款比例", "Share collected"),
    "vocab.funnel_metric.median_days_to_cash": ("赢单到回款中位数", "Median days to cash"),
    "vocab.funnel_metric.overdue_deals": ("超期未结清赢单", "Overdue deals"),
    "vocab.funnel_metric.overdue_amount": ("超期未回款金额", "Overdue amount"),
    # the leaks, as the executive summary names them
    "vocab.step.unused_leads": ("线索无人跟进", "Leads never followed up"),
    "vocab.step.weak_step": ("漏斗断点", "Weakest funnel step"),
    "vocab.step.funnel_mouth": ("线索缺口（喇叭口不足）", "Lead inflow gap (funnel mouth)"),
    "vocab.step.weak_source": ("转化低于同类渠道", "Source converting below like-for-like sources"),
    "vocab.step.late_engagement": ("介入太晚", "Engaged too late"),
    "vocab.step.uncollected_cash": ("回款超期", "Overdue cash"),
    "vocab.step.stalled_deals": ("商机停滞", "Stuck deals"),
    "vocab.step.late_stage_leads": ("后期商机要素不全", "Late deals still leads"),
    # action titles
    "find.funnel.sentence": ("{a}。", "{a}."),
    "find.funnel.and": ("{a}；{b}", "{a}. {b}"),
    "find.funnel.five_and": ("{a}，{b}", "{a}, {b}"),
    "find.funnel.five_calls": ("销售拜访、电话和技术交流 {calls} 次",
                               "{calls} sales calls (visits, phone calls, technical exchanges)"),
    "find.funnel.five_opps": ("新增商机 {opportunities} 个", "{opportunities} new opportunities"),
    "find.funnel.five_intents": ("进入购买意向 {intents} 个", "{intents} purchase intents"),
    "find.funnel.five_sales": ("成交 {sales} 单", "{sales} deals won"),
    "find.funnel.five_sales_avg": ("成交 {sales} 单（平均每单 {avg}）", "{sales} deals won ({avg} each on average)"),
    "find.funnel.funnel": ("最大的断点在进入「{stage}」这一步：「{prev}」中只有 {rate}"
                           " 走到这里；从线索到「{last}」累计只剩 {cumulative}。",
                           "The biggest break is the step into \"{stage}\": only {rate} of \"{prev}\" get there; "
                           "{cumulative} of leads reach \"{last}\"."),
    "find.funnel.funnel_won": ("最大的断点在赢单这一步：已关闭的 {closed} 个商机只赢下 {won} 个（{rate}），{lost} "
                               "个丢单，另有 {open} 个仍在途；从线索到「{last}」累计只剩 {cumulative}。",
                               "The biggest break is winning: of {closed} closed deals only {won} were won ({rate}) "
                               "and {lost} were lost, with {open} still open; {cumulative} of leads reach \"{last}\"."),
    "find.funnel.breakdown": ("按{by}看，线索到「{stage}」的累计转化从{low_name}的 {low} 到{high_name}的 {high}。",
                              "By {by}, the share of leads reaching \"{stage}\" ranges from {low} ({low_name}) "
                              "to {high} ({high_name})."),
    "find.funnel.breakdown_even": ("按{by}看，线索到「{stage}」的累计转化都是 {rate}，{n} 组之间没有差别。",
                                   "By {by}, the share of leads reaching \"{stage}\" is {rate} in every one of the "
                                   "{n} groups: no difference between them."),
    "find.funnel.tiers_leads": ("{best}的线索有 {high} 走到「{stage}」，{worst}只有 {low}。",
                                "{high} of leads from {best} customers reach \"{stage}\", "
                                "against {low} for {worst} customers."),
    "find.funnel.tiers_deals": ("{best}的商机赢单率 {high}，{worst}只有 {low}。",
                                "{best} customers' deals win {high} of the time, {worst} customers' {low}."),
    "find.funnel.tiers_leads_even": ("各级客户的线索走到「{stage}」的比例都是 {rate}，级别之间没有差别。",
                                     "Leads from every customer tier reach \"{stage}\" at {rate}: no difference "
                                     "between tiers."),
    "find.funnel.tiers_deals_even": ("各级客户的商机赢单率都是 {rate}，级别之间没有差别。",
                                     "Deals of every customer tier win {rate} of the time: no difference between "
                                     "tiers."),
    "find.funnel.utilisation": ("{never} 的线索从未被跟进，其中 {rotting} 条已超过 {window}"
                                "的跟进窗口；只有 {within} 的线索在窗口内得到跟进",
                                "{never} of leads were never followed up, {rotting} of them older than the "
                                "follow-up window of {window}; only {within} were followed up within it"),
    "find.funnel.rotting": ("{n} 条线索超过跟进窗口仍无人跟进，最久的已搁置 {oldest}",
                            "{n} leads are past the follow-up window with no follow-up, the oldest for {oldest}"),
    "find.funnel.rotting_owner": ("{owner} 名下最多（{n} 条）", "Most of them are with {owner} ({n})"),
    "find.funnel.rotting_none": ("没有超过 {window}跟进窗口仍未跟进的线索。",
                                 "No lead is past the follow-up window of {window} without a follow-up."),
    "find.funnel.mouth_growth": ("收入目标 {target}比近 12 个月的赢单金额 {run_rate}高 {growth}",
                                 "The revenue target of {target} is {growth} above the last 12 months' won revenue "
                                 "of {run_rate}"),
    "find.funnel.mouth_below": ("收入目标 {target}比近 12 个月的赢单金额 {run_rate}低 {growth}",
                                "The revenue target of {target} is {growth} below the last 12 months' won revenue "
                                "of {run_rate}"),
    "find.funnel.mouth_target": ("收入目标为 {target}", "The revenue target is {target}"),
    "find.funnel.mouth_inflow": ("目前每月约 {current} 条线索。", "About {current} leads arrive a month."),
    "find.funnel.sources_cheap": ("{source}的线索赢单率最低（{rate}），但每元获客成本带来赢单 {per_cost} 元，高于各渠道"
                                  "中位数 {median} 元：量大而便宜，宜筛选分发，不宜削减。",
                                  "{source} has the lowest lead-to-win rate ({rate}), yet each unit of its acquisition "
                                  "cost brings {per_cost} of won revenue, above the median source's {median}: cheap "
                                  "volume to screen and route, not to cut."),
    "find.funnel.sources_level": ("{source}的线索赢单率最低（{rate}），但并不低于同类渠道。",
                                  "{source} has the lowest lead-to-win rate ({rate}) but does no worse than "
                                  "like-for-like sources."),
    "find.funnel.peers_passive": ("其他被动获客渠道", "other passive sources"),
    "find.funnel.peers_passive_mix": ("其他被动获客渠道（按同样的新老客户线索结构）",
                                      "other passive sources on the same mix of new and existing customers' leads"),
    "find.funnel.peers_active": ("其他主动获客渠道", "other active sources"),
    "find.funnel.peers_active_mix": ("其他主动获客渠道（按同样的新老客户线索结构）",
                                     "other active sources on the same mix of new and existing customers' leads"),
    "find.funnel.peers_all": ("其他渠道", "other sources"),
    "find.funnel.peers_all_mix": ("其他渠道（按同样的新老客户线索结构）",
                                  "other sources on the same mix of new and existing customers' leads"),
    "find.funnel.sources_volume_even": ("{n} 个渠道带来的线索一样多，各占 {share}。",
                                        "The {n} sources bring the same number of leads, {share} each."),
    "find.funnel.sources_volume": ("{source}带来最多的线索（{share}）。", "{source} brings the most leads ({share})."),
    "find.funnel.tender": ("标前介入的商机赢单率 {pre}（{n_pre} 个已关闭商机），"
                           "标后才介入的只有 {post}（{n_post} 个）",
                           "Deals engaged before the tender win {pre} ({n_pre} closed deals); those engaged after, "
                           "only {post} ({n_post})"),
    "head.funnel.tender": (
        "标前介入的商机赢单率 {pre}，标后才介入的只有 {post}",
        "Deals engaged before the tender win {pre}; those engaged after only {post}"),
    "head.funnel.tender_same": (
        "标前与标后介入的商机赢单率相近（{pre} 对 {post}）",
        "Deals win about as often engaged before the tender as after ({pre} against {post})"),
    "find.funnel.tender_same": ("标前介入的商机赢单率 {pre}（{n_pre} 个），标后介入"
                                "的 {post}（{n_post} 个）：介入时机没有拉开差距",
                                "Deals engaged before the tender win {pre} ({n_pre}), after {post} ({n_post}): "
                                "the timing makes no clear difference here"),
    "find.funnel.first_hand": ("有招标日期的 {n} 条线索中，一手线索（主动获客、在招标前创建）只占 {share}",
                               "Of the {n} leads with a tender date, only {share} are first-hand leads (from an "
                               "active source, created before the tender)"),
    "find.funnel.reps_steps": ("其余各步：{steps}", "At the other steps: {steps}"),
    "find.funnel.reps_step": ("「{step}」{top} 对 {rest}", "\"{step}\" {top} against {rest}"),
    "find.funnel.reps_and": ("{a}，{b}", "{a}, {b}"),
    "find.funnel.cycle_lead": ("从线索到赢单的中位数是 {days}", "Leads take a median {days} to be won"),
    "find.funnel.cycle_opp": ("商机从创建到关闭的中位数是 {days}", "Opportunities take a median {days} to close"),
    "find.funnel.cycle_stuck": ("{n} 个在途商机在当前阶段停留超过了赢单商机的常见时长",
                                "{n} open deals have sat in their stage longer than won deals usually do"),
    "find.funnel.still_leads": ("{n} 个后期在途商机缺少需求、预算或决策人确认，实际上仍是线索",
                                "{n} open late-stage deals lack a confirmed need, budget or decision maker: "
                                "they are still leads"),
    "find.funnel.lift": ("已确认「{element}」的商机赢单率 {with_rate}，未确认的只有 {without_rate}",
                         "Deals with \"{element}\" confirmed win {with_rate}, those without {without_rate}"),
    "find.funnel.forecast": ("{deals} 个在途商机按阶段加权，预计可赢单约 {expected}"
                             "（90% 的可能在 {low} 至 {high} 之间）",
                             "The {deals} open deals are worth {expected} weighted (90% interval {low} to {high})"),
    "find.funnel.forecast_checklist": ("{deals} 个在途商机按阶段概率叠加要素打分加权，预计可赢单约 {expected}（90% "
                                       "的可能在 {low} 至 {high} 之间）；用已关闭的商机回测，这一预测误差 "
                                       "{checklist}，只按阶段为 {stage}，本报告各处都用这一预测",
                                       "The {deals} open deals are worth {expected} weighted by stage and checklist "
                                       "(90% interval {low} to {high}). Tested on closed deals, this forecast's "
                                       "error is {checklist} against {stage} by stage alone, so the report uses it "
                                       "throughout"),
    "find.funnel.forecast_stage": ("{deals} 个在途商机按阶段加权，预计可赢单约 {expected}（90% 的可能在 {low} 至 "
                                   "{high} 之间）；用已关闭的商机回测，叠加要素打分并没有更准（误差 "
                                   "{checklist}，只按阶段 {stage}），本报告各处都用按阶段的预测",
                                   "The {deals} open deals are worth {expected} weighted by stage (90% interval "
                                   "{low} to {high}). Tested on closed deals, adding the checklist is no more "
                                   "accurate (error {checklist} against {stage} by stage), so the report uses the "
                                   "stage forecast throughout"),
    "find.funnel.collected": ("赢单金额中只有 {share} 已回款", "Only {share} of the won amount has been collected"),
    "find.funnel.overdue": ("{n} 单成交超过 {terms}仍未结清，未回款 {unpaid}",
                            "{n} deals closed more than {terms} ago are not fully paid, {unpaid} outstanding"),
    # notes
    "note.funnel.backtest_as_entered": ("回测只用商机进入各阶段时已确认的要素，不用结果出来后补填的信息。",
                                        "The backtest uses only the elements confirmed when each deal entered "
                                        "each stage, never what was filled in after the outcome."),
    "note.funnel.backtest_needs": ("要素清单的预测按各商机当前记录的要素拟合，尚未回测：已结束商机的要素可能是"
                                   "结果出来后补填的。阶段历史中为每一阶段记下进入时各要素是否已确认（是/否，"
                                   "每个要素一列），即可回测。",
                                   "The checklist forecast is fitted on the elements recorded today and is not "
                                   "backtested: a closed deal's elements may have been filled in after the "
                                   "outcome. Record in the stage history whether each element was confirmed when "
                                   "the stage was entered (yes/no, one column per element) to backtest it."),
    "note.funnel.tiers_since": ("客户分级按 {date} 的状态确定，只统计此后新建的线索和商机，避免用结果反推分级。",
                                "Tiers as they stood on {date}; only leads and deals created after that date are "
                                "counted, so the outcome cannot have made the tier."),
    "note.funnel.undated": ("{n} 个商机没有创建日期：计入商机数、赢单率和预测，"
                            "只在需要该日期的周期计算中剔除（见「缺日期未计」列）。",
                            "{n} opportunities have no created date: they count in the totals, win rates and "
                            "forecast, and are left out only of the durations that need that date (column "
                            "\"Left out (no date)\")."),
    "note.funnel.mouth_mature_leads": ("测算假设：线索赢单率只看 {cutoff} 及以前创建、"
                                       "已超过线索到赢单中位周期（{lag}）的线索，共 {leads} 条，已赢单 {won} 单"
                                       "（赢单来自线索表自身的记录，没有在途商机可计入）。",
                                       "Assumption: the lead-to-win rate counts only leads created by {cutoff}, older "
                                       "than the median lead-to-win cycle ({lag}): {leads} leads, {won} won (the wins "
                                       "come from the leads' own records; there is no open pipeline to count)."),
    "note.funnel.mouth_mature": ("测算假设：线索赢单率只看 {cutoff} 及以前创建、已超过线索到赢单中位周期（{lag}）的线"
                                 "索，共 {leads} 条，已赢单 {won} 单，其在途商机{method}预计再赢约 {expected} "
                                 "单。在途商机不另计入目标：一年的新线索按这一赢单率已带来一年的赢单（去年的线索今年"
                                 "成交，今年的线索明年成交）。",
                                 "Assumption: the lead-to-win rate counts only leads created by {cutoff}, older than "
                                 "the median lead-to-win cycle ({lag}): {leads} leads, {won} won and about "
                                 "{expected} more expected from their open deals {method}. The open pipeline is not "
                                 "added on top of the target: a year of new leads at this rate already brings a year "
                                 "of wins (last year's leads close this year as this year's close next year)."),
    "note.funnel.method_checklist": ("按要素调整的预测（回测更准）",
                                     "at the checklist-adjusted forecast (the better backtest)"),
    "note.funnel.method_stage": ("按阶段概率", "at the stage probabilities"),
    "note.funnel.like_for_like": ("同类渠道：同为主动或被动获客的其他渠道{mix}。主动获客指在招标前走到客户那里挖掘需求"
                                  "（技术交流、自办活动、交付现场）；陌生拜访看起来主动，客户却还没有需求，仍属被动获客。"
                                  "{cost}",
                                  "Like-for-like sources: the other sources of the same type (active or passive){mix}. "
                                  "Active means going to the customer to dig out a need before any tender (technical "
                                  "exchanges, the company's own events, delivery on site); cold visits look active but "
                                  "meet no need yet, so they count as passive.{cost}"),
    "col.peer_leads": ("同类线索数", "Like-for-like leads"),
    "note.funnel.like_mix": ("；老客户（此前已有赢单）的线索和新客户的线索分开比较，再按本渠道的新老结构加权，"
                             "以免拿新客户的线索去比老客户的复购",
                             "; leads from existing customers (with an earlier won deal) and from new customers are "
                             "compared separately and weighted by the source's own mix, so new-customer leads are not "
                             "measured against existing customers' repeat orders"),
    "note.funnel.like_cost": ("每元获客成本带来的赢单金额高于各渠道中位数（{median} 元）的渠道，不算低效。",
                              " A source whose won revenue per unit of acquisition cost is above the median "
                              "({median}) is never called inefficient."),
    "note.funnel.reps_adjusted": ("「调整后赢单率」把已关闭商机少的销售的赢单率向团队的 {team}收拢（经验贝叶斯收缩），"
                                  "以免几单就定了排名；表按调整后的各步转化排序，实际赢单率和已关闭商机数列在旁边。",
                                  "The adjusted win rate pulls a rep with few closed deals toward the team's {team} "
                                  "(empirical-Bayes shrinkage), so a handful of deals does not decide the ranking; the "
                                  "table is ordered by the adjusted rates, with the actual win rate and the closed "
                                  "deals beside them."),
    "note.funnel.no_delivery": ("未提供交付日期，看不到赢单到交付这一段：商机表补上交付日期后，即可按赢单、交付、开票、"
                                "回款逐段查看。",
                                "No delivery dates were supplied, so the step from won to delivered cannot be seen: "
                                "with a delivery date on the opportunities, cash is followed won, delivered, "
                                "invoiced, collected."),
    "note.funnel.mouth_target": ("设定收入目标后（见现场调整），即可算出每月所需的线索数。",
        "Set a revenue target (see the live controls) to see how many leads a month it needs."),
    "note.funnel.mouth_won": ("所需线索数要用赢单商机的金额和线索赢单率来算：请贵公司提供商机及其状态，"
                              "或在线索表中标明每条线索是否赢单及赢单金额。",
                              "The leads needed are worked out from won deals' amounts and the lead-to-win rate: "
                              "send the opportunities and their status, or for each lead whether it was won and "
                              "for how much."),
    "note.funnel.won_unlinked": ("线索到赢单的转化无法衡量（不是 0）：商机有赢单、丢单状态，"
                                 "但没有一个商机写明来自哪条线索。请在商机表中填写「线索编号」（lead_id），"
                                 "或在线索表中填写「是否赢单」，补充后即可算出这一步。",
                                 "Lead to won cannot be measured (it is not 0): the deals are marked won or lost, "
                                 "but none names the lead it came from. Fill in the lead ID on the opportunities "
                                 "(opportunities.lead_id) or whether each lead was won (leads.won) to measure "
                                 "this step."),
    "note.funnel.mouth_amount": ("已知线索赢单率，但没有赢单金额，算不出所需线索数：请贵公司在线索表中提供赢单金额，"
                                 "或提供商机及其金额。",
                                 "The lead-to-win rate is known but no won amount is, so the leads needed cannot be "
                                 "worked out: send each won lead's amount, or the opportunities "
                                 "and their amounts."),
    # actions
    "act.funnel.weak_step_lost": ("已关闭商机赢单率 {rate}，{n} 个商机丢单", "win rate of closed deals {rate}; {n} "
                                  "deals closed lost"),
    "act.funnel.weak_step_short": ("通过率 {rate}，{n} 个未走到这一步", "pass rate {rate}; {n} did not get there"),
    "act.funnel.weak_source_nocost": ("，获客成本未提供", "; its acquisition cost is not known"),
    "act.funnel.late_engagement": ("在招标前介入：标后才介入的 {leads} 个已关闭商机赢单率 {post}，标前介入的 {n_pre} "
                                   "个为 {pre}；缩小一半差距，一年约多 {money}的赢单金额。",
                                   "Engage before the tender: the {leads} closed deals engaged after it won {post}, "
                                   "the {n_pre} engaged before {pre}; closing half the gap adds about {money} a year."),
    "act.funnel.uncollected_cash": ("催收 {leads} 单超期未结清的赢单，未回款 {unpaid}（这是现金，不是新增收入，不计入"
                                    "价值）。",
                                    "Chase the {leads} overdue won deals: {unpaid} unpaid (cash, not new revenue, so "
                                    "not counted as value)."),
    "act.funnel.stalled_deals": ("逐一复盘 {leads} 个停滞商机（按阶段概率加权 {weighted}，已计入预测）：推进或关闭。",
                                 "Review the {leads} stuck deals one by one ({weighted} weighted by stage, already in "
                                 "the forecast): move them on or close them."),
    "act.funnel.late_stage_leads": ("补齐 {leads} 个后期商机缺失的需求、预算或决策人确认（按阶段概率加权 {weighted}，"
                                    "已计入预测），否则退回早期阶段。",
                                    "Confirm need, budget and decision maker on {leads} late-stage deals ({weighted} "
                                    "weighted by stage, already in the forecast), or move them back to an early "
                                    "stage."),
    # the arithmetic behind each action's 12-month value, its first step and the measure that shows progress
    "basis.funnel.weak_step": ("其余销售每年经手 {trials} 个待进入「{stage}」的线索或商机 × 与前 20% 销售通过率差 "
                               "{gap} 个百分点的一半{onward} × 平均单笔赢单 {avg} = {money}",
                               "the other reps' {trials} a year at the step into \"{stage}\" x half their {gap}-pp "
                               "gap to the top 20% of reps{onward} x {avg} average won deal = {money}"),
    "basis.funnel.weak_step_won": ("其余销售每年 {trials} 个已关闭商机 × 与前 20% 销售赢单率差 {gap} 个百分点的一半 × "
                                   "平均单笔赢单 {avg} = {money}",
                                   "the other reps' {trials} closed deals a year x half their {gap}-pp win-rate gap to "
                                   "the top 20% of reps x {avg} average won deal = {money}"),
    "basis.funnel.onward": (" × 其后赢单的 {onward}", " x {onward} going on to win"),
    "basis.funnel.mouth_cap": ("（以目标与近 12 个月赢单金额之差 {cap}为上限）",
                               " (capped at the target minus the last 12 months' won revenue, {cap})"),
    "basis.funnel.late_engagement": ("每年 {deals} 个标后才介入的已关闭商机 × 标前标后赢单率差 {gap} 个百分点的一半 × "
                                     "平均单笔赢单 {avg} = {money}",
                                     "{deals} closed deals a year engaged after the tender x half the {gap}-pp "
                                     "win-rate gap x {avg} average won deal = {money}"),
    "basis.funnel.cash": ("超期未回款是已赢单的现金，不是新增收入，因此不计价值",
                          "Overdue cash is money already won, not new revenue, so no value is counted"),
    "basis.funnel.slow_handoff": ("这些线索的价值已计入无人跟进的线索，不重复计算",
                                  "These leads' value is counted with the leads never followed up, not twice"),
    "step.funnel.weak_step": ("请前 20% 的销售讲清他们在「{stage}」这一步的做法，整理成其余销售的检查清单",
                              "Have the top 20% of reps show how they handle the step into \"{stage}\", and turn it "
                              "into a checklist for the others"),
    "step.funnel.funnel_mouth": ("把每月线索目标按渠道分解到负责人，先落实每月多 {half} 条",
                                 "Split the monthly lead target by source with a named owner each, starting with "
                                 "{half} more leads a month"),
    "step.funnel.weak_source": ("给{source}的线索加一道资格筛选（需求、预算、时间），合格的当周分给销售",
                                "Add a qualification screen (need, budget, timing) to {source}'s leads and hand the "
                                "qualified ones to reps within the week"),
    "step.funnel.late_engagement": ("为重点客户排出立项前的技术交流，并在每条线索上登记招标日期",
                                    "Schedule technical exchanges with key customers before their projects are "
                                    "approved, and record the tender date on every lead"),
    "step.funnel.uncollected_cash": ("按未回款金额从大到小，逐单查明卡在开票、验收还是付款审批",
                                     "Go through the overdue deals, largest first, and find whether each is stuck at "
                                     "invoicing, acceptance or payment approval"),
    "step.funnel.stalled_deals": ("在每周销售例会上逐一过停滞商机：定下一步和日期，或关闭",
                                  "Review the stuck deals one by one at the weekly sales meeting: set a next step "
                                  "and a date, or close them"),
    "step.funnel.late_stage_leads": ("逐个约客户确认需求、预算和决策人，两周内确认不了的退回早期阶段",
                                     "Confirm need, budget and decision maker with each customer; move back to an "
                                     "early stage any deal not confirmed within two weeks"),
    "step.funnel.slow_handoff": ("指定专人每天分配新线索", "Name one person to hand out new leads every day"),
    "kpi.funnel.unused_leads": ("窗口内跟进的线索占比（目前 {now}）",
                                "Share of leads followed up within the window (now {now})"),
    "kpi.funnel.unused_leads_count": ("超过窗口仍无人跟进的线索数（目前 {now}）",
                                      "Leads past the window with no follow-up (now {now})"),
    "kpi.funnel.weak_step": ("其余销售进入「{stage}」的通过率（目前 {now}）",
                             "The other reps' pass rate into \"{stage}\" (now {now})"),
    "kpi.funnel.funnel_mouth": ("每月新增线索（目前 {now}，目标需要 {required}）",
                                "New leads a month (now {now}; the target needs {required})"),
    "kpi.funnel.late_engagement_rate": ("标后介入商机的赢单率（目前 {now}）",
                                        "Win rate of deals engaged after the tender (now {now})"),
    "kpi.funnel.uncollected_cash": ("超期未回款金额（目前 {now}）", "Overdue unpaid amount (now {now})"),
    "kpi.funnel.stalled_deals": ("停滞商机数（目前 {now}）", "Stuck deals (now {now})"),
    "kpi.funnel.late_stage_leads": ("缺少需求、预算或决策人确认的后期商机数（目前 {now}）",
                                    "Late-stage deals lacking need, budget or decision maker (now {now})"),
    "kpi.funnel.slow_handoff": ("「{step}」用时中位数（目前 {now}）", "Median time at \"{step}\" (now {now})"),
    # chart titles: the finding each chart shows
    "funnel.chart.title.funnel": ("{cumulative} 的线索走到「{last}」，最大断点在进入「{stage}」",
                                  "{cumulative} of leads reach \"{last}\"; the biggest break is the step into "
                                  "\"{stage}\""),
    "funnel.chart.title.delays": ("{never} 的线索从未被跟进", "{never} of leads were never followed up"),
    "funnel.chart.title.inflow_required": ("每月约 {current} 条线索，目标需要 {required} 条",
                                           "About {current} leads a month; the target needs {required}"),
    "funnel.chart.title.inflow": ("每月约 {current} 条线索", "About {current} leads a month"),
    "funnel.chart.title.sources_worst_like": ("{worst}的回报最低；{source}的线索赢单率比同类渠道低 {gap} 个百分点",
                                              "{worst} return least; {source} converts {gap} pp below like-for-like "
                                              "sources"),
    "funnel.chart.title.sources_like": ("{source}的线索赢单率比同类渠道低 {gap} 个百分点",
                                        "{source} converts {gap} pp below like-for-like sources"),
    "funnel.chart.title.sources_even": ("各渠道线索赢单率都是 {rate}", "Every source converts {rate} of its leads"),
    "funnel.chart.title.sources_range": ("各渠道线索赢单率从 {low} 到 {high}",
                                         "Lead-to-win rates run from {low} to {high} across sources"),
    "funnel.chart.title.forecast": ("在途商机预计赢单 {expected}（{method}）",
                                    "Open deals are expected to bring {expected} ({method})"),
    "funnel.chart.title.lifecycle": ("线索在「{step}」这一步等得最久：中位 {days}",
                                     "Leads wait longest at \"{step}\": a median {days}"),
    "funnel.chart.title.nurture": ("分配前有接触的线索转商机率 {nurtured}，没有接触的 {cold}",
                                   "Leads contacted before the hand-off became opportunities at {nurtured}, "
                                   "others at {cold}"),
    "funnel.chart.title.business": ("公司自己开发的赢单金额占 {share}",
                                    "The company developed {share} of won revenue itself"),
    "funnel.chart.title.business_trend": ("新客户金额占比从 {first} 变为 {last}",
                                          "New customers' share of won revenue went from {first} to {last}"),
    "funnel.chart.title.calibration": ("回测：{method}更准（误差 {error}，另一种 {other}）",
                                       "Backtest: {method} is closer (error {error} against {other})"),
    "act.funnel.who.sales": ("销售负责人", "Head of sales"),
    "act.funnel.who.marketing": ("市场负责人", "Head of marketing"),
    "act.funnel.who.finance": ("财务与销售负责人", "Finance and head of sales"),
    # new vs existing business (won revenue by customer and origin), new customers per rep
    "section.funnel.business": ("赢单金额按新老客户、主动与被动获客拆开",
                                "Won revenue splits by new vs existing customers and inbound vs outbound"),
    "section.funnel.new_by_rep": ("各销售开发新客户的差别", "Reps differ in how much new business they develop"),
    "table.funnel_business": ("赢单金额（按新老客户与来源）", "Won revenue by customer and origin"),
    "table.funnel_business_trend": ("新客户与主动获客占比（按季度）", "New-customer and outbound share by quarter"),
    "table.funnel_new_by_rep": ("新客户（按销售）", "New customers by rep"),
    "col.customer_type": ("新老客户", "Customer"),
    "col.origin": ("来源", "Origin"),
    "col.revenue_share": ("金额占比", "Share of revenue"),
    "col.quarter": ("季度", "Quarter"),
    "col.new_share": ("新客户金额占比", "New customers' share"),
    "col.new_share_own": ("占本人赢单金额", "Share of own won revenue"),
    "note.funnel.business_new": _BUSINESS_NEW,
    "col.outbound_share": ("主动获客金额占比", "Outbound share"),
    "col.new_customers": ("新客户数", "New customers"),
    "col.new_revenue": ("新客户赢单金额", "New-customer revenue"),
    "col.won_revenue": ("赢单金额合计", "All won revenue"),
    "vocab.business_customer.new": ("新客户", "New customer"),
    "vocab.business_customer.existing": ("老客户", "Existing customer"),
    "vocab.business_customer.unknown": ("未注明客户", "Customer not given"),
    "vocab.business_origin.inbound": ("客户找上门（被动）", "Inbound (passive)"),
    "vocab.business_origin.outbound": ("主动开发", "Outbound (active)"),
    "vocab.business_origin.unknown": ("来源不明", "Origin unknown"),
    "funnel.quarter": ("{year}年第{q}季度", "Q{q} {year}"),
    "funnel.quarter_short": ("第{q}季度", "Q{q}"),
    "funnel.chart.quarter": ("季度", "Quarter"),
    "funnel.chart.won_revenue": ("赢单金额", "Won revenue"),
    "funnel.chart.revenue_share": ("占当季赢单金额", "Share of the quarter's won revenue"),
    "funnel.chart.business": ("赢单金额：新老客户 × 来源", "Won revenue: new vs existing × origin"),
    "funnel.chart.business_trend": ("新客户与主动获客占比的季度走势", "New-customer and outbound share by quarter"),
    "find.funnel.business": ("公司自己开发（新客户或主动获客）的赢单金额只占 {share}，其余 {rest} 是老客户自己找上门的"
                             "生意；客户找上门的生意共占 {inbound}，其中 {existing} 来自老客户。",
                             "Only {share} of won revenue was developed by the company itself (new customers or "
                             "outbound); the other {rest} is existing customers coming back by themselves. Business "
                             "that came in by itself is {inbound} of revenue, and {existing} of it comes from "
                             "existing customers."),
    "find.funnel.business_no_inbound": ("公司自己开发（新客户或主动获客）的赢单金额占 {share}，没有客户找上门的赢单。",
                                        "{share} of won revenue was developed by the company itself (new customers "
                                        "or outbound); no won deal came in by itself."),
    "note.funnel.business_unknown": (
        _BUSINESS_NEW[0] + "{deals} 单赢单（{revenue}）的线索没有来源类型，计为来源不明，不算作主动开发。",
        f"{_BUSINESS_NEW[1]} {{deals}} won deals ({{revenue}}) have no lead source type: counted as origin unknown, "
        "not as outbound."),
    "find.funnel.new_by_rep": ("{rep}带来的新客户赢单金额最多（{customers} 个新客户，{revenue}，占全部新客户金额的 "
                               "{share}）；{none} 名销售没有赢下任何新客户。",
                               "{rep} brings the most new-customer revenue: {revenue} (new customers won: "
                               "{customers}; {share} of all new-customer revenue); reps who won no new customer: "
                               "{none}."),
    "find.funnel.new_by_rep_all": ("{rep}带来的新客户赢单金额最多（{customers} 个新客户，{revenue}，占全部新客户金额的 "
                                   "{share}）；{reps} 名销售都赢下了新客户。",
                                   "{rep} brings the most new-customer revenue: {revenue} (new customers won: "
                                   "{customers}; {share} of all new-customer revenue); each of the {reps} reps won "
                                   "a new customer."),
    "find.funnel.new_by_rep_nil": ("{reps} 名销售在本期都没有赢下新客户。", "None of the {reps} reps won a new "
                                   "customer in the period."),
    # the lead lifecycle: assess, assign, follow up, nurture
    "section.funnel.lifecycle": ("线索在评估、分配、跟进、培育各步都要等待",
                                 "Leads wait at each step: assess, assign, follow up, nurture"),
    "section.funnel.nurture": ("分配前接触过客户的线索转化不同",
                               "Leads contacted before the hand-off convert differently"),
    "table.funnel_lifecycle": ("线索各步用时", "Days per step"),
    "table.funnel_lifecycle_by_source": ("最慢一步的用时（按来源）", "The slowest step by lead source"),
    "table.funnel_unassigned": ("尚未分配的线索", "Leads not yet assigned"),
    "table.funnel_nurture": ("分配前有无接触与转化", "Contact before the hand-off and conversion"),
    "table.funnel_nurture_pool": ("培育池中的线索", "Leads in nurturing"),
    "table.funnel_recycled": ("重新分配与丢单回流的线索", "Recycled leads"),
    "col.lifecycle_leads": ("已走完此步的线索", "Leads through this step"),
    "col.lifecycle_median": ("用时中位数", "Median"),
    "col.p90": ("90分位", "90th percentile"),
    "col.waiting": ("目前停在此步", "Waiting here now"),
    "col.waiting_median_age": ("已等待中位数", "Median wait so far"),
    "col.nurture_group": ("分配前", "Before the hand-off"),
    "col.opportunity_rate": ("转商机率", "Lead to opportunity"),
    "col.nurture_age": ("已培育", "In nurturing for"),
    "col.after_loss": ("丢单后回流", "Back after a lost deal"),
    "vocab.lifecycle_step.assess": ("评估", "Assess"),
    "vocab.lifecycle_step.assign": ("分配", "Assign"),
    "vocab.lifecycle_step.follow_up": ("分配后首次跟进", "First follow-up after assignment"),
    "vocab.lifecycle_step.nurture": ("培育至合格", "Nurture until qualified"),
    "vocab.nurture_group.nurtured": ("分配前有过接触", "Contacted before the hand-off"),
    "vocab.nurture_group.not_nurtured": ("分配前没有接触", "No contact before the hand-off"),
    "funnel.chart.lifecycle": ("线索各步等待天数", "Days leads wait at each step"),
    "funnel.chart.lifecycle_days": ("天数", "Days"),
    "funnel.chart.lifecycle_median": ("中位数", "Median"),
    "funnel.chart.lifecycle_p90": ("最慢一成（90分位）", "Slowest tenth (90th percentile)"),
    "funnel.chart.nurture": ("分配前有无接触与转化", "Conversion with and without contact before the hand-off"),
    "funnel.chart.nurture_opportunity_rate": ("线索转商机", "Lead to opportunity"),
    "funnel.chart.nurture_win_rate": ("线索到赢单", "Lead to won deal"),
    "funnel.chart.nurture_share": ("占线索的比例", "Share of leads"),
    "find.funnel.lifecycle": ("线索等得最久的一步是「{step}」：中位数 {days}，最慢的一成要 {p90}以上",
                              "Leads wait longest at the step \"{step}\": a median {days}, the slowest tenth "
                              "{p90} or more"),
    "find.funnel.lifecycle_source": ("{source}来源的线索在这一步要等 {days}",
                                     "Leads from {source} wait {days} at this step"),
    "find.funnel.lifecycle_unassigned": ("目前 {n} 条线索仍未分配到人，中位已等 {age}",
                                         "{n} leads have not been assigned to anyone yet, waiting a median {age}"),
    "find.funnel.nurture": ("分配给销售前与客户有过接触的 {n} 条线索中 {nurtured} 转为商机，没有接触的 {m} 条只有 "
                            "{cold}，相差 {gap} 个百分点",
                            "Of the {n} leads whose customer was contacted before the hand-off, {nurtured} became "
                            "opportunities; of the {m} handed over without a contact, only {cold}: a gap of {gap} "
                            "percentage points"),
    "find.funnel.nurture_same": ("分配前有过接触的 {n} 条线索转商机率 {nurtured}，没有接触的 {m} 条 {cold}："
                                 "分配前的接触没有带来更好的转化",
                                 "Leads contacted before the hand-off ({n}) became opportunities at {nurtured}, "
                                 "those without a contact ({m}) at {cold}: contact before the hand-off made no "
                                 "difference"),
    "find.funnel.nurture_pool": ("培育池中现有 {n} 条线索，中位已培育 {age}", "{n} leads are in nurturing, a median "
                                 "{age} so far"),
    "find.funnel.nurture_pool_empty": ("目前没有线索在培育中", "No lead is in nurturing now"),
    "find.funnel.recycled": ("{n} 条线索被重新分配或从丢单中回流（其中丢单后回流 {after_loss} 条）",
                             "{n} leads were handed out again or came back after a lost deal ({after_loss} after "
                             "a loss)"),
    "act.funnel.slow_handoff": ("把线索分配提速：「{step}」这一步中位要 {days}，是线索等得最久的一步；"
                                "{n} 条线索仍无人认领，先把近 {workable}内的 {recent} 条分到人（金额已计入"
                                "无人跟进的线索）。",
                                "Hand leads out faster: the step \"{step}\" takes a median {days}, the longest "
                                "wait; {n} leads have no rep yet, so assign the {recent} from the last {workable} "
                                "first (their value is counted with the leads never followed up)."),
    # round-2 funnel texts: follow-up before the mouth, spend moved between sources, each action's problem
    "act.funnel.names_and": (
        "{a}、{b}",
        "{a}, {b}"),
    "act.funnel.names_last": (
        "{a}和{b}",
        "{a} and {b}"),
    "act.funnel.unused_leads": (
        "先把跟进做起来：近 12 个月有 {year_leads} 条线索从未被跟进；已跟进的线索赢单率 {rate}（{n} 条中赢 {won} 单）"
        "，从未跟进的 {never}（{n_never} 条）。已跟进的多是本来就更好的线索，且各渠道差距不同，因此按每个渠道自己的差距"
        "的一半计算：先清理近 {days}内的积压 {recent} 条，此后每条新线索都按时跟进，一年内约多赢 {wins} 单、多 {money}"
        "的赢单金额。",
        "Follow up every lead: {year_leads} leads of the last 12 months were never followed up; followed-up leads "
        "win {rate} ({won} of {n}), never-followed ones {never} (of {n_never}). Better leads tend to be followed up "
        "first and the gap differs by source, so only half of each source's own gap is counted: working the backlog "
        "of {recent} from the last {days}, then every new lead on time, brings about {wins} more wins, {money} in "
        "won deals within the year."),
    "basis.funnel.unused_leads": (
        "（积压 {recent} 条 + 每年 {year_leads} 条无人跟进的新线索 × 年内还来得及赢单的 {months} 个月 ÷ 12）"
        "按渠道计算，每个渠道的线索 × 该渠道已跟进与从未跟进赢单率差距的一半：{by}，共 {wins} 单 × 平均单笔赢单 "
        "{avg} = {money}；更早的积压不计",
        "({recent} backlog leads + {year_leads} unworked new leads a year x the {months} of 12 months in which a "
        "lead can still be won) by source, each source's leads x half the gap between its followed-up and "
        "never-followed win rates: {by}, in all {wins} wins x {avg} average won deal = {money}; older backlog not "
        "counted"),
    "basis.funnel.unused_by_source": (
        "{parts}，另有 {more} 个渠道",
        "{parts}, and {more} more sources"),
    "basis.funnel.unused_one": (
        "{parts}",
        "{parts}"),
    "basis.funnel.unused_source": (
        "{source} {leads} 条 × {gap} 个百分点的一半 = {wins} 单",
        "{source} {leads} x half of {gap} pp = {wins}"),
    "step.funnel.unused_leads": (
        "把近 {days}内无人跟进的积压 {recent} 条线索（附表最新的在前）逐条分给销售，限一周内首次跟进",
        "Hand the backlog of {recent} unfollowed leads from the last {days} (newest first in the appendix list) to "
        "named reps, each with a first follow-up due within a week"),
    "problem.funnel.unused_leads": (
        "{share} 的线索从未被跟进",
        "{share} of leads are never followed up"),
    "problem.funnel.unused_leads_count": (
        "一年 {n} 条线索无人跟进",
        "{n} leads a year go unworked"),
    "act.funnel.weak_step": (
        "提升其余销售进入「{stage}」的通过率：这是前 20% 的销售与其余销售差距最大的一步，{top}（样本 {top_n}）对 "
        "{rest}（样本 {rest_n}），相差 {gap} 个百分点；缩小一半差距，一年约多 {money}的赢单金额。",
        "Raise the other reps' pass rate into \"{stage}\", the step where the top 20% of reps differ most: {top} (n "
        "= {top_n}) against {rest} (n = {rest_n}), a gap of {gap} pp; closing half of it adds about {money} in won "
        "deals a year."),
    "problem.funnel.weak_step": (
        "其余销售进入「{stage}」的通过率比前 20% 低 {gap} 个百分点",
        "the other reps trail the top 20% by {gap} pp at the step into \"{stage}\""),
    "act.funnel.funnel_mouth": (
        "扩大喇叭口：目标每月需要 {required} 条线索，目前约 {current} 条{after}；把余下的每月缺口 {per_month} 条"
        "{restated}补上一半（每月多 {half} 条，按市场类渠道自身的线索赢单率 {rate}），一年内约多 {money}的赢单金额。",
        "Widen the funnel mouth: the target needs {required} leads a month against about {current} today{after}; "
        "closing half the remaining monthly gap of {per_month}{restated}, {half} more a month at the marketing "
        "sources' own lead-to-win rate of {rate}, adds about {money} in won deals within the year."),
    "act.funnel.mouth_after_followup": (
        "；跟进无人跟进的线索一年约多赢 {wins} 单，目标需要新增 {needed} 单",
        "; following up the unworked leads brings about {wins} more wins a year of the {needed} the target needs"),
    "act.funnel.mouth_restated": (
        "（按成熟批次赢单率 {sized} 为每月 {residual} 条，按市场类渠道的赢单率折算）",
        " ({residual} a month at the mature cohorts' {sized}, restated at the marketing sources' rate)"),
    "basis.funnel.funnel_mouth": (
        "余下每月线索缺口 {gap} 条的一半 × 年内还来得及赢单的 {months} 个月（12 个月减去 {ramp} 个月起步期和线索到赢"
        "单中位 {lag}）× 线索赢单率 {rate}%{whose}× 平均单笔赢单 {avg} = {money}{cap}",
        "half the remaining monthly lead gap of {gap} x the {months} months in which a new lead can still be won (12 "
        "less a {ramp}-month start and the median lead to win of {lag}) x {rate}% lead-to-win rate{whose} x {avg} "
        "average won deal = {money}{cap}"),
    "basis.funnel.mouth_marketing": (
        "（市场类渠道：{n} 条线索赢 {won} 单）",
        " (marketing sources: {won} won of {n} leads)"),
    "basis.funnel.mouth_mature": (
        "（成熟批次）",
        " (mature cohorts)"),
    "problem.funnel.funnel_mouth": (
        "线索每月比目标所需少 {gap} 条",
        "lead inflow is {gap} a month short of the target"),
    "act.funnel.source_spend": (
        "做一个 90 天试点，把{worst}的一小部分获客费用转投到回报最高的{best}渠道：前者一年花费 {spend}，每元获客成本"
        "只带来赢单 {per_cost} 元；先转出一个季度预算的十分之一（{test}），记录新增线索和赢单，再决定是否扩大。",
        "Test for 90 days moving a small part of the spend on {worst} to the sources with the best return ({best}): "
        "the former cost {spend} a year, each unit bringing only {per_cost} of won revenue; move a tenth of a "
        "quarter's budget ({test}), track the leads and wins it brings, then decide whether to move more."),
    "basis.funnel.source_spend": (
        "{best}的线索多来自客户关系、交付工作和口碑，不是花钱买来的；多投入的费用能带来多少线索和赢单尚无数据，本报告"
        "不作假设，因此不计价值，由 90 天试点来衡量",
        "Leads from {best} come largely from relationships, delivery work and word of mouth rather than from "
        "spend; what extra spend on them would return is not known from the data and this report does not assume "
        "it, so no value is counted: the 90-day test measures it"),
    "step.funnel.source_spend": (
        "从{worst}回报最低的项目中拿出 {test}，转投到{best}渠道，指定一名负责人记录带来的线索和赢单",
        "Take {test} from the lowest-return items of the {worst} budget, give it to {best}, and name an owner to "
        "record the leads and wins it brings"),
    "kpi.funnel.source_spend": (
        "{best}每月线索数（目前 {now}）",
        "Leads a month from {best} (now {now})"),
    "problem.funnel.source_spend": (
        "{worst}每元获客成本只带来赢单 {per_cost} 元",
        "{worst} return only {per_cost} per unit of acquisition cost"),
    "act.funnel.weak_source": (
        "给{source}的线索加一道资格筛选并当周分发：{leads} 条线索只赢 {won} 单（赢单率 {rate}，调整后 {adjusted}），"
        "比{peers}的 {bench}（{peer_n} 条线索）低 {gap} 个百分点{cost}；筛选本身不创造赢单，按赢单率一年内最多翻一倍"
        "计，约多 {money}的赢单金额。",
        "Screen {source}'s leads and route the qualified ones within the week: its {leads} leads won only {won} "
        "({rate}; adjusted {adjusted}), {gap} pp below {peers} ({bench}, n = {peer_n}){cost}; a screen creates no "
        "wins by itself, so the rate is taken to at most double in a year, adding about {money}."),
    "act.funnel.weak_source_cost": (
        "，每元获客成本带来赢单 {per_cost} 元，低于各渠道中位数 {median} 元",
        ", and each unit of its acquisition cost brings {per_cost} of won revenue, below the median source's {median}"),
    "basis.funnel.weak_source": (
        "{source}每年 {leads} 条线索 × 赢单率提高 {lift} 个百分点（与同类渠道差距 {gap} 个百分点的一半{capped}）× 年"
        "内还来得及赢单的 {months} 个月 ÷ 12 × 平均单笔赢单 {avg} = {money}",
        "{leads} {source} leads a year x a {lift}-pp higher rate (half the {gap}-pp gap to like-for-like "
        "sources{capped}) x the {months} of 12 months in which a lead can still be won x {avg} average won deal = "
        "{money}"),
    "basis.funnel.weak_source_cap": (
        "，以本渠道赢单率 {rate} 翻一倍为上限",
        ", capped at doubling its own {rate}"),
    "kpi.funnel.weak_source": (
        "{source}每月赢单数（目前 {now}）",
        "Deals won a month from {source} (now {now})"),
    "problem.funnel.weak_source": (
        "{source}的线索赢单率只有 {rate}",
        "{source}'s leads win only {rate}"),
    "kpi.funnel.late_engagement": (
        "一手线索占比（有招标日期的 {n} 条线索中，目前 {now}）",
        "First-hand lead share (of the {n} leads with a tender date; now {now})"),
    "problem.funnel.late_engagement": (
        "标后才介入的商机赢单率只有 {post}",
        "deals engaged after the tender win only {post}"),
    "problem.funnel.uncollected_cash": (
        "{unpaid}赢单款超期未回",
        "{unpaid} of won deals unpaid past terms"),
    "problem.funnel.stalled_deals": (
        "{n} 个商机停滞不前",
        "{n} open deals are stuck"),
    "problem.funnel.late_stage_leads": (
        "{n} 个后期商机缺少需求、预算或决策人确认",
        "{n} late-stage deals lack a confirmed need, budget or decision maker"),
    "problem.funnel.slow_handoff": (
        "线索在「{step}」中位要等 {days}",
        "leads wait a median {days} at \"{step}\""),
    "basis.funnel.in_forecast": (
        "这些商机的加权金额 {weighted}已计入预测；复盘是为了守住这部分收入，并不新增收入，因此不计价值",
        "These deals' weighted {weighted} is already in the forecast; reviewing them protects it rather than adding "
        "revenue, so no value is counted"),
    "find.funnel.sources_return_below": (
        "每元获客成本带来赢单 {per_cost} 元，低于各渠道中位数 {median} 元",
        "Each unit of its acquisition cost brings {per_cost} of won revenue, below the median source's {median}"),
    "find.funnel.sources_like": (
        "{source}带来 {share} 的线索，只赢 {won} 单，线索赢单率 {rate}（调整后 {adjusted}），比{peers}的 {bench}（"
        "{peer_n} 条线索）低 {gap} 个百分点",
        "{source} brings {share} of leads and won only {won} of them ({rate}; adjusted {adjusted}), {gap} pp below "
        "{peers} ({bench}, n = {peer_n})"),
    "find.funnel.sources_worst": (
        "回报最低的是{worst}：每元获客成本只带来赢单 {per_cost} 元（各渠道中位数 {median} 元），线索赢单率也低于同类"
        "渠道",
        "The lowest returns are at {worst}: each unit of acquisition cost brings only {per_cost} of won revenue (the "
        "median source {median}), and they convert below like-for-like sources"),
    "find.funnel.mouth_gap": (
        "按成熟批次的线索赢单率 {rate}（实际已赢 {won} 单 ÷ {leads} 条 = {raw}，加上在途商机预计再赢的 {expected} 单"
        "）和平均单笔赢单 {avg}，每月需要 {required} 条线索，目前每月约 {current} 条，缺口 {gap} 条（{gap_share}）",
        "At the mature cohorts' lead-to-win rate of {rate} ({raw} actually won, {won} of {leads} leads, plus "
        "{expected} wins expected from their open deals) and an average won deal of {avg}, it needs {required} leads "
        "a month; about {current} arrive today, a gap of {gap} ({gap_share})"),
    "find.funnel.mouth_ok": (
        "按成熟批次的线索赢单率 {rate}（实际已赢 {won} 单 ÷ {leads} 条 = {raw}，加上在途商机预计再赢的 {expected} 单"
        "）和平均单笔赢单 {avg}，每月需要 {required} 条线索，目前每月约 {current} 条，已经足够",
        "At the mature cohorts' lead-to-win rate of {rate} ({raw} actually won, {won} of {leads} leads, plus "
        "{expected} wins expected from their open deals) and an average won deal of {avg}, it needs {required} leads "
        "a month; about {current} arrive today, which is enough"),
    "find.funnel.mouth_followup": (
        "跟进从未被跟进的线索（近 12 个月 {unworked} 条；已跟进的赢单率 {rate_f}，{n_f} 条中赢 {won_f} 单，从未跟进的"
        " {rate_n}，{n_n} 条），按每个渠道自己差距的一半一年约多赢 {wins} 单，{cover}",
        "Following up the leads never followed up ({unworked} in the last 12 months; followed-up leads win {rate_f}, "
        "{won_f} of {n_f}, never-followed ones {rate_n} of {n_n}) at half of each source's own gap brings about "
        "{wins} more wins a year, {cover}"),
    "find.funnel.mouth_covers": (
        "足以补上目标所需的 {needed} 单：第一个瓶颈是跟进，而不是线索数量",
        "enough for the {needed} the target needs: the first bottleneck is follow-up, not the number of leads"),
    "find.funnel.mouth_partly": (
        "占目标所需 {needed} 单的 {share}：第一个瓶颈是跟进，余下每月约 {residual} 条的缺口才需要扩大线索来源",
        "{share} of the {needed} the target needs: the first bottleneck is follow-up; only the remaining gap of "
        "about {residual} leads a month needs more inflow"),
    "find.funnel.five": (
        "近 12 个月平均每周{a}。",
        "Weekly average over the last 12 months: {a}."),
    "table.funnel_five": (
        "五个数（周均）",
        "Five numbers (weekly average)"),
    "find.funnel.reps_n": (
        "前 {share} 的「老鹰」销售（{n_top} 名）与其余 {n_rest} 名销售差距最大的一步是进入「{step}」：{top}（样本 "
        "{top_n}）对 {rest}（样本 {rest_n}），相差 {gap} 个百分点",
        "The top {share} of reps (the {n_top} \"eagles\") differ most from the other {n_rest} at the step into "
        "\"{step}\": {top} (n = {top_n}) against {rest} (n = {rest_n}), a gap of {gap} percentage points"),
    "find.funnel.reps": (
        "前 {share} 的「老鹰」销售（{n_top} 名）与其余 {n_rest} 名销售差距最大的一步是进入「{step}」：{top} 对 {rest}"
        "，相差 {gap} 个百分点",
        "The top {share} of reps (the {n_top} \"eagles\") differ most from the other {n_rest} at the step into "
        "\"{step}\": {top} against {rest}, a gap of {gap} percentage points"),
    "col.top_trials": (
        "前 20% 的样本数",
        "Top 20%: n"),
    "col.rest_trials": (
        "其余的样本数",
        "Others: n"),
    "find.funnel.utilisation_bottleneck": (
        "已跟进的线索赢单率 {rate_f}，从未跟进的 {rate_n}；按每个渠道自己这两者差距的一半，把它们跟进起来一年约多赢 "
        "{wins} 单，达到目标所需新增 {needed} 单的 {share}：第一个瓶颈是跟进",
        "Followed-up leads win {rate_f}, never-followed ones {rate_n}; following them up, at half of each source's "
        "own gap between the two, would bring about {wins} more wins a year, {share} of the {needed} more the target "
        "needs: the first bottleneck is follow-up"),
    "act.funnel.unused_leads_unsized": (
        "把 {leads} 条超过跟进窗口仍无人跟进的线索分配到人、限期跟进，先跟进近 {days}内创建的 {recent} 条。",
        "Assign the {leads} leads past the follow-up window to named reps with a deadline, the {recent} created in "
        "the last {days} first."),
    "basis.funnel.unused_leads_unsized": (
        "线索表没有赢单结果，算不出跟进能带来多少赢单，因此不计价值",
        "The leads carry no outcomes, so what following them up would win cannot be sized"),
    "problem.funnel.unused_leads_rotting": (
        "{n} 条线索超过跟进窗口无人跟进",
        "{n} leads are past the follow-up window with no follow-up"),
    "kpi.funnel.late_engagement_share": (
        "一手线索占比（目前 {now}）",
        "First-hand lead share (now {now})"),
    "find.funnel.five_period": (
        "每周{a}。",
        "Each week: {a}."),
    "head.funnel.utilisation": (
        "{never} 的线索从未被跟进",
        "{never} of leads are never followed up"),
    "head.funnel.utilisation_first": (
        "{never} 的线索从未被跟进：第一个瓶颈是跟进",
        "{never} of leads are never followed up: follow-up is the first bottleneck"),
    "head.funnel.rotting": (
        "{n} 条线索超过跟进窗口仍无人跟进，先跟进最新的",
        "{n} leads wait past the follow-up window; the newest come first"),
    "head.funnel.mouth_covered": (
        "跟进现有线索即可补上目标所需的赢单",
        "Following up today's leads covers the wins the target needs"),
    "head.funnel.mouth_partly": (
        "跟进现有线索可补上目标所需赢单的 {share}，余下每月缺约 {residual} 条线索",
        "Following up today's leads covers {share} of the wins the target needs; about {residual} leads a month are "
        "left to find"),
    "head.funnel.mouth_gap": (
        "目标每月还缺 {gap} 条线索",
        "The target needs {gap} more leads a month"),
    "head.funnel.sources_worst": (
        "{worst}每元获客成本只带来 {per_cost} 元赢单",
        "{worst} return only {per_cost} per unit of acquisition cost"),
    "head.funnel.reps": (
        "前 20% 的销售在进入「{step}」这一步领先 {gap} 个百分点",
        "The top 20% of reps lead by {gap} pp at the step into \"{step}\""),
}
