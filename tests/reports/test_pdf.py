"""PDF through headless chromium: printed offline with the embedded CJK font; a missing browser skips only the PDF."""
from __future__ import annotations

import pytest

from tests import render_fixtures
from tests.render_fixtures import OK, make_tiny_client
from workbook.reports.combined import build_reports
from workbook.reports.pdf import PdfUnavailable, chromium_path, print_pdf

rendered_pair = render_fixtures.rendered_pair  # the shared session fixture


def test_missing_browser_is_named_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBOOK_CHROMIUM", "/no/chromium")
    with pytest.raises(PdfUnavailable, match="/no/chromium not found; install it with `apt-get install -y chromium`"):
        chromium_path()
    with pytest.raises(PdfUnavailable):
        print_pdf(tmp_path / "report.html", tmp_path / "report.pdf")
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_pdf_embeds_the_cjk_font(rendered_pair):
    zephyr, quokka, _ = rendered_pair
    pdf = (quokka / "reports" / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000
    assert b"WorkbookCJK" in pdf or b"NotoSansCJK" in pdf  # no system CJK font is needed


@pytest.mark.slow
def test_without_chromium_everything_but_the_pdf_is_written(monkeypatch, tmp_path):
    from workbook.reports.execute import render_client

    client = make_tiny_client(tmp_path / "c", "C", ["Acme"])
    assert all(r.ok for r in render_client(client, only=["summary"], notebooks_dir=OK))
    monkeypatch.setenv("WORKBOOK_CHROMIUM", "/no/chromium")
    result = build_reports(client, lang="en", notebooks_dir=OK)
    assert result.status == "ok" and result.files == ["metrics.json", "report.html", "appendix.xlsx", "index.html"]
    assert result.notes == ["PDF skipped: /no/chromium not found (install: apt-get install -y chromium)"]
    assert not (client / "reports" / "report.pdf").exists()
    monkeypatch.delenv("WORKBOOK_CHROMIUM")
    again = build_reports(client, lang="en", notebooks_dir=OK)  # a note means the work is not up to date
    assert again.status == "ok" and "report.pdf" in again.files
