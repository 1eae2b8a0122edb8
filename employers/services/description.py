"""An offer's description as the pages show it: the employer's Markdown (or pasted HTML), sanitised."""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "code",
    "pre",
}


# A list item: "- ", "* ", "• ", "– ", "1. " or "1) " at the start of a line.
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•–—]|\d{1,3}[.)])\s+\S")


def _lists_as_meant(text: str) -> str:
    """Employers type a list right under its lead-in ("Missions :" then "- …") and go on with the
    next paragraph right under its last item, without the blank lines Markdown needs: a blank line is
    put around each such list so it renders as a list and the line after it is not swallowed by its
    last item. Bullets pasted from word processors ("•", "–") become Markdown's "-", "1)" its "1."."""
    out: list[str] = []
    in_list = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _LIST_ITEM.match(line):
            if out and out[-1].strip() and not in_list:
                out.append("")
            line = re.sub(r"^(\s{0,3})[•–—]", r"\1-", line)
            line = re.sub(r"^(\s{0,3}\d{1,3})\)", r"\1.", line)
            in_list = True
        elif not line.strip():
            in_list = False
        elif in_list and not line.startswith(("  ", "\t")):
            out.append("")  # an unindented line right after the last item starts a new paragraph
            in_list = False
        out.append(line)
    return "\n".join(out)


def render_description(text: str) -> str:
    """Markdown (or pasted HTML) to sanitised HTML: no script, no style, no event handler.

    A line break typed in the form is one on the page (``nl2br``): employers write one task a line."""
    html = markdown.markdown(_lists_as_meant(text or ""), extensions=["sane_lists", "nl2br"])
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="nofollow noopener")
