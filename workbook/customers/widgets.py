"""Live controls for the inventory and the quality matrix: move a threshold, the tiers answer at once.

Thin ipywidgets wrappers. Each change calls :func:`apply_settings` (control values -> a validated
config) and :func:`reclassify` (config -> tiered inventory), both pure and tested; the explorer then
shows the tier counts (:attr:`MatrixExplorer.tier_counts`, and the ``counts_label`` widget) and redraws
the heatmap in a :class:`ipywidgets.Output`. Constructing it costs one classification and one chart.

>>> from workbook.core.config import ClientConfig
>>> cfg = apply_settings(ClientConfig(client_name="X"), {"quality.min_headcount": 800, "industries": ("化工",)})
>>> cfg.icp.quality.min_headcount, cfg.icp.target.industries
(800, ('化工',))
"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import clear_output, display

from workbook.core import columns as c
from workbook.core.config import ClientConfig, with_overrides
from workbook.core.i18n import check_lang, t, tier_label
from workbook.core.theme import TIER_COLORS
from workbook.customers import inventory, matrix
from workbook.customers.charts import plot_matrix

__all__ = ["apply_settings", "reclassify", "MatrixExplorer", "matrix_explorer"]

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


class MatrixExplorer(widgets.VBox):
    """ICP, relationship and owner controls above the live tier counts and heatmap.

    Attributes
    ----------
    controls : dict
        Control widgets by setting key (see :func:`apply_settings`) plus ``"owner"``.
    tier_counts : dict
        The current :func:`workbook.customers.matrix.tier_counts`.
    tiered : DataFrame
        The current tiered inventory.
    counts_label : ipywidgets.HTML
        The tier counts as shown.
    """

    def __init__(self, customers: pd.DataFrame, activities: pd.DataFrame | None,
                 opportunities: pd.DataFrame | None, *, config: ClientConfig, as_of: pd.Timestamp, lang: str = "zh",
                 draw: bool = True):
        check_lang(lang)
        self._data = (customers, activities, opportunities)
        self._config, self._lang, self._draw, self._as_of = config, lang, draw, pd.Timestamp(as_of)
        self._stats: dict[tuple, pd.DataFrame] = {}
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
        self.output = widgets.Output()
        self.tier_counts: dict[str, int] = {}
        icp_box = widgets.VBox([widgets.HTML(f"<b>{t('wd.icp', lang)}</b>")] +
                               [self.controls[k] for k in (*ICP_SLIDERS, "industries")])
        rel_box = widgets.VBox([widgets.HTML(f"<b>{t('wd.relationship', lang)}</b>")] +
                               [self.controls[k] for k in (*RELATIONSHIP_SLIDERS, "owner")])
        super().__init__([widgets.HBox([icp_box, rel_box]), self.counts_label, self.output])
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

    def refresh(self) -> None:
        """Recompute from the controls and update the counts and the heatmap in place."""
        config = apply_settings(self._config, self.settings())
        customers, activities, opportunities = self._data
        rel = config.relationship_rules
        key = (rel.lookback_days, tuple(sorted(rel.contact_weights.items())))
        if key not in self._stats:
            self._stats[key] = inventory.contact_stats(
                customers, activities, opportunities, as_of=self._as_of, lookback_days=rel.lookback_days,
                weights=rel.contact_weights)
        self.tiered = reclassify(customers, activities, opportunities, config=config, as_of=self._as_of,
                                 owner=self.controls["owner"].value or None, stats=self._stats[key])
        self.tier_counts = matrix.tier_counts(self.tiered)
        self.counts_label.value = _counts_html(self.tier_counts, self._lang)
        if self._draw:
            cells = matrix.matrix_cells(self.tiered, tiers=config.tiers)
            with self.output:
                clear_output(wait=True)
                ax = plot_matrix(cells, lang=self._lang)
                display(ax.figure)
                plt.close(ax.figure)


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
