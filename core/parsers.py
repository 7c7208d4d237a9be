"""DRF's JSON parser, with a body nested too deeply for Python's parser answered as a 400
(a RecursionError would otherwise be a 500)."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON 본문이 너무 깊게 중첩되어 있습니다.")) from None
