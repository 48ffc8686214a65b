"""Name normalisation for search and duplicate detection (accent- and case-insensitive)."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher


def normalize_name(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = ascii_only.replace("œ", "oe").replace("æ", "ae").replace("Œ", "oe").replace("Æ", "ae")
    return re.sub(r"[^a-z0-9]+", " ", ascii_only.lower()).strip()


def search_key(last_name: str, first_name: str) -> str:
    return f"{normalize_name(last_name)} {normalize_name(first_name)}".strip()


def names_are_close(a: str, b: str) -> bool:
    """Close names: same words in another order, or a similarity ratio of at least 0.8."""
    if not a or not b:
        return False
    if sorted(a.split()) == sorted(b.split()):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8
