"""Obtaining an API token with a username and password.

POST username and password to /api/auth/token/, then send `Authorization: Token <key>` with
every request. `manage.py create_api_token USERNAME` does the same from the command line. Wrong
passwords are counted per address and username (429 past the limit, focusgroup/ratelimit.py)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from focusgroup.ratelimit import failure_record, too_many_failures, wait_message


class ThrottledObtainAuthToken(ObtainAuthToken):
    """DRF's token view, refusing a client after too many wrong passwords.

    The request itself is not authenticated: the password in the body is the credential. A
    browser's session cookie is ignored, so its CSRF check does not refuse a signed-in browser
    (a cross-site page gains nothing: it cannot read the answer).
    """

    authentication_classes = ()

    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
        if too_many_failures("api-token", request, username):
            return Response({"detail": wait_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():  # the one password check
            failure_record("api-token", request, username)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


api_token = ThrottledObtainAuthToken.as_view()
