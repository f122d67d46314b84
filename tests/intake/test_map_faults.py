"""``workbook map`` never stops on a file it cannot read or sample: each failure is a note naming the file (and
the column, row and value when a value fails), the rest is proposed, and the exit code is non-zero only when
nothing could be proposed."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from workbook.cli import main
from workbook.intake.mapfaults import guarded
from workbook.intake.readers import RawFrame

CUSTOMERS = ("customer_id,name,level,relationship\n"
             "C1,Acme,target,neutral\nC2,Beta,quality,familiar\nC3,Gamma,potential,neutral\n")
BINARY = bytes(range(256)) * 8  # NUL bytes and every other byte: an image or archive renamed .csv


def _client(tmp_path: Path, files: dict[str, bytes]) -> Path:
    raw = tmp_path / "acme" / "data" / "raw"
    raw.mkdir(parents=True)
    for name, data in files.items():
        (raw / name).write_bytes(data)
    return tmp_path / "acme"


def _map(client: Path, lang: str = "en"):
    return CliRunner().invoke(main, ["map", str(client), "--lang", lang], env={"COLUMNS": "250"})


def test_broken_files_are_notes_naming_them_and_the_readable_file_is_mapped(tmp_path):
    client = _client(tmp_path, {"customers.csv": CUSTOMERS.encode(), "deals.xlsx": b"PK\x03\x04 not a zip at all",
                                "photo.csv": BINARY})
    result = _map(client)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "customers.csv" in out and "customers (" in out  # the readable file is proposed as customers
    assert ("deals.xlsx: not read (got invalid Zip archive" in out
            and "expected a readable Excel workbook (.xlsx/.xls)" in out)
    assert ("photo.csv: not read (got 8 NUL bytes in the first 2048); expected a CSV text file; this file holds "
            "binary data, not text; export the table again as CSV or .xlsx") in out
    assert "unexpected error" not in result.output and "Traceback" not in result.output


def test_nothing_to_propose_exits_non_zero_without_a_traceback(tmp_path):
    client = _client(tmp_path, {"deals.xlsx": b"PK\x03\x04 not a zip at all", "photo.csv": BINARY})
    result = _map(client)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "Nothing in" in out and "could be mapped" in out
    assert "deals.xlsx: not read" in out and "photo.csv: not read" in out
    assert "unexpected error" not in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)

    zh = _map(client, "zh")
    assert zh.exit_code == 1
    assert "没有可以映射的文件" in zh.output and "photo.csv：未读取" in " ".join(zh.output.split())


def test_a_value_that_fails_conversion_leaves_its_column_out_naming_row_and_value(tmp_path):
    frame = pd.DataFrame({"deal": ["D1", "D2", "D3"], "amount": ["5", "7", "five"], "days": ["1", "2", "3"],
                          "_source_row": [2, 3, 4]})
    raw = RawFrame("deals.csv", None, frame)
    notes: list[str] = []

    def totals(r: RawFrame) -> dict[str, float]:  # a real conversion: every column but the id read as numbers
        return {h: float(pd.to_numeric(r.frame[h]).sum()) for h in r.frame.columns
                if h not in ("deal", "_source_row")}

    kept, result = guarded(raw, totals, notes)
    assert result == {"days": 6.0}
    assert list(kept.frame.columns) == ["deal", "days", "_source_row"]
    [note] = notes
    assert note.startswith("deals.csv, column 'amount', row 4: a value the kit cannot read (value 'five'): "
                           "ValueError: Unable to parse string 'five'")
    assert note.text("zh").startswith("deals.csv，列「amount」，第 4 行：无法读取的值（值为「five」）")


def test_a_file_whose_headers_sit_below_a_title_is_mapped_from_them(tmp_path):
    text = "Customer list 2024,,,\n,,,\n" + CUSTOMERS
    result = _map(_client(tmp_path, {"customers.csv": text.encode()}))
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "customers.csv: nothing to correct: the headers were read from row 3; rows 1-2 (blank or a title) were " \
           "skipped" in out
    assert "customers.csv -> customers" in out and "Unmatched columns: none" in out
