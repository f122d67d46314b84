"""The scale benchmark's reading of the render table, its targets and its before/now table."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "benchmarks" / "bench_scale.py")
bench_scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_scale)

# the table `workbook render C --lang en` prints (rich's box characters), two notebooks and the report step
RENDER_OUTPUT = """\
large / 03_funnel_diagnosis ━━━━━━━━━━━━━━━━━━━━ 2/2 0:02:01
┏━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
┃ Client ┃ Notebook              ┃ Status ┃ s    ┃ Error (cell: exc) ┃
┡━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
│ large  │ 00_data_overview      │ done   │ 5.6  │                   │
│ large  │ 03_funnel_diagnosis   │ done   │ 32.4 │                   │
│ large  │ report                │ done   │ 88.1 │                   │
└────────┴───────────────────────┴────────┴──────┴───────────────────┘
"""


def test_render_rows_reads_each_notebook_and_the_report_step_seconds():
    assert bench_scale._render_rows(RENDER_OUTPUT) == {"00_data_overview": 5.6, "03_funnel_diagnosis": 32.4,
                                                       "report": 88.1}


def _figures(small_s, large_s, peak_mb, notebook_mb, p95_ms, ratio, rerender_s):
    return {"small": {"render": {"seconds": small_s, "peak_mb": 900}},
            "large": {"render": {"seconds": large_s, "peak_mb": peak_mb},
                      "largest_notebook": {"name": "03_funnel_diagnosis.ipynb", "mb": notebook_mb}},
            "ratio": round(large_s / small_s, 2), "workshop": {"worst_p95_ms": p95_ms},
            "batch": {"ratio": ratio, "rerender_s": rerender_s}}


def test_targets_say_met_and_not_met_against_the_issue_goals():
    # 131 s / 11 s = 11.91x (goal <= 2.5x: not met); 27.5 / 11 = 2.5x exactly: met
    before = _figures(11.0, 131.0, 4800, 119.0, 140.0, 9.13, 0.4)
    now = _figures(11.0, 27.5, 2400, 19.9, 100.0, 15.0, 2.0)
    rows = {name: (old, new, met) for name, old, new, _, met in bench_scale.targets(now, before)}
    assert rows["large render / small render (x)"] == ("11.91", "2.50", True)
    assert rows["large render: process tree peak (MB)"] == ("4800", "2400", True)
    assert rows["largest executed notebook (MB)"] == ("119.0", "19.9", True)
    assert rows["workshop p95, slowest control, large (ms)"] == ("140", "100", True)
    assert rows["4-client batch / hand loop (x)"] == ("9.13", "15.00", True)
    # 2.0 s is not under 2 s
    assert rows["re-render 20 clients, nothing changed (s)"] == ("0.40", "2.00", False)
    rows = {name: met for name, _, _, _, met in bench_scale.targets(before, None)}
    assert rows == {"large render / small render (x)": False, "large render: process tree peak (MB)": False,
                    "largest executed notebook (MB)": False, "workshop p95, slowest control, large (ms)": False,
                    "4-client batch / hand loop (x)": False, "re-render 20 clients, nothing changed (s)": True}


def test_a_target_not_measured_this_run_is_left_out_and_a_missing_baseline_shows_a_dash():
    now = {"small": {"render": {"seconds": 10.0}}, "large": {"render": {"seconds": 20.0, "peak_mb": 2000}},
           "ratio": 2.0}
    rows = bench_scale.targets(now, None)
    assert [(name, old, new) for name, old, new, _, _ in rows] == [
        ("large render / small render (x)", "-", "2.00"), ("large render: process tree peak (MB)", "-", "2000")]


def test_the_table_puts_the_baseline_beside_this_run(capsys):
    before = {"large": {"render": {"seconds": 131.0, "peak_mb": 2300}, "render_steps": {"report": 88.1},
                        "notebook_mb": {"03_funnel_diagnosis.ipynb": 119.0}}}
    now = {"large": {"render": {"seconds": 60.0, "peak_mb": 1500}, "render_steps": {"report": 20.0},
                     "notebook_mb": {"03_funnel_diagnosis.ipynb": 2.5}}}
    bench_scale.print_table(now, before, "2d5f2e6")
    lines = capsys.readouterr().out.splitlines()
    assert "(before: 2d5f2e6)" in lines[1]
    row = next(line for line in lines if line.strip().startswith("large render "))
    assert row.split()[2:] == ["131.0", "60.0", "2300", "1500"]
    row = next(line for line in lines if "large render: report" in line)
    assert row.split()[-2:] == ["88.1", "20.0"]
    row = next(line for line in lines if "03_funnel_diagnosis.ipynb" in line)
    assert row.split()[-2:] == ["119.0", "2.5"]
    row = next(line for line in lines if line.strip().startswith("small render "))
    assert row.split()[2:] == ["-", "-", "-", "-"]
