"""The scraped-text reader, encoding detection and date lines, with our own small fixtures."""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.importing.dates import date_line, parse_date
from annotator.importing.encoding import decode
from annotator.importing.errors import ReadError
from annotator.importing.text import read_text_article, strip_var_dump, unescape

BODY = (
    "The army retook six districts of the city on Saturday, officials said.\n\n"
    "\u201cOur units liberated the neighbourhoods,\u201d the command said in a statement."
)
RELATED = [
    {"id": "1", "title": "Migrants \u2019suffering\u2019 in Syria"},
    {"id": "2", "title": "Chief killed north of Mosul"},
]


def var_dump(value: str) -> str:
    return f'string({len(value.encode("utf-8"))}) "{value}"'


def article(*, title="Army retakes districts", date="Sat Nov 5, 2016 19:34:14", body=BODY,
            tail="") -> str:
    parts = [title, "", date, "", body] if date else [title, "", body]
    return "\n".join(parts) + ("\n\n\n" + tail if tail else "\n")


# -- title, date, body -----------------------------------------------------------


def test_title_date_and_body_are_split():
    draft = read_text_article(article().encode("utf-8"), "a.txt")
    assert draft.title == "Army retakes districts"
    assert draft.published == "2016-11-05T19:34:14"
    assert draft.published_raw == "Sat Nov 5, 2016 19:34:14"
    assert draft.body == BODY
    assert draft.source_file == "a.txt"
    assert draft.extra == {}


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Sat Nov 5, 2016 19:34:14", "2016-11-05T19:34:14"),
        ("2016-11-05", "2016-11-05"),
        ("5 November 2016", "2016-11-05"),
        ("November 5, 2016", "2016-11-05"),
        ("Published: 5 November 2016", "2016-11-05"),
        ("Updated 19:34 GMT, 5 Nov 2016", "2016-11-05T19:34:00+00:00"),
        ("Sat, 05 Nov 2016 19:34:14 +0300", "2016-11-05T19:34:14+03:00"),
        ("Samstag, 5. November 2016", "2016-11-05"),
    ],
)
def test_common_date_lines_become_iso(line, iso):
    draft = read_text_article(article(date=line))
    assert draft.published == iso
    assert draft.published_raw == line
    assert draft.body == BODY


@pytest.mark.parametrize(
    "first",
    [
        "The army said on 5 November 2016 that it had retaken the districts.",
        "On 5 May 2016 the army advanced.",
        "Mosul, 5 November 2016",
        "MOSUL, Nov 5 (Reuters) - The army advanced.",
        "More than 2,000 militants were killed in 2016",
        "Yesterday",
        "1478374454",
        "May",
    ],
)
def test_a_body_sentence_is_never_eaten_as_a_date(first):
    draft = read_text_article(article(date=None, body=first + "\n\n" + BODY))
    assert draft.published is None
    assert draft.published_raw is None
    assert draft.body.startswith(first)


def test_no_date_line_bbc_style():
    draft = read_text_article(b"Ad sales boost profit\n\nQuarterly profits rose 76%.\n")
    assert (draft.title, draft.body, draft.published) == (
        "Ad sales boost profit", "Quarterly profits rose 76%.", None)


def test_date_helpers_reject_partial_and_garbage():
    assert date_line("November 2016") is None  # no day: not a full date
    assert date_line("x" * 200 + " 2016-11-05") is None  # too long to be a date line
    assert parse_date("garbage") is None
    assert parse_date("2016-11-05T19:34:14Z") == "2016-11-05T19:34:14+00:00"
    assert parse_date("5 November 2016") == "2016-11-05"


# -- clean-up of scraper litter --------------------------------------------------


def test_crlf_and_lone_cr_are_normalised():
    text = article().replace("\n", "\r\n").encode("utf-8")
    draft = read_text_article(text)
    assert "\r" not in draft.body and draft.body == BODY
    old_mac = read_text_article(article().replace("\n", "\r").encode("utf-8"))
    assert old_mac.body == BODY


def test_html_entities_are_decoded_but_bare_ampersands_stay():
    draft = read_text_article(
        "Q&amp;A: the city&#8217;s siege\n\nAT&T and R&D &amp; the &#x201C;army&#x201D;.\n"
    )
    assert draft.title == "Q&A: the city\u2019s siege"
    assert draft.body == "AT&T and R&D & the \u201carmy\u201d."
    assert unescape("fish &chips; &notanentity") == "fish &chips; &notanentity"


def test_emoji_and_astral_characters_are_kept():
    body = "Crowds cheered \U0001f389 as troops \U0001f1ee\U0001f1f6 entered the city."
    draft = read_text_article(article(body=body).encode("utf-8"))
    assert draft.body == body


def test_trailing_var_dump_is_stripped_and_related_items_parsed():
    dump = var_dump(json.dumps(RELATED, ensure_ascii=False))
    draft = read_text_article(article(tail=dump).encode("utf-8"))
    assert draft.body == BODY
    assert draft.extra["related"] == RELATED
    assert draft.extra["stripped"] == dump


def test_several_trailing_var_dumps_and_wrong_length_json():
    first = var_dump(json.dumps(RELATED[:1]))
    second = 'string(999) "' + json.dumps(RELATED[1:]) + '"'  # length wrong, but JSON
    draft = read_text_article(article(tail=first + "\n" + second))
    assert draft.body == BODY
    assert draft.extra["related"] == RELATED


def test_var_dump_look_alike_in_the_middle_of_the_body_stays():
    junk = 'string(12) "hello world!"'
    body = f"Developers printed this:\n\n{junk}\n\nThen the site went down."
    draft = read_text_article(article(body=body))
    assert draft.body == body
    assert "related" not in draft.extra and "stripped" not in draft.extra


def test_trailing_look_alike_that_is_not_a_var_dump_stays():
    # Declared length wrong and not JSON: this is text that resembles a var_dump.
    tail = 'string(3) "a quoted remark, not a dump"'
    draft = read_text_article(article(tail=tail))
    assert draft.body.endswith(tail)
    assert draft.extra == {}
    text, extra = strip_var_dump("Body.\n\nstring(5) \"abc\" and more words")
    assert extra == {} and text.endswith("and more words")


def test_var_dump_with_non_json_content_is_stripped_without_related():
    tail = var_dump("plain scraped leftovers")
    draft = read_text_article(article(tail=tail))
    assert draft.body == BODY
    assert draft.extra == {"stripped": tail}


# -- encodings -------------------------------------------------------------------


def test_cp1252_pound_sign_and_quotes():
    raw = "Chelsea fine \u00a315.8m\n\nThe club\u2019s \u201cshock\u201d at the \u00a3 fine.\n"
    draft = read_text_article(raw.encode("cp1252"), "199.txt")
    assert draft.title == "Chelsea fine \u00a315.8m"
    assert "\u2019s \u201cshock\u201d at the \u00a3 fine" in draft.body
    assert draft.extra["encoding"] == "cp1252"


def test_latin1_accented_text():
    body = "Le ministre a démissionné à Paris."
    raw = f"Café crème à Noël\n\n{body}\n"
    assert read_text_article(raw.encode("latin-1")).body == body


def test_cyrillic_in_cp1251_is_not_read_as_cp1252():
    raw = ("\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u0434\u043d\u044f\n\n"
           + "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0437\u0430\u044f\u0432\u0438\u043b "
           "\u043e \u043d\u043e\u0432\u044b\u0445 \u043c\u0435\u0440\u0430\u0445. " * 5)
    draft = read_text_article(raw.encode("cp1251"))
    assert draft.title == "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u0434\u043d\u044f"


@pytest.mark.parametrize("bom, encoding", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_byte_order_marks(bom, encoding):
    draft = read_text_article(bom + article().encode(encoding))
    assert draft.title == "Army retakes districts"  # no BOM character left in it
    assert draft.body == BODY


def test_utf16_without_bom():
    draft = read_text_article(article().encode("utf-16-le"))
    assert draft.title == "Army retakes districts" and draft.body == BODY


def test_str_input_with_bom_character():
    assert read_text_article("\ufeff" + article()).title == "Army retakes districts"


# -- bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n \t\n", "empty file"),
        (b"Only a title\n\n\n", "no body: the file has only a title line"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00junk" * 20, "binary file"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF)"),
        (bytes(range(256)) * 4, "binary file"),
        ("\ufeffTitle\n\n".encode("utf-16-le"), "no body"),
    ],
)
def test_bad_input_raises_a_clear_read_error(data, reason):
    with pytest.raises(ReadError) as info:
        read_text_article(data, "bad.txt")
    assert info.value.reason.startswith(reason)
    assert info.value.line is None


def test_only_a_var_dump_has_no_body():
    with pytest.raises(ReadError, match="no body"):
        read_text_article(var_dump("[]") + "\n")


def test_decode_reports_the_encoding():
    assert decode("caf\u00e9".encode()).encoding == "utf-8"
    assert decode(codecs.BOM_UTF8 + b"x").encoding == "utf-8-sig"
    assert decode("caf\u00e9".encode("cp1252")).encoding == "cp1252"


def test_a_five_megabyte_article_imports_whole():
    paragraph = ("The army retook the district after days of fighting, \u201cofficials\u201d"
                 " said on Saturday; \u00a3 and \U0001f389 included. ") * 10
    paragraph = paragraph.strip()
    body = "\n\n".join([paragraph] * (5_000_000 // len(paragraph.encode()) + 1))
    data = article(body=body, tail=var_dump('[{"id": "1"}]')).encode("utf-8")
    assert len(data) > 5_000_000
    draft = read_text_article(data)
    assert draft.body == body
    assert draft.extra["related"] == [{"id": "1"}]


# -- the reader never fails in any other way ---------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_an_article_or_a_read_error(data):
    try:
        draft = read_text_article(data, "random.bin")
    except ReadError as exc:
        assert exc.reason
    else:
        assert draft.body.strip()
        assert draft.content_hash


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_gives_an_article_or_a_read_error(text):
    try:
        draft = read_text_article(text)
    except ReadError as exc:
        assert exc.reason
    else:
        assert draft.body.strip() and draft.body == draft.body.strip()
        assert draft.content_hash


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=80), min_size=1, max_size=12))
def test_random_lines_with_scraper_shapes(lines):
    """Lines that mix titles, dates, entities and var_dump fragments still read cleanly."""
    extra_lines = ["Sat Nov 5, 2016 19:34:14", 'string(2) "[]"', "&amp;&#8217;", "\r", ""]
    text = "\n".join(lines + extra_lines[: len(lines) % 5])
    for data in (text, text.encode("utf-8"), text.encode("utf-16")):
        try:
            read_text_article(data)
        except ReadError:
            pass
