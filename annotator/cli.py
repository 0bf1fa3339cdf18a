"""The ``annotator`` command: thin click commands over the library, database first.

``annotator [DB]`` and ``annotator --demo`` open the window; the other commands
(``import``, ``export``, ``stats``) run without a display.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from annotator import __version__
from annotator.cli_codebook import codebook_group
from annotator.cli_team import TEAM_COMMANDS
from annotator.codebook import Codebook, CodebookDiffers, CodebookError
from annotator.launch import names_a_project
from annotator.spans import counted
from annotator.store import ProjectError, Store
from annotator.store.errors import describe, is_fault

#: the export formats (``annotator.exporting.FORMATS``), named here so --help needs no import
EXPORT_FORMATS = ["csv", "jsonl", "xlsx", "sav", "dta", "brat", "doccano", "label-studio", "xmi"]


class DefaultToOpen(click.Group):
    """Treat ``annotator foo.db`` and ``annotator --demo`` as ``annotator open ...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # ctx.resilient_parsing: shell completion is asking; it completes commands itself
        if not ctx.resilient_parsing and (
                not args or (args[0] not in self.commands and args[0] not in (
                    "--help", "-h", "--version") and names_a_project(args[0]))):
            args = ["open", *args]
        return super().parse_args(ctx, args)


@contextmanager
def open_store(db: str, coder: str | None = None,
               codebook: str | Codebook | None = None) -> Iterator[Store]:
    """A project for one command; every failure becomes one line and exit status 1.

    A refused file, a full disk, a read-only or damaged project, a lock held
    past the timeout: ``Error: PATH: reason``, never a traceback. A change
    that failed was rolled back whole, so nothing stored is lost.
    """
    try:
        store = Store(db, coder=coder, codebook=codebook, check=True)
    except CodebookDiffers as exc:
        raise click.ClickException(
            f"{exc}. To make it {db}'s codebook: annotator codebook import {db} {codebook}"
            " (with --recode for codes in use that it lacks); to import into the project as "
            "it is, leave out --codebook") from exc
    except (ProjectError, CodebookError) as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.Error as exc:
        raise click.ClickException(describe(db, exc)) from exc
    try:
        with store:
            yield store
    except ProjectError as exc:
        raise click.ClickException(str(exc)) from exc
    except sqlite3.Error as exc:
        if not is_fault(exc):
            raise
        raise click.ClickException(describe(db, exc)) from exc
    except OSError as exc:  # an output file: full disk, no permission
        where = exc.filename or db
        raise click.ClickException(f"{where}: {exc.strerror or exc}") from exc


def tty_progress(label: str):
    """A progress callback drawing a bar on a terminal, silent when piped."""
    if not sys.stderr.isatty():
        return None, lambda: None
    bar = click.progressbar(length=1, label=label, file=sys.stderr)
    bar.__enter__()

    def progress(done: int, total: int, current: str) -> None:
        bar.length = max(total, 1)
        bar.update(done - bar.pos, current)

    return progress, lambda: bar.__exit__(None, None, None)


@click.group(cls=DefaultToOpen, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
def main() -> None:
    """Code entities, claims and source attributions in news articles.

    \b
    Examples:
      annotator                       the start screen: new, open, demo, recent projects
      annotator project.db            open the window on project.db
      annotator --demo                open a throw-away copy of the sample corpus
      annotator import project.db articles/
      annotator export project.db out/
      annotator stats project.db
    """


main.add_command(codebook_group)
for team_command in TEAM_COMMANDS:
    main.add_command(team_command)


@main.command("open")
@click.argument("db", required=False, type=click.Path(dir_okay=False))
@click.option("--demo", is_flag=True, help="Open a throw-away copy of the sample corpus.")
@click.option("--coder", help="Your name as a coder (asked for and remembered otherwise).")
def open_window(db: str | None, demo: bool, coder: str | None) -> None:
    """Open the annotation window on DB (none: the start screen, with the recent projects).

    \b
    Example:
      annotator open project.db --coder ana
    """
    from annotator.gui.app import run_window  # Qt loads only when a window is wanted

    sys.exit(run_window(db, coder=coder, demo=demo))


@main.command("import")
@click.argument("db", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False),
              help="A codebook TOML for a new project (default: the shipped one); an existing "
                   "project keeps its own, and a different one is refused.")
@click.option("--coder", help="Recorded in the edit log as the importer.")
@click.option("--mapping", metavar="FILE|NAME",
              help="TOML mapping of other tools' labels to the codebook, or a shipped "
                   "mapping's name (gum, polnear, doccano, label-studio); default: one that "
                   "reads all of them.")
@click.option("--brat-mapping", type=click.Path(exists=True, dir_okay=False),
              help="The old name of --mapping.")
@click.option("--folder-column", metavar="NAME",
              help="Keep each file's folder name in this field (e.g. category).")
def import_command(db: str, paths: tuple[str, ...], codebook: str | None,
                   coder: str | None, mapping: str | None, brat_mapping: str | None,
                   folder_column: str | None) -> None:
    """Import articles from files and folders into DB, with other tools' annotations.

    Text, JSONL, CSV, HTML; brat, doccano, Label Studio, WebAnno TSV and
    INCEpTION XMI bring their annotations, each under its coder. DB is
    created if it does not exist. Duplicates (same body) are skipped. A
    metadata.tsv beside the texts fills dates and outlets. Exits with status
    1 if any input failed.

    \b
    Examples:
      annotator import project.db scraped/ extra.jsonl
      annotator import project.db polnear/annotator-training/
      annotator import project.db gum/ --mapping gum
      annotator import project.db bbc-news/ --folder-column category
    """
    from annotator.importing import import_paths

    if not any(os.path.lexists(p) for p in paths):  # nothing to read: no project made either
        raise click.BadParameter(f"{', '.join(map(repr, paths))}: no such file or folder",
                                 param_hint="'PATHS...'")
    from annotator.importing.mapping import load_mapping, mapping_error

    try:  # read before the project is made: a bad one leaves none
        labels = load_mapping(mapping or brat_mapping)
    except (ValueError, OSError) as exc:
        where, _, reason = mapping_error(mapping or brat_mapping, exc)
        click.echo(f"error: {where}: {reason}", err=True)
        sys.exit(1)
    # a missing path among others is one "error: PATH: ..." line; the rest is imported
    with open_store(db, coder=coder, codebook=codebook) as store:
        progress, done = tty_progress("Importing")
        try:
            report = import_paths(store, [Path(p) for p in paths], progress=progress,
                                  mapping=labels,
                                  folder_column=folder_column)
        finally:
            done()
    for issue in report.issues():  # note: / warning: / error: PATH[:LINE]: reason
        click.echo(issue.format(), err=True)
    for summary in report.annotation_summaries():
        click.echo(summary)
    warned = f", warnings {len(report.warnings)}" if report.warnings else ""
    matched = f", copies of stored articles {report.matched} (annotations added)" \
        if report.matched else ""
    click.echo(f"imported {report.imported}{matched}, duplicates {report.duplicates}, "
               f"failed {report.failed}{warned}")
    if report.stopped:  # the articles stored before stay; a rerun skips them
        raise click.ClickException(f"{report.stopped} (the import stopped: the articles "
                                   "counted above are stored, and a rerun skips them)")
    if report.failed:  # warnings alone keep status 0: the records were imported
        sys.exit(1)


@main.command("export")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.argument("outdir", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv",
              show_default=True,
              help="csv: exact UTF-8 CSV for R, pandas, Stata; jsonl: JSON lines; xlsx: one "
                   "workbook for spreadsheets; sav / dta: SPSS / Stata files with the "
                   "codebook as value labels; brat, doccano, label-studio, xmi (INCEpTION): "
                   "the annotations for those tools, with a mapping.toml to import them back.")
@click.option("--excel", is_flag=True,
              help="CSV for spreadsheets: a BOM, and a ' before texts that would run as "
                   "formulas (=, +, -, @). Offsets no longer match such texts.")
def export_command(db: str, outdir: str, fmt: str, excel: bool) -> None:
    """Export articles, article_status, entities, mentions, claims, attributions,
    claims_flat and codebook.

    \b
    Examples:
      annotator export project.db out/                 exact CSV (R, pandas, Stata)
      annotator export project.db out/ --excel         CSV to open in a spreadsheet
      annotator export project.db out/ --format xlsx
      annotator export project.db out/ --format sav
      annotator export project.db for-inception/ --format xmi
    """
    from annotator.exporting import export_project
    from annotator.exporting.fileset import FileSetError

    if excel and fmt != "csv":  # refused before the project is opened: nothing is written
        raise click.UsageError(f"--excel shapes CSV for spreadsheets; --format {fmt} does not "
                               "write CSV (for a spreadsheet, use --format xlsx alone)")
    with open_store(db) as store:
        progress, done = tty_progress("Exporting")
        try:
            report = export_project(store, outdir, fmt=fmt, excel=excel, progress=progress)
        except FileSetError as exc:  # a full disk, no permission: one line, old files kept
            raise click.ClickException(str(exc)) from exc
        finally:
            done()
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for name, path in report.files.items():  # a workbook names its sheet
        where = path if path.stem == name else \
            f"{path} (sheet {name})" if path.suffix == ".xlsx" else f"{path} ({name})"
        click.echo(f"{where}\t{counted(report.rows[name], 'row')}")


@main.command("install-desktop")
def install_desktop_command() -> None:
    """Add Annotator to your desktop's application menu (a .desktop file and its icon).

    \b
    Example:
      annotator install-desktop       writes ~/.local/share/applications/annotator.desktop
    """
    from annotator.desktop_entry import install_desktop_entry

    try:
        written = install_desktop_entry()
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or 'desktop entry'}: "
                                   f"{exc.strerror or exc}") from exc
    for path in written:
        click.echo(f"wrote {path}")


@main.command("stats")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats_command(db: str, as_json: bool) -> None:
    """Print counts of articles, entities, annotations and each coder's progress.

    \b
    Example:
      annotator stats project.db --json
    """
    with open_store(db) as store:
        stats = store.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    for table, n in stats["counts"].items():
        click.echo(f"{table:<16}{n:>10,}")
    for row in stats["progress"]:
        click.echo(f"coder {row['coder']}: {row['status']} {row['n']:,}")
    for row in stats["entity_types"]:
        click.echo(f"type {row['type']}: {counted(row['entities'], 'entity')}, "
                   f"{counted(row['mentions'], 'mention')}")


@main.command("suggest")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--db", "db", type=click.Path(exists=True, dir_okay=False),
              help="A project whose known entities (names and aliases) are proposed.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per line.")
@click.option("--whole-file", is_flag=True,
              help="Offsets index the file's whole text as read, not the article body.")
@click.option("--spacy-model", metavar="NAME|FOLDER",
              help="An installed spaCy model (en_core_web_sm) or a model folder: its "
                   "sentences, and its parse if it has one, choose sources and contents.")
def suggest_command(files: tuple[str, ...], db: str | None, as_json: bool,
                    whole_file: bool, spacy_model: str | None) -> None:
    """Print what the program would propose for FILES: mentions of known entities and
    attributions (cue, source, content) found by rule.

    Offsets index the body as the importer reads it; with --whole-file, the
    file's whole text (to score against brat offsets). A file that cannot be
    read is one line (an "error" object with --json) and the rest goes on.

    \b
    Example:
      annotator suggest --db project.db articles/*.txt --json
    """
    from annotator.assist.files import file_proposals
    from annotator.assist.known_entities import KnownEntityMatcher

    attributions = _attribution_reader(spacy_model)
    if db is None:
        matcher = KnownEntityMatcher(())
    else:
        with open_store(db) as store:
            matcher = store.known_entity_matcher()
    failed = False
    for item in file_proposals(list(files), matcher, whole_file=whole_file,
                               attributions=attributions):
        failed |= item["kind"] == "error"
        if as_json:
            click.echo(json.dumps(item, ensure_ascii=False))
        elif item["kind"] == "error":
            click.echo(f"error: {item['file']}: {item['message']}", err=True)
        elif item["kind"] == "mention":
            click.echo(f"{item['file']}:{item['start']}-{item['end']}  {item['text']}  -> "
                       f"{item['matched']} [{item['entity_type']}, id {item['entity_id']}]")
        else:
            cue, source = item["cue"], item["source"]
            click.echo(f"{item['file']}:{cue['start']}-{cue['end']}  cue “{cue['text']}”, "
                       f"source {('“' + source['text'] + '”') if source else '—'}, "
                       f"{item['attribution_kind']}")
    if failed:
        sys.exit(1)


def _attribution_reader(spacy_model: str | None):
    """The rules alone, or the rules reading the named spaCy model (a usage error,
    exit 2, naming the model and what is missing, when it cannot be loaded)."""
    from annotator.assist.attributions import propose_attributions
    if spacy_model is None:
        return propose_attributions
    from annotator.assist.parsed import PipelineError, load_pipeline, propose_with_pipeline
    try:
        nlp = load_pipeline(spacy_model)
    except PipelineError as exc:
        raise click.BadParameter(str(exc), param_hint="--spacy-model") from exc
    return lambda text: propose_with_pipeline(text, nlp)


@main.command("dedupe")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.option("--threshold", type=click.IntRange(50, 100), default=None,
              help="Minimum similarity (0-100) of a proposed pair [default: 90].")
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON.")
@click.option("--possible", is_flag=True,
              help="Also list possible pairs (acronyms, surnames, one more word...), ranked.")
@click.option("--merge", "merge_ids", type=int, multiple=True,
              help="Merge these entity ids; the first one given is kept. Repeat the option.")
@click.option("--coder", help="Recorded in the edit log for a merge.")
def dedupe_command(db: str, threshold: int | None, as_json: bool, possible: bool,
                   merge_ids: tuple[int, ...], coder: str | None) -> None:
    """Print groups of entities that probably name one actor, or merge given ids.

    Likely groups are spelling variants of one name; with --possible, pairs
    that may be one actor follow, best first, each with its evidence. Pairs
    marked as different in the window are never proposed again.

    \b
    Examples:
      annotator dedupe project.db --threshold 92
      annotator dedupe project.db --possible
      annotator dedupe project.db --merge 12 --merge 40 --merge 41   (keeps 12)
    """
    with open_store(db, coder=coder) as store:
        if merge_ids:
            try:
                change = store.merge_entities(merge_ids[0], list(merge_ids[1:]))
            except (KeyError, ValueError) as exc:  # args[0]: a KeyError's str() adds quotes
                raise click.ClickException(str(exc.args[0] if exc.args else exc)) from exc
            kept = store.entity(merge_ids[0])
            click.echo(f"merged {len(change.after['merged'])} into {kept.name} "
                       f"(id {kept.id}); aliases: {', '.join(store.aliases(kept.id))}")
            return
        groups = store.duplicate_candidates(threshold=threshold, possible=possible)
    for group in groups:
        group.pop("pair", None)  # the features, for re-ranking in the window
    if as_json:
        click.echo(json.dumps(groups, indent=2, ensure_ascii=False))
        return
    for number, group in enumerate(groups, 1):
        why = "; ".join(group["evidence"] + [f"against: {a}" for a in group["against"]])
        click.echo(f"{group['tier']} {number} (score {group['score']}){': ' + why if why else ''}")
        for e in group["entities"]:
            mentions = f"{e['mentions']:,} mention{'' if e['mentions'] == 1 else 's'}"
            click.echo(f"  {e['id']:>6}  {e['name']}  [{e['type']}, {mentions}]")
    likely = sum(1 for g in groups if g["tier"] == "likely")
    click.echo(f"{likely} likely group{'' if likely == 1 else 's'}" + (
        f", {len(groups) - likely} possible pair{'' if len(groups) - likely == 1 else 's'}"
        if possible else ""))
