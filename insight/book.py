"""The briefing book's content and its two renderings: PDF (WeasyPrint) and HWPX (python-hwpx).

``book_content`` gathers everything in a fixed number of queries (the session, its agenda
with the ideas, the directives to the teams and bureaus on the agenda, the similar earlier
ideas with their latest outcome); the renderers only write it out. The PDF embeds the
project's own Korean font (Pretendard GOV from static/vendor/krds/fonts) so it reads the
same on any machine.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from briefings.models import AgendaItem, BriefingSession
from ideas.models import Idea
from insight.selectors import latest_outcome
from reviews.models import Decision, Directive
from similarity import encoder, morphology
from similarity.index import library_index, weighted_terms
from similarity.models import IdeaTerms
from similarity.selectors import Query, ranked

SIMILAR_PER_IDEA = 3
DIRECTIVES_PER_IDEA = 5


@dataclass
class Similar:
    reference_number: str
    title: str
    season: str
    bureau: str
    outcome: str  # the latest published decision, or "심사 전/미결정"


@dataclass
class Page:
    order: int
    start: str
    end: str
    idea: Idea
    similar: list[Similar] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)

    @property
    def source(self) -> str:
        parts = [
            self.idea.get_source_type_display() if self.idea.source_type else "",
            self.idea.source_institution,
            self.idea.source_location,
        ]
        return " · ".join(p for p in parts if p)

    @property
    def path(self) -> str:
        return self.idea.get_implementation_path_display() if self.idea.implementation_path else ""

    @property
    def budget(self) -> str:
        if self.idea.budget_estimate_krw is None:
            return ""
        return f"{self.idea.budget_estimate_krw:,}원"


@dataclass
class BookContent:
    session: BriefingSession
    bureaus: list[str]
    pages: list[Page]


def agenda_signature(session: BriefingSession, items: list[AgendaItem] | None = None) -> str:
    """What the book depends on: the session's date, times and place and its agenda."""
    if items is None:
        items = list(
            session.items.order_by("order").values_list(
                "idea_id", "order", "start_time", "end_time"
            )
        )
    else:
        items = [(i.idea_id, i.order, i.start_time, i.end_time) for i in items]
    text = repr((session.date, session.start_time, session.end_time, session.place, items))
    return hashlib.sha256(text.encode()).hexdigest()


def similar_earlier_ideas(ideas: list[Idea]) -> dict[int, list[Idea]]:
    """Per idea, the ``SIMILAR_PER_IDEA`` library ideas of other seasons most like it.

    One look-up for the whole agenda: the ideas' stored morphemes and sentence vectors
    (``similarity.IdeaTerms``, one query; an idea without them, e.g. an import, is split
    by Kiwi in one batch) ranked against the similarity app's in-process index, then the
    found ideas in one query. The sentence encoder is never run: a stored vector is the
    one it made when the idea was submitted."""
    if not ideas:
        return {}
    stored = _stored_terms(ideas)
    index = library_index()
    use_vectors = encoder.enabled()
    wanted = SIMILAR_PER_IDEA * 4 + 1  # room for the ideas of the same season, left out
    ranked_ids: dict[int, list[int]] = {}
    for idea in ideas:
        query = _library_query(stored[idea.pk], use_vectors)
        found = ranked(query, exclude={idea.pk}, limit=wanted, index=index)
        ranked_ids[idea.pk] = [pk for pk, _score, _words, _meaning in found]
    return _of_other_seasons(ideas, ranked_ids)


_Terms = tuple[str, str, str, Any]


def _stored_terms(ideas: list[Idea]) -> dict[int, _Terms]:
    """Per idea, its title, summary and body morphemes (space-joined) and its stored sentence
    vector (``None`` when made by another encoder or absent): one query for the stored ones,
    one Kiwi batch for the ideas without any."""
    stored: dict[int, _Terms] = {
        pk: (title, summary, body, vector if name == encoder.NAME else None)
        for pk, title, summary, body, vector, name in IdeaTerms.objects.filter(
            idea__in=ideas
        ).values_list("idea_id", "title_terms", "summary_terms", "body_terms", "vector", "encoder")
    }
    missing = [i for i in ideas if i.pk not in stored]
    if missing:
        texts = [t for i in missing for t in (i.title, i.summary, f"{i.problem}\n{i.proposal}")]
        split = morphology.terms_many(texts)
        for n, idea in enumerate(missing):
            title, summary, body = (" ".join(t) for t in split[3 * n : 3 * n + 3])
            stored[idea.pk] = (title, summary, body, None)
    return stored


def _library_query(terms: _Terms, use_vectors: bool) -> Query:
    """The index query for one idea's stored terms; its vector only when vectors are in use."""
    title, summary, body, vector = terms
    title_terms, summary_terms = title.split(), summary.split()
    return Query(
        terms=weighted_terms(title_terms, summary_terms, body.split()),
        shown_terms=list(dict.fromkeys(title_terms + summary_terms)),
        vector=(
            encoder.from_bytes(bytes(vector)).astype("float32") / encoder.SCALE
            if use_vectors and vector is not None
            else None
        ),
        title_only=not summary_terms,
    )


def _of_other_seasons(ideas: list[Idea], ranked_ids: dict[int, list[int]]) -> dict[int, list[Idea]]:
    """The found ideas (one query), per idea the first ``SIMILAR_PER_IDEA`` still in the
    library and of another season than the idea's, in ranked order."""
    library = (
        Idea.objects.visible_in_library()
        .select_related("season")
        .in_bulk({pk for pks in ranked_ids.values() for pk in pks})
    )
    return {
        idea.pk: [
            library[pk]
            for pk in ranked_ids[idea.pk]
            if pk in library and library[pk].season_id != idea.season_id
        ][:SIMILAR_PER_IDEA]
        for idea in ideas
    }


def book_content(session: BriefingSession) -> BookContent:
    items = list(
        AgendaItem.objects.filter(session=session).select_related("idea__season").order_by("order")
    )
    bureaus = list(session.bureaus.order_by("display_order", "name").values_list("name", flat=True))
    ideas = [item.idea for item in items]
    # The governor's earlier directives to the teams and bureaus on the agenda (not about
    # the ideas being presented), newest first.
    team_ids = {i.team_id for i in ideas}
    bureau_ids = {i.bureau_id for i in ideas}
    directives = list(
        Directive.objects.filter(
            Q(idea__team_id__in=team_ids) | Q(responsible_bureau_id__in=bureau_ids)
        )
        .exclude(idea__in=ideas)
        .select_related("idea", "responsible_bureau")
        .order_by("-recorded_at")
    )
    pages = []
    similar_ids = similar_earlier_ideas(ideas)
    earlier = {i.pk for found in similar_ids.values() for i in found}
    outcomes = dict(
        Idea.objects.filter(pk__in=earlier)
        .annotate(outcome=latest_outcome(published_only=True))
        .values_list("pk", "outcome")
    )
    labels = dict(Decision.Outcome.choices)
    for item in items:
        idea = item.idea
        pages.append(
            Page(
                order=item.order,
                start=item.start_time.strftime("%H:%M"),
                end=item.end_time.strftime("%H:%M"),
                idea=idea,
                similar=[
                    Similar(
                        reference_number=s.reference_number or "",
                        title=s.title,
                        season=s.season.name,
                        bureau=s.bureau_name,
                        outcome=str(labels.get(outcomes.get(s.pk), _("결정 없음"))),
                    )
                    for s in similar_ids[idea.pk]
                ],
                directives=[
                    d
                    for d in directives
                    if d.idea.team_id == idea.team_id or d.responsible_bureau_id == idea.bureau_id
                ][:DIRECTIVES_PER_IDEA],
            )
        )
    return BookContent(session=session, bureaus=bureaus, pages=pages)


# PDF -------------------------------------------------------------------------------------


def _font_url(name: str) -> str:
    """The vendored font as a local TrueType file WeasyPrint reads as it is.

    The fonts are vendored as WOFF2, which WeasyPrint decompresses in Python each time it
    meets the @font-face (about 1.5 s per weight, measured in benchmarks/bench_dashboard.py).
    The decompressed copy is kept next to the media files, named by the source's content,
    so it is made once per font version, not once per book."""
    path = finders.find(f"vendor/krds/fonts/{name}")
    if not path:
        return ""
    source = Path(path)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = Path(settings.MEDIA_ROOT) / "insight-fonts" / f"{source.stem}-{digest}.ttf"
    if not target.exists():
        from fontTools.ttLib import TTFont

        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(source)
        font.flavor = None
        partial = target.with_suffix(f".{os.getpid()}.part")
        font.save(partial)
        partial.replace(target)  # atomic: a concurrent build never reads half a file
    return target.as_uri()


def render_pdf(content: BookContent) -> tuple[bytes, int]:
    """The book as PDF bytes and its page count."""
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "insight/book.html",
            {
                "content": content,
                "font_regular": _font_url("PretendardGOV-Regular.subset.woff2"),
                "font_bold": _font_url("PretendardGOV-Bold.subset.woff2"),
            },
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)


# HWPX ------------------------------------------------------------------------------------


def render_hwpx(content: BookContent) -> bytes:
    """The book as an HWPX document (the format government offices edit in 한글)."""
    from hwpx import HwpxDocument

    with translation.override(settings.LANGUAGE_CODE):
        session = content.session
        doc = HwpxDocument.new()
        doc.add_heading(_("도지사 보고회 자료"), level=1)
        doc.add_heading(session.title, level=2)
        doc.add_paragraph(
            _("일시: %(date)s %(start)s–%(end)s")
            % {
                "date": session.date.strftime("%Y-%m-%d"),
                "start": session.start_time.strftime("%H:%M"),
                "end": session.end_time.strftime("%H:%M"),
            }
        )
        doc.add_paragraph(_("장소: %(place)s") % {"place": session.place})
        doc.add_paragraph(_("보고 실·국: %(names)s") % {"names": ", ".join(content.bureaus)})
        doc.add_paragraph(_("주재: %(chair)s") % {"chair": session.chair})

        doc.add_paragraph(_("보고 순서"), pageBreak="1")
        table = doc.add_table(len(content.pages) + 1, 4)
        for col, header in enumerate([_("순서"), _("시간"), _("제목"), _("팀")]):
            table.cell(0, col).text = header
        for row, page in enumerate(content.pages, start=1):
            table.cell(row, 0).text = str(page.order)
            table.cell(row, 1).text = f"{page.start}–{page.end}"
            table.cell(row, 2).text = page.idea.title
            table.cell(row, 3).text = page.idea.team_name

        for page in content.pages:
            idea = page.idea
            doc.add_paragraph(f"{page.order}. {idea.title}", pageBreak="1")
            doc.add_paragraph(
                f"{idea.reference_number or ''} · {idea.bureau_name} {idea.team_name} · "
                f"{page.start}–{page.end}"
            )
            for label, value in (
                (_("요약"), idea.summary),
                (_("현황 및 문제점"), idea.problem),
                (_("개선 방안"), idea.proposal),
                (_("벤치마킹"), page.source),
                (_("추진 방식"), " · ".join(v for v in (page.path, page.budget) if v)),
            ):
                if value:
                    doc.add_paragraph(f"■ {label}")
                    for line in str(value).splitlines() or [""]:
                        doc.add_paragraph(line)
            doc.add_paragraph(f"■ {_('비슷한 이전 아이디어')}")
            if page.similar:
                for s in page.similar:
                    doc.add_paragraph(f"- {s.title} ({s.season}, {s.bureau}): {s.outcome}")
            else:
                doc.add_paragraph(_("없음"))
            doc.add_paragraph(f"■ {_('이 팀·실·국에 대한 이전 지시사항')}")
            if page.directives:
                for d in page.directives:
                    doc.add_paragraph(
                        f"- {d.text} ({d.responsible_bureau.name}, {d.due_date:%Y-%m-%d})"
                    )
            else:
                doc.add_paragraph(_("없음"))
        out = io.BytesIO()
        doc.save_to_stream(out)
        return out.getvalue()
