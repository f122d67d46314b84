"""Canonical table and column names, defined once and used everywhere.

Analyses refer to ``columns.LEAD_ID`` rather than the literal ``"lead_id"`` so
a rename touches one line. The specs (types, labels, vocabularies) live in
:mod:`workbook.core.schema`.
"""

# tables
CUSTOMERS = "customers"
LEADS = "leads"
OPPORTUNITIES = "opportunities"
STAGE_HISTORY = "stage_history"
ACTIVITIES = "activities"
TIME_LOG = "time_log"
REPS = "reps"
QUOTES = "quotes"

# shared
CUSTOMER_ID = "customer_id"
FIRST_WON_DATE = "first_won_date"  # customers: the first won deal, kept by the CRM (may predate the export)
OWNER = "owner"
NAME = "name"
STATUS = "status"
STAGE = "stage"
AMOUNT = "amount"
CREATED_DATE = "created_date"
CLOSE_DATE = "close_date"
COST = "cost"

# customers
INDUSTRY = "industry"
MAIN_BUSINESS = "main_business"
REGION = "region"
HEADCOUNT = "headcount"
IT_HEADCOUNT = "it_headcount"
ANNUAL_REVENUE = "annual_revenue"
REVENUE_GROWTH_3Y = "revenue_growth_3y"
GOAL_3Y = "goal_3y"
BRAND_STANDING = "brand_standing"
LEVEL = "level"
RELATIONSHIP = "relationship"

# leads
LEAD_ID = "lead_id"
SOURCE = "source"
SOURCE_TYPE = "source_type"
SCENE = "scene"
FIRST_FOLLOWUP_DATE = "first_followup_date"
QUALIFIED_DATE = "qualified_date"
TENDER_DATE = "tender_date"
# the lead's own outcome, for clients without an opportunities table
WON = "won"
WON_DATE = "won_date"
WON_AMOUNT = "won_amount"
LEAD_OUTCOME = (WON, WON_DATE, WON_AMOUNT)
# the lead's lifecycle before it becomes an opportunity: assessed, handed to a rep, nurtured, handed out again
ASSESSED_DATE = "assessed_date"
ASSIGNED_DATE = "assigned_date"
NURTURE_START = "nurture_start"
REASSIGNED_COUNT = "reassigned_count"
LIFECYCLE = (ASSESSED_DATE, ASSIGNED_DATE, NURTURE_START, REASSIGNED_COUNT)

# opportunities
OPPORTUNITY_ID = "opportunity_id"
NEED = "need"
BUDGET = "budget"
DECISION_MAKER = "decision_maker"
PROJECT_APPROVED = "project_approved"
COMPETITION_KNOWN = "competition_known"
SOLUTION_FIT = "solution_fit"
VALUE_CLEAR = "value_clear"
INFLUENCERS_KNOWN = "influencers_known"
COMPETITIVE_EDGE = "competitive_edge"
# the opportunity elements, in the order a consultant checks them: the purchase plan and our fit, the problem, the
# value we bring, approval and budget, who decides and who influences, the competitors and our edge over them
CHECKLIST = (SOLUTION_FIT, NEED, VALUE_CLEAR, PROJECT_APPROVED, BUDGET, DECISION_MAKER, INFLUENCERS_KNOWN,
             COMPETITION_KNOWN, COMPETITIVE_EDGE)
DELIVERED_DATE = "delivered_date"
LOST_REASON = "lost_reason"
INVOICED_AMOUNT = "invoiced_amount"
COLLECTED_AMOUNT = "collected_amount"
COLLECTED_DATE = "collected_date"

# stage_history
ENTERED_DATE = "entered_date"

# activities
DATE = "date"
TYPE = "type"
HOURS = "hours"
PLANNED = "planned"
DEPARTMENT = "department"

# time_log
PERIOD = "period"
CATEGORY = "category"

# reps
TEAM = "team"
ROLE = "role"
HOURLY_COST = "hourly_cost"

# quotes
QUOTE_ID = "quote_id"
REQUESTED_DATE = "requested_date"
SENT_DATE = "sent_date"

# added by intake to every clean table: the row as the user sees it in the raw file
SOURCE_ROW = "_source_row"

# added by the quality matrix: the tier (1-5) of a customer, empty when outside the five tiers
TIER = "tier"
