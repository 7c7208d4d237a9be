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
