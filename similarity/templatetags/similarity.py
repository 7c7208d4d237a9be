"""``{{ idea.title|highlight:q }}``: the words of a library search marked in the text."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text: str, query: str):
    """Escape ``text`` and wrap in <mark> each occurrence of the query's morphemes."""
    from ideas.search import query_terms

    text = str(text or "")
    needles = sorted(
        {t for word in query_terms(query or "") for t in word if len(t) >= 1},
        key=len,
        reverse=True,
    )
    if not needles:
        return escape(text)
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308  (every piece escaped above)
