"""Catalogue: sales calls a week per seller, a section of the time allocation chapter (see
:mod:`workbook.core.catalogue`). A sales call is a seller's visit, phone call or technical exchange."""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "section.timealloc.calls": ("每位销售每周的销售拜访", "Sales calls a week per seller"),
    "head.timealloc.calls": ("每位销售每周约 {per_rep} 次销售拜访", "Each seller makes about {per_rep} sales calls a "
                                                                "week"),
    "find.timealloc.calls": (
        "{reps} 名销售在 {weeks} 周内共有 {calls} 次销售拜访、电话和技术交流，平均每人每周 {per_rep} 次；"
        "最少的是 {low}，每周 {low_rate} 次。",
        "{reps} sellers made {calls} sales calls (visits, phone calls and technical exchanges) in {weeks} weeks: "
        "{per_rep} a week each on average; the fewest, {low}, {low_rate} a week."),
    "find.timealloc.calls_untyped": (
        "{reps} 名销售在 {weeks} 周内共记录 {calls} 条接触（导出没有接触方式，每条按一次销售拜访计），平均每人每周 "
        "{per_rep} 次；最少的是 {low}，每周 {low_rate} 次。",
        "{reps} sellers logged {calls} activities in {weeks} weeks, each counted as a sales call (the export has no "
        "type): {per_rep} a week each on average; the fewest, {low}, {low_rate} a week."),
    "find.timealloc.calls_even": (
        "{reps} 名销售在 {weeks} 周内共有 {calls} 次销售拜访、电话和技术交流，每人每周都是 {per_rep} 次。",
        "{reps} sellers made {calls} sales calls (visits, phone calls and technical exchanges) in {weeks} weeks: "
        "{per_rep} a week each, every one of them the same."),
    "find.timealloc.calls_untyped_even": (
        "{reps} 名销售在 {weeks} 周内共记录 {calls} 条接触（导出没有接触方式，每条按一次销售拜访计），每人每周都是 "
        "{per_rep} 次。",
        "{reps} sellers logged {calls} activities in {weeks} weeks, each counted as a sales call (the export has no "
        "type): {per_rep} a week each, every one of them the same."),
    "find.timealloc.calls_none": ("分析期内没有销售拜访、电话或技术交流的记录。",
                                  "No visit, phone call or technical exchange by a seller is dated in the period."),
    "note.calls_untyped": (
        "接触记录没有接触方式（拜访、电话、邮件）：分析期内每条记录都按一次销售拜访计，邮件或服务人员的记录若有也"
        "计在内。导出接触方式可分出真正的销售拜访。",
        "The activities carry no type (visit, phone call, e-mail): every activity in the period counts as a sales "
        "call, so any e-mails or service contacts among them are counted too. Exporting the activity type tells "
        "the sales calls apart."),
    "table.timealloc_calls": ("各销售每周销售拜访", "Sales calls a week by seller"),
    "col.timealloc.calls": ("销售拜访次数", "Sales calls"),
    "col.timealloc.calls_per_week": ("每周次数", "A week"),
}
