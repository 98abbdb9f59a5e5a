"""Pages of sessions: list and console for researchers, joining and the board for participants."""

from __future__ import annotations

from django.urls import path

from . import views, views_join, views_withdrawal

urlpatterns = [
    path("studies/<int:study_id>/sessions/", views.session_list, name="session-list"),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/",
        views.session_console,
        name="session-console",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/invites/",
        views.session_invites,
        name="session-invites",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/end/",
        views.session_end,
        name="session-end",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/participants/",
        views.participant_add,
        name="session-participant-add",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="session-participant-remove",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/participants/<int:participant_id>/link/",
        views.participant_link,
        name="session-participant-link",
    ),
    path(
        "studies/<int:study_id>/sessions/<int:session_id>/participants/<int:participant_id>/withdraw/",
        views_withdrawal.participant_withdraw_page,
        name="session-participant-withdraw",
    ),
    path(
        "board/<int:session_id>/withdraw/", views_withdrawal.board_withdraw, name="board-withdraw"
    ),
    path("join/", views_join.join_code, name="join-code"),
    path("join/<str:invite_token>/", views_join.join_consent, name="join-consent"),
    path("join/<str:invite_token>/about-you/", views_join.join_profile, name="join-profile"),
    path("p/<str:access_token>/", views_join.join_personal, name="join-personal"),
    path(
        "p/<str:access_token>/about-you/",
        views_join.join_personal_profile,
        name="join-personal-profile",
    ),
    path("board/sw.js", views.service_worker, name="board-sw"),
    path("board/<int:session_id>/", views.board, name="board"),
]
