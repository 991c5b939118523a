"""The only authentication backend, so that every way to sign in goes through the sign-in throttle.

``django.contrib.auth.authenticate()`` is what our login view, the admin's login form, the test client
and any future token or basic authentication call; the throttle lives here rather than in one view so
none of them can skip it. Raising ``PermissionDenied`` makes ``authenticate()`` return ``None`` without
asking any other backend.
"""

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from ocop.accounts import throttling
from ocop.accounts.models import User, normalised_email


class ThrottledModelBackend(ModelBackend):
    @sensitive_variables("password")
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        username = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        email = normalised_email(username)
        if throttling.sign_in_refused(email, request):
            raise PermissionDenied
        user = super().authenticate(request, username=email, password=password)
        if user is None:
            throttling.sign_in_failed(email, request)
        else:
            throttling.sign_in_succeeded(email, request)
        return user

    @sensitive_variables("password")
    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # ModelBackend's own aauthenticate would check the password without the throttle.
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)
