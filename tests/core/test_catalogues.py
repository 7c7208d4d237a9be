"""Every English catalogue in the repository is complete: the project's (locale/) and each
app's own (<app>/locale/), found by walking the tree, so a new app's catalogue is checked
as soon as it exists. And every string marked for translation is in one of them, translated.

An empty or fuzzy msgstr shows Korean on an English page (compilemessages leaves both out
of the .mo); a placeholder lost or misspelt in a msgstr raises KeyError, or drops a number,
when the page is rendered.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

SKIPPED_DIRS = {".venv", ".git", "node_modules", "staticfiles", "__pycache__"}


def english_catalogues() -> list[Path]:
    found = []
    for root, dirs, files in os.walk(settings.BASE_DIR):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        here = Path(root)
        if here.parts[-3:] == ("locale", "en", "LC_MESSAGES"):
            found += [here / name for name in sorted(files) if name.endswith(".po")]
    return found


CATALOGUES = english_catalogues()


def label(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


# A small .po reader: enough for what makemessages writes --------------------------------


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # one per plural form

    def __str__(self) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt is not None else ""
        return f"line {self.line}{context}: {self.msgid!r}"


FIELD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")


def read_po(path: Path) -> list[Entry]:
    """The catalogue's live entries, header and obsolete (#~) entries left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    last: tuple[str, int] = ("", 0)  # the field a continuation line ("...") belongs to
    flags: set[str] = set()

    def finish():
        nonlocal current
        if current is not None and current.msgid:
            entries.append(current)
        current = None

    lines = path.read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if current is not None and current.msgstr:  # gettext allows blanks inside one
                finish()
                flags = set()
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue  # comments, locations, previous msgids (#|), obsolete entries (#~)
        elif line.startswith('"'):
            name, form = last
            if name == "msgstr":
                current.msgstr[form] += ast.literal_eval(line)
            else:
                setattr(current, name, getattr(current, name) + ast.literal_eval(line))
        else:
            match = FIELD.match(line)
            assert match, f"{label(path)}:{number}: cannot read {raw!r}"
            keyword, form, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if keyword in ("msgctxt", "msgid") and current is not None and current.msgstr:
                finish()  # an entry without a blank line before it
            if current is None:
                current, flags = Entry(line=number, flags=flags), set()
            if keyword.startswith("msgstr"):
                last = ("msgstr", int(form or 0))
                current.msgstr[last[1]] = text
            else:
                last = (keyword, 0)
                setattr(current, keyword, text)
    finish()
    return entries


# Placeholders: %(name)s, %d, %s ... (Django turns a template's {{ var }} into %(var)s) ----

PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?(?P<kind>[sdifgeExXor%])")


def placeholders(text: str) -> list[str]:
    found = []
    for match in PLACEHOLDER.finditer(text):
        if match["kind"] == "%":
            continue  # a literal percent sign
        found.append(match.group(0))
    return sorted(found)


def placeholder_problems(entry: Entry) -> list[str]:
    problems = []
    for form, text in sorted(entry.msgstr.items()):
        if not text:
            continue  # untranslated: the test above names it
        source = entry.msgid if form == 0 else entry.msgid_plural
        wanted, got = placeholders(source), placeholders(text)
        if wanted != got:
            where = f"msgstr[{form}]" if entry.msgid_plural is not None else "msgstr"
            problems.append(f"{entry} {where} has {got}, the source has {wanted}")
    return problems


# Tests -----------------------------------------------------------------------------------


def test_the_walk_finds_the_project_and_app_catalogues():
    names = {label(path) for path in CATALOGUES}
    assert {
        "locale/en/LC_MESSAGES/django.po",
        "briefings/locale/en/LC_MESSAGES/django.po",
        "notifications/locale/en/LC_MESSAGES/django.po",
    } <= names
    assert not any(name.startswith(".venv") for name in names)


def test_the_reader_sees_every_message_of_a_catalogue():
    # msgfmt counts the same messages the tests below walk, so none is skipped unread.
    if not shutil.which("msgfmt"):
        pytest.skip("gettext's msgfmt is not installed")
    for path in CATALOGUES:
        result = subprocess.run(  # noqa: S603  (fixed arguments, our own file)
            ["msgfmt", "--statistics", "-o", os.devnull, str(path)],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        )
        counts = [
            int(n) for n in re.findall(r"(\d+) (?:translated|fuzzy|untranslated)", result.stderr)
        ]
        assert sum(counts) == len(read_po(path)), (label(path), result.stderr)


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_every_message_has_an_english_translation(path):
    missing = [
        f"{entry} is fuzzy" if "fuzzy" in entry.flags else f"{entry} is not translated"
        for entry in read_po(path)
        if "fuzzy" in entry.flags
        or not entry.msgstr
        or not all(entry.msgstr.values())
        or (entry.msgid_plural is not None and len(entry.msgstr) < 2)
    ]
    assert not missing, f"{label(path)}: {len(missing)} to translate\n" + "\n".join(missing)


@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_every_translation_keeps_the_placeholders_of_its_source(path):
    problems = [problem for entry in read_po(path) for problem in placeholder_problems(entry)]
    assert not problems, f"{label(path)}:\n" + "\n".join(problems)


def test_a_message_in_two_catalogues_reads_the_same_in_both():
    # The project's catalogue (LOCALE_PATHS) overrides every app's, and an app listed earlier
    # in INSTALLED_APPS overrides a later one: a second, different translation is never shown.
    translations = defaultdict(dict)
    for path in CATALOGUES:
        for entry in read_po(path):
            if "fuzzy" not in entry.flags and all(entry.msgstr.values()):  # else not compiled
                translations[(entry.msgctxt, entry.msgid)][label(path)] = entry.msgstr
    differing = [
        f"{msgid!r} (context {context!r}): {by_file}"
        for (context, msgid), by_file in translations.items()
        if len({tuple(sorted(msgstr.items())) for msgstr in by_file.values()}) > 1
    ]
    assert not differing, "\n".join(differing)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=label)
def test_msgfmt_accepts_the_catalogue(path):
    # --check: the header, plural forms and python-format placeholders as gettext sees them.
    result = subprocess.run(  # noqa: S603  (fixed arguments, our own file)
        ["msgfmt", "--check", "-o", os.devnull, str(path)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


COPY_IGNORED = shutil.ignore_patterns(
    *SKIPPED_DIRS, "static", "media", "var", "tests", "benchmarks", "*.mo", "*.sqlite3"
)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext's xgettext is not installed")
def test_every_marked_string_has_an_english_translation_in_some_catalogue(tmp_path):
    # makemessages, run on a copy (it rewrites the catalogues it touches), collects every
    # string marked for translation into the catalogue it belongs to. One that no committed
    # catalogue translates shows Korean on an English page; the tests above cannot see it,
    # since it is in no catalogue at all.
    copy = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, copy, ignore=COPY_IGNORED)
    subprocess.run(  # noqa: S603  (fixed arguments, our own copy)
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--verbosity=0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    translated = {
        (entry.msgctxt, entry.msgid)
        for path in CATALOGUES
        for entry in read_po(path)
        if "fuzzy" not in entry.flags and entry.msgstr and all(entry.msgstr.values())
    }
    missing = sorted(
        f"{path.relative_to(copy)} {entry}"
        for path in sorted(copy.rglob("*.po"))
        for entry in read_po(path)
        if (entry.msgctxt, entry.msgid) not in translated
    )
    assert not missing, f"{len(missing)} marked strings without English:\n" + "\n".join(missing)
