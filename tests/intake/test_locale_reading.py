"""Files as CRMs export them: separators, decimal commas, offset dates, placeholders, day-first dates.

Each test writes a tiny export the way a CRM writes it and checks what intake reads from it, with the
arithmetic in the comments.
"""
from __future__ import annotations

import pandas as pd
import pytest

from tests.helpers import CUSTOMERS_CSV, make_client, only_problem, opened_client, read_clean, read_findings
from workbook.exceptions import DataValidationError
from workbook.funnel.pipeline import cycle_times
from workbook.intake import parsing
from workbook.intake.readers import read_source
from workbook.intake.validate import run_intake

SF_YAML = """client_name: Demo
stages:
  - {name: prospecting, label_zh: 初步接触, probability: 0.1}
  - {name: proposal, label_zh: 方案, probability: 0.5}
tables:
  opportunities:
    file: report.csv
    columns:
      opportunity_id: Opportunity ID
      created_date: Created Date
      close_date: Close Date
      stage: {column: Stage, values: {Closed Won: proposal, Closed Lost: proposal}}
      status: {column: Stage, values: {Prospecting: open, Proposal: open, Closed Won: won, Closed Lost: lost}}
      amount: Amount
      customer_id: Account Name
"""

# a European-locale report: ';' between fields, dd.mm.yyyy, decimal commas with '.' thousands, 31.12.3999 = no date
SF_REPORT = ("Opportunity ID;Account Name;Stage;Amount;Created Date;Close Date\n"
             "O1;C1;Closed Won;1.234,56;25.03.2025;14.04.2025\n"
             "O2;C2;Closed Lost;12,5;01.02.2025;28.02.2025\n"
             "O3;C2;Prospecting;2.000,00;13.05.2025;31.12.3999\n")


def _rules(client, rule: str) -> list[dict]:
    return [f for f in read_findings(client) if f["rule"] == rule]


# --------------------------------------------------------------------------- separators and decimal marks

def test_a_semicolon_report_with_decimal_commas_and_day_first_dates_is_read(tmp_path):
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "report.csv": SF_REPORT}, yaml=SF_YAML)
    run_intake(client)
    opps = read_clean(client, "opportunities").set_index("opportunity_id")
    assert opps["amount"].tolist() == [1234.56, 12.5, 2000.0]  # '.' groups thousands, ',' marks the decimals
    assert [str(d.date()) for d in opps["created_date"]] == ["2025-03-25", "2025-02-01", "2025-05-13"]
    assert str(opps.at["O1", "close_date"].date()) == "2025-04-14"
    assert pd.isna(opps.at["O3", "close_date"])  # 31.12.3999: the report's "no close date"
    [placeholder] = _rules(client, "placeholder_date")
    assert (placeholder["column"], placeholder["row"], placeholder["value"]) == ("Close Date", 4, "row 4: '31.12.3999'")
    assert not _rules(client, "ambiguous_date")  # 25 and 13 cannot be months: day-first is certain
    assert not _rules(client, "bad_date")


@pytest.mark.parametrize(("sep", "name"), [(";", "semicolon"), ("\t", "tab"), ("|", "pipe"), (",", "comma")])
def test_each_separator_is_read_from_the_file(tmp_path, sep, name):
    text = sep.join(["id", "name", "amount"]) + "\n" + sep.join(["C1", "Acme, Inc" if sep != "," else "Acme",
                                                                   "12"]) + "\n"
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_source(path).frame
    assert list(frame.columns[:3]) == ["id", "name", "amount"]
    assert frame["name"].iloc[0] == ("Acme, Inc" if sep != "," else "Acme")


def test_delimiter_in_client_yaml_overrides_the_file(tmp_path):
    # every line splits into 2 fields on ',' and into 2 on ';': the file alone picks ','; client.yaml says ';'
    report = "Opportunity ID;Created Date,Stage\nO1;2025-03-01,won\n"
    path = tmp_path / "x.csv"
    path.write_text(report, encoding="utf-8")
    assert list(read_source(path).frame.columns[:2]) == ["Opportunity ID;Created Date", "Stage"]
    assert list(read_source(path, delimiter=";").frame.columns[:2]) == ["Opportunity ID", "Created Date,Stage"]


def test_decimal_comma_is_decided_by_the_column_never_one_cell():
    # "1,234" alone reads both ways (a thousands comma, or 1.234): the other cells of the column decide
    assert parsing.parse_numbers(pd.Series(["1,234", "2,000"]))[0].tolist() == [1234.0, 2000.0]
    assert parsing.parse_numbers(pd.Series(["1,234", "12,5"]))[0].tolist() == [1.234, 12.5]
    assert parsing.parse_numbers(pd.Series(["1 234,5", "7"]))[0].tolist() == [1234.5, 7.0]
    assert parsing.parse_numbers(pd.Series(["1,234.5", "1,234"]))[0].tolist() == [1234.5, 1234.0]


def test_decimal_in_client_yaml_reads_every_number_column_of_the_table(tmp_path):
    # the amounts alone ("1,500", "2,250") read as thousands; decimal: ',' says they are 1.5 and 2.25
    yaml = SF_YAML.replace("    file: report.csv\n", "    file: report.csv\n    decimal: ','\n")
    report = ("Opportunity ID;Account Name;Stage;Amount;Created Date;Close Date\n"
              "O1;C1;Closed Won;1,500;25.03.2025;14.04.2025\nO2;C2;Closed Lost;2,250;01.02.2025;28.02.2025\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "report.csv": report}, yaml=yaml)
    run_intake(client)
    assert read_clean(client, "opportunities")["amount"].tolist() == [1.5, 2.25]


# --------------------------------------------------------------------------- dates

BITRIX_YAML = """client_name: Demo
tables:
  opportunities:
    file: deals.csv
    columns:
      opportunity_id: ID
      stage: {column: STAGE_ID, values: {WON: bid, LOSE: bid, NEW: discover}}
      status: {column: STAGE_ID, values: {WON: won, LOSE: lost, NEW: open}}
      created_date: DATE_CREATE
      close_date: CLOSEDATE
      amount: OPPORTUNITY
"""


def test_offset_dates_are_compared_by_calendar_day(tmp_path):
    # created 09:20 +03:00 and closed "midnight" the same day: no close-before-create, 0 days to win;
    # D2 created 2020-09-01 23:30 +03:00 (= 20:30 UTC) and won 2020-09-11: 10 days, not 9
    deals = ("ID,STAGE_ID,OPPORTUNITY,DATE_CREATE,CLOSEDATE\n"
             "D1,WON,100,2020-09-10T09:20:25+03:00,2020-09-10T00:00:00+03:00\n"
             "D2,WON,200,2020-09-01T23:30:00+03:00,2020-09-11T00:00:00+03:00\n"
             "D3,NEW,50,2020-09-12T10:00:00+03:00,2020-10-30T00:00:00+03:00\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "deals.csv": deals}, yaml=BITRIX_YAML)
    run_intake(client)
    assert not _rules(client, "date_order")
    opps = read_clean(client, "opportunities").set_index("opportunity_id")
    assert [str(d) for d in opps["created_date"]] == ["2020-09-10 00:00:00", "2020-09-01 00:00:00",
                                                      "2020-09-12 00:00:00"]
    cycle = cycle_times(None, opps.reset_index()).set_index("measure")
    assert cycle.at["opportunity_to_win", "n"] == 2
    assert cycle.at["opportunity_to_win", "median"] == 5.0  # (0 + 10) / 2
    [zone] = _rules(client, "timezone_assumed")
    assert zone["value"] == "UTC+03:00" and zone["column"] == "DATE_CREATE, CLOSEDATE"


def test_the_client_zone_is_decided_once_over_all_files_in_one_finding(tmp_path):
    # deals written at +03:00 (3 stamps), activities at +03:00 (2) and +05:00 (1): the client's zone is +03:00,
    # so the +05:00 call at 01:30 on 2020-09-11 (= 2020-09-10 23:30 at +03:00) falls on 2020-09-10
    deals = ("ID,STAGE_ID,OPPORTUNITY,DATE_CREATE,CLOSEDATE\n"
             "D1,WON,100,2020-09-10T09:20:25+03:00,2020-09-10\n"
             "D2,NEW,50,2020-09-12T10:00:00+03:00,\n"
             "D3,NEW,60,2020-09-13T10:00:00+03:00,\n")
    calls = ("OWNER_ID,RESPONSIBLE_ID,START_TIME\n"
             "D1,Ivan,2020-09-11T01:30:00+05:00\nD2,Olga,2020-09-12T11:00:00+03:00\nD2,Olga,2020-09-12T12:00:00+03:00\n")
    yaml = BITRIX_YAML + ("  activities:\n    file: calls.csv\n    columns:\n"
                          "      owner: RESPONSIBLE_ID\n      date: START_TIME\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "deals.csv": deals, "calls.csv": calls},
                         yaml=yaml)
    run_intake(client)
    [zone] = _rules(client, "timezone_assumed")
    assert zone["value"] == "UTC+03:00"
    assert zone["column"] == "deals.csv: DATE_CREATE; calls.csv: START_TIME"
    assert zone["fix"].startswith("converted to UTC+03:00, the most common offset in the client's files")
    acts = read_clean(client, "activities")
    assert [str(d.date()) for d in acts["date"]] == ["2020-09-10", "2020-09-12", "2020-09-12"]


def test_timezone_in_client_yaml_converts_offset_dates_and_asks_nothing(tmp_path):
    # 2020-09-01T23:30:00+03:00 is 2020-09-02 04:30 in Shanghai (UTC+8): the next calendar day
    deals = "ID,STAGE_ID,OPPORTUNITY,DATE_CREATE,CLOSEDATE\nD1,WON,100,2020-09-01T23:30:00+03:00,2020-09-10\n"
    yaml = BITRIX_YAML.replace("client_name: Demo\n", "client_name: Demo\ntimezone: Asia/Shanghai\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "deals.csv": deals}, yaml=yaml)
    run_intake(client)
    assert str(read_clean(client, "opportunities")["created_date"].iloc[0].date()) == "2020-09-02"
    assert not _rules(client, "timezone_assumed")


def test_placeholder_dates_are_no_date_counted_in_one_finding(tmp_path):
    opps = ("opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
            "O1,2025-01-10,bid,C1,open,100,1900-01-01\n"
            "O2,2025-01-11,bid,C2,open,100,3999-12-31\n"
            "O3,2025-01-12,bid,C2,won,100,2025-03-01\n"
            "O4,2025-01-13,bid,C2,open,100,1900-01-00\n"
            "O5,2025-01-14,bid,C2,open,100,0\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": opps})
    run_intake(client)
    [finding] = _rules(client, "placeholder_date")
    assert finding["column"] == "close_date"
    assert finding["value"] == "row 2: '1900-01-01'; row 3: '3999-12-31'; row 5: '1900-01-00'; row 6: '0'"
    assert read_clean(client, "opportunities")["close_date"].notna().tolist() == [False, False, True, False, False]
    assert not _rules(client, "implausible_date") and not _rules(client, "bad_date")


def test_a_placeholder_in_a_required_date_is_a_problem_naming_the_cell(tmp_path):
    opps = ("opportunity_id,created_date,stage,customer_id,status,amount\n"
            "O1,31.12.3999,bid,C1,open,100\nO2,25.01.2025,bid,C2,open,100\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": opps})
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    problem = only_problem(exc.value, "placeholder_date")
    assert (problem.file, problem.row, problem.column, problem.value) == ("opportunities.csv", 2, "created_date",
                                                                         "31.12.3999")
    assert "if_empty: keep" in problem.fix


def test_day_first_is_inferred_and_an_unsettled_column_names_the_convention(tmp_path):
    # created: 25.03 settles day-first; close: every day <= 12, so '.' is read day-first and named
    opps = ("opportunity_id,created_date,stage,customer_id,status,amount,close_date\n"
            "O1,25.03.2025,bid,C1,won,100,03.04.2025\n"
            "O2,01.02.2025,bid,C2,won,100,05.06.2025\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": opps})
    run_intake(client)
    clean = read_clean(client, "opportunities")
    assert [str(d.date()) for d in clean["close_date"]] == ["2025-04-03", "2025-06-05"]
    [found] = _rules(client, "ambiguous_date")
    assert found["column"] == "close_date"
    assert "read day first (03.04.2025 = 2025-04-03)" in found["fix"]
    assert "format: '%m.%d.%Y'" in found["fix"] and "已按“日在前”读取" in found["fix_zh"]


def test_an_explicit_format_wins_over_the_inference(tmp_path):
    opps = ("opportunity_id,created_date,stage,customer_id,status,amount\n"
            "O1,03.04.2025,bid,C1,open,100\nO2,05.06.2025,bid,C2,open,100\n")
    yaml = ("client_name: Demo\ntables:\n  opportunities:\n    columns:\n"
            "      created_date: {column: created_date, format: '%m.%d.%Y'}\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": opps}, yaml=yaml)
    run_intake(client)
    assert [str(d.date()) for d in read_clean(client, "opportunities")["created_date"]] == ["2025-03-04",
                                                                                            "2025-05-06"]
    assert not _rules(client, "ambiguous_date")


# --------------------------------------------------------------------------- missing columns and failures

def test_a_mapped_optional_column_missing_from_the_export_is_a_finding(tmp_path):
    yaml = SF_YAML.replace("      amount: Amount\n", "      amount: Amount\n      lost_reason: Loss Reason\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "report.csv": SF_REPORT}, yaml=yaml)
    run_intake(client)
    [missing] = _rules(client, "missing_optional_column")
    assert (missing["file"], missing["column"]) == ("report.csv", "Loss Reason")
    assert "found: Opportunity ID, Account Name, Stage, Amount, Created Date, Close Date" in missing["expected"]


def test_a_mapped_required_column_missing_stays_an_error(tmp_path):
    yaml = SF_YAML.replace("created_date: Created Date", "created_date: Date Created")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "report.csv": SF_REPORT}, yaml=yaml)
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    assert only_problem(exc.value, "missing_column").column == "Date Created"


def test_a_cell_that_makes_a_reader_fail_is_a_problem_naming_it(tmp_path, monkeypatch):
    """An error no rule foresaw while converting a column: a problem naming file, column, row and value."""
    real = parsing.parse_numbers

    def fragile(raw, **kwargs):
        if raw.astype(str).str.contains("2.000,00", regex=False).any():
            raise OverflowError("cannot convert")
        return real(raw, **kwargs)

    monkeypatch.setattr(parsing, "parse_numbers", fragile)
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "report.csv": SF_REPORT}, yaml=SF_YAML)
    with pytest.raises(DataValidationError) as exc:
        run_intake(client)
    problem = only_problem(exc.value, "unreadable_value")
    assert (problem.file, problem.column, problem.row, problem.value) == ("report.csv", "Amount", 4, "2.000,00")
    assert "OverflowError: cannot convert" in problem.expected


# --------------------------------------------------------------------------- the period's end

def test_the_period_ends_at_the_last_actual_event_and_later_rows_are_counted(tmp_path):
    # deals created up to 2020-09-12 and won 2020-09-11: the export was taken about then. The activities dated
    # 2020-10-05 and 2020-11-20 are scheduled and D3's close date 2020-10-30 is expected (D3 is open): none moves
    # the end, which is the last deal event, 2020-09-12; 2 activities and 1 close date are counted.
    deals = ("ID,STAGE_ID,OPPORTUNITY,DATE_CREATE,CLOSEDATE\n"
             "D1,WON,100,2020-09-10T09:20:25+03:00,2020-09-10T00:00:00+03:00\n"
             "D2,WON,200,2020-09-01T23:30:00+03:00,2020-09-11T00:00:00+03:00\n"
             "D3,NEW,50,2020-09-12T10:00:00+03:00,2020-10-30T00:00:00+03:00\n")
    acts = ("OWNER_ID,RESPONSIBLE_ID,START_TIME\n"
            "D1,7,2020-09-02T10:00:00+03:00\nD2,7,2020-09-09T15:00:00+03:00\n"
            "D3,8,2020-10-05T11:00:00+03:00\nD3,8,2020-11-20T11:00:00+03:00\n")
    yaml = BITRIX_YAML + "  activities:\n    file: acts.csv\n    columns: {date: START_TIME, owner: RESPONSIBLE_ID}\n"
    client = opened_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "deals.csv": deals, "acts.csv": acts},
                           yaml=yaml)
    assert [str(d.date()) for d in client.period] == ["2020-09-01", "2020-09-12"]
    assert str(client.as_of.date()) == "2020-09-12"
    later = {(f["table"], f["column"]): f["value"] for f in _rules(tmp_path, "after_last_event")}
    assert later == {("activities", "date"): "2 row(s): 4, 5", ("opportunities", "close_date"): "1 row(s): 4"}


def test_a_joined_file_takes_its_own_delimiter_and_decimal_mark(tmp_path):
    # the joined amounts "1,500" and "2,250" read as thousands alone; the join says ',' marks its decimals,
    # and '|' separates its fields although every line also splits on ','
    opps = ("opportunity_id,created_date,stage,customer_id,status\n"
            "O1,2025-01-10,bid,C1,won\nO2,2025-01-11,bid,C2,open\n")
    amounts = "deal|value,eur\nO1|1,500\nO2|2,250\n"
    yaml = ("client_name: Demo\ntables:\n  opportunities:\n    file: opportunities.csv\n"
            "    columns: {amount: 'value,eur'}\n"
            "    join: {file: amounts.csv, on: opportunity_id, right_on: deal, delimiter: '|', decimal: ','}\n")
    client = make_client(tmp_path, {"customers.csv": CUSTOMERS_CSV, "opportunities.csv": opps,
                                    "amounts.csv": amounts}, yaml=yaml)
    run_intake(client)
    assert read_clean(client, "opportunities")["amount"].tolist() == [1.5, 2.25]


# --------------------------------------------------------------------------- encodings

def test_a_windows_1251_export_with_russian_stage_names_is_read(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes("ID;STAGE_ID;TITLE\n1;Новая;Поставка оборудования\n2;Счёт выставлен;Сервис\n".encode("cp1251"))
    frame = read_source(path).frame
    assert frame["STAGE_ID"].tolist() == ["Новая", "Счёт выставлен"]


def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("Opportunity Name\tAmount\n合同 A\t1.234,5\n".encode("utf-16"))
    frame = read_source(path).frame
    assert frame.loc[0, "Opportunity Name"] == "合同 A"
    assert parsing.parse_numbers(frame["Amount"])[0].tolist() == [1234.5]


def test_excel_date_cells_and_serial_zero_as_placeholders():
    import datetime as dt

    from workbook.intake.dates import read_dates

    # calamine gives date cells as datetimes and Excel's day zero as the number 0
    cells = pd.Series([dt.datetime(1899, 12, 31), dt.datetime(2025, 3, 14, 16, 5), 0, 45000.0,
                       dt.datetime(2500, 1, 1)], dtype=object)
    read = read_dates(cells)
    assert read.placeholder.tolist() == [True, False, True, False, False]
    assert read.bad.tolist() == [False, False, False, False, True]  # 2500: no placeholder, no date either
    assert [str(d) for d in read.values.iloc[1:4:2]] == ["2025-03-14 16:05:00", "2023-03-15 00:00:00"]
