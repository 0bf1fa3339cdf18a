"""A fuzzer over every reader, through ``import_paths`` into a real Store.

Each example writes real files into a fresh folder: random bytes under every
extension, and valid files of each format with bad lines, items, rows or
annotations mixed in among good ones. Beside them lies one good text article,
which must always be stored. What must hold, whatever the input:

- no exception escapes ``import_paths``;
- no reader fails in a way it did not foresee (``could not read the file (...)``
  is a reader's bug turned into an error line);
- every issue names one of the files, and a line where the fault is a line's;
- the good records around a bad one are stored.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.importing import ImportReport, import_paths
from annotator.store import Store

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Text for bad lines: anything printable, but no line break (a bad *line*) and none of
#: the C0 controls that make a whole file read as binary.
LINE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60)
#: Issues that concern a whole file, so they name no line.
FILE_LEVEL = ("empty file", "binary file", "no header row", "not valid", "a JSON document of",
              "an HTML page of", "a text file of", "no article text", "no body",
              "text in an encoding", "no text file")

ANCHOR = "Anchor article\n\nThe anchor body is always stored.\n"


def run(files: dict[str, bytes | str]) -> tuple[ImportReport, list[str], Path]:
    """Import ``files`` (name -> content) plus the anchor; return the report and bodies."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, content in {"anchor.txt": ANCHOR, **files}.items():
            data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) \
                else content
            (folder / name).write_bytes(data)
        with Store(None, coder="fuzz") as store:
            report = import_paths(store, [folder])
            stored = [store.article(i).body for i in store.article_ids()]
            check(report, folder, files)
        return report, stored, folder


def check(report: ImportReport, folder: Path, files: dict) -> None:
    names = {str(folder / name) for name in files}
    for issue in report.errors + report.warnings:
        assert issue.path in names, issue.format()
        assert not issue.reason.startswith("could not read the file ("), issue.format()
        lined = issue.path.endswith((".jsonl", ".csv", ".ann")) and files.get(
            Path(issue.path).name) is not None
        if lined and issue.severity == "error" and not issue.reason.startswith(FILE_LEVEL):
            assert issue.line is not None, issue.format()


def assert_stored(stored: list[str], markers: list[str], report: ImportReport) -> None:
    assert "The anchor body is always stored." in stored, report.format()
    for marker in markers:
        assert any(marker in body for body in stored), (marker, report.format())


# -- random bytes under every extension ----------------------------------------------------


@FUZZ
@given(st.sampled_from(["x.txt", "x.jsonl", "x.json", "x.csv", "x.html", "x.tsv", "x"]),
       st.binary(max_size=3000))
def test_random_bytes(name, data):
    report, stored, _ = run({name: data})
    assert_stored(stored, [], report)


# -- JSON Lines with bad lines among good ones ----------------------------------------------


def good_record(n: int) -> dict:
    return {"title": f"Good {n}", "date": "2016-11-05", "text": f"Body GOOD{n}X of a record."}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | LINE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(LINE_TEXT, inner, max_size=3),
    max_leaves=8)

BAD_LINE = st.one_of(
    LINE_TEXT,
    st.builds(lambda n, k: json.dumps(good_record(n))[:k], st.integers(0, 99), st.integers(1, 30)),
    JSON_VALUES.map(json.dumps),
    st.sampled_from([10, 900, 3_000, 60_000]).map(lambda d: "[" * d + "]" * d),
    st.sampled_from([900, 3_000]).map(lambda d: '{"text": "x", "deep": ' + "[" * d + "]" * d
                                      + "}"),
    st.sampled_from(['{"text": 5}', '{"text": [1, {"name": "x"}]}', '{"text": {"name": null}}',
                     '{"text": true}', '{"title": "no body"}', '{"text": "' + "9" * 5000 + '"}',
                     '{"text": 1e999}', '[{"text": "an array line"}]', "{}", "null",
                     '{"text": "\\ud800 lone"}', '{"\\udfff": "key", "text": "odd key"}']),
)


@FUZZ
@given(st.lists(st.one_of(st.none(), BAD_LINE), min_size=1, max_size=12),
       st.sampled_from(["\n", "\r\n"]))
def test_jsonl_bad_lines_among_good_ones(lines, newline):
    """``None`` marks where a good record goes; every other entry is a bad line."""
    text, markers = [], []
    for i, line in enumerate(lines):
        if line is None:
            text.append(json.dumps(good_record(i)))
            markers.append(f"GOOD{i}X")
        else:
            text.append(line)
    report, stored, _ = run({"feed.jsonl": newline.join(text) + newline})
    assert_stored(stored, markers, report)


# -- JSON documents: semantically bad items, or a broken tail -------------------------------


@FUZZ
@given(st.lists(st.one_of(st.none(), JSON_VALUES), min_size=1, max_size=10),
       st.sampled_from([None, 2]), st.booleans())
def test_json_array_with_bad_items(items, indent, broken_tail):
    values, markers = [], []
    for i, item in enumerate(items):
        if item is None:
            values.append(good_record(i))
            markers.append(f"GOOD{i}X")
        else:
            values.append(item)
    text = json.dumps(values, indent=indent)
    if broken_tail:  # the items before the break are stored; JSON cannot go on after it
        text = text[:-1].rstrip() + (",\n" if values else "") + '{"text": oops}\n]'
    report, stored, _ = run({"feed.json": text})
    assert_stored(stored, markers, report)


# -- CSV with bad rows among good ones ------------------------------------------------------

#: A bad row may hold commas and semicolons but no quote: an unclosed quote rightly
#: swallows the rest of a CSV file into one cell.
ROW_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='"'),
                   max_size=40)


@FUZZ
@given(st.lists(st.one_of(st.none(), ROW_TEXT, ROW_TEXT.map(lambda t: f'{t},"{t}"x,{t}')),
                min_size=1, max_size=12),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_csv_bad_rows_among_good_ones(rows, newline, multiline):
    text, markers = ["title,text"], []
    for i, row in enumerate(rows):
        if row is None:
            body = f"Body GOOD{i}X of a row.{newline}{newline}Second paragraph." if multiline \
                else f"Body GOOD{i}X of a row."
            text.append(f'Good {i},"{body}"')
            markers.append(f"GOOD{i}X")
        else:
            text.append(row)
    report, stored, _ = run({"rows.csv": newline.join(text) + newline})
    assert_stored(stored, markers, report)


# -- scraped text and HTML pages, mutated ----------------------------------------------------

PAGE = ("<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home</nav>"
        "<article><h1>{title}</h1><p>The army retook the district after days of fighting, "
        "officials said on Saturday.</p><p>{inject}</p><p>Residents reported shelling "
        "overnight and into the morning, and many left the city.</p></article>"
        "<footer>Copyright</footer></body></html>")


@FUZZ
@given(st.lists(LINE_TEXT, max_size=8), st.sampled_from(["", 'string(5) "[{}]"', "&amp;&#xD800;"
                                                         "&#99999999;", "\ufeff"]))
def test_scraped_text_with_odd_lines(lines, tail):
    text = "\n".join(["Title line", "Sat Nov 5, 2016 19:34:14", *lines, tail])
    report, stored, _ = run({"article.txt": text})
    assert_stored(stored, [], report)


@FUZZ
@given(LINE_TEXT, st.sampled_from(["", "<div", "</p></article>", "<script>x = '<p>'",
                                   "<![CDATA[", "&#0;", "\ud800"]), st.booleans())
def test_html_pages_with_odd_markup(inject, markup, as_txt):
    page = PAGE.format(title=inject[:20], inject=inject + markup)
    report, stored, _ = run({"page.txt" if as_txt else "page.html": page})
    assert_stored(stored, [], report)


# -- brat: bad annotation lines among good ones ---------------------------------------------

BRAT_TEXT = "Donald Trump said   that Mexico and Hope Hicks will pay.\n"
GOOD_SPANS = {"Donald Trump": "PER", "Mexico": "GPE", "Hope Hicks": "PER"}

BAD_ANN = st.one_of(
    LINE_TEXT,
    st.builds(lambda n, a, b: f"T{800 + n}\tPER {a} {b}\tx", st.integers(0, 50),
              st.integers(-5, 80), st.integers(-5, 80)),
    st.builds(lambda n: f"T{800 + n}\tORG 17 20\t   ", st.integers(0, 50)),  # white space
    st.builds(lambda n, t: f"E{n}\tAttribution:T{t} Source:T{t + 1} Content:T99", st.integers(
        0, 9), st.integers(0, 5)),
    st.builds(lambda t: f"*\tAlias T1 T{t}", st.integers(0, 900)),
    st.sampled_from(["#1\tAnnotatorNotes", "#2\tAnnotatorNotes T1\tnote", "A1\tNegated",
                     "R1\tRel Arg1:T1 Arg2", "T800\tPER 0 6\tsame id as another", "E1\t", "*\t",
                     "T7\tPER 0 6;x y\tbad"]),
)


@FUZZ
@given(st.lists(st.one_of(st.none(), BAD_ANN), min_size=1, max_size=10), st.booleans())
def test_brat_bad_lines_among_good_ones(lines, crlf):
    ann, good, next_good = [], [], iter(GOOD_SPANS.items())
    for line in lines:
        item = next(next_good, None) if line is None else None
        if item is not None:
            start = BRAT_TEXT.index(item[0])
            tid = f"T{len(good) + 1}"
            ann.append(f"{tid}\t{item[1]} {start} {start + len(item[0])}\t{item[0]}")
            good.append((start, start + len(item[0])))
        elif line is not None:
            ann.append(line)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "doc.txt").write_text(BRAT_TEXT, encoding="utf-8", newline="")
        (folder / "doc.ann").write_text("\n".join(ann) + "\n", encoding="utf-8",
                                        newline="\r\n" if crlf else "\n")
        (folder / "other.txt").write_text("Plain text\n\nA plain body.\n", encoding="utf-8")
        (folder / "other.ann").write_text("", encoding="utf-8")
        with Store(None, coder="fuzz") as store:
            report = import_paths(store, [folder])
            check(report, folder, {"doc.txt": 1, "doc.ann": 1, "other.txt": 1, "other.ann": 1})
            assert report.failed == 0, report.format()
            assert report.brat.files == 2
            (article,) = [i for i in store.article_ids() if store.article(i).body == BRAT_TEXT]
            spans = {(m.start, m.end) for m in store.mentions(article)}
            assert set(good) <= spans, report.format()


# -- other tools' records: bad spans, results and token lines among good ones ------------------

TOOL_TEXT = "Rahul Gandhi met Eknath Shinde in Mumbai."


@FUZZ
@given(st.lists(JSON_VALUES, max_size=6), st.lists(JSON_VALUES, max_size=3))
def test_doccano_bad_spans_among_good_ones(bad_spans, bad_relations):
    good = [[0, 12, "PERSON"], {"id": 1, "start_offset": 17, "end_offset": 30, "label": "PER"}]
    for key in ("label", "entities"):
        record = {"text": TOOL_TEXT, key: [good[0] if key == "label" else good[1], *bad_spans],
                  "relations": bad_relations}
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "admin.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
            with Store(None, coder="fuzz") as store:
                report = import_paths(store, [folder])
                check(report, folder, {"admin.jsonl": 1})
                assert report.imported == 1, report.format()
                texts = {m.text for m in store.mentions(store.article_ids()[0])}
                assert ("Rahul Gandhi" if key == "label" else "Eknath Shinde") in texts


@FUZZ
@given(st.lists(JSON_VALUES, max_size=6), JSON_VALUES)
def test_label_studio_bad_results_among_good_ones(bad_results, completed_by):
    good = {"id": "g", "type": "labels", "from_name": "ner", "to_name": "text",
            "value": {"start": 34, "end": 40, "text": "Mumbai", "labels": ["LOC"]}}
    bad = [r if not isinstance(r, dict) else {"type": "labels", "value": r} for r in bad_results]
    task = [{"data": {"text": TOOL_TEXT},
             "annotations": [{"completed_by": completed_by, "result": [good, *bad]}]}]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "tasks.json").write_text(json.dumps(task), encoding="utf-8")
        with Store(None, coder="fuzz") as store:
            report = import_paths(store, [folder])
            check(report, folder, {"tasks.json": 1})
            assert report.imported == 1, report.format()
            assert "Mumbai" in {m.text for m in store.mentions(store.article_ids()[0])}


@FUZZ
@given(st.lists(st.one_of(st.none(), LINE_TEXT, LINE_TEXT.map(lambda t: f"1-9\t0-3\t{t}\t"
                                                            f"{t}[1]\t_\t{t}\t")),
                min_size=1, max_size=8))
def test_webanno_tsv_bad_lines_among_good_ones(lines):
    head = ["#FORMAT=WebAnno TSV 3.3", "#T_SP=webanno.custom.Referent|entity|identity",
            "#T_RL=webanno.custom.Coref|type|BT_webanno.custom.Referent", "", "",
            "#Text=Rahul Gandhi spoke", "1-1\t0-5\tRahul\tperson[1]\tRahul_Gandhi[1]\t_\t_\t",
            "1-2\t6-12\tGandhi\tperson[1]\tRahul_Gandhi[1]\t_\t_\t",
            "1-3\t13-18\tspoke\t_\t_\t_\t_\t"]
    body = head + [line for line in lines if line is not None]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "doc.tsv").write_text("\n".join(body) + "\n", encoding="utf-8")
        with Store(None, coder="fuzz") as store:
            report = import_paths(store, [folder])
            check(report, folder, {"doc.tsv": 1})
            assert report.imported == 1, report.format()
            assert "Rahul Gandhi" in {store.entity(m.entity_id).name
                                      for m in store.mentions(store.article_ids()[0])}
