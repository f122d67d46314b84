"""The consultant's portfolio: hand-worked percentiles on tiny metrics.json files, missing figures and files,
anonymised labels and names (hostile ones too), and the command on 20 rendered sample clients."""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.report_check import CJK, latin_words, read_html
from workbook.cli import main
from workbook.reports import portfolio as pf

HOSTILE = ["<script>alert(1)</script>", '#set text(fill: red)\n#eval("1+1")', "=cmd|' /C calc'!A0"]


def _metrics(*, name: str, calls=None, sellers=None, win=None, never=None, assets=None, direct=None, quote_h=None,
             avg=None) -> dict:
    """A metrics.json as build_reports writes it, holding only the figures given."""
    funnel, time_part, matrix = {}, {}, {}
    if calls is not None:
        funnel["funnel.five_numbers"] = {"sales_calls_per_week": calls, "opportunities_per_week": None,
                                         "purchase_intents_per_week": None, "sales_per_week": None,
                                         "avg_revenue_per_sale": avg}
    if sellers is not None:
        funnel["funnel.sellers"] = sellers
    if win is not None:
        funnel["funnel.lead_to_win_rate"] = win
    if never is not None:
        funnel["funnel.never_followed_up_share"] = never
    if assets is not None:
        matrix["matrix.assets_share"] = assets
    if direct is not None:
        time_part["time.direct_selling_share"] = direct
    if quote_h is not None:
        time_part["quotes.median_hours"] = quote_h
    return {"client": {"name": name, "folder": name}, "generated_at": "2026-01-01T00:00:00+00:00",
            "kit_version": "0.1.0", "summary": {},
            "notebooks": {"02_quality_matrix": matrix, "03_funnel_diagnosis": funnel, "04_time_allocation": time_part}}


def _client(root: Path, folder: str, metrics: dict | str) -> Path:
    reports = root / folder / "reports"
    reports.mkdir(parents=True)
    text = metrics if isinstance(metrics, str) else json.dumps(metrics, ensure_ascii=False)
    (reports / "metrics.json").write_text(text, encoding="utf-8")
    return root / folder


@pytest.fixture
def four(tmp_path) -> list[Path]:
    """Four clients, hand-worked below, listed shuffled: the letters follow the sorted folder paths (a -> A ...)."""
    root = tmp_path / "clients"
    return [
        _client(root, "d", _metrics(name="Delta Ltd", calls=10.0, sellers=1, win=0.08, never=0.3, quote_h=72.0)),
        _client(root, "a", _metrics(name="Alpha Ltd", calls=40.0, sellers=10, win=0.02, never=0.5, quote_h=24.0,
                                    direct=0.20)),
        _client(root, "c", _metrics(name="Gamma Ltd", calls=20.0, sellers=5, win=0.04, quote_h=48.0)),
        _client(root, "b", _metrics(name="Beta Ltd", calls=30.0, sellers=10, win=0.04, never=0.2, quote_h=48.0)),
    ]


def _run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_percentiles_scores_and_ranks_are_the_hand_worked_ones(four, tmp_path):
    out = tmp_path / "pf"
    result = _run(["portfolio", *map(str, four), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    clients = {c["label"]: c for c in data["clients"]}
    assert sorted(clients) == ["A", "B", "C", "D"]  # a, b, c, d by folder path, whatever the order given
    # calls per seller: A 40/10 = 4, B 30/10 = 3, C 20/5 = 4, D 10/1 = 10 -> B beats none (0), A and C beat B
    # and tie each other (1 + 0.5 of 3 = 0.5), D beats all three (1)
    assert {k: c["figures"]["sales_calls_per_seller_week"] for k, c in clients.items()} == {
        "A": 4.0, "B": 3.0, "C": 4.0, "D": 10.0}
    assert {k: c["percentiles"]["sales_calls_per_seller_week"] for k, c in clients.items()} == {
        "A": 0.5, "B": 0.0, "C": 0.5, "D": 1.0}
    # lead to win: A .02, B .04, C .04, D .08 -> 0, .5, .5, 1
    assert {k: c["percentiles"]["lead_to_win_rate"] for k, c in clients.items()} == {
        "A": 0.0, "B": 0.5, "C": 0.5, "D": 1.0}
    # never followed up, lower is better, C lacks it: B .2 beats both (1), D .3 beats A (.5), A .5 (0)
    assert {k: c["percentiles"]["never_followed_up_share"] for k, c in clients.items()} == {
        "A": 0.0, "B": 1.0, "C": None, "D": 0.5}
    # quote turnaround in days (hours / 24), lower is better: A 1 (1), B 2 and C 2 (.5), D 3 (0)
    assert {k: c["figures"]["quote_turnaround_days"] for k, c in clients.items()} == {
        "A": 1.0, "B": 2.0, "C": 2.0, "D": 3.0}
    assert {k: c["percentiles"]["quote_turnaround_days"] for k, c in clients.items()} == {
        "A": 1.0, "B": 0.5, "C": 0.5, "D": 0.0}
    # direct selling: only A has it -> no other client to compare with: no percentile
    assert clients["A"]["figures"]["direct_selling_share"] == 0.2
    assert clients["A"]["percentiles"]["direct_selling_share"] is None
    # score = mean of the percentiles a client has: A (.5+0+0+1)/4, B (0+.5+1+.5)/4, C (.5+.5+.5)/3, D (1+1+.5+0)/4
    assert {k: c["score"] for k, c in clients.items()} == pytest.approx(
        {"A": 0.375, "B": 0.5, "C": 0.5, "D": 0.625})
    assert {k: c["rank"] for k, c in clients.items()} == {"A": 4, "B": 2, "C": 2, "D": 1}
    assert {k: c["counted"] for k, c in clients.items()} == {"A": 5, "B": 4, "C": 3, "D": 4}
    assert "name" not in clients["A"]  # anonymised json: no names without --names
    figures = {f["code"]: f for f in data["figures"]}
    assert figures["never_followed_up_share"]["clients_lacking"] == 1
    assert figures["direct_selling_share"]["clients_lacking"] == 3
    assert figures["avg_revenue_per_sale"]["clients_with"] == 0
    assert figures["never_followed_up_share"]["better"] == "lower" and figures["lead_to_win_rate"]["better"] == "higher"


def test_the_page_shows_a_missing_figure_as_a_dash_and_counts_it(four, tmp_path):
    out = tmp_path / "pf"
    assert _run(["portfolio", *map(str, four), "--out", str(out), "--lang", "en"]).exit_code == 0
    page = read_html(out / "portfolio.html")
    text = "".join(page.text)
    # the action title: D first (mean percentile 62.5% -> "62.5%"), A last
    assert "4 clients ranked: Client D first (mean percentile 62.5%), Client A last (37.5%)" in page.headings
    never = next(h for h in page.headings if "share of leads never followed up" in h)
    assert never == ("Across 3 clients the median share of leads never followed up is 30.0%; best: Client B "
                     "(20.0%), weakest: Client A (50.0%). 1 more client(s) lack it.")  # whole percentages read "30.0%"
    # the figure's table: B, D, A, then C with a dash
    html_text = (out / "portfolio.html").read_text(encoding="utf-8")
    section = html_text.split(never)[1].split("<h2")[0]
    assert section.index("Client B") < section.index("Client D") < section.index("Client A") < section.index(
        "Client C")
    assert '<td class="txt">Client C</td><td class="num">—</td><td class="num">—</td>' in section
    # every client lacks some figure (none has the average revenue); 7 figures are incomplete
    assert "4 client(s) lack some figures, 7 figure(s) in all" in text
    # the overview counts those lacking each figure: never followed up 3 with / 1 lacking
    assert ('<td class="txt">Share of leads never followed up</td><td class="txt">lower is better</td>'
            '<td class="num">30.0%</td><td class="num">3</td><td class="num">1</td>') in html_text


def test_a_missing_unreadable_or_foreign_metrics_file_is_an_error_naming_it(four, tmp_path):
    root = tmp_path / "clients"
    (root / "norender").mkdir()
    broken = _client(root, "broken", "{not json")
    foreign = _client(root, "foreign", json.dumps({"figures": {}}))
    out = tmp_path / "pf"
    result = CliRunner().invoke(main, ["portfolio", *map(str, four), str(root / "norender"), str(broken),
                                       str(foreign), "--out", str(out)])
    assert result.exit_code == 1
    message = result.output
    assert f"{root / 'norender' / 'reports' / 'metrics.json'}: no reports/metrics.json" in message
    assert f"workbook render {root / 'norender'}" in message
    assert f"{broken / 'reports' / 'metrics.json'}: reports/metrics.json cannot be read (JSONDecodeError" in message
    assert f"{foreign / 'reports' / 'metrics.json'}: reports/metrics.json is not in this kit's format" in message
    assert "3 client(s) cannot be compared" in message
    assert not out.exists()  # nothing half-written
    assert "Traceback" not in message


def test_a_folder_listed_twice_and_an_out_that_is_a_file_are_errors(four, tmp_path):
    result = CliRunner().invoke(main, ["portfolio", str(four[0]), str(four[0])])
    assert result.exit_code == 1 and "listed more than once" in result.output
    file = tmp_path / "taken"
    file.write_text("x")
    result = CliRunner().invoke(main, ["portfolio", *map(str, four), "--out", str(file)])
    assert result.exit_code == 1 and f"--out {file} is a file" in result.output
    assert CliRunner().invoke(main, ["portfolio"]).exit_code == 2  # usage: no folder given


def test_anonymised_by_default_and_names_with_the_flag(four, tmp_path):
    hidden, shown = tmp_path / "hidden", tmp_path / "shown"
    assert _run(["portfolio", *map(str, four), "--out", str(hidden), "--lang", "zh"]).exit_code == 0
    assert _run(["portfolio", *map(str, four), "--out", str(shown), "--lang", "zh", "--names"]).exit_code == 0
    for suffix in ("html", "json"):
        anonymous = (hidden / f"portfolio.{suffix}").read_text(encoding="utf-8")
        named = (shown / f"portfolio.{suffix}").read_text(encoding="utf-8")
        for name in ("Alpha Ltd", "Beta Ltd", "Gamma Ltd", "Delta Ltd"):
            assert name not in anonymous and name in named, (suffix, name)
    assert "客户 D" in (hidden / "portfolio.html").read_text(encoding="utf-8")
    assert "Delta Ltd居首" in "".join(read_html(shown / "portfolio.html").headings)


def test_a_name_two_clients_share_gets_each_folder_name(tmp_path):
    root = tmp_path / "clients"
    dirs = [_client(root, folder, _metrics(name="同名公司", win=win))
            for folder, win in (("east", 0.02), ("west", 0.04))]
    page = pf.content(pf.read_portfolio(dirs), lang="zh", names=True)
    assert page["heading"] == "2 家客户综合排名：同名公司 · west居首（平均百分位 100.0%），同名公司 · east垫底（0.0%）"


def test_hostile_client_names_stay_text_in_html_pdf_and_xlsx(tmp_path):
    root = tmp_path / "clients"
    dirs = [_client(root, f"h{i}", _metrics(name=name, win=0.01 * (i + 1), calls=10.0 * (i + 1), sellers=2))
            for i, name in enumerate(HOSTILE)]
    out = tmp_path / "pf"
    result = _run(["portfolio", *map(str, dirs), "--out", str(out), "--names", "--lang", "en"])
    assert result.exit_code == 0, result.output
    raw = (out / "portfolio.html").read_text(encoding="utf-8")
    assert "<script" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    visible = "".join(read_html(out / "portfolio.html").text)
    for name in HOSTILE:
        assert name.replace("\n", " ") in visible.replace("\n", " ") or name in visible, name
    pdf = subprocess.run(["pdftotext", "-layout", str(out / "portfolio.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "<script>alert(1)</script>" in pdf and "=cmd|' /C calc'!A0" in pdf
    assert '#eval("1+1")' in pdf and "#set text(fill: red)" in pdf  # printed, not run
    from openpyxl import load_workbook

    cells = [cell for sheet in load_workbook(out / "portfolio.xlsx") for row in sheet.iter_rows() for cell in row]
    formula = [c for c in cells if c.value == "=cmd|' /C calc'!A0"]
    assert formula and all(c.data_type == "s" and c.quotePrefix for c in formula)


def test_comparison_places_one_client_among_the_others_excluding_itself():
    data = {"clients": [{"key": "x", "figures": {"never_followed_up_share": 0.2, "lead_to_win_rate": 0.01}},
                        {"key": "y", "figures": {"never_followed_up_share": 0.6, "lead_to_win_rate": None}},
                        {"key": "me", "figures": {"never_followed_up_share": 0.0, "lead_to_win_rate": 0.5}}]}
    frame = pf.comparison(_metrics(name="me", never=0.4, win=0.01), data, client_key="me").set_index("code")
    # lower is better: 0.4 beats y (0.6), loses to x (0.2) -> 1 of 2
    assert frame.loc["never_followed_up_share", ["value", "median", "others", "percentile"]].tolist() == [
        0.4, 0.4, 2, 0.5]
    # ties count half; y has no value: among 1 other, a tie -> 0.5
    assert frame.loc["lead_to_win_rate", ["others", "percentile"]].tolist() == [1, 0.5]
    assert pd.isna(frame.loc["direct_selling_share", "percentile"])
    sentence, table = pf.comparison_content(frame.reset_index(), lang="en")
    assert sentence == ("Against the other 2 clients of the portfolio: of 2 figures compared, 0 are in the top "
                        "quarter and 0 in the bottom quarter; the weakest is lead-to-win rate "
                        "(percentile 50.0%).")  # 50% too on never followed up: the first of equals
    assert table["headers"] == ["Figure", "This client", "Other clients' median", "Percentile"]


# --------------------------------------------------------------------------- 20 rendered sample clients

SEEDS = range(101, 121)
TRAVELLING = ["quality_matrix", "funnel_diagnosis", "time_allocation"]  # the notebooks whose figures travel


def _made(folder: Path, seed: int) -> Path:
    """A validated tiny sample client (in a worker process)."""
    from workbook.intake.sample import make_sample
    from workbook.intake.validate import run_intake

    make_sample(folder, seed=seed, scale="tiny")
    run_intake(folder)
    return folder


@pytest.fixture(scope="session")
def twenty(tmp_path_factory):
    """20 sample clients (tiny scale, different seeds; made two at a time), the notebooks whose figures travel
    rendered (warm engine, two jobs, no combined format but metrics.json); the fixture's time is printed."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from workbook.reports.batch import render_batch

    start = time.perf_counter()
    root = tmp_path_factory.mktemp("portfolio-clients")
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        dirs = list(pool.map(_made, [root / f"client-{seed}" for seed in SEEDS], SEEDS))
    made = time.perf_counter() - start
    batch = render_batch(dirs, only=TRAVELLING, formats=(), jobs=2, force=True)
    assert batch.ok, [(getattr(r, "notebook", "report"), r.error) for r in batch.failed]
    print(f"\n20 tiny sample clients: made and validated in {made:.1f} s, rendered in "
          f"{time.perf_counter() - start - made:.1f} s")
    return dirs


def _direct(metrics: dict) -> dict:
    """The travelling figures read straight from a metrics.json, written out one by one (not the package's)."""
    nbs = metrics["notebooks"]
    funnel, matrix, time_part = nbs["03_funnel_diagnosis"], nbs["02_quality_matrix"], nbs["04_time_allocation"]
    five, sellers = funnel["funnel.five_numbers"], funnel["funnel.sellers"]
    hours = time_part.get("quotes.median_hours")
    return {"sales_calls_per_seller_week": five["sales_calls_per_week"] / sellers,
            "opportunities_per_seller_week": five["opportunities_per_week"] / sellers,
            "purchase_intents_per_seller_week": five["purchase_intents_per_week"] / sellers,
            "sales_per_seller_week": five["sales_per_week"] / sellers,
            "avg_revenue_per_sale": five["avg_revenue_per_sale"],
            "lead_to_win_rate": funnel["funnel.lead_to_win_rate"],
            "never_followed_up_share": funnel["funnel.never_followed_up_share"],
            "assets_share": matrix["matrix.assets_share"],
            "direct_selling_share": time_part["time.direct_selling_share"],
            "quote_turnaround_days": None if hours is None else hours / 24}


@pytest.mark.slow
def test_twenty_rendered_clients_figures_match_their_metrics(twenty, tmp_path):
    out = tmp_path / "pf"
    result = _run(["portfolio", *map(str, reversed(twenty)), "--out", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert [c["label"] for c in data["clients"]] == pf.letters(20)
    direct = {}
    for client, folder in zip(data["clients"], sorted(twenty, key=lambda p: str(p.resolve())), strict=True):
        assert client["key"] == pf.comparison_key(folder)
        metrics = json.loads((folder / "reports" / "metrics.json").read_text(encoding="utf-8"))
        assert metrics["notebooks"]["03_funnel_diagnosis"]["funnel.sellers"] == 8  # tiny: 8 field/inside reps
        direct[client["label"]] = _direct(metrics)
        assert client["figures"] == pytest.approx(direct[client["label"]]), folder
        assert all(v is not None for v in client["figures"].values()), folder
    for code in pf.CODES:  # each percentile, counted by hand: the others beaten, ties half, over 19
        better = pf.BY_CODE[code].better
        for client in data["clients"]:
            mine = direct[client["label"]][code]
            others = [d[code] for label, d in direct.items() if label != client["label"]]
            beaten = sum((o < mine) if better == "higher" else (o > mine) for o in others)
            tied = sum(o == mine for o in others)
            assert client["percentiles"][code] == pytest.approx((beaten + tied / 2) / 19), (code, client["label"])
    ranks = sorted((c["rank"], -c["score"]) for c in data["clients"])
    assert ranks[0][0] == 1 and ranks == sorted(ranks, key=lambda r: r[1])


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_twenty_clients_page_and_pdf_open_in_one_language(twenty, tmp_path, lang):
    out = tmp_path / "pf"
    assert _run(["portfolio", *map(str, twenty), "--out", str(out), "--lang", lang]).exit_code == 0
    title = {"zh": "客户组合对比", "en": "Portfolio comparison"}[lang]
    pdf = subprocess.run(["pdftotext", str(out / "portfolio.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert title in pdf
    page = read_html(out / "portfolio.html")
    assert page.headings[0].startswith({"zh": "20 家客户综合排名", "en": "20 clients ranked"}[lang])
    labels = set(pf.letters(20))  # the anonymised clients' letters are their ids
    text = "\n".join(page.text)
    if lang == "zh":
        assert [w for line in text.splitlines() for w in latin_words(line, labels)] == []
        assert [w for line in pdf.splitlines() for w in latin_words(line, labels)] == []
    else:
        assert not CJK.search(text) and not CJK.search(pdf)
    from openpyxl import load_workbook

    assert len(load_workbook(out / "portfolio.xlsx").sheetnames) == 1 + 2 + len(pf.FIGURES)


@pytest.mark.slow
def test_render_with_portfolio_adds_the_comparison_and_without_it_changes_nothing(twenty, tmp_path):
    from workbook.reports.combined import build_reports

    out = tmp_path / "pf"
    assert _run(["portfolio", *map(str, twenty), "--out", str(out), "--lang", "en"]).exit_code == 0
    client = twenty[0]
    plain = build_reports(client, formats=("html",), lang="en", force=True)
    assert plain.ok, plain.error
    before = (client / "reports" / "report.html").read_bytes()
    again = build_reports(client, formats=("html",), lang="en", force=True)
    assert again.ok and (client / "reports" / "report.html").read_bytes() == before
    compared = build_reports(client, formats=("html",), lang="en", portfolio=out)
    assert compared.ok and compared.status == "ok", compared.error  # a portfolio: not skipped as up to date
    page = read_html(client / "reports" / "report.html")
    text = "".join(page.text)
    assert "Against the other 19 clients of the portfolio" in text
    assert "How this client compares" in page.headings
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    mine = next(c for c in data["clients"] if c["key"] == pf.comparison_key(client))
    metrics = json.loads((client / "reports" / "metrics.json").read_text(encoding="utf-8"))
    frame = pf.comparison(metrics, data, client_key=pf.comparison_key(client)).set_index("code")
    assert frame["percentile"].to_dict() == pytest.approx(mine["percentiles"])  # the page's percentiles
    back = build_reports(client, formats=("html",), lang="en", force=True)
    assert back.ok and (client / "reports" / "report.html").read_bytes() == before


def test_render_with_a_missing_portfolio_is_an_error_before_any_notebook(tmp_path):
    result = CliRunner().invoke(main, ["render", str(tmp_path), "--portfolio", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'none' / 'portfolio.json'}: not found; write it with: workbook portfolio" in result.output


def test_the_combined_outputs_depend_on_the_portfolio_they_compare_with(tmp_path):
    from workbook.reports.combined import _digest

    nb = tmp_path / "01_a.ipynb"
    nb.write_text("{}", encoding="utf-8")
    folder = tmp_path / "pf"
    folder.mkdir()
    (folder / "portfolio.json").write_text('{"clients": []}', encoding="utf-8")
    plain = _digest([("01_a", nb)], ("html",), "en")
    first = _digest([("01_a", nb)], ("html",), "en", folder)
    assert first != plain and first == _digest([("01_a", nb)], ("html",), "en", folder)  # unchanged: skipped
    (folder / "portfolio.json").write_text('{"clients": [1]}', encoding="utf-8")
    assert _digest([("01_a", nb)], ("html",), "en", folder) not in (first, plain)  # a new portfolio: built again
