"""Intake at scale: validate 1,000,000 leads from CSV; read a 200,000-row xlsx (calamine vs openpyxl).

Targets: the xlsx read with calamine >= 5x faster than pandas' default openpyxl reader.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, large_sample, measure  # noqa: E402

XLSX_ROWS = 200_000


def _xlsx(rows: int) -> Path:
    """A 200k-row customer sheet written once with xlsxwriter (constant memory)."""
    path = DATA / f"customers_{rows}.xlsx"
    if path.exists():
        return path
    import numpy as np
    import xlsxwriter

    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("客户")
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["客户编号", "客户名称", "行业", "区域", "人员规模", "营收规模", "近三年收入增长",
                           "建档日期"])
    industries = ["汽车零部件", "新能源", "电子制造", "化工", "医疗器械"]
    regions = ["华东", "华南", "华北", "华中", "西南"]
    heads = rng.lognormal(6, 1, rows).astype(int)
    for i in range(rows):
        sheet.write_row(i + 1, 0, [f"C{i:07d}", f"示例公司{i}", industries[i % 5], regions[i % 5], int(heads[i]),
                                   float(heads[i] * 310_000), 0.05])
        sheet.write_number(i + 1, 7, 45000 + i % 700, date_fmt)
    book.close()
    return path


def main() -> None:
    client = large_sample()
    leads = measure(f"""
        from pathlib import Path
        from workbook.core.config import load_config
        from workbook.intake.validate import parse_table
        from workbook.intake.readers import read_source
        from workbook.core.schema import TABLES
        config = load_config({str(client)!r})
        problems = []
        raw = read_source(Path({str(client)!r}) / "data" / "raw" / "leads.csv")
        t_read = time.perf_counter() - start
        frame = parse_table(TABLES["leads"], raw, None, config, problems)
        result = {{"rows": len(frame), "problems": len(problems), "read_s": t_read}}
    """)
    print(f"validate leads.csv: {leads['rows']:,} rows in {leads['seconds']:.1f} s "
          f"(read {leads['read_s']:.1f} s), peak {leads['peak_mb']:.0f} MB, {leads['problems']} problems")
    whole = measure(f"""
        from workbook.intake.validate import read_client_data
        r = read_client_data({str(client)!r})
        result = {{"rows": int(r.summary()["rows"].sum())}}
    """)
    print(f"validate the whole large client: {whole['rows']:,} rows in {whole['seconds']:.1f} s, "
          f"peak {whole['peak_mb']:.0f} MB")
    path = _xlsx(XLSX_ROWS)
    timings = {}
    for engine in ("calamine", "openpyxl"):
        timings[engine] = measure(f"""
            import pandas as pd
            frame = pd.read_excel({str(path)!r}, engine={engine!r})
            result = {{"rows": len(frame)}}
        """)
        print(f"read {timings[engine]['rows']:,}-row xlsx with {engine}: {timings[engine]['seconds']:.1f} s, "
              f"peak {timings[engine]['peak_mb']:.0f} MB", flush=True)
    ratio = timings["openpyxl"]["seconds"] / timings["calamine"]["seconds"]
    print(f"calamine speed-up over openpyxl: {ratio:.1f}x (target >= 5x): {'OK' if ratio >= 5 else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
