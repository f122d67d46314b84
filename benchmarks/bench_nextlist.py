"""Who to work next at scale: the ranked list of 100,000 customers with 100,000 opportunities (synthetic),
and the section on the sample client (2,000 customers), each in a child process (time, peak memory)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import measure  # noqa: E402

BIG = """
import numpy as np
import pandas as pd
from workbook.customers import nextlist
rng = np.random.default_rng(3)
n = 100_000
ids = np.char.add("C", np.arange(n).astype(str))
tiered = pd.DataFrame({"customer_id": ids, "name": ids, "owner": np.char.add("R", rng.integers(0, 200, n).astype(str)),
                       "tier": pd.array(rng.choice([1, 2, 3, 4, 5, 0], n), dtype="Int64").astype("Int64"),
                       "annual_revenue": rng.lognormal(18, 1, n), "headcount": rng.integers(10, 5000, n),
                       "it_headcount": rng.integers(0, 300, n), "revenue_growth_3y": rng.normal(0.05, 0.1, n),
                       "days_since_contact": rng.integers(0, 400, n).astype(float)})
tiered.loc[tiered["tier"] == 0, "tier"] = pd.NA
opps = pd.DataFrame({"customer_id": ids[rng.integers(0, n, n)], "status": rng.choice(["open", "won", "lost"], n),
                     "created_date": pd.Timestamp("2025-01-01"), "amount": rng.lognormal(12, 1, n),
                     "decision_maker": rng.random(n) < 0.5, "budget": rng.random(n) < 0.6})
t0 = time.perf_counter()
lists = {"build_trust": tiered[tiered["tier"] == 4], "neglected": tiered[tiered["tier"].isin([1, 2, 3])
                                                                       & (tiered["days_since_contact"] > 90)]}
deals = nextlist.open_deals(opps, as_of=pd.Timestamp("2025-12-31"))
ranked = nextlist.next_list(tiered, lists, deals)
reps = nextlist.by_rep(ranked)
result.update(rank_seconds=time.perf_counter() - t0, listed=len(ranked), rep_rows=len(reps))
"""

SAMPLE = """
from workbook.intake import open_client
from workbook.customers import matrix, nextlist
client = open_client()
t0 = time.perf_counter()
result_matrix = matrix.compute(client)
result.update(compute_seconds=time.perf_counter() - t0, listed=result_matrix.figures["matrix.next_customers"])
"""


def main() -> None:
    big = measure(BIG)
    print(f"100,000 customers, 100,000 opportunities: list of {big['listed']:,} ranked in {big['rank_seconds']:.2f} s "
          f"(per-rep rows {big['rep_rows']:,}); peak {big['peak_mb']:.0f} MB")
    sample = measure(SAMPLE)
    print(f"sample client: matrix.compute with the list ({sample['listed']:,} customers) "
          f"{sample['compute_seconds']:.2f} s")


if __name__ == "__main__":
    main()
