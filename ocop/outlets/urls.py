"""Sales points: the public directory at /diem-ban/ and the back office at /diem-ban/quan-ly/."""

from django.urls import path

from ocop.outlets.views import manage, public

app_name = "outlets"
urlpatterns = [
    path("", public.directory, name="directory"),
    path("<int:point_id>/", public.point_detail, name="point_detail"),
    path("anh/<int:photo_id>", public.photo_file, name="photo_file"),
    path("quan-ly/", manage.home, name="home"),
    path("quan-ly/moi/", manage.point_create, name="point_create"),
    path("quan-ly/<int:point_id>/", manage.point_manage, name="point_manage"),
    path("quan-ly/<int:point_id>/sua/", manage.point_update, name="point_update"),
    path("quan-ly/<int:point_id>/san-pham", manage.product_add, name="product_add"),
    path("quan-ly/<int:point_id>/san-pham/<int:carried_id>/bo", manage.product_remove, name="product_remove"),
    path("quan-ly/<int:point_id>/anh", manage.photo_add, name="photo_add"),
    path("quan-ly/<int:point_id>/de-nghi-cong-nhan/", manage.checklist, name="checklist"),
    path("quan-ly/<int:point_id>/trang-thai", manage.transition, name="transition"),
    path("quan-ly/<int:point_id>/minh-chung/<int:evidence_id>", manage.evidence_file, name="evidence_file"),
]
