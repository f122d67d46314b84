"""Funnel diagnosis at scale: ~1.2M leads, > 200,000 opportunities and their stage history.

The large sample is validated once (``run_intake``; clean parquet cached under benchmarks/.data/large).
Measured in a fresh process: the whole diagnosis without plotting (:func:`workbook.funnel.diagnosis.diagnose`
and :func:`~workbook.funnel.diagnosis.key_figures`, reading parquet excluded), target <= 3 s and <= 2 GB; and, in
the same run, the core counts (funnel by source, win rates) by DuckDB SQL as the reference, with the ratio.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import large_sample, measure  # noqa: E402


def _clean(client: Path) -> Path:
    if not (client / "data" / "clean" / "manifest.json").exists():
        from workbook.intake.validate import run_intake

        print("validating the large sample client (once) ...", flush=True)
        run_intake(client)
    return client / "data" / "clean"


def main() -> None:
    client = large_sample()
    clean = _clean(client)
    ours = measure(f"""
        import pandas as pd
        from workbook.core.config import load_config
        from workbook.funnel import diagnosis
        config = load_config({str(client)!r})
        tables = {{name: pd.read_parquet({str(clean)!r} + f"/{{name}}.parquet")
                  for name in ("leads", "opportunities", "stage_history", "activities")}}
        t0 = time.perf_counter()
        d = diagnosis.diagnose(tables, config)
        fig = diagnosis.key_figures(d)
        result = {{"compute_s": time.perf_counter() - t0, "leads": fig["funnel.leads"],
                   "opps": fig["funnel.opportunities"], "history": len(tables["stage_history"]),
                   "won": fig["funnel.won"], "win_rate": fig["funnel.win_rate_closed"],
                   "by_source": {{k: [v["leads"], v["won"]] for k, v in fig["funnel.by_source"].items()}}}}
    """)
    print(f"diagnosis of {ours['leads']:,} leads, {ours['opps']:,} opportunities, {ours['history']:,} stage rows: "
          f"{ours['compute_s']:.2f} s compute (target <= 3 s: {'OK' if ours['compute_s'] <= 3 else 'ABOVE TARGET'}), "
          f"{ours['seconds']:.1f} s with reading, peak {ours['peak_mb']:.0f} MB "
          f"(target <= 2048: {'OK' if ours['peak_mb'] <= 2048 else 'ABOVE TARGET'})", flush=True)
    ref = measure(f"""
        import duckdb
        con = duckdb.connect()
        t0 = time.perf_counter()
        rows = con.sql('''
            SELECT l.source, count(*) AS leads, count(*) FILTER (WHERE o.status = 'won') AS won
            FROM read_parquet('{clean}/leads.parquet') l
            LEFT JOIN read_parquet('{clean}/opportunities.parquet') o USING (opportunity_id)
            GROUP BY l.source''').fetchall()
        won, lost = con.sql('''SELECT count(*) FILTER (WHERE status = 'won'), count(*) FILTER (WHERE status = 'lost')
                               FROM read_parquet('{clean}/opportunities.parquet')''').fetchall()[0]
        result = {{"compute_s": time.perf_counter() - t0, "by_source": {{r[0]: [r[1], r[2]] for r in rows}},
                   "won": won, "win_rate": won / (won + lost)}}
    """)
    same = ref["by_source"] == ours["by_source"] and ref["won"] == ours["won"] and abs(
        ref["win_rate"] - ours["win_rate"]) < 1e-12
    print(f"DuckDB reference (funnel by source + win rate, from parquet): {ref['compute_s']:.2f} s, "
          f"peak {ref['peak_mb']:.0f} MB; counts {'identical' if same else 'DIFFER'}")
    print(f"whole diagnosis / DuckDB core counts: {ours['compute_s'] / ref['compute_s']:.1f}x the time "
          f"(the diagnosis computes ~30 tables, the reference two counts)")


if __name__ == "__main__":
    main()
