"""Workshop controls for the time-allocation chapter: thin ipywidgets wrappers over tested pure functions.

:func:`controls` builds the chapter's panels for a client (None for a panel whose data are missing).
:func:`offload_panel`: a checkbox and a share slider per category that could move to support staff, the
support hourly cost, and a team / rep filter, driving :func:`offload_view`. :func:`channel_panel`: per tier,
the share of visits moved to phone and to e-mail, driving :func:`channel_view`. Each builder computes its
first view at construction (cheap in a papermill run) and, when a control moves, replaces the HTML its
``box.view`` widget shows (tables, and the offload chart drawn by the browser: :func:`offload_chart_html`;
no image is encoded); the last result is kept on ``box.result``. Reports keep the matplotlib chart
(:func:`workbook.timealloc.charts.plot_offload`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import ipywidgets as widgets
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import TimeCategory
from workbook.core.display import table_html
from workbook.core.formats import code_label, value_text
from workbook.core.i18n import category_label, t, tier_label
from workbook.core.live import Dumbbell, dumbbell_chart, tables
from workbook.core.result import Table
from workbook.core.theme import PALETTE
from workbook.timealloc import allocation as ta
from workbook.timealloc import coverage as cv
from workbook.timealloc import sections, selling, summary
from workbook.timealloc import value as tv
from workbook.timealloc.charts import MARKER_STYLES

__all__ = ["channel_base", "channel_panel", "channel_view", "clamp_shifts", "controls", "moves_from_controls",
           "offload_chart_html", "offload_panel", "offload_settings", "offload_view"]

ALL = "__all__"
# the rows of the channel what-if table: one per tier and the total
SHIFT_ROWS = {"shift_row": {**{str(tier): (tier_label(tier, "zh"), tier_label(tier, "en")) for tier in range(1, 6)},
                            "total": ("合计", "Total")}}


def _html(table: Table, lang: str, currency: str, *, labels=None, vocab: str | None = None) -> str:
    """A result table as the report shows it (escaped HTML), for a widget's view."""
    if vocab is not None:
        table = Table(table.key, table.frame, kinds=table.kinds, vocab={**table.vocab, c.TIER: vocab},
                      headers=table.headers, rows=table.rows)
    return table_html(table, lang, currency=currency, labels=labels)[0]


def _view() -> widgets.HTML:
    view = widgets.HTML()
    view.add_class("workbook-live-chart")
    return view


def offload_chart_html(per_rep: pd.DataFrame, *, lang: str) -> str:
    """Each rep's direct selling share now and after the offload, drawn by the browser (highest on top), with the
    case benchmarks as reference lines: the live form of :func:`workbook.timealloc.charts.plot_offload`.

    ``per_rep`` is :func:`workbook.timealloc.allocation.offload_by_rep` output; shares are shown as
    :func:`workbook.core.formats.value_text` rates.
    """
    data = per_rep.sort_values(["direct_share", c.OWNER], ascending=[False, True], kind="stable")
    rows = [Dumbbell(str(owner), float(before), float(after), value_text(before, "rate", lang),
                     value_text(after, "rate", lang))
            for owner, before, after in zip(data[c.OWNER], data["direct_share"], data["after_offload_share"])]
    key = "chart.timealloc."
    return dumbbell_chart(title=t(key + "offload", lang), x_label=t(key + "direct_share", lang), rows=rows,
                          colours=(PALETTE[7], PALETTE[0]), legend=(t(key + "before", lang), t(key + "after", lang)),
                          markers=[(code_label("benchmark", name, lang), share, PALETTE[4],
                                    "dotted" if MARKER_STYLES.get(name) == ":" else "dashed")
                                   for name, share in ta.BENCHMARKS.items()], line=PALETTE[2])


def moves_from_controls(checked: Mapping[str, bool], shares: Mapping[str, float]) -> dict[str, float]:
    """The ``moved`` mapping of the ticked categories.

    >>> moves_from_controls({"order_entry": True, "travel": False}, {"order_entry": 0.5, "travel": 0.3})
    {'order_entry': 0.5}
    """
    return {name: float(shares[name]) for name, on in checked.items() if on}


def offload_settings(categories: Sequence[TimeCategory], *, checked: Mapping[str, bool], shares: Mapping[str, float],
                     support_hourly_cost: float, lang: str = "zh") -> dict:
    """The offload decisions as client.yaml keys: ``time_categories`` (offloadable = ticked), ``offload_share``
    (the one share of the ticked categories; left out when none is ticked) and ``support_hourly_cost``.

    Raises
    ------
    ValueError
        The ticked categories have different shares (client.yaml holds one ``offload_share``).

    >>> from workbook.core.config import DEFAULT_TIME_CATEGORIES as CATS
    >>> out = offload_settings(CATS, checked={"travel": True, "order_entry": True}, shares={"travel": 0.4,
    ...                        "order_entry": 0.4}, support_hourly_cost=90, lang="en")
    >>> [cat["name"] for cat in out["time_categories"] if cat["offloadable"]], out["offload_share"]
    (['travel', 'order_entry'], 0.4)
    """
    ticked = {round(float(shares[name]), 6) for name, on in checked.items() if on}
    if len(ticked) > 1:
        raise ValueError(t("ws.shares_differ", lang))
    cats = [cat.model_dump() | ({"offloadable": bool(checked.get(cat.name, False))} if cat.kind != "direct" else {})
            for cat in categories]
    out = {"time_categories": cats, "support_hourly_cost": float(support_hourly_cost)}
    if ticked:
        out["offload_share"] = ticked.pop()
    return out


def offload_view(time_log: pd.DataFrame, *, categories: Sequence[TimeCategory], moved: Mapping[str, float],
                 support_hourly_cost: float, reps: pd.DataFrame | None = None,
                 owners: Iterable[str] | None = None, teams: Iterable[str] | None = None,
                 revenue_per_hour: float | None = None, per_rep: pd.DataFrame | None = None
                 ) -> tuple[dict, pd.DataFrame]:
    """The offload what-if for the reps selected: ``(offload_summary, offload_by_rep)``.

    ``per_rep`` is the ``offload_by_rep`` of the same selection and moves when the caller kept it (a move
    of the support cost changes the summary only).
    """
    chosen = ta.filter_owners(time_log, reps=reps, owners=owners, teams=teams)
    if not len(chosen):
        summary = ta.offload_summary(chosen, categories=categories, moved=moved,
                                     support_hourly_cost=support_hourly_cost, revenue_per_hour=revenue_per_hour)
        return summary, pd.DataFrame(columns=["owner", "direct_share", "after_offload_share"])
    if per_rep is None:
        per_rep = ta.offload_by_rep(chosen, categories=categories, moved=moved, reps=reps)
    summary = ta.offload_summary(chosen, categories=categories, moved=moved, support_hourly_cost=support_hourly_cost,
                                 revenue_per_hour=revenue_per_hour, per_rep=per_rep)
    return summary, per_rep


def clamp_shifts(values: Mapping[int, Mapping[str, float]]) -> dict[int, dict[str, float]]:
    """Slider values as channel shifts, scaled down per tier when they add up to more than all visits.

    >>> clamp_shifts({4: {"phone": 0.8, "email": 0.4}, 5: {"phone": 0.2, "email": 0.0}})
    {4: {'phone': 0.6666666666666666, 'email': 0.3333333333333333}, 5: {'phone': 0.2, 'email': 0.0}}
    """
    out = {}
    for tier, moves in values.items():
        total = sum(moves.values())
        scale = 1.0 / total if total > 1 else 1.0
        out[int(tier)] = {ch: float(share) * scale for ch, share in moves.items()}
    return out


def channel_view(activities: pd.DataFrame | None, *, tiers: pd.Series | None,
                 shifts: Mapping[int, Mapping[str, float]], channel_costs: Mapping[str, float],
                 reps: pd.DataFrame | None = None, teams: Iterable[str] | None = None,
                 base: Mapping | None = None) -> pd.DataFrame:
    """:func:`workbook.timealloc.coverage.channel_shift` for the selected team(s), with a last row ``tier="total"``.

    ``base`` is :func:`workbook.timealloc.coverage.shift_base` of the same selection when the caller kept it (a
    moved share changes none of it): the view is then arithmetic on a few numbers per tier.
    """
    if base is None:
        base = channel_base(activities, tiers=tiers, reps=reps, teams=teams)
    per_tier = cv.shift_rows(base, shifts=clamp_shifts(shifts), channel_costs=channel_costs)
    total = per_tier.drop(columns="tier").sum(numeric_only=True).to_frame().T.assign(tier="total")
    out = pd.concat([per_tier.astype({"tier": object}), total[per_tier.columns]], ignore_index=True)
    return out.astype({"visits": int})


def channel_base(activities: pd.DataFrame, *, tiers: pd.Series, reps: pd.DataFrame | None = None,
                 teams: Iterable[str] | None = None) -> dict:
    """What the channel what-if of the selected team(s) reads from the activities: visits per tier and mean hours
    per type (:func:`workbook.timealloc.coverage.shift_base`), the same for every share moved."""
    return cv.shift_base(ta.filter_owners(activities, reps=reps, teams=teams), tiers=tiers)


def _team_filter(reps: pd.DataFrame | None, lang: str) -> widgets.Dropdown:
    teams = sorted(reps["team"].dropna().unique()) if reps is not None and "team" in reps else []
    return widgets.Dropdown(options=[(t("ta.w.all", lang), ALL)] + [(str(x), str(x)) for x in teams], value=ALL,
                            description=t("ta.w.team", lang), disabled=not teams)


def offload_panel(time_log: pd.DataFrame, *, categories: Sequence[TimeCategory], support_hourly_cost: float,
                  reps: pd.DataFrame | None = None, revenue_per_hour: float | None = None,
                  default_share: float = 0.5, config=None, lang: str = "zh", cap: float | None = None
                  ) -> widgets.VBox:
    """Offload what-if controls: tick categories, set shares, cost and team / reps; table and chart update.

    Every non-direct category gets a checkbox (ticked when flagged ``offloadable``) and a share slider.
    ``config`` (a :class:`~workbook.core.config.ClientConfig`) supplies category labels in ``lang``. The table
    gives the 12-month value as the report does (:func:`workbook.timealloc.value.offload_value`), capped at
    ``cap`` (:func:`workbook.timealloc.value.work_room`; None: no cap).
    """
    movable = [cat for cat in categories if cat.kind != "direct"]
    currency = getattr(config, "currency", "CNY")
    label = (lambda name: category_label(config, name, lang)) if config is not None else (lambda name: name)
    checks = {cat.name: widgets.Checkbox(value=cat.offloadable, description=label(cat.name), indent=False)
              for cat in movable}
    sliders = {cat.name: widgets.FloatSlider(value=default_share, min=0, max=1, step=0.05,
                                             description=t("ta.w.share", lang), readout_format=".0%",
                                             continuous_update=False) for cat in movable}
    cost = widgets.BoundedFloatText(value=support_hourly_cost, min=0, max=1e6, step=10,
                                    description=t("ta.w.support_cost", lang))
    team = _team_filter(reps, lang)
    owners = sorted(time_log["owner"].dropna().unique())
    pick = widgets.SelectMultiple(options=owners, value=(), rows=min(6, max(2, len(owners))),
                                  description=t("ta.w.reps", lang))
    view = _view()
    box = widgets.VBox()

    kept: dict = {}  # the selected reps' log and their offload, while the selection and the moves stay

    def update(_=None):
        moved = moves_from_controls({n: w.value for n, w in checks.items()}, {n: w.value for n, w in sliders.items()})
        selection = (tuple(pick.value), team.value)
        if kept.get("selection") != selection:
            kept.clear()
            kept["selection"] = selection
            kept["log"] = ta.filter_owners(time_log, reps=reps, owners=pick.value or None,
                                           teams=None if team.value == ALL else [team.value])
        if kept.get("moved") != moved:
            kept["moved"], kept["per_rep"] = moved, None
        summary, per_rep = offload_view(kept["log"], categories=categories, moved=moved, support_hourly_cost=cost.value,
                                        reps=reps, revenue_per_hour=revenue_per_hour, per_rep=kept["per_rep"])
        kept["per_rep"] = per_rep
        box.result = summary
        worth = tv.offload_value(summary["offload_hours_per_week"], revenue_per_hour=revenue_per_hour,
                                 support_hourly_cost=cost.value, cap=cap)
        view.value = tables(_html(selling.offload_tables(summary, per_rep, worth)[0], lang, currency)) \
            + offload_chart_html(per_rep, lang=lang)

    for w in (*checks.values(), *sliders.values(), cost, team, pick):
        w.observe(update, names="value")
    rows = [widgets.HBox([checks[n], sliders[n]]) for n in checks]
    box.children = [*rows, cost, widgets.HBox([team, pick]), view]
    box.checks, box.sliders, box.cost, box.team, box.reps, box.update = checks, sliders, cost, team, pick, update
    box.view = view
    box.config_settings = lambda: offload_settings(  # what workbook.workshop.settings saves to client.yaml
        categories, checked={n: w.value for n, w in checks.items()}, shares={n: w.value for n, w in sliders.items()},
        support_hourly_cost=cost.value, lang=lang)
    update()
    return box


def channel_panel(activities: pd.DataFrame, *, tiers: pd.Series, channel_costs: Mapping[str, float],
                  reps: pd.DataFrame | None = None, defaults: Mapping[int, Mapping[str, float]] | None = None,
                  currency: str = "CNY", unit: str = "money", lang: str = "zh") -> widgets.VBox:
    """Channel-mix sliders per tier (visits moved to phone / e-mail) and a team filter driving :func:`channel_view`.

    ``channel_costs`` is the cost of one contact per channel in ``unit`` (``"money"`` or ``"relative"``, as
    :func:`workbook.timealloc.coverage.unit_costs` returns them); the table's cost headers name the unit.
    """
    defaults = defaults or {}
    channels = [ch for ch in ("phone", "email") if ch in channel_costs]
    sliders = {tier: {ch: widgets.FloatSlider(value=float(defaults.get(tier, {}).get(ch, 0.0)), min=0, max=1,
                                              step=0.05, description=t(f"ta.w.to_{ch}", lang), readout_format=".0%",
                                              continuous_update=False) for ch in channels} for tier in range(1, 6)}
    team = _team_filter(reps, lang)
    view = _view()
    box = widgets.VBox()

    bases: dict = {}  # team -> what the what-if reads from its activities (a moved share changes none of it)

    def update(_=None):
        shifts = {tier: {ch: w.value for ch, w in row.items()} for tier, row in sliders.items()}
        teams = None if team.value == ALL else [team.value]
        if team.value not in bases:
            bases[team.value] = channel_base(activities, tiers=tiers, reps=reps, teams=teams)
        table = channel_view(None, tiers=None, shifts=shifts, channel_costs=channel_costs, base=bases[team.value])
        box.result = table
        shown = table.assign(tier=table["tier"].astype(str))
        view.value = tables(_html(sections.shift_table(shown, unit), lang, currency, labels=SHIFT_ROWS,
                                  vocab="shift_row"))

    for row in sliders.values():
        for w in row.values():
            w.observe(update, names="value")
    team.observe(update, names="value")
    rows = [widgets.HBox([widgets.Label(tier_label(tier, lang), layout=widgets.Layout(width="140px")),
                          *row.values()]) for tier, row in sliders.items()]
    box.children = [*rows, team, view]
    box.sliders, box.team, box.update, box.view = sliders, team, update, view
    update()
    return box


def controls(client, *, lang: str, shift_tier: int = 5, shift_to_phone: float = 0.3,
             shift_to_email: float = 0.2) -> list:
    """The chapter's workshop controls for ``client``: ``[offload panel, channel panel]``, None for a panel whose
    data are missing (no time log; no tiered customers or activity types)."""
    config = client.config
    reps = client.table(c.REPS)
    log = client.table(c.TIME_LOG)
    offload = None
    if not summary.lacks({c.TIME_LOG: log}, summary.NEEDS["time"]):
        log = ta.sellers_only(log, reps=reps)
        start, end = client.period
        rate = ta.revenue_per_selling_hour(client.table(c.OPPORTUNITIES), log, categories=config.time_categories,
                                           start=start, end=end)
        offload = offload_panel(log, categories=config.time_categories, support_hourly_cost=config.support_hourly_cost,
                                reps=reps, revenue_per_hour=rate, default_share=config.offload_share, config=config,
                                lang=lang, cap=tv.work_room(summary.followup_value(client),
                                                            trust=summary.matrix_facts(client)["trust"])["cap"])
    acts = client.table(c.ACTIVITIES)
    channel = None
    needs = {c.ACTIVITIES: summary.NEEDS["channel"][c.ACTIVITIES]}
    if not summary.lacks({c.ACTIVITIES: acts}, needs) and "visit" in config.channel_costs:
        tiers = summary.tiers_of(client)
        if tiers is not None:
            costs, unit = cv.unit_costs(config.channel_costs, visit_cost=config.visit_cost)
            channel = channel_panel(acts, tiers=tiers, channel_costs=costs, reps=reps,
                                    defaults={int(shift_tier): {"phone": shift_to_phone, "email": shift_to_email}},
                                    currency=config.currency, unit=unit, lang=lang)
    return [offload, channel]
