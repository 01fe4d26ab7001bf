"""Response headers the framework and django-csp do not set, HEAD answers, and request ids."""

import contextvars
import logging
import uuid

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy: the browser features no page of the portal uses stay off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class LanguageFromPathMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without `Vary: Accept-Language`.

    A page's language is in its URL: English under /en/, Indonesian everywhere
    else (with prefix_default_language=False Django uses LANGUAGE_CODE for every
    unprefixed path, outside i18n_patterns too). The browser's Accept-Language
    never changes a response, so saying it may would only split every cache.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class HeadWithoutBodyMiddleware:
    """Answers HEAD with the headers of GET and no body.

    Django's views render the body for HEAD as for GET and leave it to the
    server to drop it; gunicorn does, but logs a warning for every such
    response, so monitors and link checkers would fill the logs. The headers,
    Content-Length included, stay those of the GET (RFC 9110, 9.3.2).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []  # open files are still closed with the response
            else:
                response.headers.setdefault("Content-Length", str(len(response.content)))
                response.content = b""
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


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than MAX_REQUEST_BYTES, before it is read.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count file parts, so without this a
    huge upload would be streamed to disk before any form could refuse it. nginx
    refuses the same size in front (client_max_body_size); this covers `make serve`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(request, "413.html", {"limit": settings.MAX_REQUEST_BYTES}, status=413)
        return self.get_response(request)
