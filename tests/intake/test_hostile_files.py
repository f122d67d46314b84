"""Hostile client files: bounded before they are parsed, kept inside data/raw, and named in plain words.

The bombs are built here: a workbook whose sheet expands far beyond its size, a sheet of two cells spanning
millions, a zip directory that understates a part, a client.yaml of nested aliases ("billion laughs") and
one of 38 MB. Each must be refused with a problem naming the file and the limit, in seconds.
"""
from __future__ import annotations

import re
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import (
    CUSTOMERS_CSV,
    OPPORTUNITIES_CSV,
    VALID_FILES,
    make_client,
    only_problem,
    problems_with,
    read_findings,
)
from workbook.core.config import Limits, load_config
from workbook.core.io import read_yaml
from workbook.exceptions import ConfigError, DataValidationError, ReadFailure, YamlError
from workbook.intake.bounds import check_file
from workbook.intake.validate import run_intake

FAST = 10  # seconds: a generous bound; the real figures are a few milliseconds to a second

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/{part}" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Target="xl/workbook.xml" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
         '</Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         '<sheets><sheet name="customers" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Target="/{part}" '
              'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
              '</Relationships>')


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _customers_rows() -> str:
    rows = [("customer_id", "name"), ("C1", "Acme"), ("C2", "Beta")]
    return "".join(f'<row r="{i}">{_cell(f"A{i}", a)}{_cell(f"B{i}", b)}</row>'
                   for i, (a, b) in enumerate(rows, start=1))


def _workbook(path: Path, sheet_data: str, *, padding: int = 0, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """A one-sheet workbook ("customers", in ``part``) written part by part; ``padding`` bytes of an XML comment.

    The comment is what a bomb is made of: it compresses about a thousand times and parses to nothing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES.format(part=part)), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", _BOOK), ("xl/_rels/workbook.xml.rels", _BOOK_RELS.format(part=part))):
            book.writestr(name, text)
        with book.open(part, "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            block = b"0" * (1 << 20)
            if padding:
                sheet.write(b"<!--")
                for start in range(0, padding, len(block)):
                    sheet.write(block[:min(len(block), padding - start)])
                sheet.write(b"-->")
            sheet.write(f"<sheetData>{sheet_data}</sheetData></worksheet>".encode())
    return path


def _refused(client: Path) -> DataValidationError:
    start = time.monotonic()
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    assert time.monotonic() - start < FAST
    assert not (client / "data" / "clean").exists()
    return exc.value


# --------------------------------------------------------------------------- workbooks

def test_a_sheet_expanding_a_thousand_times_is_refused_before_it_is_parsed(tmp_path):
    client = make_client(tmp_path)
    book = _workbook(tmp_path / "data" / "raw" / "crm.xlsx", _customers_rows(), padding=60_000_000)
    assert book.stat().st_size < 200_000  # 60 MB of sheet in a file of ~60 KB
    problem = only_problem(_refused(client), "too_large")
    assert problem.file == "crm.xlsx"
    assert "xl/worksheets/sheet1.xml" in problem.value and "times once unzipped" in problem.value
    assert "limits.zip_ratio" in problem.expected and "raise limits.zip_ratio in client.yaml" in problem.fix


def test_a_sheet_beyond_sheet_mb_is_refused_and_a_raised_limit_reads_it(tmp_path):
    rows = _customers_rows() + "".join(f'<row r="{i}">{_cell(f"A{i}", f"C{i}")}{_cell(f"B{i}", "x" * 40)}</row>'
                                       for i in range(4, 40_000))
    yaml = "client_name: Demo\nlimits: {sheet_mb: 1}\n"
    client = make_client(tmp_path / "low", yaml=yaml)
    _workbook(client / "data" / "raw" / "crm.xlsx", rows)
    problem = only_problem(_refused(client), "too_large")
    assert problem.file == "crm.xlsx" and "MB once unzipped" in problem.value
    assert problem.expected == "1.0 MB at most (limits.sheet_mb)"

    raised = make_client(tmp_path / "raised", yaml="client_name: Demo\nlimits: {sheet_mb: 20}\n")
    _workbook(raised / "data" / "raw" / "crm.xlsx", rows)
    assert len(run_intake(raised).tables["customers"]) == 39_998


def test_two_cells_spanning_a_sheet_are_refused_by_the_cells_they_span(tmp_path):
    # calamine would allocate every cell between A1 and XFD1048576: 550 GB
    sheet = _customers_rows() + f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'
    book = _workbook(tmp_path / "wide.xlsx", sheet)
    start = time.monotonic()
    with pytest.raises(ReadFailure) as exc:
        check_file(book, Limits())
    assert time.monotonic() - start < FAST
    assert exc.value.problem.value == ("xl/worksheets/sheet1.xml: cells spanning 1,048,576 rows x 16,384 columns "
                                       "(17,179,869,184 cells)")
    assert exc.value.problem.expected == "50,000,000 cells at most (limits.cells)"


def test_a_sheet_kept_under_another_name_is_bounded_too(tmp_path):
    # workbook.xml.rels may point anywhere in the archive: every XML part is scanned, not xl/worksheets/ only
    sheet = _customers_rows() + f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'
    book = _workbook(tmp_path / "odd.xlsx", sheet, part="xl/data/s.xml")
    with pytest.raises(ReadFailure) as exc:
        check_file(book, Limits())
    assert exc.value.problem.value.startswith("xl/data/s.xml: cells spanning 1,048,576 rows x 16,384 columns")


def test_cells_and_rows_limits_hold_in_validate(tmp_path):
    far = _customers_rows() + f'<row r="4">{_cell("A4", "C4")}{_cell("AB2000", "x")}</row>'  # 28 x 2,000 cells
    client = make_client(tmp_path / "cells", yaml="client_name: Demo\nlimits: {cells: 1000}\n")
    _workbook(client / "data" / "raw" / "crm.xlsx", far)
    problem = only_problem(_refused(client), "too_large")
    assert "2,000 rows x 28 columns (56,000 cells)" in problem.value and "limits.cells" in problem.expected

    csv = make_client(tmp_path / "rows", {"customers.csv": CUSTOMERS_CSV + "".join(f"C{i},N{i},,\n"
                                                                                   for i in range(3, 12))},
                      yaml="client_name: Demo\nlimits: {rows: 5}\n")
    problem = only_problem(_refused(csv), "too_large")
    assert (problem.file, problem.value) == ("customers.csv", "more than 5 rows")
    assert problem.expected == "5 rows at most (limits.rows)"


def test_a_csv_beyond_file_mb_is_refused_by_its_size(tmp_path):
    big = CUSTOMERS_CSV + "".join(f"C{i},{'N' * 100},,\n" for i in range(3, 12_000))
    client = make_client(tmp_path, {"customers.csv": big}, yaml="client_name: Demo\nlimits: {file_mb: 1}\n")
    problem = only_problem(_refused(client), "too_large")
    assert problem.file == "customers.csv" and problem.value == "1.3 MB"
    assert "limits.file_mb" in problem.expected


def test_a_zip_directory_that_understates_a_part_gains_nothing(tmp_path):
    book = _workbook(tmp_path / "liar.xlsx", _customers_rows(), padding=60_000_000)
    data = bytearray(book.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    local = data.find(name) - 30
    central = data.find(name, local + 31) - 46
    assert data[local:local + 4] == b"PK\x03\x04" and data[central:central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, central + 24, 1000)  # the directory now says 1,000 bytes (ratio below the limit)
    book.write_bytes(bytes(data))
    with zipfile.ZipFile(book) as archive:
        assert archive.getinfo(name.decode()).file_size == 1000
    with pytest.raises(ReadFailure) as exc:
        check_file(book, Limits(sheet_mb=10))
    assert exc.value.problem.value == "xl/worksheets/sheet1.xml: more than 10.0 MB once unzipped"


def test_the_large_sample_fits_the_default_limits(tmp_path):
    # the large sample's biggest file is leads.csv: 1.2M rows, 123 MB; a file of its shape passes the defaults
    line = "L0000001,2024-03-05,展会,marketing,C00001,R001,2024-03-06,qualified,2024-03-20,O000001,120.5,,,,,0\n"
    path = tmp_path / "leads.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("lead_id,created_date,source,scene,customer_id,owner,first_followup_date,status,"
                     "qualified_date,opportunity_id,cost,tender_date,assessed_date,assigned_date,nurture_start,"
                     "reassigned_count\n")
        handle.write(line * 1_200_000)
    assert path.stat().st_size > 120_000_000
    start = time.monotonic()
    check_file(path, Limits())
    assert time.monotonic() - start < FAST
    with pytest.raises(ReadFailure, match="limits.rows"):
        check_file(path, Limits(rows=1_000_000))


# --------------------------------------------------------------------------- YAML

def _billion_laughs(levels: int = 9) -> str:
    text = 'client_name: X\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, levels):
        text += f"l{i}: &l{i} [{','.join([f'*l{i - 1}'] * 9)}]\n"
    return text + f"stages: *l{levels - 1}\n"


def test_a_client_yaml_of_nested_aliases_is_refused_without_expanding_it(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text(_billion_laughs(), encoding="utf-8")
    assert path.stat().st_size < 800  # 9^9 = 387,420,489 "lol"s once expanded
    start = time.monotonic()
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert time.monotonic() - start < FAST
    message = str(exc.value)
    assert message.startswith(str(path)) and "aliases (*name) repeat more than 10,000 values" in message
    assert "lol" not in message and len(message) < 300


def test_a_config_error_over_a_long_list_stays_short(tmp_path):
    # 500 bad stages and a long value: the error names the first 20, cut, and counts the rest
    path = tmp_path / "client.yaml"
    path.write_text(f"client_name: X\nstages: [{', '.join(['lol'] * 500)}]\ncurrency: [{'x, ' * 500}x]\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    message = str(exc.value)
    assert "key 'stages.0'" in message and message.endswith("and 481 more")
    assert "key 'currency'" in message and re.search(r"'x',\.\.\. \(2,\d{3} characters\)\)", message)  # cut
    assert len(message) < 4000


def test_a_38_mb_client_yaml_is_refused_by_its_size_before_parsing(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text("client_name: X\n" + "".join(f"unknown_{i}: {'v' * 40}\n" for i in range(700_000)),
                    encoding="utf-8")
    assert path.stat().st_size > 38_000_000
    start = time.monotonic()
    with pytest.raises(ConfigError, match=r"MB; a configuration file may be at most 1\.0 MB"):
        load_config(path)
    assert time.monotonic() - start < FAST


def test_yaml_nested_too_deep_is_refused():
    with pytest.raises(YamlError, match="nested deeper than 100 levels"):
        read_yaml("x: " + "[" * 150 + "]" * 150)


def test_a_few_aliases_still_read():
    data = read_yaml("base: &b {probability: 0.1}\nstages:\n  - {<<: *b, name: a, label_zh: 甲}\n")
    assert data["stages"][0] == {"probability": 0.1, "name": "a", "label_zh": "甲"}


def test_the_map_writer_refuses_a_client_yaml_of_nested_aliases(tmp_path):
    from workbook.intake.mapping import propose
    from workbook.intake.yamlmerge import write_proposal

    client = make_client(tmp_path, VALID_FILES)
    proposal = propose(client)
    (client / "client.yaml").write_text(_billion_laughs(), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"client\.yaml: YAML aliases \(\*name\) repeat more than"):
        write_proposal(client, proposal)


def test_a_date_that_does_not_exist_names_its_key(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text("client_name: X\nperiod:\n  start: 2024-01-01\n  end: 2024-02-30\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert exc.value.key == "period.end"
    assert "key 'period.end'" in str(exc.value) and "'2024-02-30'" in str(exc.value)


# --------------------------------------------------------------------------- files outside data/raw

def _other_client(tmp_path: Path) -> Path:
    other = tmp_path / "other" / "data" / "raw" / "customers.csv"
    other.parent.mkdir(parents=True)
    other.write_text("customer_id,name\nX1,Another client's customer\n", encoding="utf-8")
    return other


def test_a_link_out_of_data_raw_is_refused(tmp_path):
    other = _other_client(tmp_path)
    client = make_client(tmp_path / "acme")
    (client / "data" / "raw" / "customers.csv").symlink_to(other)
    problem = only_problem(_refused(client), "outside_raw")
    assert (problem.file, problem.table) == ("customers.csv", "customers")
    assert problem.value == f"customers.csv (a link) -> {other.resolve()}"
    assert "allow_outside: true" in problem.fix


@pytest.mark.parametrize("entry", ["../../../other/data/raw/customers.csv", "ABSOLUTE"])
def test_a_configured_file_outside_data_raw_is_refused(tmp_path, entry):
    other = _other_client(tmp_path)
    entry = str(other) if entry == "ABSOLUTE" else entry
    client = make_client(tmp_path / "acme", {"opportunities.csv": OPPORTUNITIES_CSV},
                         yaml=f"client_name: Demo\ntables:\n  customers: {{file: '{entry}'}}\n")
    problem = only_problem(_refused(client), "outside_raw")
    assert problem.table == "customers" and problem.file == entry
    assert problem.value.startswith(f"tables.customers.file: {entry} -> ")
    assert "copy the file into data/raw/ and set tables.customers.file" in problem.fix


def test_a_joined_file_outside_data_raw_is_refused(tmp_path):
    other = _other_client(tmp_path)
    client = make_client(tmp_path / "acme", {"customers.csv": CUSTOMERS_CSV},
                         yaml=f"client_name: Demo\ntables:\n  customers:\n    join: {{file: '{other}', "
                              "on: customer_id}\n")
    problem = only_problem(_refused(client), "outside_raw")
    assert problem.value.startswith("tables.customers.join.file: ")


def test_the_map_assistant_does_not_follow_a_link_out_of_data_raw(tmp_path):
    from workbook.intake.mapping import propose

    other = _other_client(tmp_path)
    client = make_client(tmp_path / "acme", {"opportunities.csv": OPPORTUNITIES_CSV})
    (client / "data" / "raw" / "customers.csv").symlink_to(other)
    proposal = propose(client)
    assert [s.file for s in proposal.sources] == ["opportunities.csv"]
    assert f"customers.csv: a link to {other.resolve()}, outside data/raw/, not read" in " ".join(proposal.notes)
    (client / "client.yaml").write_text("client_name: Demo\nallow_outside: true\n", encoding="utf-8")
    assert sorted(s.file for s in propose(client).sources) == ["customers.csv", "opportunities.csv"]


def test_allow_outside_reads_the_file_and_says_so(tmp_path):
    other = _other_client(tmp_path)
    client = make_client(tmp_path / "acme", yaml="client_name: Demo\nallow_outside: true\n")
    (client / "data" / "raw" / "customers.csv").symlink_to(other)
    result = run_intake(client)
    assert result.tables["customers"]["customer_id"].tolist() == ["X1"]
    assert [f["rule"] for f in read_findings(client)].count("outside_raw") == 1


def test_a_link_inside_data_raw_is_read(tmp_path):
    client = make_client(tmp_path)
    raw = client / "data" / "raw"
    (raw / "exports").mkdir()
    (raw / "exports" / "c.csv").write_text(CUSTOMERS_CSV, encoding="utf-8")
    (raw / "customers.csv").symlink_to(raw / "exports" / "c.csv")
    result = run_intake(client)
    assert result.tables["customers"]["customer_id"].tolist() == ["C1", "C2"]


# --------------------------------------------------------------------------- messages that name the file

def test_a_workbook_saved_as_csv_is_named_as_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["customer_id", "name"])
    book.active.append(["C1", "Acme"])
    book.save(tmp_path / "made.xlsx")
    client = make_client(tmp_path / "acme", {"customers.csv": (tmp_path / "made.xlsx").read_bytes()})
    error = _refused(client)
    assert not problems_with(error, "encoding")
    problem = only_problem(error, "file_type")
    assert problem.file == "customers.csv"
    assert "this is an Excel workbook (or another zip archive), not CSV" in problem.expected
    assert problem.fix.startswith("rename it customers.xlsx")


def test_a_header_below_a_title_and_blank_rows_is_read_from_its_row(tmp_path):
    """Title and blank rows above the headers are skipped and named in a finding; a problem on a data cell names
    the row as Excel shows it."""
    text = "Customer list 2024,,\n,,\n,,\nexported by CRM,,\ncustomer_id,name,level\nC1,Acme,target\nC2,Beta,target\n"
    client = make_client(tmp_path / "csv", {"customers.csv": text})
    result = run_intake(client)
    customers = result.tables["customers"]
    assert customers["customer_id"].tolist() == ["C1", "C2"]
    assert customers["_source_row"].tolist() == [6, 7]
    [skipped] = [f for f in read_findings(client) if f["rule"] == "header_below_title"]
    assert (skipped["file"], skipped["row"], skipped["value"]) == ("customers.csv", 5, "rows 1-4")
    assert skipped["fix"] == ("nothing to correct: the headers were read from row 5; rows 1-4 (blank or a title) "
                              "were skipped")

    bad = text.replace("C2,Beta,target", "C2,Beta,platinum")
    problem = only_problem(_refused(make_client(tmp_path / "bad", {"customers.csv": bad})), "not_in_vocabulary")
    assert (problem.file, problem.row, problem.column, problem.value) == ("customers.csv", 7, "level", "platinum")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "customers"
    sheet["A2"] = "Customer list 2024"
    sheet.append(["customer_id", "name", "level"])
    sheet.append(["C1", "Acme", "target"])
    sheet.append(["C2", "Beta", "platinum"])
    client = make_client(tmp_path / "xlsx")
    book.save(client / "data" / "raw" / "crm.xlsx")
    problem = only_problem(_refused(client), "not_in_vocabulary")
    assert (problem.file, problem.sheet, problem.row, problem.value) == ("crm.xlsx", "customers", 5, "platinum")
    book["customers"]["C5"] = "target"
    book.save(client / "data" / "raw" / "crm.xlsx")
    run_intake(client)
    [skipped] = [f for f in read_findings(client) if f["rule"] == "header_below_title"]
    assert (skipped["file"], skipped["sheet"], skipped["row"], skipped["value"]) == (
        "crm.xlsx", "customers", 3, "rows 1-2")


def test_a_sheet_whose_header_cannot_be_told_is_refused_saying_so(tmp_path):
    """Forty rows of one value each above a table: no row within the first 30 can be told to be the headers."""
    text = "".join(f"note {i},,\n" for i in range(40)) + "customer_id,name,level\nC1,Acme,target\n"
    problem = only_problem(_refused(make_client(tmp_path, {"customers.csv": text})), "no_header")
    assert problem.file == "customers.csv"
    assert problem.expected.startswith("a row of column headers within the first 30 rows")


def test_a_csv_saved_as_xlsx_is_named_as_text(tmp_path):
    client = make_client(tmp_path, {"customers.xlsx": CUSTOMERS_CSV.encode("utf-8")})
    problem = only_problem(_refused(client), "file_type")
    assert problem.file == "customers.xlsx"
    assert problem.expected == "an Excel workbook (.xlsx); this is a text file (CSV), not a workbook"
    assert problem.fix.startswith("rename it customers.csv")
