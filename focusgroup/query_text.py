"""Refuse a request whose query string holds a NUL or a lone surrogate, naming the parameter.

Such a text cannot reach PostgreSQL (it refuses NUL in a string), so every filter of every page
and API would otherwise fail with a server error; one middleware answers 400 for all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from .text import BAD_TEXT_CODE, text_problem


class QueryTextMiddleware:
    """400 with a JSON error for a query parameter (name or value) that cannot be stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            for text in (name, *values):
                problem = text_problem(text)
                if problem is not None:
                    message = f"The query parameter '{name[:40]}' {problem}."
                    return JsonResponse(
                        {"code": BAD_TEXT_CODE, "field": name[:40], "message": message},
                        status=400,
                    )
        return self.get_response(request)
