"""Header and file-name words of CRM exports the mapping assistant knows beyond the schema's own names and
aliases: English and Chinese spellings per field, and the words in a file or sheet name that name a table."""
from __future__ import annotations

from workbook.core import columns as c

__all__ = ["SYNONYMS", "TABLE_WORDS"]

# English and Chinese CRM spellings beyond the schema's aliases: (table or None for any) -> field -> headers
SYNONYMS: dict[str | None, dict[str, tuple[str, ...]]] = {
    None: {
        c.OWNER: ("owner", "owner name", "assigned to", "user", "sales rep", "salesperson", "负责人", "所属销售",
                  "归属人", "销售人员", "销售代表", "跟进人", "客户经理"),
        c.CUSTOMER_ID: ("account id", "organization", "organization id", "org id", "company id", "account",
                        "客户编号", "客户ID", "客户编码", "客户名称", "所属客户", "公司名称"),
        c.CREATED_DATE: ("created", "create date", "created at", "created on", "date created", "add time",
                         "deal created", "创建时间", "创建日期", "录入时间", "登记时间"),
    },
    c.CUSTOMERS: {
        c.NAME: ("name", "organization name", "company", "company name", "account name", "客户名称", "公司名称",
                 "单位名称", "企业名称"),
        c.INDUSTRY: ("industry", "sector", "所属行业", "行业"),
        c.REGION: ("region", "province", "area", "地区", "区域", "省份", "所在地区"),
        c.HEADCOUNT: ("employees", "number of employees", "staff", "员工人数", "人员规模", "员工数"),
        c.ANNUAL_REVENUE: ("annual revenue", "revenue", "年营收", "营业收入", "年收入", "年营业额"),
        c.LEVEL: ("客户级别", "客户等级", "level", "tier"),
    },
    c.LEADS: {
        c.LEAD_ID: ("lead id", "线索编号", "线索ID", "线索编码", "mql id"),
        c.SOURCE: ("lead source", "source", "origin", "channel", "来源", "线索来源", "渠道", "获客渠道"),
        c.STATUS: ("lead status", "status", "状态", "线索状态"),
        c.FIRST_FOLLOWUP_DATE: ("first follow-up", "first followup date", "首次跟进时间", "首次跟进日期",
                                "first contact"),
        c.QUALIFIED_DATE: ("qualified date", "converted date", "conversion date", "合格日期", "转化日期"),
        c.OPPORTUNITY_ID: ("opportunity id", "deal id", "商机编号", "商机ID"),
    },
    c.OPPORTUNITIES: {
        c.OPPORTUNITY_ID: ("deal id", "opportunity id", "opportunity name", "deal name", "title", "商机编号",
                           "商机ID", "商机名称"),
        c.STAGE: ("stage", "deal stage", "pipeline stage", "阶段", "销售阶段", "商机阶段"),
        c.STATUS: ("status", "deal status", "状态", "商机状态", "赢单/输单", "结果"),
        c.AMOUNT: ("value", "deal value", "amount", "金额", "商机金额", "预计金额", "预计成交金额"),
        c.CLOSE_DATE: ("close date", "expected close date", "won time", "won date", "close time", "closed on",
                       "关闭日期", "预计成交日期", "成交日期", "赢单日期", "结单日期"),
        c.LOST_REASON: ("lost reason", "丢单原因", "输单原因"),
        c.LEAD_ID: ("lead id", "线索编号", "来源线索"),
    },
    c.ACTIVITIES: {
        c.DATE: ("date", "due date", "activity date", "done date", "跟进时间", "跟进日期", "拜访日期", "接触日期"),
        c.TYPE: ("type", "activity type", "跟进方式", "接触方式"),
        c.HOURS: ("duration", "hours", "耗时", "时长"),
    },
}

# file and sheet words that name a table, beyond the schema's table names and aliases
TABLE_WORDS: dict[str, tuple[str, ...]] = {
    c.CUSTOMERS: ("accounts", "account", "organizations", "organization", "companies", "客户", "客户信息"),
    c.LEADS: ("leads", "lead", "mql", "线索", "销售线索"),
    c.OPPORTUNITIES: ("deals", "deal", "opportunities", "pipeline", "商机", "机会"),
    c.ACTIVITIES: ("activities", "activity", "visits", "跟进记录", "跟进", "拜访记录", "联系记录"),
    c.REPS: ("users", "sales_teams", "team", "员工", "销售团队"),
    c.TIME_LOG: ("timesheet", "time_log", "工时"),
    c.QUOTES: ("quotes", "报价"),
    c.STAGE_HISTORY: ("stage_history", "阶段历史"),
}
