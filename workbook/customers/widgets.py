"""Live controls for the inventory and the quality matrix: move a threshold, the tiers answer at once.

Thin ipywidgets wrappers. Each change calls :func:`apply_settings` (control values -> a validated
config) and recomputes only the half of the classification the control changes: an ICP control re-runs
:func:`~workbook.customers.levels.assign_levels`, a relationship rule
:func:`~workbook.customers.relationship.assign_relationships` (the contacts placed on the customers once,
:func:`~workbook.customers.relationship.placed_contacts`; their sums cached per look-back window), the owner
filter neither (it selects from the tiered inventory; :func:`reclassify` is the same classification for one
owner). The explorer then shows the tier counts (:attr:`MatrixExplorer.tier_counts`,
the ``counts_label`` widget) and the matrix as an HTML grid (:func:`matrix_html`, the ``chart`` widget,
updated in place: the browser draws it, no image is encoded). Reports keep the heatmap image
(:func:`workbook.customers.charts.plot_matrix`).

>>> from workbook.core.config import ClientConfig
>>> cfg = apply_settings(ClientConfig(client_name="X"), {"quality.min_headcount": 800, "industries": ("化工",)})
>>> cfg.icp.quality.min_headcount, cfg.icp.target.industries
(800, ('化工',))
"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from workbook.core import columns as c
from workbook.core.config import LEVELS, RELATIONSHIPS, ClientConfig, with_overrides
from workbook.core.formats import money_text, value_text
from workbook.core.i18n import check_lang, column_label, t, tier_label, value_label
from workbook.core.live import Cell, blend, heat_grid
from workbook.core.theme import PALETTE, TIER_COLORS
from workbook.customers import inventory, matrix
from workbook.customers.levels import assign_levels
from workbook.customers.relationship import assign_relationships, placed_contacts

__all__ = ["apply_settings", "reclassify", "counts_of_cells", "matrix_html", "MatrixExplorer", "matrix_explorer"]

MILLION = 1e6
# setting -> (label key, min, max, step, scale to config units); the slider minimum means "no condition"
ICP_SLIDERS = {
    "target.min_headcount": ("wd.target_headcount", 0, 2000, 10, 1),
    "target.min_annual_revenue": ("wd.target_revenue", 0, 1000, 5, MILLION),
    "quality.min_headcount": ("wd.quality_headcount", 0, 5000, 50, 1),
    "quality.min_annual_revenue": ("wd.quality_revenue", 0, 3000, 10, MILLION),
    "quality.min_revenue_growth_3y": ("wd.quality_growth", -0.3, 0.5, 0.01, 1),
    "strategic.min_annual_revenue": ("wd.strategic_revenue", 0, 10000, 50, MILLION),
}
RELATIONSHIP_SLIDERS = {
    "lookback_days": ("wd.lookback", 30, 730, 15),
    "familiar_min_contacts": ("wd.familiar_contacts", 1, 30, 1),
    "familiar_min_won": ("wd.familiar_won", 1, 10, 1),
    "partner_min_won": ("wd.partner_won", 1, 10, 1),
    "partner_recent_days": ("wd.partner_recent", 30, 730, 15),
}


def apply_settings(config: ClientConfig, settings: dict[str, Any]) -> ClientConfig:
    """A new config with ICP and relationship thresholds replaced, validated like ``client.yaml``.

    Parameters
    ----------
    config : ClientConfig
    settings : dict
        ``"<level>.<condition>"`` (e.g. ``"quality.min_headcount"``; None = no condition),
        ``"industries"`` (a tuple applied to the target rule, hence to every level; empty or None = any
        industry) and :class:`~workbook.core.config.RelationshipRules` field names (``"lookback_days"``, ...).

    Raises
    ------
    ConfigError
        A bad value or an unknown setting, naming it.
    """
    icp = config.icp.model_dump()
    rules = config.relationship_rules.model_dump()
    for key, value in settings.items():
        if key == "industries":
            icp["target"]["industries"] = tuple(value) if value else None
        elif "." in key:
            level, _, condition = key.partition(".")
            icp.setdefault(level, {})[condition] = value
        else:
            rules[key] = value
    return with_overrides(config, {"icp": icp, "relationship_rules": rules})


def reclassify(customers: pd.DataFrame, activities: pd.DataFrame | None, opportunities: pd.DataFrame | None, *,
               config: ClientConfig, as_of: pd.Timestamp, owner: str | None = None,
               stats: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tiered inventory under ``config``, for one owner's customers (None or "" = everyone).

    ``as_of`` is the client's as-of date (:attr:`workbook.core.client.Client.as_of`); ``stats`` is
    :func:`workbook.customers.inventory.contact_stats` for ``config``'s lookback, when cached. Returns
    :func:`workbook.customers.matrix.assign_tiers` output.
    """
    if owner:
        keep = customers[c.OWNER].eq(owner).fillna(False).to_numpy(dtype=bool)
        customers = customers.loc[keep]
        stats = None if stats is None else stats.loc[keep]
    classified = inventory.classify(customers, activities, opportunities, icp=config.icp,
                                    rules=config.relationship_rules, as_of=as_of, stats=stats)
    return matrix.assign_tiers(classified, tiers=config.tiers)


def _counts_html(counts: dict[str, int], lang: str) -> str:
    chips = []
    for key, n in counts.items():
        tier = key if key == "none" else int(key)
        fg = "white" if tier in (1, 2) else "#222"
        chips.append(f'<span style="background:{TIER_COLORS[tier]};color:{fg};padding:2px 8px;margin-right:4px;'
                     f'border-radius:3px">{html.escape(tier_label(tier, lang))} <b>{n:,}</b></span>')
    return "<div>" + "".join(chips) + "</div>"


def counts_of_cells(cells: pd.DataFrame, customers: int) -> dict[str, int]:
    """:func:`workbook.customers.matrix.tier_counts` from the matrix's cells: each tier's cells added up,
    ``"none"`` the rest of the ``customers`` (untiered cells, incomplete records).

    >>> from workbook.core.config import DEFAULT_TIERS
    >>> inv = pd.DataFrame({"level": ["quality", "quality", "incomplete"],
    ...                     "relationship": ["neutral", "untouched", "neutral"]})
    >>> counts_of_cells(matrix.matrix_cells(inv, tiers=DEFAULT_TIERS), 3)
    {'1': 0, '2': 0, '3': 0, '4': 1, '5': 0, 'none': 2}
    """
    tiered = cells.dropna(subset=[c.TIER])
    per = tiered.groupby(tiered[c.TIER].astype(int))["customers"].sum()
    out = {str(k): int(per.get(k, 0)) for k in range(1, 6)}
    out["none"] = int(customers) - sum(out.values())
    return out


SHADES = ("#F5F7FA", "#8FA9B8", PALETTE[0])  # the heatmap's ramp (workbook.customers.charts)


def _tier(value) -> int | str:
    return "none" if pd.isna(value) else int(value)


def matrix_html(cells: pd.DataFrame, *, lang: str, currency: str = "CNY", show_revenue: bool = True) -> str:
    """The quality matrix as an HTML grid: strategic on top, relationship left to right, shaded by customers.

    Each cell shows its customers and, when known, its annual revenue; a tier's region is outlined in the
    tier's colour with a badge in its first cell, as in :func:`workbook.customers.charts.plot_matrix`.

    Parameters
    ----------
    cells : DataFrame
        :func:`workbook.customers.matrix.matrix_cells` output (16 rows).
    lang : {"zh", "en"}
    currency : str
    show_revenue : bool

    Returns
    -------
    str
        Escaped HTML; each cell's ``td`` has ``data-level`` and ``data-relationship``.
    """
    check_lang(lang)
    rows = list(LEVELS)[::-1]
    keys = list(zip(cells["level"], cells["relationship"]))
    counts = dict(zip(keys, cells["customers"].astype(int)))
    revenues = dict(zip(keys, cells["revenue"]))
    tiers = {key: _tier(v) for key, v in zip(keys, cells[c.TIER])}
    top = max(max(counts.values(), default=0), 1)
    seen: set = set()
    out = []
    for i, level in enumerate(rows):
        row = []
        for j, rel in enumerate(RELATIONSHIPS):
            n, revenue, tier = counts[(level, rel)], revenues[(level, rel)], tiers[(level, rel)]
            lines = [value_text(n, "count", lang)]
            if show_revenue and not pd.isna(revenue):
                lines.append(t("mx.revenue", lang, value=money_text(revenue, lang, currency=currency)))
            edges = (None,) * 4
            badge = None
            if tier != "none":
                neighbours = [(i - 1, j), (i, j + 1), (i + 1, j), (i, j - 1)]
                edges = tuple(TIER_COLORS[tier] if not (0 <= a < len(rows) and 0 <= b < len(RELATIONSHIPS))
                              or tiers[(rows[a], RELATIONSHIPS[b])] != tier else None for a, b in neighbours)
                if tier not in seen:
                    seen.add(tier)
                    badge = (tier_label(tier, lang), TIER_COLORS[tier], "white" if tier in (1, 2) else "#222")
            row.append(Cell(lines, background=blend(SHADES, n / top), color="white" if n > 0.55 * top else "#222",
                            edges=edges, badge=badge, data={"level": level, "relationship": rel}))
        out.append((value_label("level", level, lang), row))
    return heat_grid(title=t("cu.chart.matrix", lang), x_label=column_label("customers", "relationship", lang),
                     y_label=column_label("customers", "level", lang),
                     columns=[value_label("relationship", r, lang) for r in RELATIONSHIPS], rows=out,
                     legend=[(tier_label(k, lang), TIER_COLORS[k]) for k in (*range(1, 6), "none")])


class MatrixExplorer(widgets.VBox):
    """ICP, relationship and owner controls above the live tier counts and heatmap.

    Attributes
    ----------
    controls : dict
        Control widgets by setting key (see :func:`apply_settings`) plus ``"owner"``.
    tier_counts : dict
        The current :func:`workbook.customers.matrix.tier_counts`.
    tiered : DataFrame
        The current tiered inventory (built when read: a move computes only the cells and counts).
    counts_label : ipywidgets.HTML
        The tier counts as shown.
    chart : ipywidgets.HTML
        The matrix as shown (:func:`matrix_html`), updated in place.
    """

    def __init__(self, customers: pd.DataFrame, activities: pd.DataFrame | None,
                 opportunities: pd.DataFrame | None, *, config: ClientConfig, as_of: pd.Timestamp, lang: str = "zh",
                 draw: bool = True):
        check_lang(lang)
        self._data = (customers, activities, opportunities)
        self._config, self._lang, self._draw, self._as_of = config, lang, draw, pd.Timestamp(as_of)
        self._stats: dict[tuple, pd.DataFrame] = {}
        self._placed: dict[tuple, object] = {}  # contact weights -> placed_contacts (a move of the window reuses it)
        self._levels: tuple | None = None  # (icp rules, assign_levels output): kept while the ICP stays
        self._relationships: tuple | None = None  # (relationship rules, with reasons, assign_relationships output)
        self._base = customers.drop(columns=[col for col in inventory.DERIVED_COLUMNS if col in customers
                                             and col not in (c.LEVEL, c.RELATIONSHIP)])
        wide = {"description_width": "11em"}
        self.controls: dict[str, widgets.Widget] = {}
        for key, (label, lo, hi, step, scale) in ICP_SLIDERS.items():
            level, _, condition = key.partition(".")
            value = getattr(getattr(config.icp, level), condition)
            start = lo if value is None else max(value / scale, lo)
            hi = max(hi, start)  # a client.yaml value beyond the usual range stays as it is
            cls = widgets.FloatSlider if isinstance(step, float) or scale != 1 else widgets.IntSlider
            self.controls[key] = cls(value=start, min=lo, max=hi, step=step, description=t(label, lang), style=wide,
                                     continuous_update=False, readout_format=".0%" if "growth" in key else ",")
        industries = sorted(customers[c.INDUSTRY].dropna().astype(str).unique()) if c.INDUSTRY in customers else []
        chosen = [i for i in (config.icp.target.industries or ()) if i in industries]
        self.controls["industries"] = widgets.SelectMultiple(options=industries, value=chosen, rows=6,
                                                             description=t("wd.industries", lang), style=wide)
        for key, (label, lo, hi, step) in RELATIONSHIP_SLIDERS.items():
            self.controls[key] = widgets.IntSlider(value=getattr(config.relationship_rules, key), min=lo, max=hi,
                                                   step=step, description=t(label, lang), style=wide,
                                                   continuous_update=False)
        owners = sorted(customers[c.OWNER].dropna().astype(str).unique()) if c.OWNER in customers else []
        self.controls["owner"] = widgets.Dropdown(options=[(t("wd.all_owners", lang), "")] + [(o, o) for o in owners],
                                                  value="", description=t("wd.owner", lang), style=wide)
        self.counts_label = widgets.HTML()
        self.counts_label.add_class("workbook-tier-counts")  # found by the browser tests
        self.chart = widgets.HTML()
        self.chart.add_class("workbook-live-chart")
        self.tier_counts: dict[str, int] = {}
        icp_box = widgets.VBox([widgets.HTML(f"<b>{t('wd.icp', lang)}</b>")] +
                               [self.controls[k] for k in (*ICP_SLIDERS, "industries")])
        rel_box = widgets.VBox([widgets.HTML(f"<b>{t('wd.relationship', lang)}</b>")] +
                               [self.controls[k] for k in (*RELATIONSHIP_SLIDERS, "owner")])
        super().__init__([widgets.HBox([icp_box, rel_box]), self.counts_label, self.chart])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def settings(self) -> dict[str, Any]:
        """The control values as :func:`apply_settings` settings (slider minimum = no condition)."""
        out: dict[str, Any] = {}
        for key, (_, lo, _, _, scale) in ICP_SLIDERS.items():
            value = self.controls[key].value
            out[key] = None if value <= lo else (int(round(value)) if "headcount" in key else value * scale)
        out["industries"] = tuple(self.controls["industries"].value)
        out.update({key: int(self.controls[key].value) for key in RELATIONSHIP_SLIDERS})
        return out

    def config_settings(self) -> dict[str, Any]:
        """The ICP and relationship rules the controls set, as client.yaml keys (for :mod:`workbook.workshop.settings`).

        The owner filter is a view, not a rule: it is left out.
        """
        config = apply_settings(self._config, self.settings())
        return {"icp": config.icp.model_dump(), "relationship_rules": config.relationship_rules.model_dump()}

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def _halves(self, config: ClientConfig, *, reasons: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
        """:func:`assign_levels` and :func:`assign_relationships` of every customer, recomputing only the half
        whose rules changed since the last move; the relationships' reasons only when asked (``tiered``)."""
        customers, activities, opportunities = self._data
        if self._levels is None or self._levels[0] != config.icp:
            self._levels = (config.icp, assign_levels(self._base, icp=config.icp))
        rel = config.relationship_rules
        if self._relationships is None or self._relationships[0] != rel or reasons > self._relationships[1]:
            weights = tuple(sorted(rel.contact_weights.items()))
            key = (rel.lookback_days, weights)
            if weights not in self._placed:
                self._placed[weights] = placed_contacts(customers, activities, opportunities, as_of=self._as_of,
                                                        weights=rel.contact_weights)
            if key not in self._stats:
                self._stats[key] = inventory.contact_stats(
                    customers, activities, opportunities, as_of=self._as_of, lookback_days=rel.lookback_days,
                    weights=rel.contact_weights, placed=self._placed[weights])
            self._relationships = (rel, reasons, assign_relationships(
                self._base, activities, opportunities, rules=rel, as_of=self._as_of, stats=self._stats[key],
                reasons=reasons))
        return self._levels[1], self._relationships[2]

    def _selected(self) -> np.ndarray | slice:
        owner = self.controls["owner"].value
        return self._base[c.OWNER].eq(owner).fillna(False).to_numpy(dtype=bool) if owner else slice(None)

    @property
    def tiered(self) -> pd.DataFrame:
        """The current tiered inventory (:func:`reclassify` output for the controls), built when asked for."""
        levels, relationships = self._halves(self._current, reasons=True)
        base = self._base.drop(columns=[c.LEVEL, c.RELATIONSHIP], errors="ignore")
        classified = base.join(levels).join(relationships)
        return matrix.assign_tiers(classified, tiers=self._current.tiers).loc[self._selected()]

    def refresh(self) -> None:
        """Recompute from the controls and update the counts and the matrix in place."""
        config = self._current = apply_settings(self._config, self.settings())
        levels, relationships = self._halves(config)
        view = pd.DataFrame({c.LEVEL: levels[c.LEVEL], c.RELATIONSHIP: relationships[c.RELATIONSHIP]})
        if c.ANNUAL_REVENUE in self._base:
            view[c.ANNUAL_REVENUE] = self._base[c.ANNUAL_REVENUE]
        view = view.loc[self._selected()]
        cells = matrix.matrix_cells(view, tiers=config.tiers)
        self.tier_counts = counts_of_cells(cells, len(view))
        self.counts_label.value = _counts_html(self.tier_counts, self._lang)
        if self._draw:
            self.chart.value = matrix_html(cells, lang=self._lang, currency=self._config.currency)


def matrix_explorer(client, *, lang: str = "zh", draw: bool = True) -> MatrixExplorer | None:
    """The explorer on a :class:`~workbook.core.client.Client`'s tables (None without a customers table).

    Notebooks show it with its save button: ``show_controls(workshop.live, client, matrix_explorer, client,
    interactive=interactive, lang=lang)``.
    """
    customers = client.table(c.CUSTOMERS)
    if customers is None:
        return None
    return MatrixExplorer(customers, client.table(c.ACTIVITIES), client.table(c.OPPORTUNITIES),
                          config=client.config, as_of=client.as_of, lang=lang, draw=draw)
