"""Workshop pages: how fast each control answers at sample scale (target: p95 <= 250 ms).

The explorers of every page are built in-process on the small sample client and driven programmatically,
the way the browser drives them in a Voila kernel: each move of a control runs its callback (computation,
table, chart) with an IPython shell whose inline backend renders figures to PNG, as a live kernel does.
Prints p50 / p95 / max milliseconds per page and per control, and the save-button time (validate, back up,
write client.yaml) on a copy of the client.
"""
from __future__ import annotations

import contextlib
import io
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_MS = 250
REPEATS = 6


def _shell():
    """An IPython shell with the inline backend: ``display(fig)`` renders a PNG as in a kernel."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats

    shell = InteractiveShell.instance()
    select_figure_formats(shell, {"png"})  # what the inline backend registers
    return shell


def _time(moves: list[Callable[[], object]], repeats: int = REPEATS) -> list[float]:
    times = []
    sink = io.StringIO()
    for _ in range(repeats):
        for move in moves:
            start = time.perf_counter()
            with contextlib.redirect_stdout(sink):
                move()
            times.append((time.perf_counter() - start) * 1000)
    return times


def _set(widget, *values) -> list[Callable[[], object]]:
    return [lambda v=v: setattr(widget, "value", v) for v in values]


def _matrix_moves(client):
    from workbook.customers.widgets import matrix_explorer

    box = matrix_explorer(client, lang="zh")
    controls = box.controls
    owner = controls["owner"].options[1][1]
    return {
        "icp threshold": _set(controls["quality.min_headcount"], 800, 500) +
        _set(controls["target.min_annual_revenue"], 80, 50),
        "industries": _set(controls["industries"], controls["industries"].options[:2], ()),
        "relationship rule": _set(controls["familiar_min_contacts"], 4, 6),
        "lookback window": _set(controls["lookback_days"], 180, 365),
        "owner filter": _set(controls["owner"], owner, ""),
    }


def _timealloc_moves(client):
    from workbook.core import columns as c
    from workbook.customers import inventory, matrix
    from workbook.timealloc import allocation as ta
    from workbook.timealloc import coverage
    from workbook.timealloc import widgets as tw

    cfg = client.config
    reps = client.table(c.REPS)
    log = ta.sellers_only(client.table(c.TIME_LOG), reps=reps)
    offload = tw.offload_panel(log, categories=cfg.time_categories, support_hourly_cost=cfg.support_hourly_cost,
                               reps=reps, default_share=cfg.offload_share, config=cfg)
    tiers = coverage.tier_series(matrix.assign_tiers(inventory.classify_client(client), tiers=cfg.tiers))
    channel = tw.channel_panel(client.table(c.ACTIVITIES), tiers=tiers, channel_costs=cfg.channel_costs, reps=reps)
    name = next(iter(offload.checks))
    team = offload.team.options[-1][1]
    return {
        "offload category": _set(offload.checks[name], not offload.checks[name].value, offload.checks[name].value),
        "offload share": _set(offload.sliders[name], 0.6, cfg.offload_share),
        "support cost": _set(offload.cost, 120, cfg.support_hourly_cost),
        "team filter": _set(offload.team, team, offload.team.options[0][1]),
        "channel shift": _set(channel.sliders[5]["phone"], 0.4, 0.0),
    }


def _funnel_moves(client):
    from workbook.core import columns as c
    from workbook.funnel import widgets as fw

    leads, opps = client.table(c.LEADS), client.table(c.OPPORTUNITIES)
    filters = fw.funnel_filters(leads, opps)
    forecast = fw.forecast_sliders(opps, client.config)
    window = fw.followup_window(leads, as_of=leads[c.CREATED_DATE].max(), window_days=client.config.followup_days)
    source = filters.pickers[c.SOURCE]
    stage = next(iter(forecast.sliders.values()))
    return {
        "lead filters": _set(source, source.options[:1], ()),
        "stage probability": _set(stage, 0.3, stage.value),
        "follow-up window": _set(window.slider, 14, client.config.followup_days),
    }


def _save_moves(client):
    from workbook.customers.widgets import matrix_explorer
    from workbook.intake import open_client
    from workbook.workshop.settings import save_control

    folder = Path(tempfile.mkdtemp(prefix="bench-workshop-")) / "client"
    shutil.copytree(client.dir, folder, ignore=shutil.ignore_patterns("reports", "raw", "*.bak"))
    copy = open_client(folder)
    box = matrix_explorer(copy, lang="zh", draw=False)
    control = save_control(copy, box.config_settings)
    slider = box.controls["quality.min_headcount"]
    moves = [lambda v=v: (setattr(slider, "value", v), control.save()) for v in (800, 500)]
    return {"save (incl. one re-tier)": moves}, folder


def _report(page: str, groups: dict[str, list[Callable[[], object]]]) -> list[float]:
    every = []
    for name, moves in groups.items():
        times = _time(moves)
        every += times
        print(f"  {page:<18} {name:<24} p50 {statistics.median(times):6.0f} ms   "
              f"p95 {_p95(times):6.0f} ms   max {max(times):6.0f} ms   (n={len(times)})")
    return every


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def main() -> None:
    from workbook.core.theme import apply_theme
    from workbook.intake import open_client

    _shell()
    apply_theme(lang="zh")  # as the notebooks do: the CJK font, seaborn theme
    client = open_client()  # the small sample client
    print(f"sample client: {client.dir} (small scale); each control moved {REPEATS}x back and forth")
    pages = {"01/02 matrix": _matrix_moves, "04 time allocation": _timealloc_moves, "03 funnel": _funnel_moves}
    summary = {}
    for page, build in pages.items():
        with contextlib.redirect_stdout(io.StringIO()):  # the first view of each explorer
            groups = build(client)
        summary[page] = _report(page, groups)
    groups, folder = _save_moves(client)
    summary["save button"] = _report("save button", groups)
    shutil.rmtree(folder.parent, ignore_errors=True)
    print(f"\n  {'page':<18} {'p50 ms':>8} {'p95 ms':>8}   target p95 <= {TARGET_MS} ms")
    for page, times in summary.items():
        p95 = _p95(times)
        print(f"  {page:<18} {statistics.median(times):8.0f} {p95:8.0f}   {'ok' if p95 <= TARGET_MS else 'SLOW'}")


if __name__ == "__main__":
    main()
