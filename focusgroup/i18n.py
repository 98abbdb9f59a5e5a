"""Languages of the pages: the JavaScript catalog of one named language, and language checks."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LanguageCatalog(JavaScriptCatalog):
    """The `djangojs` catalog of the language in the URL, whatever the request's own language.

    A participant page speaks its study's language, not the browser's: its script tag names the
    language (`/jsi18n/pt-br/`), so the catalog matches the page. Served as a file, for the CSP.
    """

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = kwargs.pop("language")
        if language not in LANGUAGE_CODES:
            raise Http404(f"No language {language!r}; languages: {', '.join(LANGUAGE_CODES)}.")
        with translation.override(language):
            return super().get(request, *args, **kwargs)


# The catalog changes only with a release: browsers may keep it an hour.
language_catalog = cache_control(max_age=3600, public=True)(LanguageCatalog.as_view())
