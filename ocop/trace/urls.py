"""The traceability screens of producers and officers under /truy-xuat/: batches, stamp runs, sheets,
shipments."""

from django.urls import path

from ocop.trace.views import batches, sheets, shipments

app_name = "trace"
urlpatterns = [
    path("", batches.home, name="home"),
    path("san-pham/<int:product_id>/lo-moi/", batches.batch_create, name="batch_create"),
    path("lo/<int:batch_id>/", batches.batch_detail, name="batch_detail"),
    path("lo/<int:batch_id>/sua/", batches.batch_update, name="batch_update"),
    path("lo/<int:batch_id>/phat-hanh", batches.stamps_issue, name="stamps_issue"),
    path("lo/<int:batch_id>/xuat-hang", shipments.shipment_create, name="shipment_create"),
    path(
        "lo/<int:batch_id>/xuat-hang/<int:shipment_id>/da-den",
        shipments.shipment_receive,
        name="shipment_receive",
    ),
    path("dot/<int:run_id>/in-lai", sheets.sheet_redraw, name="sheet_redraw"),
    path("tep/<int:job_id>/", sheets.sheet_job, name="sheet_job"),
    path("tep/<int:job_id>/tai-ve", sheets.sheet_download, name="sheet_download"),
    path("tep/<int:job_id>/lam-lai", sheets.sheet_retry, name="sheet_retry"),
]
