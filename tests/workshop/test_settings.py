"""Saving the room's settings into client.yaml: merge, validate first, back up, write atomically, keep comments."""
from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import papermill
import pytest

from tests.notebooks.test_matrix import _expected
from workbook.core import columns as c
from workbook.core.config import DEFAULT_TIME_CATEGORIES, load_config
from workbook.core.record import read_records
from workbook.customers.widgets import matrix_explorer
from workbook.exceptions import ConfigError
from workbook.intake import open_client
from workbook.timealloc import widgets as tw
from workbook.workshop.settings import Change, diff, save_control, save_settings, tidy

TEMPLATE = Path(__file__).resolve().parents[2] / "workbook" / "intake" / "client_template.yaml"
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture
def commented(tmp_path) -> Path:
    """A client.yaml as `workbook new` writes it: every key, with comments."""
    path = tmp_path / "client.yaml"
    path.write_text(TEMPLATE.read_text(encoding="utf-8").replace("{client_name}", "测试客户"), encoding="utf-8")
    return path


@pytest.fixture
def client_copy(sample_client, tmp_path) -> Path:
    """The sample client's client.yaml and clean data, in tmp_path."""
    out = tmp_path / "client"
    shutil.copytree(sample_client.dir, out, ignore=shutil.ignore_patterns("reports", "raw", "*.bak"))
    return out


def test_diff_lists_leaves_and_list_items():
    old = {"a": {"b": 1, "c": [{"x": True}, {"x": False}]}, "d": 0.1}
    new = {"a": {"b": 1, "c": [{"x": True}, {"x": True}]}, "d": 0.1 + 1e-13, "e": None}
    assert diff(old, new) == [Change("a.c[1].x", False, True)]
    assert str(Change("icp.quality.min_headcount", 500, 3000)) == "icp.quality.min_headcount: 500 -> 3,000"


def test_tidy_rounds_slider_arithmetic():
    assert tidy({"x": 0.1 + 0.2, "rev": 300 * 1e6, "flags": (True,)}) == {"x": 0.3, "rev": 300_000_000,
                                                                         "flags": [True]}


def test_save_writes_changed_keys_keeps_comments_and_backs_up(commented):
    before = commented.read_text(encoding="utf-8")
    result = save_settings(commented.parent, {"icp": {"quality": {"min_headcount": 800}},
                                              "relationship_rules": {"lookback_days": 200, "partner_min_won": 2},
                                              "offload_share": 0.4})
    assert [ch.key for ch in result.changes] == ["icp.quality.min_headcount", "relationship_rules.lookback_days",
                                                 "offload_share"]
    assert [(ch.old, ch.new) for ch in result.changes] == [(500, 800), (365, 200), (0.25, 0.4)]
    after = commented.read_text(encoding="utf-8")
    cfg = load_config(commented)
    assert (cfg.icp.quality.min_headcount, cfg.relationship_rules.lookback_days, cfg.offload_share) == (800, 200, 0.4)
    assert cfg.icp.quality.min_annual_revenue == 200_000_000
    assert result.backup.parent == commented.parent and result.backup.name.startswith("client.yaml.")
    assert result.backup.read_text(encoding="utf-8") == before
    # comments and every untouched line stay as the consultant wrote them
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines()) and len(changed) == 3
    assert ("  lookback_days: 365           # contacts and wins counted within this window",
            "  lookback_days: 200           # contacts and wins counted within this window") in changed
    assert "# 本文件为项目参数配置；所有键均已列出，取值为默认值。" in after
    assert not list(commented.parent.glob(".client.yaml.*.tmp"))


def test_unchanged_settings_write_nothing(commented):
    before = commented.read_text(encoding="utf-8")
    result = save_settings(commented, {"icp": {"quality": {"min_headcount": 500}}, "offload_share": 0.25})
    assert result.changes == [] and result.backup is None
    assert commented.read_text(encoding="utf-8") == before
    assert list(commented.parent.iterdir()) == [commented]


@pytest.mark.parametrize(("settings", "key"), [
    ({"relationship_rules": {"lookback_days": 0}}, "relationship_rules.lookback_days"),
    ({"offload_share": 1.5}, "offload_share"),
    ({"icp": {"quality": {"min_headcont": 5}}}, "icp.quality.min_headcont"),
])
def test_invalid_values_never_reach_the_file(commented, settings, key):
    before = commented.read_bytes()
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        save_settings(commented.parent, settings)
    assert commented.read_bytes() == before
    assert list(commented.parent.iterdir()) == [commented]


def test_a_branch_missing_from_the_file_is_written_whole(client_copy):
    # the sample's client.yaml has no icp: the effective defaults of the other rules must survive
    result = save_settings(client_copy, {"icp": {"target": {"min_headcount": 300}}})
    assert [ch.key for ch in result.changes] == ["icp.target.min_headcount"]
    cfg = load_config(client_copy)
    assert cfg.icp.target.min_headcount == 300 and cfg.icp.target.min_annual_revenue == 50_000_000
    assert cfg.icp.strategic.brand_standing == ("leading",) and cfg.icp.quality.min_revenue_growth_3y == 0.05


def test_save_control_shows_changes_and_refusals(commented):
    client = SimpleNamespace(dir=commented.parent, config=load_config(commented))
    settings = {"relationship_rules": {"familiar_min_contacts": 4}}
    control = save_control(client, lambda: settings, lang="en")
    assert control.button.description == "Save these settings"
    control.button.click()
    assert "relationship_rules.familiar_min_contacts" in control.status.value and "6 &rarr; <b>4</b>" in \
        control.status.value
    assert client.config.relationship_rules.familiar_min_contacts == 4
    control.save()
    assert "nothing written" in control.status.value
    before = commented.read_bytes()
    settings["relationship_rules"]["familiar_min_contacts"] = -1
    assert control.save() is None
    assert "Not saved" in control.status.value and "familiar_min_contacts" in control.error
    assert commented.read_bytes() == before


def test_matrix_explorer_settings_round_trip(sample_client, client_copy):
    client = open_client(client_copy)
    explorer = matrix_explorer(client, lang="en", draw=False)
    control = save_control(client, explorer.config_settings, lang="en")
    assert control.save().changes == []  # an untouched page changes nothing
    explorer.controls["quality.min_revenue_growth_3y"].value = 0.1 + 0.02
    explorer.controls["industries"].value = ("化工",)
    explorer.controls["owner"].value = "R07"  # a view, not a rule: not saved
    result = control.save()
    assert sorted((ch.key, str(ch.new)) for ch in result.changes) == [
        ("icp.quality.min_revenue_growth_3y", "0.12"), ("icp.target.industries", "['化工']")]
    assert "0.12\n" in (client_copy / "client.yaml").read_text(encoding="utf-8")


def test_offload_settings_and_panel():
    with pytest.raises(ValueError, match="offload_share"):
        tw.offload_settings(DEFAULT_TIME_CATEGORIES, checked={"travel": True, "order_entry": True},
                            shares={"travel": 0.3, "order_entry": 0.5}, support_hourly_cost=80, lang="en")
    out = tw.offload_settings(DEFAULT_TIME_CATEGORIES, checked={"travel": False}, shares={"travel": 0.3},
                              support_hourly_cost=95)
    assert "offload_share" not in out and out["support_hourly_cost"] == 95
    assert not any(cat["offloadable"] for cat in out["time_categories"])


@pytest.mark.slow
def test_render_after_save_uses_the_rooms_values(sample_client, client_copy, tmp_path):
    def run() -> dict:
        out = tmp_path / "02.ipynb"
        papermill.execute_notebook(str(NOTEBOOKS / "02_quality_matrix.ipynb"), str(out), kernel_name="python3",
                                   cwd=str(tmp_path), parameters={"client_dir": str(client_copy), "interactive": False},
                                   progress_bar=False, execution_timeout=300)
        return read_records(out)

    before = run()["matrix.tiers"]
    explorer = matrix_explorer(open_client(client_copy), draw=False)
    explorer.controls["quality.min_headcount"].value = 3000
    save_control(open_client(client_copy), explorer.config_settings).save()
    after = run()["matrix.tiers"]
    assert after != before and after["4"] < before["4"]
    assert after == explorer.tier_counts
    expected = _expected(open_client(client_copy))["tier"].value_counts()
    assert after == {k: int(expected.get(k, 0)) for k in ("1", "2", "3", "4", "5", "none")}


@pytest.mark.slow
def test_time_allocation_reads_the_saved_offload_share(sample_client, client_copy, tmp_path):
    client = open_client(client_copy)
    panel = tw.offload_panel(client.table(c.TIME_LOG), categories=client.config.time_categories,
                             support_hourly_cost=client.config.support_hourly_cost, reps=client.table(c.REPS),
                             default_share=client.config.offload_share, config=client.config)
    for slider in panel.sliders.values():
        slider.value = 0.5
    panel.cost.value = 100
    assert {ch.key for ch in save_control(client, panel.config_settings).save().changes} == {
        "offload_share", "support_hourly_cost"}
    out = tmp_path / "04.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "04_time_allocation.ipynb"), str(out), kernel_name="python3",
                               cwd=str(tmp_path), parameters={"client_dir": str(client_copy), "interactive": False},
                               progress_bar=False, execution_timeout=300)
    records = read_records(out)
    log = client.table(c.TIME_LOG)
    reps = client.table(c.REPS)
    log = log[~log["owner"].isin(reps.loc[reps["role"] == "support", "owner"])]
    kinds = {cat.name: cat for cat in client.config.time_categories}
    direct = log.loc[log["category"].map(lambda n: kinds[n].kind) == "direct", "hours"].sum()
    moved = 0.5 * log.loc[log["category"].map(lambda n: kinds[n].offloadable), "hours"].sum()
    assert records["time.offload_hours"] == pytest.approx(moved)
    assert records["time.offload_cost"] == pytest.approx(moved * 100)
    assert records["time.capacity_gain"] == pytest.approx(moved / direct)


def test_funnel_page_settings_round_trip(client_copy):
    from workbook.funnel import journey as funnel
    from workbook.funnel import widgets as funnel_widgets
    from workbook.workshop.settings import combine

    client = open_client(client_copy)
    leads, opps = client.table(c.LEADS), client.table(c.OPPORTUNITIES)
    forecast = funnel_widgets.forecast_sliders(opps, client.config)
    window = funnel_widgets.followup_window(leads, as_of=leads[c.CREATED_DATE].max(),
                                            window_days=client.config.followup_days)
    target = funnel_widgets.target_slider(funnel.lead_journey(leads, opps), revenue_target=None)
    control = save_control(client, combine(forecast.config_settings, window.config_settings, target.config_settings))
    assert control.save().changes == []  # untouched, and no target invented
    forecast.sliders["bid"].value = 0.5
    window.slider.value = 14
    assert sorted(str(ch) for ch in control.save().changes) == ["followup_days: 7 -> 14",
                                                                "stages[3].probability: 0.6 -> 0.5"]
    assert load_config(client_copy).stages[3].probability == 0.5
