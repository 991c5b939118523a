"""The admin speaks Vietnamese: every app and model of the platform has a Vietnamese name, and the
migration that gave them those names changes no table on either engine."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AlterField, AlterModelOptions
from django.test import Client
from django.utils.text import camel_case_to_spaces

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def platform_models():
    return [model for model in apps.get_models() if model._meta.app_config.name.startswith("ocop.")]


def test_every_model_of_the_platform_has_a_vietnamese_name():
    english = []
    for model in platform_models():
        meta = model._meta
        default = camel_case_to_spaces(meta.object_name)
        if str(meta.verbose_name) == default or str(meta.verbose_name_plural) == f"{default}s":
            english.append(meta.label)
    assert english == []
    assert [
        str(config.verbose_name) for config in apps.get_app_configs() if config.name.startswith("ocop.")
    ] == [
        "Hệ thống",
        "Tài khoản",
        "Đơn vị hành chính",
        "Thông báo",
        "Danh mục OCOP",
        "Đánh giá, phân hạng",
        "Truy xuất nguồn gốc và tem",
        "Kết nối giao thương",
        "Điểm giới thiệu và bán sản phẩm OCOP",
        "Báo cáo",
        "Trang công khai",
    ]


def test_the_admin_index_names_everything_in_vietnamese(db):
    client = Client()
    client.force_login(UserFactory(role=Role.CENTRAL_OFFICER, is_staff=True, is_superuser=True))

    html = client.get("/admin/").content.decode()

    captions = re.findall(r'<a href="/admin/[a-z]+/" class="section"[^>]*>([^<]+)</a>', html)
    models = re.findall(r'<th scope="row" id="[^"]+">\s*<a href="[^"]+">([^<]+)</a>', html)
    assert "Import batchs" not in html
    assert captions == [
        "Danh mục OCOP",
        "Hệ thống",
        "Thông báo",
        "Tài khoản",
        "Xác thực và ủy quyền",
        "Đơn vị hành chính",
    ]
    assert {"Lượt nhập dữ liệu", "Ngành", "Bộ sản phẩm", "Căn cứ pháp lý", "Sản phẩm OCOP"} <= set(models)
    assert [name for name in models if re.fullmatch(r"[A-Za-z ]+", name)] == []


def test_the_names_migration_changes_no_table():
    """Options and verbose names only: no SQL on either engine, and on SQLite no table rebuilt (a rebuild
    would drop the search triggers)."""
    loader = MigrationLoader(connection)
    before = loader.project_state(("registry", "0007_product_images"))
    after = loader.project_state(("registry", "0008_verbose_names"))
    migration = loader.get_migration("registry", "0008_verbose_names")
    editor = connection.schema_editor()
    altered = []
    for operation in migration.operations:
        assert isinstance(operation, AlterModelOptions | AlterField), operation
        if isinstance(operation, AlterField):
            old = before.apps.get_model("registry", operation.model_name)._meta.get_field(operation.name)
            new = after.apps.get_model("registry", operation.model_name)._meta.get_field(operation.name)
            if editor._field_should_be_altered(old, new):  # type: ignore[attr-defined]
                altered.append(f"{operation.model_name}.{operation.name}")
    assert altered == []
