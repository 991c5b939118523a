from django.urls import path

from ocop.registry.views import images, imports, landings, records

app_name = "registry"
urlpatterns: list = [
    path("", landings.dashboard, name="dashboard"),
    path("my-products/", landings.producer_home, name="producer_home"),
    path("products/", records.product_list, name="product_list"),
    path("products/<int:product_id>/", records.product_detail, name="product_detail"),
    path("products/<int:product_id>/edit", records.product_edit, name="product_edit"),
    path("products/<int:product_id>/images/new", images.product_image_add, name="product_image_add"),
    path("images/<int:image_id>/move", images.product_image_move, name="product_image_move"),
    path("images/<int:image_id>/remove", images.product_image_remove, name="product_image_remove"),
    path("products/<int:product_id>/certificates/new", records.certificate_add, name="certificate_add"),
    path("certificates/<int:certificate_id>/revoke", records.certificate_revoke, name="certificate_revoke"),
    path(
        "certificates/<int:certificate_id>/evidence/<str:sha256>",
        records.revocation_evidence_file,
        name="revocation_evidence_file",
    ),
    path("producers/", records.producer_list, name="producer_list"),
    path("producers/<int:producer_id>/", records.producer_detail, name="producer_detail"),
    path("producers/<int:producer_id>/edit", records.producer_edit, name="producer_edit"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new", imports.import_new, name="import_new"),
    path("imports/<int:batch_id>", imports.import_detail, name="import_detail"),
    path("imports/<int:batch_id>/start", imports.import_start, name="import_start"),
    path("export.csv", imports.export, {"file_format": "csv"}, name="export"),
    path("export.xlsx", imports.export, {"file_format": "xlsx"}, name="export_xlsx"),
]
