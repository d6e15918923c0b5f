"""ingest: clean text from pages, and clear refusals of what is not an article."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sitroom.ingest import read_path

ENGLISH = ("Gunmen attacked a police station in the northern town on Monday, killing two officers, "
           "the regional governor said in a statement on Tuesday.")


def _one(path: Path, published: date | None = None):
    items = list(read_path(path, published))
    assert len(items) == 1
    return items[0]


def test_plain_text_boilerplate_and_repeated_title_are_removed(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("skip to Main Content\n\nTown attacked\n\nTown Attacked\n\n" + ENGLISH + "\n\nBack To Top")
    item = _one(page)
    assert item.error is None
    assert item.article.title == "Town attacked"
    assert item.article.text == "Town attacked\n\n" + ENGLISH


def test_a_hard_wrapped_column_is_read_as_whole_sentences_and_headings_stay_apart(tmp_path):
    page = tmp_path / "wrapped.txt"
    page.write_text("Police shot at during traffic stop\n"
                    "    Two officers were wounded in Sunday's\n"
                    "    attacks on a patrol near the\n"
                    "    town, officials said.\n"
                    "    The gunmen fled.\n")
    item = _one(page)
    assert item.article.text == ("Police shot at during traffic stop\n\n"
                                 "Two officers were wounded in Sunday's attacks on a patrol near the town, officials "
                                 "said.\n\nThe gunmen fled.")


def test_a_wire_copy_wrapped_at_a_column_goes_on_before_a_capital_but_a_short_line_ends(tmp_path):
    page = tmp_path / "wire.txt"
    page.write_text("Venezuela lawmakers protest at Guard headquarters\n"
                    "CARACAS, June 20 Opposition lawmakers in Venezuela placed\n"
                    "mock coffins at the gates of the headquarters of the National\n"
                    "Guard on Tuesday in protest after the latest death in the\n"
                    "unrest that has shaken the capital since the spring.\n"
                    "Officers fired on marchers in the east of the city on Monday\n"
                    "and wounded six, witnesses said.\n")
    item = _one(page)
    assert item.article.text == (
        "Venezuela lawmakers protest at Guard headquarters\n\n"
        "CARACAS, June 20 Opposition lawmakers in Venezuela placed mock coffins at the gates of the headquarters of "
        "the National Guard on Tuesday in protest after the latest death in the unrest that has shaken the capital "
        "since the spring.\n\nOfficers fired on marchers in the east of the city on Monday and wounded six, "
        "witnesses said.")


def test_a_caption_in_a_wrapped_copy_stays_its_own_line(tmp_path):
    page = tmp_path / "caption.txt"
    page.write_text("KABUL, Afghanistan - Gunmen killed four police\nofficers at a checkpoint in the east of the\n"
                    "city on Monday, officials said, and then\nwounded two others in the attack, police\nsaid.\n\n"
                    "Afghan police officers patrol a street in Kabul city\n\n"
                    "The Taliban denied any role in the attack.\n")
    item = _one(page)
    assert item.error is None, item.error
    assert "\n\nAfghan police officers patrol a street in Kabul city\n\nThe Taliban" in item.article.text
    page.write_text(page.read_text().replace("\n\n", "\n"))
    assert "Kabul city\n\nThe Taliban" in _one(page).article.text


def test_html_page_gives_text_title_and_date(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Police station attacked</title><meta name='date' content='2024-05-01'></head>"
        f"<body><nav>Home | World</nav><article><h1>Police station attacked</h1><p>{ENGLISH}</p></article></body></html>"
    )
    item = _one(page)
    assert item.error is None, item.error
    assert "Gunmen attacked a police station" in item.article.text
    assert "Home | World" not in item.article.text
    assert item.article.published == date(2024, 5, 1)


def test_empty_file_is_refused_with_a_reason(tmp_path):
    page = tmp_path / "empty.txt"
    page.write_text("   \n")
    assert "empty" in _one(page).error.reason


def test_binary_file_is_refused(tmp_path):
    page = tmp_path / "image.txt"
    page.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    assert "PNG" in _one(page).error.reason
    blob = tmp_path / "blob.html"
    blob.write_bytes(b"abc\x00\x01\x02" * 1000)
    assert "binary" in _one(blob).error.reason


def test_huge_file_is_refused_without_reading_it(tmp_path):
    page = tmp_path / "huge.txt"
    with page.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    reason = _one(page).error.reason
    assert "MB" in reason and "limit" in reason


def test_broken_html_still_yields_its_text(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(f"<html><body><div><p>{ENGLISH}<p><b>unclosed <i>tags <table><tr><td>more")
    item = _one(page)
    assert item.error is None, item.error
    assert "police station" in item.article.text


def test_a_page_whose_body_is_one_comment_is_named_not_a_crash(tmp_path):
    page = tmp_path / "comment.html"
    page.write_text("<body><!-- nothing here --></body>")
    item = _one(page)
    assert item.article is None and item.error.reason


def test_non_english_article_is_refused(tmp_path):
    page = tmp_path / "fr.txt"
    page.write_text("Des hommes armés ont attaqué un poste de police dans la ville du nord lundi, tuant deux "
                    "agents, a déclaré le gouverneur régional dans un communiqué mardi.")
    reason = _one(page).error.reason
    assert "'fr'" in reason and "English" in reason


def test_a_short_english_brief_with_foreign_names_is_read(tmp_path):
    # (letter statistics read a one-line brief full of Spanish names as Spanish; its function words are English)
    page = tmp_path / "brief.txt"
    page.write_text("On 5 March, unidentified gunmen killed a social leader in Tumaco (Nariño).")
    item = _one(page)
    assert item.error is None and item.article.language == "en"
    page.write_text("El 5 de marzo, hombres armados mataron a un líder social en Tumaco (Nariño).")
    assert "'es'" in _one(page).error.reason


def test_legacy_encoding_is_decoded(tmp_path):
    page = tmp_path / "latin1.txt"
    page.write_bytes((ENGLISH + " The café owner fled to Ségou.").encode("cp1252"))
    item = _one(page)
    assert item.error is None
    assert "café" in item.article.text and "Ségou" in item.article.text


def test_jsonl_reads_good_lines_and_reports_bad_ones(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"url": "https://a.invalid/1", "title": "One", "published": "2024-01-02", "text": "' + ENGLISH + '"}\n'
        "{not json\n"
        '{"url": "https://a.invalid/2", "title": "Two"}\n'
    )
    items = list(read_path(feed))
    assert items[0].article is not None and items[0].article.published == date(2024, 1, 2)
    assert "not valid JSON" in items[1].error.reason
    assert "neither 'text' nor 'html'" in items[2].error.reason


def test_unsupported_and_missing_files(tmp_path):
    doc = tmp_path / "report.docx"
    doc.write_text("x")
    assert "unsupported" in _one(doc).error.reason
    assert "no such file" in _one(tmp_path / "nope.txt").error.reason


# ---------------------------------------------------------------- hostile and careless input (issue #16)

import json
import os
import signal
from contextlib import contextmanager

import pytest

from sitroom.ingest import readers


@contextmanager
def within(seconds: int):
    """Fail, instead of hanging the suite, if the block takes longer (a FIFO that blocks, a device that never ends)."""
    def expired(*_):
        raise AssertionError(f"still reading after {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _record(n: int, **fields) -> str:
    base = {"url": f"https://news.invalid/{n}", "title": f"Report {n}", "published": "2024-01-02",
            "text": ENGLISH.replace("two officers", f"{n + 2} officers")}
    return json.dumps({**base, **fields})


def test_a_lone_surrogate_is_replaced_so_the_record_can_be_stored_and_hashed(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(1, text=ENGLISH + " \ud800") + "\n" + _record(2, title="Bad \udfff title") + "\n")
    first, second = (item.article for item in read_path(feed))
    assert first.text.endswith("\ufffd") and second.title == "Bad \ufffd title"
    for article in (first, second):
        article.id  # hashing encodes the text as UTF-8
        for value in (article.text, article.title, article.url):
            value.encode("utf-8")


def test_one_bad_record_is_reported_and_skipped_and_the_rest_stored(tmp_path):
    """Issue #16, finding 3: a lone surrogate in a text or a title, or 100k nested '[', stopped the whole run."""
    import sqlite3

    from sitroom.service import ingest_paths

    feed = tmp_path / "feed.jsonl"
    lines = [_record(0), _record(1, text=ENGLISH.replace("Monday", "Friday") + " \ud800"), _record(2),
             "[" * 100_000, _record(3, title="Bad \ud800 title", text=ENGLISH.replace("Monday", "Sunday")),
             _record(4, text=["not", "a", "string"]), _record(5), _record(6), _record(7)]
    feed.write_text("\n".join(lines) + "\n")
    db = tmp_path / "s.db"
    report = ingest_paths([feed], db)
    assert report.stored == 7, report.errors
    assert [e.source.rsplit(":", 1)[1] for e in report.errors] == ["4", "6"]
    assert "nested more than" in report.errors[0].reason
    assert "'text' must be a string, not an array" in report.errors[1].reason
    titles = {r[0] for r in sqlite3.connect(db).execute("SELECT title FROM articles")}
    assert "Bad \ufffd title" in titles and {"Report 0", "Report 5", "Report 7"} <= titles


def test_records_must_be_objects_of_strings(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        '["a list"]', '"a string"', _record(1, url=7), _record(2, published={"y": 2024}), _record(3, title=None),
        '{"text": "' + "[" * 30 + '"}',  # brackets inside a string are text, not nesting
    ]) + "\n")
    items = list(read_path(feed))
    assert "must be a JSON object, not an array" in items[0].error.reason
    assert "must be a JSON object, not a string" in items[1].error.reason
    assert "'url' must be a string, not a number" in items[2].error.reason
    assert "'published' must be a string, not an object" in items[3].error.reason
    assert items[4].article is not None and items[4].article.title  # null is as good as absent
    assert "nested" not in (items[5].error.reason if items[5].error else "")


def test_a_device_or_a_fifo_is_refused_without_reading_it(tmp_path):
    """Issue #16, finding 6: a symlink to /dev/zero grew without end; a FIFO hung forever."""
    for suffix in (".txt", ".jsonl"):
        zero = tmp_path / f"zero{suffix}"
        zero.symlink_to("/dev/zero")
        fifo = tmp_path / f"pipe{suffix}"
        os.mkfifo(fifo)
        with within(10):
            assert "a device" in _one(zero).error.reason
            assert "FIFO" in _one(fifo).error.reason
        assert "only regular files" in _one(zero).error.reason


def test_bytes_read_are_capped_per_article_and_per_feed(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 2000)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(1, text=ENGLISH * 30) + "\n" + _record(2) + "\n")
    big, good = read_path(feed)
    assert "over the" in big.error.reason and "limit for one article" in big.error.reason
    assert good.article is not None and good.article.url == "https://news.invalid/2"
    page = tmp_path / "page.txt"
    page.write_text(ENGLISH * 30)
    assert "limit for one article" in _one(page).error.reason

    monkeypatch.setattr(readers, "MAX_FEED_BYTES", 1000)
    feed.write_text("\n".join(_record(n) for n in range(10)) + "\n")
    items = list(read_path(feed))
    assert sum(item.article is not None for item in items) < 10
    assert "stopped reading after" in items[-1].error.reason and "split the file" in items[-1].error.reason


def test_a_text_over_the_parsers_limit_is_refused_with_that_limit(tmp_path):
    """The spaCy limit surfaced as a raw [E088] error; it is now named, with its real size, before parsing."""
    from sitroom.nlp import get_nlp

    assert readers.MAX_TEXT_CHARS == get_nlp().max_length
    page = tmp_path / "long.txt"
    page.write_text("".join(f"{ENGLISH} Line {n}.\n" for n in range(readers.MAX_TEXT_CHARS // len(ENGLISH) + 10)))
    reason = _one(page).error.reason
    assert "1,000,000" in reason and "E088" not in reason and "split it" in reason


def test_publication_dates_out_of_range_are_refused_or_ignored(tmp_path):
    """9999-12-31 (and 0001-01-01) made the date arithmetic of the coder overflow."""
    from typer.testing import CliRunner

    from sitroom.cli import app

    feed = tmp_path / "feed.jsonl"
    feed.write_text(_record(1, published="9999-12-31") + "\n" + _record(2, published="0001-01-01") + "\n")
    for item in read_path(feed):
        assert "not between 1900-01-01 and 2100-12-31" in item.error.reason
    page = tmp_path / "page.txt"
    page.write_text("Published: 31 December 9999\n\n" + ENGLISH)
    assert _one(page).article.published is None  # a page's own impossible date is no date
    assert "not between" in _one(page, date(9999, 12, 31)).error.reason
    result = CliRunner().invoke(app, ["ingest", str(page), "--published", "9999-12-31", "--db", str(tmp_path / "s.db")])
    assert result.exit_code != 0 and "not between" in result.output
    assert not (tmp_path / "s.db").exists()


def test_a_deeply_nested_page_is_read_or_refused_for_its_nesting(tmp_path):
    """Nested past libxml2's 256 levels, a page was reported as having no article text."""
    for depth, readable in ((400, True), (100_000, False)):
        page = tmp_path / f"nested-{depth}.html"
        page.write_text("<html><body>" + "<div>" * depth + f"<p>{ENGLISH}</p>" + "</div>" * depth + "</body></html>")
        item = _one(page)
        if readable:
            assert item.error is None and "police station" in item.article.text
        else:
            assert "nested more than 2048" in item.error.reason
