"""Korean particles in templates: ``{{ season.name|particle:"은/는" }}`` writes the name
with the particle its last syllable takes; ``{{ text|with_particles }}`` resolves every
"은(는)"-style pair in a text; ``{% filter undoubled %}{{ title }} 보고회 자료{% endfilter %}``
says a word once where a name ends with the word the text starts with (see ``core.text``)."""

from django import template

from core.text import particle as _particle
from core.text import undoubled as _undoubled
from core.text import with_particles as _with_particles

register = template.Library()


@register.filter
def particle(word, pair: str) -> str:
    return _particle(str(word), pair)


@register.filter
def with_particles(text) -> str:
    return _with_particles(str(text))


@register.filter(is_safe=True)
def undoubled(text) -> str:
    return _undoubled(text)
