"""The canonical data model: tables, their fields, types and vocabularies.

Everything that knows what a valid ``leads`` table looks like reads it from
here: intake, the intake template, the data dictionary and the notebooks'
declarations of what they need.

>>> TABLES["leads"].required
('lead_id', 'created_date', 'source')
>>> VOCABULARIES["level"].canonical("优质")
'quality'
>>> VOCABULARIES["relationship"].canonical(" Partner ")
'partner'
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Literal

from workbook.core import columns as c

Kind = Literal["id", "text", "int", "number", "share", "date", "bool", "vocab", "stage", "category"]


def normalise_token(value: object) -> str:
    """Lower-case, strip and drop spaces, underscores and hyphens.

    >>> normalise_token(" Customer_ID ")
    'customerid'
    """
    return "".join(ch for ch in str(value).strip().lower() if ch not in " _-\u3000\t\n")


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of values, each with its Chinese and English spellings."""

    name: str
    values: tuple[tuple[str, str], ...]  # (canonical english, chinese)
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(en for en, _ in self.values)

    def lookup(self) -> dict[str, str]:
        """Normalised spelling -> canonical code (both languages, plus aliases)."""
        table: dict[str, str] = {}
        for en, zh in self.values:
            table[normalise_token(en)] = en
            table[normalise_token(zh)] = en
        for alias, en in self.aliases.items():
            table[normalise_token(alias)] = en
        return table

    def canonical(self, value: object) -> str | None:
        return self.lookup().get(normalise_token(value))

    def label(self, code: str, lang: str = "zh") -> str:
        for en, zh in self.values:
            if en == code:
                return zh if lang == "zh" else en
        return code

    def allowed(self) -> str:
        return ", ".join(f"{en}/{zh}" for en, zh in self.values)


# words and codes that say how a deal ended, in the exports of common CRMs (normalised on lookup): a stage or
# status column holding one of these needs no help to map to status; every other stage value is an open stage
OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    "won": ("won", "closed won", "closedwon", "win", "赢单", "成功", "成交", "已成交", "签约", "已签约"),
    "lost": ("lost", "lose", "closed lost", "closedlost", "apology", "输单", "丢单", "失败", "关闭", "已关闭",
             "无效"),
}
# Bitrix24 pipelines prefix their stage codes: C1:WON, C3:LOSE, C2:APOLOGY
_PIPELINE_CODE = re.compile(r"^c\d+:(.+)$")


def outcome_of(value: object) -> str | None:
    """``won`` or ``lost`` when a stage or status value says how the deal ended, else None.

    >>> outcome_of("Closed Won"), outcome_of("C1:LOSE"), outcome_of("失败"), outcome_of("Invoice issued")
    ('won', 'lost', 'lost', None)
    """
    token = normalise_token(value)
    match = _PIPELINE_CODE.match(token)
    if match:
        token = match.group(1)
    for outcome, words in OUTCOME_WORDS.items():
        if token in {normalise_token(w) for w in words}:
            return outcome
    return None


VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in [
        Vocabulary("level", (("potential", "潜在"), ("target", "目标"), ("quality", "优质"), ("strategic", "战略")),
                   {"潜在客户": "potential", "目标客户": "target", "优质客户": "quality", "战略客户": "strategic"}),
        Vocabulary("relationship",
                   (("untouched", "未接触"), ("neutral", "中立"), ("familiar", "熟悉"), ("partner", "伙伴"))),
        Vocabulary("source_type", (("active", "主动"), ("passive", "被动"))),
        Vocabulary("scene", (("marketing", "市场活动"), ("sales", "销售活动"), ("delivery", "交付活动")),
                   {"市场": "marketing", "销售": "sales", "交付": "delivery"}),
        Vocabulary("status", (("open", "进行中"), ("won", "赢单"), ("lost", "丢单")),
                   {"跟进中": "open", **{w: "won" for w in OUTCOME_WORDS["won"]},
                    **{w: "lost" for w in OUTCOME_WORDS["lost"]}}),
        Vocabulary("activity_type", (("visit", "拜访"), ("phone", "电话"), ("email", "邮件"),
                                     ("technical_exchange", "技术交流"), ("event", "活动"),
                                     ("service", "交付服务")),
                   {"e-mail": "email", "上门拜访": "visit", "电话沟通": "phone", "电子邮件": "email",
                    "电话拜访": "phone", "面谈": "visit", "call": "phone", "meeting": "visit"}),
        Vocabulary("department", (("sales", "销售"), ("service", "服务交付"), ("finance", "财务"))),
        Vocabulary("role", (("field", "外勤销售"), ("inside", "内勤销售"), ("support", "销售支持"))),
        Vocabulary("brand_standing", (("leading", "行业领先"), ("known", "知名"), ("average", "一般"),
                                      ("unknown", "不知名"))),
        Vocabulary("lead_status", (("new", "新建"), ("following", "跟进中"), ("qualified", "合格"),
                                   ("converted", "已转商机"), ("disqualified", "无效")),
                   {"待跟进": "new", "未处理": "new", "已转换": "converted", "已转化": "converted"}),
    ]
}

# the code a blank required category (a lead's source, a deal's stage) gets at intake; labelled 未知 / Unknown
UNKNOWN = "unknown"

BOOL_TRUE = ("1", "true", "yes", "y", "是", "有", "对", "√", "✓", "t")
BOOL_FALSE = ("0", "false", "no", "n", "否", "无", "没有", "×", "✗", "f")


@dataclass(frozen=True)
class Field:
    """One column of a canonical table."""

    name: str
    zh: str
    kind: Kind
    required: bool = False
    vocab: str | None = None
    description_en: str = ""
    description_zh: str = ""
    example: object = None
    aliases: tuple[str, ...] = ()

    def header(self) -> str:
        """Bilingual header used by the intake template: ``客户编号 (customer_id)``."""
        return f"{self.zh} ({self.name})"

    def type_label(self, lang: str = "en") -> str:
        names = {
            "id": ("identifier", "编号"), "text": ("text", "文本"), "int": ("whole number", "整数"),
            "number": ("number >= 0", "非负数"), "share": ("share 0-1 or %", "比例(0-1或百分数)"),
            "date": ("date", "日期"), "bool": ("yes/no", "是/否"), "vocab": ("one of a list", "下拉选项"),
            "stage": ("funnel stage (client.yaml)", "销售阶段(见client.yaml)"),
            "category": ("time category (client.yaml)", "时间类别(见client.yaml)"),
        }
        en, zh = names[self.kind]
        return zh if lang == "zh" else en


@dataclass(frozen=True)
class Table:
    """A canonical table: its names in both languages, key and fields."""

    name: str
    zh: str
    fields: tuple[Field, ...]
    key: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"table {self.name!r} has no field {name!r}; fields: {', '.join(self.names)}")

    def sheet_name(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.name


F = Field
TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(c.CUSTOMERS, "客户", key=c.CUSTOMER_ID, aliases=("客户信息", "客户清单", "accounts", "customer"), fields=(
            F(c.CUSTOMER_ID, "客户编号", "id", True, description_en="unique customer code",
              description_zh="客户唯一编号", example="C0001", aliases=("客户ID", "客户代码", "account id")),
            F(c.NAME, "客户名称", "text", True, description_en="company name", description_zh="公司名称",
              example="华东精密机械有限公司", aliases=("客户", "公司名称", "account", "company")),
            F(c.INDUSTRY, "行业", "text", description_en="industry", description_zh="所属行业", example="汽车零部件",
              aliases=("sector",)),
            F(c.MAIN_BUSINESS, "主营业务", "text", description_en="main business", description_zh="主营业务",
              example="变速箱壳体加工"),
            F(c.REGION, "区域", "text", description_en="sales region", description_zh="所属区域", example="华东",
              aliases=("地区", "office_location")),
            F(c.OWNER, "负责人", "text", description_en="account owner (rep id)", description_zh="客户负责销售",
              example="R01", aliases=("销售", "客户经理")),
            F(c.HEADCOUNT, "人员规模", "int", description_en="employees", description_zh="员工人数", example=850,
              aliases=("员工人数", "employees")),
            F(c.IT_HEADCOUNT, "IT人数", "int", description_en="IT staff", description_zh="IT部门人数", example=40),
            F(c.ANNUAL_REVENUE, "营收规模", "number", description_en="annual revenue", description_zh="年营业收入(元)",
              example=320000000, aliases=("年营收", "营业收入", "revenue")),
            F(c.REVENUE_GROWTH_3Y, "近三年收入增长", "share", description_en="revenue growth over 3 years (0.15 = 15%)",
              description_zh="近三年收入增长率(0.15即15%)", example=0.12, aliases=("收入趋势", "近三年收入趋势")),
            F(c.GOAL_3Y, "未来三年目标", "text", description_en="three-year goal", description_zh="未来三年发展目标",
              example="进入新能源汽车供应链", aliases=("未来三年发展目标",)),
            F(c.BRAND_STANDING, "行业地位", "vocab", vocab="brand_standing", description_en="competitiveness and brand",
              description_zh="行业竞争力和知名度", example="知名", aliases=("知名度", "行业竞争力和知名度")),
            F(c.LEVEL, "客户级别", "vocab", vocab="level",
              description_en="customer level (else derived from ICP rules)",
              description_zh="客户级别(空则按ICP规则推导)", example="优质"),
            F(c.RELATIONSHIP, "客户关系", "vocab", vocab="relationship",
              description_en="relationship (else derived from contacts and wins)",
              description_zh="客户关系(空则按接触和赢单推导)", example="熟悉"),
            F(c.FIRST_WON_DATE, "首次赢单日期", "date", description_en="date of the customer's first won deal, "
              "also before the exported period (new vs existing customers)",
              description_zh="客户首次赢单日期(可早于导出期间；区分新老客户)", example="2019-06-18",
              aliases=("首次成交日期", "首次合作日期", "customer since")),
        )),
        Table(c.LEADS, "线索", key=c.LEAD_ID, aliases=("销售线索", "线索清单", "lead"), fields=(
            F(c.LEAD_ID, "线索编号", "id", True, description_en="unique lead code", description_zh="线索唯一编号",
              example="L000001", aliases=("线索ID",)),
            F(c.CREATED_DATE, "创建日期", "date", True, description_en="date the lead was recorded",
              description_zh="线索登记日期", example="2025-03-02", aliases=("创建时间", "登记日期", "created")),
            F(c.SOURCE, "线索来源", "text", True, description_en="source / channel", description_zh="来源渠道",
              example="展会", aliases=("来源", "渠道", "lead source")),
            F(c.SOURCE_TYPE, "来源类型", "vocab", vocab="source_type", description_en="active or passive",
              description_zh="主动或被动(空则按client.yaml映射)", example="被动"),
            F(c.SCENE, "产生场景", "vocab", vocab="scene", description_en="marketing/sales/delivery activity",
              description_zh="市场活动/销售活动/交付活动", example="市场活动"),
            F(c.CUSTOMER_ID, "客户编号", "text", description_en="customer code", description_zh="客户编号",
              example="C0001"),
            F(c.OWNER, "负责人", "text", description_en="rep id", description_zh="跟进销售", example="R01",
              aliases=("跟进人",)),
            F(c.FIRST_FOLLOWUP_DATE, "首次跟进日期", "date", description_en="first follow-up (empty = never)",
              description_zh="首次跟进日期(空=从未跟进)", example="2025-03-05", aliases=("首次跟进时间",)),
            F(c.STATUS, "线索状态", "vocab", vocab="lead_status", description_en="lead status",
              description_zh="线索状态", example="合格"),
            F(c.QUALIFIED_DATE, "合格日期", "date", description_en="date qualified", description_zh="判定合格日期",
              example="2025-03-20"),
            F(c.OPPORTUNITY_ID, "商机编号", "text", description_en="opportunity it became",
              description_zh="转化的商机编号", example="O00001"),
            F(c.COST, "获取成本", "number", description_en="acquisition cost", description_zh="线索获取成本(元)",
              example=350),
            F(c.TENDER_DATE, "招标日期", "date", description_en="tender date, if any", description_zh="招标日期",
              example="2025-05-10"),
            F(c.WON, "是否赢单", "bool", description_en="the lead was won (used when there is no opportunities table)",
              description_zh="线索是否赢单(无商机表时使用)", example="否", aliases=("已赢单", "是否成交", "converted")),
            F(c.WON_DATE, "赢单日期", "date", description_en="date the lead was won", description_zh="线索赢单日期",
              example="", aliases=("成交日期",)),
            F(c.WON_AMOUNT, "赢单金额", "number", description_en="amount won from the lead",
              description_zh="线索赢单金额(元)", example="", aliases=("成交金额",)),
            F(c.ASSESSED_DATE, "评估日期", "date", description_en="date the lead was assessed (scored)",
              description_zh="线索评估完成日期", example="2025-03-03", aliases=("评估时间",)),
            F(c.ASSIGNED_DATE, "分配日期", "date", description_en="date the lead was handed to a rep",
              description_zh="线索分配给销售的日期", example="2025-03-04", aliases=("分配时间", "分发日期")),
            F(c.NURTURE_START, "培育开始日期", "date", description_en="date the lead entered nurturing",
              description_zh="线索进入培育的日期", example="", aliases=("培育日期",)),
            F(c.REASSIGNED_COUNT, "重新分配次数", "int", description_en="times the lead was handed out again",
              description_zh="线索被重新分配的次数", example=0, aliases=("再分配次数",)),
        )),
        Table(c.OPPORTUNITIES, "商机", key=c.OPPORTUNITY_ID, aliases=("商机清单", "opportunity", "deals", "pipeline"),
              fields=(
            F(c.OPPORTUNITY_ID, "商机编号", "id", True, description_en="unique opportunity code",
              description_zh="商机唯一编号", example="O00001", aliases=("商机ID",)),
            F(c.CREATED_DATE, "创建日期", "date", True, description_en="date created", description_zh="商机创建日期",
              example="2025-03-20", aliases=("创建时间",)),
            F(c.STAGE, "销售阶段", "stage", True, description_en="current (or last) stage",
              description_zh="当前(或最后)阶段", example="方案", aliases=("阶段",)),
            F(c.CUSTOMER_ID, "客户编号", "text", description_en="customer code", description_zh="客户编号",
              example="C0001"),
            F(c.LEAD_ID, "线索编号", "text", description_en="originating lead", description_zh="来源线索编号",
              example="L000001"),
            F(c.OWNER, "负责人", "text", description_en="rep id", description_zh="负责销售", example="R01"),
            F(c.STATUS, "状态", "vocab", vocab="status", description_en="open, won or lost",
              description_zh="进行中/赢单/丢单", example="进行中", aliases=("赢单/输单",)),
            F(c.AMOUNT, "金额", "number", description_en="deal amount", description_zh="预计或成交金额(元)",
              example=480000, aliases=("商机金额", "预计金额")),
            F(c.CLOSE_DATE, "关闭日期", "date", description_en="close date (expected when open)",
              description_zh="成交/关闭日期(进行中为预计)", example="2025-07-30", aliases=("预计成交日期",)),
            F(c.NEED, "需求明确", "bool", description_en="need confirmed", description_zh="需求已确认", example="是"),
            F(c.BUDGET, "预算落实", "bool", description_en="budget confirmed", description_zh="预算已落实",
              example="是"),
            F(c.DECISION_MAKER, "决策人明确", "bool", description_en="decision maker known",
              description_zh="决策人已明确", example="否"),
            F(c.PROJECT_APPROVED, "已立项", "bool", description_en="project approved", description_zh="项目已立项",
              example="否"),
            F(c.COMPETITION_KNOWN, "友商已知", "bool", description_en="competitors known",
              description_zh="竞争对手已知", example="是", aliases=("竞争已知",)),
            F(c.SOLUTION_FIT, "方案匹配", "bool", description_en="our solution fits", description_zh="我方方案匹配",
              example="是"),
            F(c.VALUE_CLEAR, "价值明确", "bool", description_en="the value we bring is clear",
              description_zh="我方能带来的价值已明确", example="是"),
            F(c.INFLUENCERS_KNOWN, "影响人明确", "bool", description_en="who takes part and influences is known",
              description_zh="参与人与影响人已明确", example="否", aliases=("影响者明确",)),
            F(c.COMPETITIVE_EDGE, "我方优势明确", "bool", description_en="our edge over the competitors is clear",
              description_zh="相对友商的优势已明确", example="否", aliases=("竞争优势",)),
            F(c.LOST_REASON, "丢单原因", "text", description_en="why lost", description_zh="丢单原因", example=""),
            F(c.DELIVERED_DATE, "交付日期", "date", description_en="date the won deal was delivered",
              description_zh="赢单交付(验收)日期", example="", aliases=("交付日期", "验收日期")),
            F(c.INVOICED_AMOUNT, "开票金额", "number", description_en="invoiced amount",
              description_zh="已开票金额(元)", example=0),
            F(c.COLLECTED_AMOUNT, "回款金额", "number", description_en="cash collected",
              description_zh="已回款金额(元)", example=0),
            F(c.COLLECTED_DATE, "回款日期", "date", description_en="date of last collection",
              description_zh="最近回款日期", example=""),
        )),
        Table(c.STAGE_HISTORY, "阶段历史", aliases=("商机阶段历史", "stage history"), fields=(
            F(c.OPPORTUNITY_ID, "商机编号", "text", True, description_en="opportunity code", description_zh="商机编号",
              example="O00001"),
            F(c.STAGE, "销售阶段", "stage", True, description_en="stage entered", description_zh="进入的阶段",
              example="方案"),
            F(c.ENTERED_DATE, "进入日期", "date", True, description_en="date the stage was entered",
              description_zh="进入该阶段的日期", example="2025-04-15"),
        )),
        Table(c.ACTIVITIES, "客户接触", aliases=("接触记录", "拜访记录", "活动", "activity"), fields=(
            F(c.DATE, "日期", "date", True, description_en="date of contact", description_zh="接触日期",
              example="2025-04-02", aliases=("接触日期", "拜访日期")),
            F(c.OWNER, "负责人", "text", True, description_en="who made the contact (rep id)",
              description_zh="接触人(销售编号)", example="R01", aliases=("接触人",)),
            F(c.CUSTOMER_ID, "客户编号", "text", description_en="customer code", description_zh="客户编号",
              example="C0001"),
            F(c.TYPE, "接触方式", "vocab", vocab="activity_type", description_en="visit, phone, email, ...",
              description_zh="拜访/电话/邮件/技术交流/活动/交付服务", example="拜访", aliases=("方式", "类型")),
            F(c.HOURS, "耗时(小时)", "number", description_en="hours spent", description_zh="耗时(小时)", example=3.5,
              aliases=("耗时", "小时")),
            F(c.PLANNED, "计划内", "bool", description_en="planned call", description_zh="是否计划内拜访",
              example="是"),
            F(c.DEPARTMENT, "部门", "vocab", vocab="department", description_en="sales, service or finance",
              description_zh="销售/服务交付/财务", example="销售"),
        )),
        Table(c.TIME_LOG, "时间分配", aliases=("时间记录", "工时", "time log", "timesheet"), fields=(
            F(c.OWNER, "销售编号", "text", True, description_en="rep id", description_zh="销售编号", example="R01",
              aliases=("负责人",)),
            F(c.PERIOD, "周期", "date", True, description_en="first day of the week or month logged",
              description_zh="记录周期(周或月的第一天)", example="2025-03-03", aliases=("周", "日期")),
            F(c.CATEGORY, "工作类别", "category", True, description_en="time category (client.yaml)",
              description_zh="工作类别(见client.yaml)", example="客户拜访", aliases=("类别",)),
            F(c.HOURS, "小时", "number", True, description_en="hours", description_zh="小时数", example=6,
              aliases=("工时", "耗时")),
        )),
        Table(c.REPS, "销售团队", key=c.OWNER, aliases=("销售", "销售人员", "reps", "sales team", "sales_teams"),
              fields=(
            F(c.OWNER, "销售编号", "id", True, description_en="rep id used in other tables",
              description_zh="销售编号(其他表引用)", example="R01", aliases=("负责人", "sales agent")),
            F(c.NAME, "姓名", "text", description_en="name", description_zh="姓名", example="张伟"),
            F(c.TEAM, "团队", "text", description_en="team", description_zh="所属团队", example="华东一组",
              aliases=("manager",)),
            F(c.ROLE, "角色", "vocab", vocab="role", description_en="field, inside or support",
              description_zh="外勤销售/内勤销售/销售支持", example="外勤销售"),
            F(c.HOURLY_COST, "小时成本", "number", description_en="fully loaded cost per hour",
              description_zh="每小时人力成本(元)", example=260),
        )),
        Table(c.QUOTES, "报价", aliases=("报价记录", "quote"), key=c.QUOTE_ID, fields=(
            F(c.QUOTE_ID, "报价编号", "id", True, description_en="unique quote code", description_zh="报价唯一编号",
              example="Q00001"),
            F(c.OPPORTUNITY_ID, "商机编号", "text", description_en="opportunity code", description_zh="商机编号",
              example="O00001"),
            F(c.REQUESTED_DATE, "请求日期", "date", True, description_en="date the customer asked",
              description_zh="客户要求报价日期", example="2025-04-20"),
            F(c.SENT_DATE, "发出日期", "date", description_en="date the quote was sent", description_zh="报价发出日期",
              example="2025-04-22"),
        )),
    ]
}



def _as_entered(opportunities: Table) -> tuple[Field, ...]:
    """The opportunity checklist again, optional in the stage history: each element as it stood when the deal
    entered the stage (what a backtest of the checklist may use without looking ahead)."""
    return tuple(Field(f.name, f.zh, "bool", description_en=f"{f.description_en}, when the stage was entered",
                       description_zh=f"进入该阶段时{f.description_zh}", example=f.example, aliases=f.aliases)
                 for f in opportunities.fields if f.name in c.CHECKLIST)


TABLES[c.STAGE_HISTORY] = dataclasses.replace(
    TABLES[c.STAGE_HISTORY], fields=TABLES[c.STAGE_HISTORY].fields + _as_entered(TABLES[c.OPPORTUNITIES]))

# name of the template's dictionary sheet; intake ignores it
DICTIONARY_SHEETS = ("数据字典", "data dictionary", "说明", "readme", "instructions")


def table_for_name(name: str) -> str | None:
    """Which canonical table a sheet or file name stands for, if any.

    >>> table_for_name("商机")
    'opportunities'
    >>> table_for_name("Time_Log.csv") is None  # callers pass the stem
    True
    >>> table_for_name("Time Log")
    'time_log'
    """
    token = normalise_token(name)
    for table in TABLES.values():
        if token in {normalise_token(n) for n in (table.name, table.zh, *table.aliases)}:
            return table.name
    return None
