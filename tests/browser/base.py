"""Base of browser tests: a real daphne server driven by Playwright.

The server speaks HTTP and WebSockets on the test database; Playwright drives Debian's Chromium.
Run these in a pytest process of their own (`-m browser`)."""

from __future__ import annotations

import os

from channels.testing import ChannelsLiveServerTestCase
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from statements.models import Role
from statements.services import membership_set
from studyfiles.studyfile import study_file_read, study_import
from tests.factories import make_user
from tests.studyfiles.studyfile_support import DATA_FILE

# Playwright's sync API keeps an event loop in this thread; the ORM calls of the tests themselves
# are still plain synchronous code, so Django's async-safety guard is lifted in this process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class BrowserTestCase(ChannelsLiveServerTestCase):
    """A live ASGI server plus one Chromium per test class; each page gets its own context."""

    host = "127.0.0.1"
    playwright: Playwright
    browser: Browser

    @classmethod
    def setUpClass(cls) -> None:
        # The live server is a forked process: a connection pool opened in this process would be
        # shared with it, socket and all, and break both. uvicorn and the workers never fork
        # after connecting; the pool is tested on them (tests/project/test_connection_pool.py).
        pooled = "pool" in settings.DATABASES["default"].get("OPTIONS", {})
        assert not pooled, (
            "Run the browser tests with DATABASE_POOL_SIZE=0 (make test-browser does)."
        )
        super().setUpClass()  # forks the server first, before Playwright starts its threads
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def new_context(self, **options) -> BrowserContext:
        """A fresh browser context (its own cookies and storage), closed after the test."""
        context = self.browser.new_context(base_url=self.live_server_url, **options)
        context.set_default_timeout(10_000)
        self.addCleanup(context.close)
        return context

    def new_page(self, context: BrowserContext | None = None) -> Page:
        return (context or self.new_context()).new_page()

    def login(self, page: Page, user) -> None:
        """Sign the page's context in as the user, through a real session cookie."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": self.live_server_url,
                }
            ]
        )


class PaperStudyTestCase(BrowserTestCase):
    """The paper's study imported by its owner, with an analyst among its members."""

    def setUp(self) -> None:
        super().setUp()
        self.owner = make_user("owner")
        self.analyst = make_user("analyst")
        self.study = study_import(data=study_file_read(DATA_FILE), owner=self.owner)
        membership_set(study=self.study, user=self.analyst, role=Role.ANALYST)
