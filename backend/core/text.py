import re
import unicodedata

_SPACES = re.compile(r"[\s'’\-]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: 'Liévin' and 'lievin' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.lower()).strip()
