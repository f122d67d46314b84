"""The ``workbook`` command: one CLI, a verb per job. It parses and calls; the work lives in the package.

Exit codes: 0 success, 1 invalid data or a failed job, 2 usage errors.
No traceback unless ``--debug``.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click
from rich.table import Table as RichTable

from workbook.core.terminal import PlainConsole, visible
from workbook.exceptions import ConfigError, DataValidationError, Problem, WorkbookError

# a terminal sets its own width; a log or pipe gets wide tables instead of 80 folded columns. Client text (values,
# headers, names, paths) is printed as text: no markup, control characters shown (workbook.core.terminal)
console = PlainConsole(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err_console = PlainConsole(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else 160)
MULTILINE_FIELDS = ("message", "error")  # a message's fields that hold a message of several lines
QUIET_RULES = ("empty_optional", "derived_empty", "ignored_file", "ignored_sheet")  # intake.quality.INFO_RULES too
PROBLEM_ROWS_SHOWN = 60


class TextPath(click.Path):
    """``click.Path`` whose errors show the path as text: a folder name's control characters as escapes."""

    def fail(self, message: str, param=None, ctx=None):
        super().fail(visible(message, newlines=True), param, ctx)


def _lang(explicit: str | None, client_dir: Path | None = None) -> str:
    if explicit:
        return explicit
    if client_dir is not None and (client_dir / "client.yaml").exists():
        try:
            from workbook.core.config import load_config

            return load_config(client_dir).language
        except ConfigError:
            pass
    return os.environ.get("WORKBOOK_LANG", "zh") if os.environ.get("WORKBOOK_LANG") in ("zh", "en") else "zh"


def _msg(key: str, lang: str, **fmt) -> str:
    """A message with its text fields (names, paths, values) shown by :func:`visible`: a line break in a
    value cannot start a line of its own; the fields in ``MULTILINE_FIELDS`` keep theirs."""
    from workbook.core.i18n import t

    shown = {name: visible(value, newlines=name in MULTILINE_FIELDS) if isinstance(value, str | os.PathLike)
             else value for name, value in fmt.items()}
    return t(key, lang, **shown)


def _error_text(exc: BaseException, kwargs: dict) -> str:
    """``str(exc)`` with the folders given on the command line shown by :func:`visible`: the message keeps its
    own lines, a line break in a folder's name does not start one."""
    text = str(exc)
    folders = [kwargs.get("client_dir"), kwargs.get("path"), *(kwargs.get("client_dirs") or ())]
    forms = {form for folder in folders if folder is not None
             for form in (str(folder), str(Path(folder).resolve()), Path(folder).name)}
    for form in sorted(forms, key=len, reverse=True):
        if form and form != visible(form):
            text = text.replace(form, visible(form))
    return text


def common(func):
    """Add ``--lang`` and ``--debug`` to a verb and turn kit errors into messages and exit codes."""

    @click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                  help="Message language (default: the client's config, else zh).")
    @click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
    @functools.wraps(func)
    def wrapper(*args, debug: bool = False, **kwargs):
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except DataValidationError as exc:
            if debug:
                raise
            lang = _lang(kwargs.get("lang"), kwargs.get("client_dir"))
            _print_problems(exc.problems, lang, kwargs.get("client_dir"))
            sys.exit(1)
        except ConfigError as exc:
            if debug:
                raise
            err_console.print(_msg("error.config", _lang(kwargs.get("lang")), message=_error_text(exc, kwargs)),
                              markup=False)
            sys.exit(1)
        except (WorkbookError, FileExistsError, FileNotFoundError, PermissionError) as exc:
            if debug:
                raise
            err_console.print(f"error: {_error_text(exc, kwargs)}", markup=False)
            sys.exit(1)
        except Exception as exc:  # unexpected: short message, traceback with --debug
            if debug:
                raise
            err_console.print(f"unexpected error: {type(exc).__name__}: {_error_text(exc, kwargs)} "
                              "(run again with --debug for details)", markup=False)
            sys.exit(1)

    return wrapper


def _problem_table(problems: list[Problem], lang: str, title: str | None = None) -> RichTable:
    keys = ["table", "file", "sheet", "row", "column", "value", "expected", "fix"]
    table = RichTable(title=title, show_lines=False, expand=False)
    for key in keys:
        table.add_column(_msg(f"col.{key}", lang), overflow="fold")
    for p in problems[:PROBLEM_ROWS_SHOWN]:
        d = {**p.as_dict(), "expected": p.expected_in(lang), "fix": p.fix_in(lang)}
        table.add_row(*[visible(d[k]) for k in keys])
    return table


def _print_problems(problems: list[Problem], lang: str, client_dir: Path | None) -> None:
    err_console.print(_msg("validate.invalid", lang, n=len(problems)), markup=False)
    err_console.print(_problem_table(problems, lang))
    if len(problems) > PROBLEM_ROWS_SHOWN and client_dir is not None:
        from workbook.intake.validate import write_problems

        path = write_problems(problems, client_dir)
        err_console.print(_msg("validate.more", lang, path=path), markup=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="sales-workbook-kit")
def main() -> None:
    """Sales-consulting workbooks: CRM exports -> customer inventory, quality matrix,
    funnel diagnosis, time allocation -> client-ready reports."""


@main.command()
@click.argument("client_dir", type=TextPath(path_type=Path))
@click.option("--seed", type=int, default=7, show_default=True, help="Random seed; same seed, same files.")
@click.option("--scale", type=click.Choice(["tiny", "small", "medium", "large"]), default="small", show_default=True,
              help="tiny: 3k leads (many clients in tests); small: ~20k leads; large: >= 1M leads for benchmarks.")
@click.option("--force", is_flag=True, help="Replace the data and client.yaml of an existing folder.")
@common
def sample(client_dir: Path, seed: int, scale: str, force: bool, lang: str | None) -> None:
    """Write a synthetic client folder (Chinese B2B equipment maker), ready to validate and render."""
    from workbook.intake.sample import make_sample

    make_sample(client_dir, seed=seed, scale=scale, force=force,
                progress=lambda step: err_console.print(f"  {visible(step)}", markup=False))
    console.print(_msg("sample.done", _lang(lang), path=client_dir), markup=False)


@main.command()
@click.argument("client_dir", type=TextPath(path_type=Path))
@click.option("--name", default=None, help="Client name written into client.yaml (default: the folder name).")
@click.option("--preset", default=None, metavar="NAME",
              help="Column map for a CRM export: salesforce, hubspot, bitrix24, cordys-crm, cn-crm, maven-crm, "
                   "mql-deals.")
@common
def new(client_dir: Path, name: str | None, preset: str | None, lang: str | None) -> None:
    """Create an empty engagement: client.yaml with every key commented, data/raw/ and the intake template."""
    from workbook.intake.presets import client_yaml
    from workbook.intake.template import TEMPLATE_NAME, write_template

    lang = _lang(lang)
    if (client_dir / "client.yaml").exists():
        raise FileExistsError(f"{client_dir / 'client.yaml'} already exists; choose another folder")
    text = client_yaml(name or client_dir.resolve().name, preset=preset)
    (client_dir / "data" / "raw").mkdir(parents=True, exist_ok=True)
    (client_dir / "client.yaml").write_text(text, encoding="utf-8")
    write_template(client_dir / TEMPLATE_NAME[lang], lang=lang)
    console.print(_msg("new.done", lang, path=client_dir), markup=False)


@main.command()
@click.argument("path", type=TextPath(path_type=Path))
@common
def template(path: Path, lang: str | None) -> None:
    """Write the intake template (.xlsx): a sheet per table, drop-downs, a data dictionary."""
    from workbook.intake.template import write_template

    if path.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"{path}: the template is an .xlsx file", param_hint="FILE.xlsx")
    lang = _lang(lang)
    write_template(path, lang=lang)
    console.print(_msg("template.done", lang, path=path), markup=False)


@main.command()
@click.argument("client_dir", type=TextPath(path_type=Path, exists=True, file_okay=False))
@common
def validate(client_dir: Path, lang: str | None) -> None:
    """Intake: read data/raw/, check every cell, write data/clean/ only if all is valid."""
    from workbook.core.lock import client_lock
    from workbook.intake.validate import run_intake

    lang = _lang(lang, client_dir)
    with client_lock(client_dir):  # a render of this client, or another validate, fails at once and names it
        result = run_intake(client_dir, progress=lambda step: err_console.print(f"  {visible(step)}", markup=False))
    summary = result.summary()
    table = RichTable(title=visible(result.config.client_name))
    for col in ("table", "source", "rows", "fields"):
        table.add_column(_msg(f"summary.{col}", lang) if col != "source" else _msg("col.file", lang))
    for row in summary.itertuples(index=False):
        table.add_row(visible(row.table), visible(row.source), f"{row.rows:,}", visible(row.fields))
    console.print(table)
    if result.findings:
        console.print(_msg("validate.findings", lang, n=len(result.findings)), markup=False)
        loud = [p for p in result.findings if p.rule not in QUIET_RULES]
        if loud:
            console.print(_problem_table(loud, lang))
        for p in result.findings:
            if p.rule in QUIET_RULES:
                what = p.column if p.rule in ("empty_optional", "derived_empty") else (p.sheet or p.file)
                console.print(f"  - {visible(p.table or p.file)}: {p.rule}: {visible(what)}", markup=False)
    console.print(_msg("validate.ok", lang, tables=len(summary), rows=f"{int(summary['rows'].sum()):,}"),
                  markup=False)


def _print_evidence(proposal, lang: str) -> None:
    """Each written line of the map with what it rests on (header, values, preset, the stages)."""
    console.print(_msg("map.evidence", lang), markup=False)
    sep = _msg("fmt.list_sep", lang)
    for source in proposal.sources:
        for m in source.matches if source.table else ():
            how = sep.join(_msg(f"map.how.{code}", lang) for code in m.how.split("+"))
            console.print(f"  tables.{visible(source.table)}.columns.{visible(m.field)}: {visible(m.column)}  # {how}",
                          markup=False)


@main.command(name="map")
@click.argument("client_dir", type=TextPath(path_type=Path, exists=True, file_okay=False))
@click.option("--write", is_flag=True, help="Merge the proposal into DIR/client.yaml (backup client.yaml.bak).")
@click.option("--interactive", is_flag=True, help="Ask each open decision (the likely answer is the default), "
                                                   "then write the map with the answers.")
@common
def map_(client_dir: Path, write: bool, interactive: bool, lang: str | None) -> None:
    """Mapping assistant: read the raw files in DIR/data/raw (or DIR), propose a tables: column map for each
    file from its headers and values, print it with a confidence per field and the unmatched columns."""
    from workbook.intake.mapping import propose
    from workbook.intake.notes import text
    from workbook.intake.yamlmerge import write_proposal

    lang = _lang(lang, client_dir)
    proposal = propose(client_dir)
    if proposal.recognised is not None:
        known = proposal.recognised
        console.print(_msg("map.recognised", lang, name=known.name, found=known.found, total=known.total,
                           preset=known.preset), markup=False)
    for source in proposal.sources:
        if source.table is None:
            console.print(_msg("map.no_table", lang, where=source.where), markup=False)
        else:
            table = RichTable(title=_msg("map.source", lang, where=source.where, table=source.table,
                                         confidence=f"{source.table_confidence:.2f}"), title_justify="left")
            for col in ("field", "column", "confidence", "how"):
                table.add_column(_msg(f"map.col.{col}", lang), overflow="fold")
            for m in source.matches:
                how = _msg("fmt.list_sep", lang).join(_msg(f"map.how.{code}", lang) for code in m.how.split("+"))
                table.add_row(visible(m.field), visible(m.column), f"{m.confidence:.2f}", how)
            console.print(table)
        console.print(_msg("map.unmatched", lang, columns=", ".join(source.unmatched) or _msg("map.none", lang)),
                      markup=False)
        for note in source.notes:
            console.print(_msg("map.note", lang, note=text(note, lang)), markup=False)
    for note in proposal.notes:
        console.print(_msg("map.note", lang, note=text(note, lang)), markup=False)
    if interactive and proposal.questions:
        answers = {q.value: click.prompt(_msg("map.ask", lang, value=q.value, rows=q.rows,
                                              evidence=text(q.evidence, lang)),
                                         type=click.Choice(["won", "lost", "open"]), default=q.likely)
                   for q in proposal.questions}
        proposal = proposal.answer(answers)
    if not any(source.table for source in proposal.sources):
        err_console.print(_msg("map.nothing", lang, path=proposal.raw_dir), markup=False)
        sys.exit(1)
    write = write or interactive
    for q in proposal.questions:
        if not write or q.value not in (proposal.plan.answered if proposal.plan else ()):
            console.print(_msg("map.guess", lang, value=q.value, likely=q.likely, evidence=text(q.evidence, lang)),
                          markup=False)
    if write:
        done = write_proposal(client_dir, proposal)
        console.print(_msg("map.written", lang, path=done.path, backup=done.backup, added=len(done.added),
                           kept=len(done.kept)), markup=False)
        for conflict in done.conflicts:
            console.print(_msg("map.conflict", lang, conflict=conflict), markup=False)
        if done.stages:
            console.print(_msg("map.stages", lang, stages=", ".join(done.stages)), markup=False)
        _print_evidence(proposal, lang)
    else:
        console.print(_msg("map.hint", lang, path=client_dir / "client.yaml"), markup=False)


@main.command()
@click.argument("client_dirs", nargs=-1, required=True,
                type=TextPath(path_type=Path, exists=True, file_okay=False))
@click.option("--only", default=None, help="Notebook names, comma-separated (quality_matrix or 02_quality_matrix).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Notebooks run at once (default: the number of cores).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs the dask extra; shared folders).")
@click.option("--formats", default="html,xlsx,pdf", show_default=True,
              help="Combined outputs: html (report.html), xlsx (appendix.xlsx), pdf (report.pdf).")
@click.option("--force", is_flag=True, help="Re-run notebooks whose inputs have not changed.")
@click.option("--engine", type=click.Choice(["warm", "papermill"]), default="warm", show_default=True,
              help="warm: each worker reuses one kernel that has imported the kit; papermill: a kernel per notebook.")
@click.option("--portfolio", "portfolio_dir", type=TextPath(path_type=Path, file_okay=False), default=None,
              help="Add \"how this client compares\" to the summary, from FOLDER/portfolio.json.")
@click.option("--templates", "templates_dir", type=TextPath(path_type=Path, file_okay=False), default=None,
              help="The firm's templates folder (firm.yaml: name, logo, colours, font); default: templates: in "
                   "client.yaml, else the kit's templates/.")
@common
def render(client_dirs: tuple[Path, ...], only: str | None, jobs: int | None, scheduler: str | None, formats: str,
           force: bool, engine: str, portfolio_dir: Path | None, templates_dir: Path | None,
           lang: str | None) -> None:
    """Render every notebook for each client, in parallel, into DIR/reports/: executed notebooks, HTML pages,
    the combined report (HTML, PDF), appendix.xlsx, metrics.json and index.html."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from workbook.core.notebooks import list_notebooks
    from workbook.reports.batch import check_formats, render_batch

    ui = _lang(lang, client_dirs[0] if len(client_dirs) == 1 else None)
    chosen = check_formats(formats)
    if portfolio_dir is not None:  # before any notebook runs: a missing or foreign portfolio.json is an error
        from workbook.reports.portfolio import read_portfolio_json

        read_portfolio_json(portfolio_dir)
    from workbook.reports.combined import client_firm

    for client_dir in client_dirs:  # before any notebook runs: a missing folder or a bad firm.yaml is an error
        client_firm(client_dir, templates_dir)
    notebooks = list_notebooks(only.split(",") if only else None)
    with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=False) as progress:
        task = progress.add_task("render", total=len(client_dirs) * len(notebooks))

        def advance(result) -> None:
            progress.update(task, advance=1, description=visible(f"{result.client} / {result.notebook}"))

        batch = render_batch(list(client_dirs), only=only.split(",") if only else None, formats=chosen, lang=lang,
                             force=force, jobs=jobs, scheduler=scheduler, engine=engine, on_result=advance,
                             portfolio=portfolio_dir, templates=templates_dir)
    table = RichTable()
    for col in ("client", "notebook", "status", "seconds", "where"):
        table.add_column(_msg(f"render.col.{col}", ui), overflow="fold")
    for r in batch.notebooks:
        where = "" if r.ok else visible(f"{r.cell}: {r.ename}: {r.evalue}", newlines=True)
        table.add_row(visible(r.client), visible(r.notebook), _msg(f"render.status.{r.status}", ui),
                      f"{r.seconds:.1f}", where)
    for r in batch.reports:
        where = r.error or "; ".join(r.notes)
        table.add_row(visible(r.client), "report", _msg(f"render.status.{r.status}", ui), f"{r.seconds:.1f}",
                      visible(where, newlines=True))
    console.print(table)
    for note in sorted({note for r in batch.reports for note in r.notes}):
        err_console.print(note, markup=False)
    for client_dir in client_dirs:
        console.print(render_summary(batch, client_dir, _lang(lang, client_dir)), markup=False)
    if not batch.ok:
        sys.exit(1)


def render_summary(batch, client_dir: Path, lang: str) -> str:
    """The last line for one client: how many notebooks ran ok, and whether its report was written."""
    name = client_dir.resolve().name
    mine = [r for r in batch.notebooks if r.client == name]
    report = next((r for r in batch.reports if r.client == name), None)
    counts = {"client": name, "n": len(mine), "ok": sum(r.ok for r in mine), "failed": sum(not r.ok for r in mine)}
    from workbook.reports.combined import INDEX, REPORT_HTML
    from workbook.reports.execute import REPORTS

    reports = client_dir / REPORTS
    if counts["failed"]:
        return _msg("render.summary.failed", lang, index=reports / INDEX, **counts)
    if report is not None and not report.ok:
        return _msg("render.summary.report_failed", lang, error=report.error, **counts)
    key = "render.summary.up_to_date" if report is not None and report.status == "skipped" else "render.summary.ok"
    return _msg(key, lang, path=reports / REPORT_HTML, **counts)


@main.command()
@click.argument("client_dirs", nargs=-1, required=True, type=TextPath(path_type=Path, file_okay=False))
@click.option("--out", "out", type=TextPath(path_type=Path), default=Path("portfolio"), show_default=True,
              help="Folder for portfolio.html, .pdf, .json and .xlsx (created when missing).")
@click.option("--names", is_flag=True, help="Show the clients' names (default: Client A, Client B ...).")
@common
def portfolio(client_dirs: tuple[Path, ...], out: Path, names: bool, lang: str | None) -> None:
    """Compare rendered clients on the figures that travel (from each DIR/reports/metrics.json): one page
    (HTML, PDF) ranking them, with each client's percentile among the others, and portfolio.json."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from workbook.reports.portfolio import read_portfolio, write_portfolio

    lang = _lang(lang)
    with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True, disable=len(client_dirs) < 20) as progress:
        task = progress.add_task(_msg("portfolio.reading", lang), total=len(client_dirs))
        compared = read_portfolio(client_dirs, on_read=lambda _: progress.update(task, advance=1))
    done = write_portfolio(compared, out, lang=lang, names=names)
    lacking = {code: n for code, n in done.lacking.items() if n}
    console.print(_msg("portfolio.done", lang, n=done.clients, path=out / "portfolio.html"), markup=False)
    if lacking:
        figures = _msg("fmt.list_sep", lang).join(f"{_msg(f'pf.fig.{code}', lang)} {n}" for code, n in lacking.items())
        console.print(_msg("portfolio.lacking", lang, figures=figures), markup=False)


@main.command()
@click.argument("client_dir", type=TextPath(path_type=Path, exists=True, file_okay=False))
@click.option("--notebook", default=None, metavar="NAME",
              help="Serve one notebook (quality_matrix or 02_quality_matrix).")
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True, help="Port on 127.0.0.1.")
@click.option("--preheat", is_flag=True, help="Run each page in advance in a waiting kernel: pages open at once.")
@common
def present(client_dir: Path, notebook: str | None, port: int, preheat: bool, lang: str | None) -> None:
    """Workshop mode: the notebooks as code-free Voila pages for this client on 127.0.0.1, until Ctrl-C.
    Each page's "save these settings" button writes the room's decisions into DIR/client.yaml."""
    from workbook.workshop.present import present as serve

    sys.exit(serve(client_dir, notebook=notebook, port=port, preheat=preheat,
                   echo=lambda line: console.print(line, markup=False)))


@main.command()
@click.argument("client_dir", type=TextPath(path_type=Path, exists=True, file_okay=False))
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port on 127.0.0.1 (default: 8888 or free).")
@common
def lab(client_dir: Path, port: int | None, lang: str | None) -> None:
    """The analyst's JupyterLab on the kit's notebooks for this client (live widgets, the kit's CJK font),
    on 127.0.0.1 until Ctrl-C."""
    from workbook.workshop.lab import run_lab

    sys.exit(run_lab(client_dir, port=port, echo=lambda line: console.print(line, markup=False)))


if __name__ == "__main__":  # pragma: no cover
    main()
