from django.urls import path

from services import thread_views, views

app_name = "services"

urlpatterns = [
    path("services/", views.service_list, name="list"),
    path("services/<slug:slug>/", views.service_detail, name="detail"),
    path("services/<slug:slug>/hire/", views.service_hire, name="hire"),
    path("categories/<slug:slug>/", views.category_detail, name="category"),
    path("categories/<slug:parent>/<slug:slug>/", views.category_detail, name="subcategory"),
    path("dashboard/services/", views.dashboard_list, name="dashboard_list"),
    path("dashboard/services/new/", views.service_create, name="dashboard_create"),
    path("dashboard/services/<int:pk>/edit/", views.service_edit, name="dashboard_edit"),
    path("dashboard/services/<int:pk>/submit/", views.service_submit, name="dashboard_submit"),
    path(
        "dashboard/services/<int:pk>/withdraw/", views.service_withdraw, name="dashboard_withdraw"
    ),
    path("dashboard/services/<int:pk>/delete/", views.service_delete, name="dashboard_delete"),
    path("dashboard/hires/", views.hires, name="hires"),
    path("dashboard/requests/", views.requests_received, name="requests"),
    path("dashboard/hires/<int:pk>/", views.engagement_detail, name="engagement"),
    path("dashboard/hires/<int:pk>/accept/", views.engagement_accept, name="engagement_accept"),
    path("dashboard/hires/<int:pk>/decline/", views.engagement_decline, name="engagement_decline"),
    path("dashboard/hires/<int:pk>/cancel/", views.engagement_cancel, name="engagement_cancel"),
    path("dashboard/hires/<int:pk>/deliver/", views.engagement_deliver, name="engagement_deliver"),
    path(
        "dashboard/hires/<int:pk>/complete/",
        views.engagement_complete,
        name="engagement_complete",
    ),
    path("dashboard/hires/<int:pk>/messages/", thread_views.thread, name="thread"),
    path(
        "dashboard/hires/<int:pk>/messages/<int:message_pk>/report/",
        thread_views.message_report,
        name="message_report",
    ),
    path(
        "dashboard/hires/<int:pk>/files/<int:attachment_pk>/",
        thread_views.attachment_download,
        name="attachment",
    ),
    path("dashboard/notifications/", thread_views.notification_settings, name="notifications"),
]
