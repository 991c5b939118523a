"""``manage.py migrate``, which may run while the search index lacks a trigger: it is what puts it back.

Django's migrate runs every system check first and refuses to start on an error, registry.E001
included; yet the post_migrate handler of the registry (``RegistryConfig.ready``) is the fix that error
names. So this migrate, Django's own in every other respect, leaves that one check out of its own run.
"""

from typing import Any

from django.core.management.commands import migrate

from ocop.registry.checks import search_index_installing


class Command(migrate.Command):
    def check(self, *args: Any, **kwargs: Any) -> None:
        with search_index_installing():
            super().check(*args, **kwargs)
