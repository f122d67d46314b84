"""workbook.timealloc.charts: charts checked by their artists and labels (never pixels)."""
from __future__ import annotations

import pandas as pd
import pytest

from workbook.core.result import Count, Rate, Text
from workbook.timealloc import charts as tc

SHARES = pd.DataFrame({"owner": ["R1", "R2"], "direct_share": [0.3, 0.1], "indirect_share": [0.3, 0.4],
                       "non_selling_share": [0.4, 0.5]})


def test_time_mix_bars_and_case_markers():
    ax = tc.plot_time_mix(SHARES, lang="en")
    assert ax.get_title() == "Each seller's hours by kind of work"  # no finding given: what is drawn, no question
    assert len(ax.patches) == 6  # three kinds x two reps
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["R2", "R1"]  # lowest direct share at the bottom
    labels = ax.get_legend_handles_labels()[1]
    assert "A company case: before, 12%" in labels and "Direct selling" in labels
    assert [line.get_xdata()[0] for line in ax.get_lines()] == [0.12, 0.22]
    assert ax.get_xlabel() == "Share of hours logged (%)"


def test_share_distribution_and_offload_in_chinese():
    ax = tc.plot_share_distribution(SHARES, lang="zh")
    # the section passes the finding: 1 of the 2 shares (0.3, 0.1) is below 22%
    ax = tc.plot_share_distribution(SHARES, lang="zh", title=Text("chart.timealloc.title.distribution",
                                                                   below=Count(1), reps=Count(2)))
    assert ax.get_title() == "2 名销售中 1 名的直接销售占比低于案例的 22%" and ax.get_xlabel() == "直接销售占比（%）"
    assert "某企业案例：转交后 22%" in ax.get_legend_handles_labels()[1]
    per_rep = SHARES.assign(after_offload_share=[0.4, 0.2])
    ax = tc.plot_offload(per_rep, lang="zh")
    assert [c.get_label() for c in ax.collections][-2:] == ["现在", "转交后"]


def test_planned_coverage_after_sale_cost_quotes():
    planned = pd.DataFrame({"owner": ["R1"], "planned_share": [0.5]})
    ax = tc.plot_planned(planned, lang="en")
    assert ax.patches[0].get_height() == 0.5 and "Target 60%" in ax.get_legend_handles_labels()[1]
    cov = pd.DataFrame({"tier": [1, 1, 5], "contacts_per_month": [1.0, 3.0, 0.1], "policy": [2.0, 2.0, 0.25]})
    ax = tc.plot_coverage(cov, lang="en")
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["Tier 1", "Tier 5"]
    assert ax.get_legend_handles_labels()[1] == ["Policy minimum"]
    after = pd.DataFrame({"months_since_sale": [0, 1, 0, 1], "department": ["all", "all", "finance", "finance"],
                          "contacts_per_month": [2.0, 1.0, 0.5, 0.2]})
    ax = tc.plot_after_sale(after, lang="zh")
    assert [line.get_label() for line in ax.get_lines()] == ["全部部门", "财务"]
    assert ax.get_lines()[0].get_xdata().tolist() == [1, 2]  # month 1 = the first month after the sale
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)  # months are whole: no tick at month 1.25
    by_tier = pd.DataFrame({"tier": ["1", "none"], "cost_share": [0.7, 0.3], "revenue_share": [0.9, 0.1]})
    ax = tc.plot_cost_revenue(by_tier, lang="en")
    assert [p.get_height() for p in ax.patches] == [0.7, 0.3, 0.9, 0.1]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["Tier 1", "Not tiered"]
    bands = pd.DataFrame({"band": [0, 1, 2, 3, -1], "quotes": [5, 4, 3, 2, 1],
                          "win_rate": [0.5, 0.4, 0.3, 0.2, 0.0]})
    ax = tc.plot_quotes(bands, lang="en", title=Text("chart.timealloc.title.quotes", fast=Rate(0.5),
                                                      slow=Rate(0.3)))
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["Within 48 h", "2–7 days", "7–14 days",
                                                                  "Over 14 days"]
    assert len(ax.patches) == 4  # unsent quotes left out
    assert ax.get_title() == "Quotes out within 48 hours win 50.0%, slower ones 30.0%"  # measured: one decimal


def test_no_chart_title_is_a_question():
    from workbook.core.catalogue.timealloc import MESSAGES

    titles = {key: text for key, text in MESSAGES.items() if key.startswith("chart.timealloc.")}
    assert titles and not [key for key, (zh, en) in titles.items() if "?" in en or "？" in zh or "?" in zh]


def test_a_section_heading_can_state_its_finding():
    from workbook.core.display import section_html
    from workbook.core.result import Result, Section

    # a section with a computed title shows it as its heading; one without keeps the catalogue's heading
    result = Result("timealloc", sections=(
        Section("quotes", title=Text("head.timealloc.quotes", fast=Rate(0.5), slow=Rate(0.3))),
        Section("kpis")))
    assert section_html(result, "quotes", "en")[1]["heading"] == "1. Quotes out within 48 hours win 50.0%, slower 30.0%"
    assert section_html(result, "kpis", "zh")[1]["heading"] == "2. 按客户群体的关键绩效指标"


def _printed_min_pt(ax) -> float:
    """The smallest text of ``ax``'s figure as the PDF prints it: the report scales a chart to the text width
    (170 mm) but at most 105 mm tall, so the scale is min(170 mm / width, 105 mm / height) of the tight figure."""
    from matplotlib.text import Text as MText

    fig = ax.figure
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    scale = min(170 / 25.4 / box.width, 105 / 25.4 / box.height)
    return scale * min(t.get_fontsize() for t in fig.findobj(MText) if t.get_text().strip() and t.get_visible())


def test_per_seller_charts_draw_at_most_18_sellers_and_say_so():
    # 30 sellers: the 18 with the lowest direct share are drawn (R00..R17), the axis says 18 of 30
    shares = pd.DataFrame({"owner": [f"R{i:02d}" for i in range(30)], "direct_share": [0.01 * i for i in range(30)],
                           "indirect_share": [0.3] * 30, "non_selling_share": [0.69 - 0.01 * i for i in range(30)]})
    ax = tc.plot_time_mix(shares, lang="en")
    assert [tick.get_text() for tick in ax.get_yticklabels()] == [f"R{i:02d}" for i in range(18)]
    assert ax.get_ylabel() == "Rep (the 18 with the lowest direct share of 30)"
    ax = tc.plot_offload(shares.assign(after_offload_share=shares["direct_share"] + 0.1), lang="zh")
    assert len(ax.get_yticklabels()) == 18 and ax.get_ylabel() == "销售（直接销售占比最低的 18 名，共 30 名）"
    # 18 sellers or fewer: every one, the plain label
    assert tc.plot_time_mix(shares.head(18), lang="en").get_ylabel() == "Rep"


@pytest.mark.slow
def test_sample_chart_text_prints_at_8_pt_or_more(sample_client):
    from workbook.core.theme import apply_theme
    from workbook.timealloc import summary

    result = summary.compute(sample_client)
    for lang in ("zh", "en"):
        apply_theme(lang=lang)
        for section in result.sections:
            if section.chart is None or section.missing:
                continue
            drawn = section.chart.draw(*section.chart.args, lang=lang, **section.chart.kwargs)
            ax = drawn if hasattr(drawn, "figure") and not hasattr(drawn, "savefig") else drawn.axes[0]
            assert _printed_min_pt(ax) >= 8.0, (lang, section.key)
