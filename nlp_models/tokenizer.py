"""A fast regex tokenizer for offers and CVs, registered as ``tremplin.tokenizer.v1``.

spaCy's French rule tokenizer handles long offers at ~170 documents/s on one core, slower than the
whole pipeline's target, while the matcher only needs stable word boundaries. This tokenizer keeps the
exact text (``doc.text == text``, so character offsets hold), splits French elisions ("l'anglais"
-> "l'", "anglais"), and keeps tech names whole: C#, C++, .NET, Node.js, Vue.js, ASP.NET, Bac+5,
scikit-learn, Z-Wave.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
    | (?i:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])['’](?=\w)          # French elision
    | \.?\w+(?:[.\-+&]\w+)*(?:\+\+|\#|\+(?!\w))?                      # words, C++, C#, .NET, Node.js
    | \S                                                              # any other character
    """,
    re.X,
)


class TremplinTokenizer:
    """Callable tokenizer: text -> Doc with whitespace kept exactly."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN.finditer(text):
            if m.lastgroup == "ws":
                run = m.group()
                if words and not spaces[-1] and run[0] == " ":
                    spaces[-1] = True
                    run = run[1:]
                if run:
                    words.append(run)
                    spaces.append(False)
            else:
                words.append(m.group())
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        # Components read the text from here: Doc.text is rebuilt from the tokens on each access.
        doc.user_data["tremplin_text"] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # spaCy serialises the tokenizer with the pipeline; this one has no state of its own.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> TremplinTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> TremplinTokenizer:
        return self


@spacy.registry.tokenizers("tremplin.tokenizer.v1")
def create_tremplin_tokenizer() -> Callable[[spacy.Language], TremplinTokenizer]:
    """Factory used in a pipeline config: ``[nlp.tokenizer] @tokenizers = "tremplin.tokenizer.v1"``."""

    def make(nlp: spacy.Language) -> TremplinTokenizer:
        return TremplinTokenizer(nlp.vocab)

    return make
