from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "portal"


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("OCOP")


urlpatterns = [path("", home, name="home")]
