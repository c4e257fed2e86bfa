from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("dashboard/hires/<int:engagement_pk>/review/", views.review_create, name="create"),
    path("dashboard/reviews/", views.dashboard, name="dashboard"),
    path("dashboard/reviews/<int:pk>/reply/", views.review_reply, name="reply"),
    path("dashboard/appeals/new/", views.appeal_create, name="appeal_create"),
    path("reviews/<int:pk>/", views.review_detail, name="detail"),
    path("reviews/<int:pk>/report/", views.review_report, name="report"),
    path("services/<slug:slug>/report/", views.service_report, name="report_service"),
    path("freelancers/<slug:slug>/report/", views.profile_report, name="report_profile"),
]
