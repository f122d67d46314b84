"""PDF of the combined report, printed offline by Debian's headless chromium.

Chromium prints the self-contained report page (images and the CJK font are
embedded, remote scripts removed), so no network and no system CJK font are
needed. When the browser is missing, :func:`print_pdf` raises
:class:`PdfUnavailable` naming the path and the install command, and the batch
skips only the PDF.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from workbook.core.io import publish
from workbook.exceptions import PdfUnavailable, WorkbookError

CHROMIUM = "/usr/bin/chromium"
ENV_CHROMIUM = "WORKBOOK_CHROMIUM"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
         "--disable-dev-shm-usage")


def chromium_path() -> Path:
    """The chromium binary: ``$WORKBOOK_CHROMIUM`` or ``/usr/bin/chromium``; raises PdfUnavailable if absent."""
    path = os.environ.get(ENV_CHROMIUM) or CHROMIUM
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise PdfUnavailable(f"PDF skipped: {path} not found; install it with `apt-get install -y chromium` "
                             f"(or point ${ENV_CHROMIUM} at a chromium binary)", path=path)
    return Path(path)


def print_pdf(html_path: Path, pdf_path: Path, *, timeout: float = 180) -> Path:
    """Print ``html_path`` to ``pdf_path`` (atomically: a temporary file, then rename).

    Raises
    ------
    PdfUnavailable
        chromium is not installed.
    WorkbookError
        chromium failed or wrote no PDF; the message carries its last output lines.
    """
    browser = chromium_path()
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{pdf_path.name}.", suffix=".pdf", dir=pdf_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    profile = tempfile.mkdtemp(prefix="workbook-chromium-")  # own profile: parallel prints never collide
    try:
        tmp.unlink()
        command = [str(browser), *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
                   html_path.as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        if not tmp.exists() or tmp.stat().st_size == 0 or not tmp.read_bytes()[:5] == b"%PDF-":
            tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
            raise WorkbookError(f"chromium did not print {html_path.name} (exit {done.returncode}): {tail}")
        publish(tmp, pdf_path)
    except subprocess.TimeoutExpired as exc:
        raise WorkbookError(f"chromium took longer than {timeout:.0f} s printing {html_path.name}") from exc
    finally:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(profile, ignore_errors=True)
    return pdf_path
