"""``annotator merge|assign|agreement``: the team's commands over several coders' work.

Thin click commands over ``Store.merge_projects``, ``Store.assign_articles`` and
``annotator.team``; ``cli.py`` adds them to the ``annotator`` group (as it adds
``codebook``), and the window's Team menu does the same work.
"""

from __future__ import annotations

import os

import click

from annotator.codebook import CodebookError
from annotator.spans import counted
from annotator.store import ProjectError


@click.command("merge")
@click.argument("target", type=click.Path(dir_okay=False))
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--prefer-source", is_flag=True,
              help="Where a coder's work diverged, replace the target's version with the source's.")
def merge_command(target: str, sources: tuple[str, ...], prefer_source: bool) -> None:
    """Fold other coders' project files (SOURCES) into TARGET, in one transaction.

    Articles match by content, coders by name, entities by normalised name or
    alias and type (near matches stay apart for the duplicates view). Running
    it again adds only what is new. Sources are only read; on a bad file or a
    conflict TARGET is left as it was and the exit status is 1.

    \b
    Example:
      annotator merge team.db ana.db ben.db
    """
    from annotator.cli import open_store
    from annotator.store.copying import remove_project_file
    from annotator.team.workflow import MergeConflict

    new = not os.path.exists(target) or os.path.getsize(target) == 0
    book = first_codebook(sources) if new else None
    try:
        with open_store(target, codebook=book) as store:
            try:
                change = store.merge_projects(sources, prefer_source=prefer_source)
            except (ProjectError, MergeConflict, ValueError) as exc:
                raise click.ClickException(str(exc)) from exc
    except click.ClickException as exc:
        if not new:
            raise
        remove_project_file(target)  # a misspelt or new target that got nothing is not kept
        raise click.ClickException(f"{exc.message} ({target} was not created)") from exc
    if new:
        click.echo(f"created {target} with the codebook of {sources[0]} ({book.name})")
    for report in change.after["reports"]:
        click.echo(report.summary())


def first_codebook(sources: tuple[str, ...]):
    """The codebook a new merge target starts with: its first source's, so a team of
    coders on their own scheme merges into a project that has it (not the default)."""
    from annotator.codebook import parse_codebook
    from annotator.store.opening import codebook_text_of

    try:
        return parse_codebook(codebook_text_of(sources[0]), f"{sources[0]}: its codebook")
    except (ProjectError, CodebookError) as exc:
        raise click.ClickException(f"{exc}; the target was not created") from exc


@click.command("assign")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.option("--coders", required=True, help="Comma-separated coder names: ana,ben,cem.")
@click.option("--overlap", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Share of articles coded by several coders, for reliability.")
@click.option("--overlap-coders", type=int, default=2, show_default=True,
              help="How many coders code each shared article.")
@click.option("--seed", type=int, help="Seed of the random split (printed if not given).")
@click.option("--replace", is_flag=True, help="Drop existing assignments and split all articles.")
def assign_command(db: str, coders: str, overlap: float, overlap_coders: int, seed: int | None,
                   replace: bool) -> None:
    """Split DB's unassigned articles among coders; a share is coded twice for reliability.

    \b
    Example:
      annotator assign project.db --coders ana,ben,cem --overlap 0.2 --seed 42
    """
    from annotator.cli import open_store

    with open_store(db) as store:
        try:
            after = store.assign_articles(coders.split(","), overlap, seed,
                                          overlap_coders=overlap_coders, replace=replace).after
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"assigned {counted(after['articles'], 'article')}, {after['shared']} shared "
               f"(seed {after['seed']})")
    for coder, n in after["per_coder"].items():
        click.echo(f"coder {coder}: {n}")


@click.command("agreement")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.option("--coders", help="Comma-separated coder names (default: every coder who coded"
              " independently, not an adjudicated gold one).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Also write agreement.csv and units x coders matrices for R / SPSS here.")
@click.option("--bootstrap", "samples", type=click.IntRange(min=0), default=10_000,
              show_default=True, help="Bootstrap samples for the 95% intervals (0: none).")
@click.option("--seed", type=int, default=None,
              help="Seed of the bootstrap (default: a fixed one, printed).")
@click.option("--units", type=click.Choice(["pooled", "article"]), default="pooled",
              show_default=True,
              help="Alpha pooled over all units, or computed per article and averaged.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Write an HTML report with plots and a methods paragraph to this file.")
def agreement_command(db: str, coders: str | None, out_dir: str | None, samples: int,
                      seed: int | None, units: str, report_path: str | None) -> None:
    """Intercoder agreement per coder pair and overall, on articles coded by two or more.

    Span F1 (exact, overlapping) of mentions and claims; Cohen's kappa and
    Krippendorff's alpha of entity types and identity, claim category, position,
    certainty and claimant, and the source, cue and kind of attributions;
    token-level alpha. Then, per variable, alpha at the level of measurement the
    codebook gives it, nominal alpha beside it, the bootstrap 95% interval and the
    chance that alpha is below .800 and .667.

    \b
    Example:
      annotator agreement team.db --coders ana,ben --out reliability/ --report rel.html
    """
    from annotator.cli import open_store
    from annotator.team.agreement import compute_agreement, format_agreement, write_agreement
    from annotator.team.bootstrap import DEFAULT_SEED
    from annotator.team.methods import assess
    from annotator.team.methods_text import format_reliability

    with open_store(db) as store:
        try:
            report = compute_agreement(store, coders.split(",") if coders else None)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        codebook = store.codebook()
        titles = store.article_titles(report.article_ids)
    click.echo(format_agreement(report))
    if not report.articles:
        return
    reliability = assess(report, codebook, units=units, samples=samples,
                         seed=DEFAULT_SEED if seed is None else seed)
    click.echo("")
    click.echo(format_reliability(reliability))
    if out_dir:
        from annotator.exporting.fileset import FileSetError
        try:
            written = write_agreement(report, out_dir)
        except FileSetError as exc:
            raise click.ClickException(str(exc)) from exc
        for path in written:
            click.echo(f"wrote {path}")
    if report_path:
        from annotator.team.report_html import write_report
        try:
            write_report(reliability, report_path, titles=titles)
        except OSError as exc:
            raise click.ClickException(f"{report_path}: cannot write the report: {exc}") from exc
        click.echo(f"wrote {report_path}")


TEAM_COMMANDS = (merge_command, assign_command, agreement_command)
