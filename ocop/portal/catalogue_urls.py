"""The public catalogue, at the site root: /san-pham/ (products) and /chu-the/ (producers)."""

from django.urls import path

from ocop.portal import catalogue

app_name = "catalogue"
urlpatterns = [
    path("san-pham/", catalogue.product_list, name="product_list"),
    # The name in the address is for people; the id alone finds the product (and is what QR codes carry).
    path("san-pham/<int:product_id>/", catalogue.product_detail, name="product_detail"),
    path("san-pham/<int:product_id>/<slug:slug>/", catalogue.product_detail, name="product_detail"),
    path("chu-the/<int:producer_id>/", catalogue.producer_detail, name="producer_detail"),
    path("chu-the/<int:producer_id>/<slug:slug>/", catalogue.producer_detail, name="producer_detail"),
]
