"""Response headers the framework and django-csp do not set, and request ids."""

import contextvars
import logging
import uuid

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy: the browser features no page of the portal uses stay off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# --- Request ids: one short id per request, in the response, the logs and the 500 page ---

_request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """Gives each request a short id: the X-Request-ID header, every log line, the 500 page.

    A visitor who reports an error can quote the code on the page; the same
    code finds the log lines of that request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex[:12]
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True
