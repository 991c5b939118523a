from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db import connections, router
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ocop.registry"
    label = "registry"
    verbose_name = _("Danh mục OCOP")

    def ready(self) -> None:
        from ocop.registry.checks import check_search_index

        # Untagged, so that a plain ``manage.py check`` (and runserver) looks at the index too; the
        # check answers nothing for a database that does not exist yet or is not migrated.
        checks.register(check_search_index)
        # A signal, which this codebase avoids for business logic, because schema upkeep after migrate is
        # what post_migrate is for: Django sends it after every migrate (even one with nothing to apply),
        # and a SQLite migration that rebuilds a table drops that table's triggers without a word, so the
        # index is put right after the last migration of every run, whichever migration broke it.
        post_migrate.connect(install_search_index, sender=self)


def install_search_index(*, using: str, **kwargs: Any) -> None:
    from ocop.registry import search_index

    connection = connections[using]
    if router.allow_migrate(using, "registry") and search_index.is_migrated(connection):
        search_index.install(connection)
