"""Korean content morphemes: what an idea is about, without particles, endings or spacing.

Kiwi (kiwipiepy, its model in the kiwipiepy-model package) splits 기업유치를 into 기업/유치/를
and 관리시스템 into 관리/시스템 whatever the spacing; we keep nouns, verb and adjective stems,
foreign words and numbers, so "기업유치를 위한 관리시스템" and "기업 유치 관리 시스템" give the
same terms. The analyser takes about 3 s and 280 MB to load: it is loaded on first use, once
per process, and shared (Kiwi is thread-safe for tokenize).
"""

from __future__ import annotations

import os
import threading

CONTENT_TAGS = ("NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SN", "SH", "NNB")
# Bound nouns carry little meaning except a few that name things (년, 개, 원 are noise).
_KEEP_BOUND = frozenset({"센터"})
# Light verbs and stems that appear in every proposal ("…을 위한", "…을 통해") say nothing.
STOP = frozenset({"위하", "하", "되", "있", "없", "않", "같", "통하", "대하", "따르", "이루"})

_lock = threading.Lock()
_kiwi = None


_inherited: list = []


def _forget_after_fork() -> None:
    # Kiwi's thread pool does not survive a fork: in a child, a batch tokenize on the
    # parent's Kiwi waits for threads that are gone, for ever (measured: a single text
    # still works, a list hangs). A child loads its own, as a gunicorn or Celery worker
    # does when nothing loaded one before the fork. The parent's is kept, never freed:
    # its destructor would wait for those threads too.
    global _kiwi, _lock
    if _kiwi is not None:
        _inherited.append(_kiwi)
    _kiwi, _lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def analyser():
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def _keep(token) -> bool:
    tag = token.tag.split("-")[0]  # VV-R / VA-I: regular and irregular stems
    if tag == "NNB":
        return token.form in _KEEP_BOUND
    return tag in CONTENT_TAGS and token.form not in STOP


def _content_spans(tokens) -> list[tuple[str, int, int]]:
    """(content morpheme, start, end) in the text; a prefix stays on its noun (비대면,
    무상), as people search it."""
    out, prefix, prefix_start = [], "", 0
    for token in tokens:
        if token.tag == "XPN":
            prefix, prefix_start = token.form, token.start
            continue
        if _keep(token):
            start = prefix_start if prefix else token.start
            out.append(((prefix + token.form).lower(), start, token.start + token.len))
        prefix = ""
    return out


def _content(tokens) -> list[str]:
    return [form for form, _start, _end in _content_spans(tokens)]


def spans_many(texts: list[str]) -> list[list[tuple[str, int, int]]]:
    """``terms`` of many texts with where each stands in its text (character offsets)."""
    if not texts:
        return []
    found = analyser().tokenize([t or " " for t in texts])
    return [
        _content_spans(tokens) if text and text.strip() else []
        for text, tokens in zip(texts, found, strict=True)
    ]


def terms(text: str) -> list[str]:
    """The content morphemes of ``text``, lower-cased, in order (repeats kept)."""
    text = (text or "").strip()
    if not text:
        return []
    return _content(analyser().tokenize(text))


def terms_many(texts: list[str]) -> list[list[str]]:
    """``terms`` for many texts at once (Kiwi batches them)."""
    if not texts:
        return []
    kiwi = analyser()
    out = []
    for text, tokens in zip(texts, kiwi.tokenize([t or " " for t in texts]), strict=True):
        out.append(_content(tokens) if text and text.strip() else [])
    return out


def as_text(found: list[str]) -> str:
    """Terms as stored: space-separated with a space at both ends (prefix LIKE on SQLite)."""
    return f" {' '.join(found)} " if found else ""


def dictionary_forms(texts: list[str]) -> list[dict[str, str]]:
    """Per text, how its verb and adjective stems are read: 만들 → 만들다, 줄이 → 줄이다.
    Terms are stored without their tags, and a bare stem shown as a shared word reads as
    a broken word; the text a word was found in says whether it is a stem there (차 is a
    car in one idea, 차다 in another)."""
    out: list[dict[str, str]] = [{} for _ in texts]
    at = [n for n, text in enumerate(texts) if text and text.strip()]
    if not at:
        return out
    for n, tokens in zip(at, analyser().tokenize([texts[n] for n in at]), strict=True):
        for token in tokens:
            if token.tag.split("-")[0] in ("VV", "VA") and _keep(token):
                form = token.form.lower()
                out[n].setdefault(form, f"{form}다")
    return out


def shown(words: list[str], forms: dict[str, str]) -> list[str]:
    """``words`` (content morphemes) as a person reads them (``dictionary_forms``)."""
    return [forms.get(word, word) for word in words]
