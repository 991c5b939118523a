"""Folding Vietnamese text for search: lower case, no diacritics, đ → d."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """``"Huyện Mộ Đức"`` → ``"huyen mo duc"``; the same on both sides of every name search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()
