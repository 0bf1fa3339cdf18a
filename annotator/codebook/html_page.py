"""The codebook as one printable HTML page: the coders' manual of a project's scheme.

A research assistant hands coders the scheme on paper or as a PDF; the page
lists every code of every section with its key, label, colour, E-popup letter
and coding rule, then the positions and each variable's level of
measurement. It is self-contained (no scripts, no files beside it) and
prints on A4 or Letter with each section's table kept together.
"""

from __future__ import annotations

from html import escape

from annotator.codebook import SECTIONS, Codebook, type_letters

TITLES = {"entity_types": "Entity types (E)", "claim_categories": "Claim categories (C)",
          "attribution_kinds": "Attribution kinds (S)", "certainty": "Certainty levels"}

STYLE = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; margin: 2em auto;
       max-width: 52em; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.1em; }
p.meta { color: #666; margin-top: 0; }
h2 { font-size: 1.2em; border-bottom: 1px solid #bbb; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 0.3em 0.6em;
         border-bottom: 1px solid #ddd; }
th { background: #f3f3f3; }
code { font-size: 0.95em; }
td.nowrap { white-space: nowrap; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border: 1px solid #888;
          vertical-align: middle; margin-right: 0.4em; print-color-adjust: exact;
          -webkit-print-color-adjust: exact; }
@media print { body { margin: 0; max-width: none; } }
"""


def _cell(value: str | None) -> str:
    return escape(value, quote=False) if value else ""


def _section(book: Codebook, section: str) -> list[str]:
    codes = book.codes(section)
    entity = section == "entity_types"
    head = ["Key", "Label"] + (["Colour", "Letter"] if entity else []) + ["Coding rule"]
    rows = ["<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    letters = type_letters(codes) if entity else [""] * len(codes)
    for code, letter in zip(codes, letters):
        cells = [f"<code>{escape(code.key)}</code>", _cell(code.label)]
        if entity:
            swatch = (f'<span class="swatch" style="background:{escape(code.colour)}"></span>'
                      f"{escape(code.colour)}") if code.colour else ""
            cells += [swatch, escape(letter.upper())]
        cells.append(_cell(code.description))
        # the key, the colour's swatch with its code and the letter never break a line
        kept = {0, 2, 3} if entity else {0}
        rows.append("<tr>" + "".join(f'<td class="nowrap">{c}</td>' if i in kept
                                     else f"<td>{c}</td>" for i, c in enumerate(cells))
                    + "</tr>")
    return [f'<h2 id="{section}">{TITLES[section]}</h2>', "<table>", *rows, "</table>"]


def codebook_html(book: Codebook) -> str:
    """The whole page, as text to write to a ``.html`` file."""
    title = escape(book.name)
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f"<title>{title}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
             f"<h1>{title}</h1>",
             f'<p class="meta">Codebook version {book.version}. Keys are what the data files '
             "hold; labels are what the coding window shows.</p>"]
    for section in SECTIONS:
        parts += _section(book, section)
    parts += ['<h2 id="positions">Positions</h2>', "<table>",
              "<tr><th>Value</th><th>Meaning</th></tr>"]
    parts += [f"<tr><td><code>{value:+d}</code></td><td>{escape(label)}</td></tr>"
              .replace("+0", "0") for value, label in book.positions]
    parts += ["</table>", '<h2 id="levels">Levels of measurement</h2>',
              "<p>Reliability (Krippendorff's α) is computed at these levels; a variable not "
              "listed is nominal.</p>", "<table>",
              "<tr><th>Variable</th><th>Level</th></tr>"]
    parts += [f"<tr><td>{escape(variable)}</td><td>{escape(level)}</td></tr>"
              for variable, level in book.levels]
    parts += ["</table>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
