"""Response headers the framework and django-csp do not set."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy: the browser features no page of the portal uses stay off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
