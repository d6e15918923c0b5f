"""Helpers the test modules import (conftest.py is for fixtures)."""
from __future__ import annotations


def article(text: str, published: str = "2024-03-12", title: str = ""):
    from datetime import date

    from sitroom.ingest import article_from_text

    return article_from_text(text, url="test://article", published=date.fromisoformat(published), title=title)
