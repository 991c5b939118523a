from django.urls import path

from ocop.portal import sitemaps, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("trang-cua-toi/", views.my_page, name="my_page"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
]
