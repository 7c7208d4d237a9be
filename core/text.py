"""Control characters in what people type.

A name (season, review round, briefing session) is one line: a line break, tab or NUL in it
breaks calendar files and e-mail subjects, and PostgreSQL refuses NUL in any text. Names are
refused with a message at their field; search input and calendar lines are cleaned instead.
"""

import re

from django.utils.translation import gettext as _

# C0 controls, DEL, C1 controls and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(value: str | None) -> bool:
    return bool(value and _CONTROL.search(value))


def one_line(value: str | None) -> str:
    """``value`` with every control character (line breaks included) made a space."""
    return _CONTROL.sub(" ", value or "")


def name_errors(**names: str | None) -> dict[str | None, list[str]]:
    """Errors for each name (field → value) that holds a control character."""
    return {
        field: [_("이름에는 줄바꿈이나 탭 같은 제어 문자를 쓸 수 없습니다.")]
        for field, value in names.items()
        if has_control_characters(value)
    }


# Korean particles (조사) written for either ending, as "은(는)", chosen by the final
# consonant (받침) of the word before them: "시즌2는", "보고회가", "서식을".
_PARTICLES = {
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "과(와)": ("과", "와"),
    "와(과)": ("과", "와"),
    "아(야)": ("아", "야"),
    "(이)라": ("이라", "라"),
    "(이)나": ("이나", "나"),
    "(으)로": ("으로", "로"),
}
_PARTICLE = re.compile("|".join(re.escape(pair) for pair in _PARTICLES))
# How a digit or a Latin letter is read aloud ends: with which final consonant (0: none;
# 8: ㄹ, which takes "로" rather than "으로").
_READ_FINAL = {
    **dict.fromkeys("0", 21), **dict.fromkeys("1789", 8), **dict.fromkeys("3", 16),
    **dict.fromkeys("6", 1), **dict.fromkeys("245", 0),
    **dict.fromkeys("lLrR", 8), **dict.fromkeys("mM", 16), **dict.fromkeys("nN", 4),
}  # fmt: skip
_CLOSING = "'\"’”」』》〉]·. "


def final_consonant(word: str) -> int | None:
    """The final consonant index (0 for none, 8 for ㄹ) of how ``word`` ends when read
    aloud, skipping closing quotes and a trailing parenthesis; None when it cannot tell."""
    text = word.rstrip(_CLOSING)
    if text.endswith(")"):
        depth = 0
        for n in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[n], 0)
            if depth == 0:
                break
        # An aside on the word ("‘보고회’(9-22 10:00)"): the word is what is read; a word
        # of its own in parentheses ("2025-10-09 (목요일)"): its end is.
        aside = n > 0 and not text[n - 1].isspace()
        text = text[:n].rstrip(_CLOSING) if aside else text[:-1]
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last.isascii() and last.isalnum():
        return _READ_FINAL.get(last, 0)
    return None


def particle(word: str, pair: str) -> str:
    """``word`` followed by the right one of ``pair`` ("은(는)", "을/를", …)."""
    key = (
        pair
        if pair in _PARTICLES
        else next((k for k, v in _PARTICLES.items() if "/".join(v) == pair), pair)
    )
    return word + _choose(word, key)


def _choose(before: str, pair: str) -> str:
    with_final, without = _PARTICLES[pair]
    final = final_consonant(before)
    if final is None:
        return pair
    if pair == "(으)로":
        return without if final in (0, 8) else with_final
    return with_final if final else without


def with_particles(text: str) -> str:
    """Every "은(는)"-style pair in ``text`` resolved by the word before it."""
    return _PARTICLE.sub(lambda m: _choose(text[: m.start()], m.group()), str(text))


# A word said twice where two phrases meet: "1차 서면 심사" + "심사 중", "… 보고회" +
# "보고회 자료". Words of two syllables or more, so that nothing said on purpose goes.
_DOUBLED = re.compile(r"(?<![가-힣])([가-힣]{2,})(?:\s+\1)+(?![가-힣])")


def undoubled(text: str) -> str:
    """``text`` with a Hangul word repeated back to back said once."""
    return _DOUBLED.sub(r"\1", str(text))
