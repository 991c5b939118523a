from django.urls import path

from ocop.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("trang-cua-toi/", views.my_page, name="my_page"),
]
