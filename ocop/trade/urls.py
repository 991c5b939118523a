"""Trade screens under /giao-thuong/."""

from django.urls import path

from ocop.trade import views

app_name = "trade"
urlpatterns = [
    path("", views.buyer_home, name="buyer_home"),
    path("dang-ky/", views.buyer_register, name="buyer_register"),
    path("xac-minh/", views.buyer_review_list, name="buyer_review_list"),
    path("xac-minh/<int:buyer_id>/", views.buyer_review, name="buyer_review"),
    path("nhu-cau/moi/", views.demand_create, name="demand_create"),
    path("nhu-cau/xem-truoc/", views.demand_preview, name="demand_preview"),
    path("nhu-cau/<int:demand_id>/", views.demand_detail, name="demand_detail"),
    path("nhu-cau/<int:demand_id>/dong", views.demand_close, name="demand_close"),
    path(
        "nhu-cau/<int:demand_id>/danh-sach-chon/<int:product_id>",
        views.shortlist_toggle,
        name="shortlist_toggle",
    ),
    path("nhu-cau-phu-hop/", views.fitting_demands, name="fitting_demands"),
    path("nhu-cau-phu-hop/<int:demand_id>/", views.fitting_demand, name="fitting_demand"),
]
