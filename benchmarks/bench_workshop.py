"""Workshop pages: how fast each control answers at sample scale (target: p95 <= 100 ms per control).

Two measurements, in one run:

1. In-process, every control of every page: the explorers are built on the small sample client and driven
   the way the browser drives them in a Voila kernel. A move is timed from the control's change to the
   updated output written on the wire: the callback (computation, tables, the browser-drawn chart's
   HTML) and the JSON message each changed widget sends (a comm that serialises what a kernel would
   send). Prints p50 / p95 / max per control, and the worst page.
2. In chromium, one Voila page opened with ``--preheat`` (02_quality_matrix, on a copy of the client): the
   seconds from opening the URL to the first chart shown, then a slider moved in the page and timed until
   the matrix has changed (browser -> kernel -> browser, layout included).

Each control moves through distinct values (a cached result cannot answer for it), back and forth.
"""
from __future__ import annotations

import contextlib
import io
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_MS = 100
FIRST_CHART_S = 3.0
REPEATS = 3


def _wire_comm() -> dict:
    """Make every widget's comm serialise its messages to JSON, as a kernel does before sending them."""
    import comm
    from comm import DummyComm

    sent = {"messages": 0, "bytes": 0}

    class WireComm(DummyComm):
        def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
            text = json.dumps({"msg_type": msg_type, "content": {"comm_id": self.comm_id, "data": data},
                               "metadata": metadata or {}}, default=str)
            sent["messages"] += 1
            sent["bytes"] += len(text)

    comm.create_comm = lambda *args, **kwargs: WireComm(*args, **kwargs)
    return sent


CPU: dict[str, list[float]] = {}  # CPU milliseconds of this process per move, by control


def _time(moves: list[Callable[[], object]], repeats: int = REPEATS, *, name: str = "") -> list[float]:
    times = []
    sink = io.StringIO()
    for _ in range(repeats):
        for move in moves:
            start, cpu = time.perf_counter(), time.process_time()
            with contextlib.redirect_stdout(sink):
                move()
            times.append((time.perf_counter() - start) * 1000)
            CPU.setdefault(name, []).append((time.process_time() - cpu) * 1000)
    return times


def _set(widget, *values) -> list[Callable[[], object]]:
    return [lambda v=v: setattr(widget, "value", v) for v in values]


def _matrix_moves(client):
    from workbook.customers.widgets import matrix_explorer

    box = matrix_explorer(client, lang="zh")
    controls = box.controls
    owners = [value for _, value in controls["owner"].options[1:5]]
    options = controls["industries"].options
    return {
        "icp headcount": _set(controls["quality.min_headcount"], 800, 650, 950, 500),
        "icp revenue": _set(controls["target.min_annual_revenue"], 80, 65, 95, 50),
        "industries": _set(controls["industries"], options[:2], options[1:3], options[:1], ()),
        "relationship rule": _set(controls["familiar_min_contacts"], 4, 8, 3, 6),
        "lookback window": _set(controls["lookback_days"], 180, 270, 450, 365),
        "owner filter": _set(controls["owner"], *owners, ""),
    }


def _timealloc_moves(client):
    from workbook.timealloc import widgets as tw

    offload, channel = tw.controls(client, lang="zh")
    name = next(iter(offload.checks))
    others = [n for n in offload.checks if n != name]
    share = offload.sliders[name].value
    cost = offload.cost.value
    teams = [value for _, value in offload.team.options]
    owners = list(offload.reps.options)
    return {
        "offload category": [lambda n=n: setattr(offload.checks[n], "value", not offload.checks[n].value)
                             for n in (name, *others[:3])],
        "offload share": _set(offload.sliders[name], 0.6, 0.35, 0.8, share),
        "support cost": _set(offload.cost, cost + 20, cost + 40, cost - 10, cost),
        "team filter": _set(offload.team, *teams[1:], teams[0]),
        "rep filter": _set(offload.reps, tuple(owners[:2]), tuple(owners[3:6]), ()),
        "channel shift": _set(channel.sliders[5]["phone"], 0.4, 0.1, 0.6, 0.3),
    }


def _funnel_moves(client):
    from workbook.core import columns as c
    from workbook.funnel import widgets as fw

    filters, forecast, target, window = fw.controls(client, lang="zh")
    source = filters.pickers[c.SOURCE]
    owner = filters.pickers[c.OWNER]
    stage = next(iter(forecast.sliders.values()))
    goal = target.slider.value
    days = window.slider.value
    return {
        "lead filters": _set(source, source.options[:1], source.options[1:3], ()) +
        _set(owner, owner.options[:2], ()),
        "stage probability": _set(stage, 0.3, 0.45, 0.15, stage.value),
        "revenue target": _set(target.slider, goal * 1.5, goal * 0.7, goal * 2, goal),
        "follow-up window": _set(window.slider, 14, 21, 3, days),
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


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def _report(page: str, groups: dict[str, list[Callable[[], object]]]) -> dict[str, list[float]]:
    out = {}
    for name, moves in groups.items():
        times = _time(moves, name=f"{page}/{name}")
        out[name] = times
        flag = "ok" if _p95(times) <= TARGET_MS else "SLOW"
        cpu = CPU[f"{page}/{name}"]
        print(f"  {page:<18} {name:<24} p50 {statistics.median(times):5.0f} ms   p95 {_p95(times):5.0f} ms   "
              f"max {max(times):5.0f} ms   (n={len(times)})  {flag}   cpu p50 {statistics.median(cpu):4.0f} ms "
              f"p95 {_p95(cpu):4.0f} ms", flush=True)
    return out


def _children_cpu(parent: int) -> float:
    """CPU seconds used so far by the processes ``parent`` started (Voila's kernels), from /proc."""
    import os

    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _wait_heated(server, timeout: float = 300) -> float:
    """Seconds until the preheated kernel has run the notebook: its CPU time stops growing for 3 s."""
    started = time.monotonic()
    last, still = -1.0, 0.0
    while time.monotonic() - started < timeout:
        used = _children_cpu(server.process.pid)
        still = still + 0.5 if used == last and used > 1.0 else 0.0
        if still >= 3.0:
            return time.monotonic() - started - still
        last = used
        time.sleep(0.5)
    raise RuntimeError(f"the preheated kernel was still busy after {timeout:.0f} s; see {server.log}")


def _browser(client) -> None:
    """A preheated Voila page in chromium: seconds to the first chart, then one slider move end to end."""
    from playwright.sync_api import sync_playwright

    from workbook.workshop.present import free_port, start

    chromium = "/usr/bin/chromium"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    folder = Path(tempfile.mkdtemp(prefix="bench-voila-")) / "client"
    shutil.copytree(client.dir, folder, ignore=shutil.ignore_patterns("reports", "*.bak"))
    server = start(folder, notebook="02_quality_matrix", port=free_port(), preheat=True)
    try:
        print(f"  voila --preheat: the kernel ran 02_quality_matrix in advance in {_wait_heated(server):.1f} s")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=args)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            opened = time.monotonic()
            page.goto(server.pages["02_quality_matrix"], wait_until="commit")
            answered = time.monotonic() - opened
            page.wait_for_load_state("domcontentloaded")
            parsed = time.monotonic() - opened
            page.wait_for_selector(".wb-chart img, .wb-live-grid", state="visible")
            first = time.monotonic() - opened
            print(f"  page answered {answered:.2f} s, parsed {parsed:.2f} s")
            page.wait_for_selector(".workbook-live-chart .wb-live-grid", state="visible")
            live = time.monotonic() - opened
            print(f"  first chart shown {first:.2f} s after opening, live matrix {live:.2f} s   "
                  f"target first chart <= {FIRST_CHART_S:.0f} s  {'ok' if first <= FIRST_CHART_S else 'SLOW'}")
            grid = page.locator(".workbook-live-chart .wb-live-grid")
            readout = page.locator(".widget-slider").filter(has_text="优质·最少人数").locator(".widget-readout")
            times = []
            for value in ("800", "1200", "650", "500"):
                before = grid.inner_text()
                readout.scroll_into_view_if_needed()
                readout.click()
                page.keyboard.press("Control+A")
                page.keyboard.type(value)
                start_move = time.monotonic()
                page.keyboard.press("Enter")
                page.wait_for_function("([el, old]) => el.innerText !== old", arg=[grid.element_handle(), before])
                times.append((time.monotonic() - start_move) * 1000)
            print(f"  in chromium, slider -> kernel -> matrix redrawn: "
                  f"{', '.join(f'{ms:.0f}' for ms in times)} ms (median {statistics.median(times):.0f} ms)")
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(folder.parent, ignore_errors=True)


def main(argv: list[str] | None = None) -> dict:
    """Measure every control (and, unless ``--no-browser``, one page in chromium); the figures as a dict."""
    import argparse
    import os

    from workbook.core.theme import apply_theme
    from workbook.intake import open_client

    parser = argparse.ArgumentParser(prog="bench_workshop")
    parser.add_argument("--client", type=Path, help="client folder (default: the small sample client)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Voila page in chromium")
    parser.add_argument("--json", action="store_true", help="print the figures as one RESULT{...} line")
    args = parser.parse_args(argv or [])
    sent = _wire_comm()
    apply_theme(lang="zh")  # as the notebooks do: the CJK font, seaborn theme
    client = open_client(args.client)  # default: the small sample client
    scale = "given client" if args.client else "small scale"
    print(f"client: {client.dir} ({scale}); each control moved through distinct values, {REPEATS}x; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times include waiting for a core, "
          f"cpu times do not)")
    pages = {"01/02 matrix": _matrix_moves, "04 time allocation": _timealloc_moves, "03 funnel": _funnel_moves}
    summary: dict[str, dict[str, list[float]]] = {}
    first_view: dict[str, float] = {}
    for page, build in pages.items():
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the first view of each explorer
            groups = build(client)
        first_view[page] = round(time.perf_counter() - start, 2)
        before = dict(sent)
        summary[page] = _report(page, groups)
        moves = sum(len(times) for times in summary[page].values())
        print(f"  {page:<18} on the wire: {(sent['bytes'] - before['bytes']) / moves / 1024:.1f} KB per move "
              f"({(sent['messages'] - before['messages']) / moves:.1f} messages); first view {first_view[page]:.1f} s")
    groups, folder = _save_moves(client)
    saves = _report("save button", groups)
    shutil.rmtree(folder.parent, ignore_errors=True)
    print(f"\n  {'page':<18} {'p50 ms':>8} {'p95 ms':>8} {'worst control p95':>22}   target p95 <= {TARGET_MS} ms")
    worst = None
    for page, controls in summary.items():
        every = [ms for times in controls.values() for ms in times]
        name, times = max(controls.items(), key=lambda kv: _p95(kv[1]))
        p95 = _p95(times)
        print(f"  {page:<18} {statistics.median(every):8.0f} {_p95(every):8.0f} {name:>15} {p95:5.0f} ms   "
              f"{'ok' if p95 <= TARGET_MS else 'SLOW'}")
        if worst is None or p95 > worst[2]:
            worst = (page, name, p95)
    save_p50 = statistics.median(saves[next(iter(saves))])
    print(f"  worst page: {worst[0]} ({worst[1]}, p95 {worst[2]:.0f} ms); the save button (validate, back up, write "
          f"client.yaml) p50 {save_p50:.0f} ms")
    figures = {"worst_p95_ms": round(worst[2], 1), "worst_control": f"{worst[0]} / {worst[1]}",
               "save_p50_ms": round(save_p50, 1), "first_view_s": first_view,
               "p95_ms": {f"{page} / {name}": round(_p95(times), 1)
                          for page, controls in summary.items() for name, times in controls.items()}}
    if args.json:
        print("RESULT" + json.dumps(figures))
    if not args.no_browser:
        print()
        _browser(client)
    return figures


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
