from django.urls import path

from marketplace.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dashboard/account/delete/", views.account_delete_view, name="delete"),
    path("account-deleted/", views.account_deleted, name="deleted"),
    path("deleting-your-account/", views.deletion_policy, name="deletion_policy"),
    path("mail/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
