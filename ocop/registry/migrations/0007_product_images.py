"""Uploaded product images (``ProductImage``) in place of the single image path no screen or file filled.

SQLite keeps the search triggers on ``registry_product`` only if the table is altered in place: Django
drops the column with ``ALTER TABLE … DROP COLUMN`` (SQLite 3.35 and later), but rebuilds the table where
it cannot, and always to add the column back when this migration is reversed; a rebuilt table has lost
its triggers (see 0003). So the search triggers (as 0006 left them) are installed again after the change, both ways,
and the index rebuilt from the tables if they had been lost. PostgreSQL alters the table in place and its
statement-level triggers stay. Since then, ``ocop.registry.search_index.install()`` does this after every
migrate, and a migration that rebuilds a table needs nothing of its own.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

search = import_module("ocop.registry.migrations.0006_search_name_padded")


def reinstall_search_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        installed = {name for (name,) in cursor.fetchall()}
    search.install_sqlite_triggers(apps, schema_editor)
    if not set(search.SEARCH_TRIGGERS) <= installed:
        # Writes made while the triggers were missing never reached the index.
        search.rebuild_sqlite_index(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0006_search_name_padded'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Reversed last: after the product table was rebuilt to take the image path back.
        migrations.RunPython(migrations.RunPython.noop, reinstall_search_triggers),
        migrations.RemoveField(
            model_name='product',
            name='image',
        ),
        migrations.CreateModel(
            name='ProductImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('image', models.FileField(max_length=200, upload_to='', verbose_name='ảnh')),
                ('width', models.PositiveIntegerField(verbose_name='chiều rộng')),
                ('height', models.PositiveIntegerField(verbose_name='chiều cao')),
                ('thumbnail', models.FileField(max_length=200, upload_to='', verbose_name='ảnh thu nhỏ')),
                ('thumbnail_width', models.PositiveIntegerField(verbose_name='chiều rộng ảnh thu nhỏ')),
                ('thumbnail_height', models.PositiveIntegerField(verbose_name='chiều cao ảnh thu nhỏ')),
                ('byte_size', models.PositiveIntegerField(verbose_name='dung lượng (byte)')),
                ('sha256', models.CharField(max_length=64, verbose_name='mã SHA-256 của tệp tải lên')),
                ('alt', models.CharField(blank=True, max_length=300, verbose_name='mô tả ảnh')),
                ('position', models.PositiveSmallIntegerField(verbose_name='thứ tự')),
                ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='images', to='registry.product')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tải lên')),
            ],
            options={
                'verbose_name': 'ảnh sản phẩm',
                'verbose_name_plural': 'ảnh sản phẩm',
                'ordering': ['product', 'position', 'id'],
                'constraints': [models.UniqueConstraint(fields=('product', 'sha256'), name='product_image_unique_upload')],
            },
        ),
        migrations.RunPython(reinstall_search_triggers, migrations.RunPython.noop),
    ]
