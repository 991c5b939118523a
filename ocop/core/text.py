"""Vietnamese text: folded for search (lower case, no diacritics, đ → d), numbers grouped as written."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """``"Huyện Mộ Đức"`` → ``"huyen mo duc"``; the same on both sides of every name search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def grouped(number: int) -> str:
    """12.345: thousands grouped with dots, as Vietnamese write them."""
    return f"{number:,}".replace(",", ".")
