"""The API's JSON parser: DRF's, with French refusals for bodies it cannot read.

DRF turns a syntax error into a 400 but lets ``RecursionError`` through: a body nested a few
thousand levels deep (``[[[[…]]]]``, a few kilobytes) made a 500. Invalid UTF-8 got DRF's English
"JSON parse error".
"""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("Le JSON envoyé est imbriqué trop profondément pour être lu : simplifiez sa structure.")
            ) from None
        except ParseError as error:
            cause = error.__cause__ or error.__context__
            if isinstance(cause, UnicodeDecodeError):
                raise ParseError(_("Le corps de la requête n'est pas du texte UTF-8 valide.")) from None
            raise ParseError(
                _("Le corps de la requête n'est pas un JSON valide : %(detail)s") % {"detail": cause or error}
            ) from None
