from django.urls import path

from ocop.reports import views, views_dashboard, views_provincial, views_targets

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("bang-dieu-khien/", views_dashboard.dashboard_page, name="dashboard"),
    path("bao-cao/", views_provincial.provincial_report_page, name="provincial_report"),
    path("muc-tieu/", views_targets.target_list, name="target_list"),
    path("muc-tieu/them/", views_targets.target_create_page, name="target_create"),
    path("muc-tieu/nhap-tep/", views_targets.target_import_page, name="target_import"),
    path("muc-tieu/tep-mau.csv", views_targets.target_import_sample, name="target_import_sample"),
    path("muc-tieu/<int:target_id>/sua/", views_targets.target_update_page, name="target_update"),
    path("muc-tieu/<int:target_id>/xoa/", views_targets.target_delete_page, name="target_delete"),
    path("muc-tieu/<int:target_id>/so-lieu/", views_targets.target_figure_page, name="target_figure"),
    path(
        "muc-tieu/<int:target_id>/so-lieu/<int:figure_id>/tep",
        views_targets.target_figure_file,
        name="target_figure_file",
    ),
]
