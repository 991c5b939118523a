"""A system check that every authentication backend goes through the sign-in throttle."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.utils.module_loading import import_string

from ocop.accounts.backends import ThrottledModelBackend


def check_backends_are_throttled(**kwargs: Any) -> list[CheckMessage]:
    # A backend of another kind would answer authenticate() without counting or refusing anything.
    unthrottled = [
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if not issubclass(import_string(path), ThrottledModelBackend)
    ]
    return [
        Error(
            f"Authentication backend {path} does not go through the sign-in throttle.",
            hint="Derive it from ocop.accounts.backends.ThrottledModelBackend, or remove it.",
            id="accounts.E001",
        )
        for path in unthrottled
    ]
