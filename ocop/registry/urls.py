from django.urls import path

from ocop.registry.views import records

app_name = "registry"
urlpatterns: list = [
    path("products/", records.product_list, name="product_list"),
    path("products/<int:product_id>/", records.product_detail, name="product_detail"),
    path("products/<int:product_id>/edit", records.product_edit, name="product_edit"),
    path("products/<int:product_id>/certificates/new", records.certificate_add, name="certificate_add"),
    path("certificates/<int:certificate_id>/revoke", records.certificate_revoke, name="certificate_revoke"),
    path("producers/", records.producer_list, name="producer_list"),
    path("producers/<int:producer_id>/", records.producer_detail, name="producer_detail"),
    path("producers/<int:producer_id>/edit", records.producer_edit, name="producer_edit"),
]
