from django.urls import path

from services import views

app_name = "services"

urlpatterns = [
    path("services/", views.service_list, name="list"),
    path("services/<slug:slug>/", views.service_detail, name="detail"),
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
]
