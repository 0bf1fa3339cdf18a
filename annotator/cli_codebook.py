"""``annotator codebook export|import|html``: a project's codebook as TOML or a printable page.

Thin commands over ``codebook_toml``, ``codebook_html`` and
``Store.change_codebook``; the window's Edit ▸ Codebook… does the same.
"""

from __future__ import annotations

from pathlib import Path

import click

from annotator.codebook import CodebookError, load_codebook


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write: {exc.strerror or exc}") from exc
    click.echo(f"wrote {path}")


@click.group("codebook")
def codebook_group() -> None:
    """Export, import or print a project's codebook.

    \b
    Examples:
      annotator codebook export project.db codebook.toml
      annotator codebook import project.db codebook.toml --recode type:EVENT=OTHER
      annotator codebook html project.db manual.html
    """


def _write_codebook(db: str, file: str, render) -> None:
    from annotator.cli import open_store

    with open_store(db) as store:
        text = render(store.codebook())
    _write(file, text)


@codebook_group.command("export")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.argument("file", type=click.Path(dir_okay=False))
def export_codebook(db: str, file: str) -> None:
    """Write DB's codebook to FILE as TOML (what ``import --codebook`` reads).

    \b
    Example:
      annotator codebook export project.db codebook.toml
    """
    from annotator.codebook.toml_file import codebook_toml

    _write_codebook(db, file, codebook_toml)


@codebook_group.command("html")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.argument("file", type=click.Path(dir_okay=False))
def html_codebook(db: str, file: str) -> None:
    """Write DB's codebook to FILE as a printable HTML page for the coders' manual.

    \b
    Example:
      annotator codebook html project.db manual.html
    """
    from annotator.codebook.html_page import codebook_html

    _write_codebook(db, file, codebook_html)


@codebook_group.command("import")
@click.argument("db", type=click.Path(exists=True, dir_okay=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--recode", "recodes", multiple=True, metavar="SECTION:OLD=NEW",
              help="Where the annotations of a code FILE lacks go: type:EVENT=OTHER, "
                   "category:rumour= (none); sections type, category, kind, certainty. "
                   "Repeat for each code.")
@click.option("--coder", help="Recorded in the edit log.")
def import_codebook(db: str, file: str, recodes: tuple[str, ...], coder: str | None) -> None:
    """Make FILE (TOML) DB's codebook, raising its version.

    Refused, with the codes named, when annotations use codes FILE lacks and
    no --recode says where they go.

    \b
    Example:
      annotator codebook import project.db codebook.toml --recode type:EVENT=OTHER
    """
    from annotator.cli import open_store
    from annotator.codebook.edit import parse_recode, replace_codebook

    try:
        book = load_codebook(file)
        recode = tuple(parse_recode(r) for r in recodes)
    except CodebookError as exc:
        raise click.ClickException(str(exc)) from exc
    with open_store(db, coder=coder) as store:
        try:
            change = store.change_codebook(replace_codebook(store.codebook(), book, recode))
        except CodebookError as exc:
            how = (" with --recode SECTION:OLD=NEW (SECTION one of type, category, kind, "
                   "certainty; NEW empty for no code)") if not recode else ""
            raise click.ClickException(f"{db}: {exc}{how}") from exc
        version = store.codebook_version()
        moved = [f"recoded {store.usage_text(m['section'], m['old'], len(m['ids']))} -> "
                 f"{m['new'] or '(none)'}" for m in (change.after["moved"] if change else ())]
    if change is None:
        click.echo(f"{db}: the codebook is already that of {file} (version {version})")
        return
    for line in moved:
        click.echo(line)
    click.echo(f"{db}: codebook {book.name}, version {version}")
