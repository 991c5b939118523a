from django.urls import path, re_path

from ocop.portal import sitemaps, verification, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("trang-cua-toi/", views.my_page, name="my_page"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    # A certificate's number, as its QR code carries it (anything else is looked up and answers 404).
    re_path(r"^c/(?P<number>[^/]{1,40})\.pdf$", verification.certificate_pdf_file, name="certificate_pdf"),
    re_path(r"^c/(?P<number>[^/]{1,40})$", verification.certificate_page, name="certificate"),
]
