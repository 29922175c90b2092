"""Plain text and Markdown wire copy. STUB: headers, datelines and bylines come with the foundation issue."""

from __future__ import annotations

from pathlib import Path

from quotecheck.models import Article


def article_id_for(path: str) -> str:
    return Path(path).stem if path != "-" else "stdin"


def read_text_article(data: bytes, path: str) -> Article:
    text = data.decode("utf-8", errors="replace")
    return Article(id=article_id_for(path), path=path, format="text", text=text)
