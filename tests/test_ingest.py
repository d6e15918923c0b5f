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


def test_non_english_article_is_refused(tmp_path):
    page = tmp_path / "fr.txt"
    page.write_text("Des hommes armés ont attaqué un poste de police dans la ville du nord lundi, tuant deux "
                    "agents, a déclaré le gouverneur régional dans un communiqué mardi.")
    reason = _one(page).error.reason
    assert "'fr'" in reason and "English" in reason


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
