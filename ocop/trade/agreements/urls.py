from django.urls import path

from ocop.trade.agreements import views

app_name = "trade_agreements"
urlpatterns = [
    path("hoi-nghi/", views.event_list, name="event_list"),
    path("hoi-nghi/<int:event_id>/", views.event_detail, name="event_detail"),
    path("cuoc-gap/", views.party_meetings, name="party_meetings"),
    path("cuoc-gap/<int:meeting_id>", views.meeting_status, name="meeting_status"),
    path("cuoc-gap/<int:meeting_id>/tra-loi", views.meeting_answer, name="meeting_answer"),
    path("thoa-thuan/", views.agreement_list, name="agreement_list"),
    path("thoa-thuan/moi", views.agreement_new, name="agreement_new"),
    path("thoa-thuan/ben-mua-ghi", views.buyer_agreement_new, name="buyer_agreement_new"),
    path("thoa-thuan/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path(
        "thoa-thuan/<int:agreement_id>/ben-mua-sua", views.buyer_agreement_edit, name="buyer_agreement_edit"
    ),
    path("thoa-thuan/<int:agreement_id>/xac-nhan", views.agreement_answer, name="agreement_answer"),
    path("thoa-thuan/<int:agreement_id>/trang-thai", views.agreement_status, name="agreement_status"),
    path("nhap-tep", views.agreements_upload, name="upload"),
    path("bao-cao/", views.report, name="report"),
]
