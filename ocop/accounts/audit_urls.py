"""The audit log's address, /audit/, kept at the site root where it has always been."""

from django.urls import path

from ocop.accounts import audit

app_name = "audit"
urlpatterns = [path("audit/", audit.audit_log, name="log")]
