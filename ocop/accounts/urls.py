from django.urls import path

from ocop.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("users/", views.user_list, name="user_list"),
    path("users/new", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/deactivate", views.user_deactivate, name="user_deactivate"),
    path("users/<int:user_id>/reactivate", views.user_reactivate, name="user_reactivate"),
]
