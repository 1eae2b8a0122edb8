"""Secret tokens kept as their digest: an invitation, an API token, a calendar feed, a follow-up form, a
candidate's private link. The token is shown once (an e-mail, a page); the database keeps its SHA-256
and finds the row by it, so a copy of the table opens nothing."""

import hashlib


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of a token: what is stored, and looked up, instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()
