"""Root URLs: pages of each app, the REST API with its schema, admin and health."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .health import healthz
from .i18n import language_catalog
from .ratelimit import LoginView, limited_sign_in

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/login/", limited_sign_in(admin.site.login, "admin-login"), name="admin-login"),
    path(  # browsers ask for /favicon.ico whatever the page links (issue 10, bug 21)
        "favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)
    ),
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Languages: the header's switch (Django's set_language) and the board's JavaScript strings.
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/<str:language>/", language_catalog, name="javascript-catalog"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("focusgroup.api_urls")),
    path("", include("analysis.urls")),
    path("", include("phases.urls")),
    path("", include("coding.urls")),
    path("", include("sessions.urls")),
    path("", include("recordings.urls")),
    path("", include("studyfiles.urls")),
    path("", include("statements.urls")),
]
