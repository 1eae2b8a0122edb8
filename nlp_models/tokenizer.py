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

# One match per token, with the single space that may follow it (spaCy's ``spaces`` flag). Whitespace
# other than that one space becomes a token of its own, as in spaCy, so ``doc.text == text``.
# ``findall`` on this pattern returns (token, " " or "") pairs without building a Match object per token,
# which halves the tokenizer's cost against a Python loop over ``finditer``.
# A dot followed by a capitalised word ("SQL.Rigueur", "données.Vous") ends a sentence whose space
# was lost, so it does not join; "ASP.NET", "Node.js", "ASP.Net" still do.
_SENTENCE_START = r"[A-ZÀ-Ý][a-zà-ÿ]{3}"
# French inclusive writing marks the feminine after a dot ("rigoureux.se", "organisé.e", "attentif.ve",
# "technicien.ne"), or after a hyphen at the end of the word ("rigoureux-se", "réactif-ve"; not "Aix-les-Bains"):
# the word and its ending are apart, so "rigoureux" meets its skill.
_GENDER_ENDING = r"(?:e|es|se|ses|ve|ves|ne|nes|le|les|te|tes|trice|trices|rice|euse|euses|ère|ères)(?!\w)"
_TOKEN = re.compile(
    r"""
    (\s+
    | (?i:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])['’](?=\w)          # French elision
    | (?:\.(?!{sentence}))?\w+(?:(?:\.(?!{sentence}|{gender})|-(?!{gender}(?!-))|[+&])\w+)*     # words, C++, C#, .NET, Node.js
      (?:\+\+|\#|\+(?!\w))?
    | \S                                                              # any other character
    )([ ]?)
    """.replace("{sentence}", _SENTENCE_START).replace("{gender}", _GENDER_ENDING),
    re.X,
)


class TremplinTokenizer:
    """Callable tokenizer: text -> Doc with whitespace kept exactly."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        pairs = _TOKEN.findall(text)
        words = [word for word, _ in pairs]
        spaces = [space == " " for _, space in pairs]
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
