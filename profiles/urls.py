from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    # Before allauth's own URLs (marketplace/urls.py), in their place.
    path("accounts/signup/", views.signup, name="account_signup"),
    path("freelancers/", views.profile_list, name="list"),
    path("freelancers/<slug:slug>/", views.profile_detail, name="detail"),
    path("freelancers/<slug:slug>/resume/", views.profile_resume, name="resume"),
    path(
        "freelancers/<slug:profile_slug>/articles/<slug:slug>/",
        views.article_detail,
        name="article",
    ),
    path("skills/<slug:slug>/", views.skill_detail, name="skill"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/account/", views.user_name_edit, name="account"),
    path("dashboard/become-a-freelancer/", views.profile_create, name="create"),
    path("dashboard/profile/", views.profile_edit, name="edit"),
    path(
        "dashboard/profile/remove/<str:field>/",
        views.profile_remove_upload,
        name="remove_upload",
    ),
    path("dashboard/articles/", views.article_list, name="articles"),
    path("dashboard/articles/new/", views.article_create, name="article_create"),
    path("dashboard/articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("dashboard/articles/<int:pk>/publish/", views.article_publish, name="article_publish"),
    path(
        "dashboard/articles/<int:pk>/unpublish/",
        views.article_unpublish,
        name="article_unpublish",
    ),
    path("dashboard/articles/<int:pk>/delete/", views.article_delete, name="article_delete"),
]
