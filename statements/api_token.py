"""Obtain an API token: POST username and password to /api/auth/token/, then send
`Authorization: Token <key>` with every request. `manage.py create_api_token USERNAME` does the
same from the command line."""

from __future__ import annotations

from rest_framework.authtoken.views import ObtainAuthToken

api_token = ObtainAuthToken.as_view()
