from django.urls import path

from ocop.registry.views import imports

app_name = "registry"
urlpatterns: list = [
    path("imports/new", imports.import_new, name="import_new"),
    path("imports/<int:batch_id>", imports.import_detail, name="import_detail"),
    path("imports/<int:batch_id>/start", imports.import_start, name="import_start"),
    path("export.csv", imports.export, {"file_format": "csv"}, name="export"),
    path("export.xlsx", imports.export, {"file_format": "xlsx"}, name="export_xlsx"),
]
