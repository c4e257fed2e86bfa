from django.urls import path

from marketplace.exports import views

app_name = "exports"

urlpatterns = [
    path("dashboard/account/data/", views.data_export_page, name="page"),
    path("dashboard/account/data/<str:token>/", views.data_export_download, name="download"),
]
