"""The open data page (/data/) and its downloads (/data/<dataset>.csv and .json).

Both are written from the dataset definitions in balikpapan_umkm/open_data.py.

Downloads are streamed over one query walked in chunks, so a 30,000-product file
never sits in memory. The page cache keeps no stream (PageCacheMiddleware keeps
only complete pages), so every download is generated from the data as it is at
that moment; browsers and proxies may keep one for a minute, as long as a kept
page may be late. The files are the same in both languages (English snake_case
field names, stored codes rather than labels), so they have one address each,
outside the /en/ prefix.
"""

import csv
import datetime
import io
import json

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from balikpapan_umkm import open_data, site
from balikpapan_umkm.spreadsheets import escape_formula

# Text is sent in pieces of about this size: few writes, little held at once.
PIECE_BYTES = 64 * 1024
# Browsers and proxies may keep a download this long (seconds).
MAX_AGE = 60

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


class OpenDataView(TemplateView):
    """What each dataset holds, field by field, its licence and its downloads."""

    template_name = "portal/open_data.html"

    def get_context_data(self, **kwargs):
        licence_name, licence_url = open_data.licence()
        return super().get_context_data(
            datasets=list(open_data.DATASETS.values()),
            licence_name=licence_name,
            licence_url=licence_url,
            **kwargs,
        )


@require_safe
def download(request, dataset, format):
    """One dataset as CSV or JSON, streamed; the product download takes the catalogue's filters.

    Queries: the rows (one, however many), and for the products one more per
    district, centre or category filter sent (its choices, read to check the value).
    """
    try:
        dataset = open_data.get(dataset)
    except KeyError:
        raise Http404(f"No dataset named {dataset}") from None
    rows, ignored = dataset.rows(request)
    now = timezone.now()
    if format == "csv":
        content = csv_pieces(dataset, rows)
    else:
        content = json_pieces(dataset, rows, metadata(request, dataset, ignored, now))
    response = StreamingHttpResponse(content, content_type=FORMATS[format])
    filename = f"sentra-umkm-balikpapan-{dataset.slug}-{timezone.localdate(now):%Y-%m-%d}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    if ignored:
        response["X-Ignored-Filters"] = ", ".join(ignored)
    return response


def metadata(request, dataset, ignored, now):
    """What the JSON says about itself before its rows (the count follows them)."""
    licence_name, licence_url = open_data.licence()
    query = request.GET.urlencode()
    with translation.override(settings.LANGUAGE_CODE):
        documentation = site.absolute(reverse("portal:data")) + f"#{dataset.slug}"
    return {
        "dataset": dataset.slug,
        "licence": {"name": licence_name, "url": licence_url or None},
        "documentation": documentation,
        "source": site.absolute(request.path) + (f"?{query}" if query else ""),
        "generated_at": timezone.localtime(now).isoformat(timespec="seconds"),
        "ignored_filters": ignored,
        "fields": [{"name": field.name, "type": field.type.value} for field in dataset.fields],
    }


def _each_row(dataset, rows):
    """The rows one chunk at a time; pages' addresses in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        yield from dataset.walk(rows)


def csv_cell(value):
    """A value as a CSV cell: text that a spreadsheet would run as a formula is made text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return escape_formula(value)
    return str(value)  # numbers: a minus sign starts a number, not a formula


def csv_pieces(dataset, rows):
    """UTF-8 CSV (RFC 4180: commas, CRLF, quotes where needed) with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(dataset.field_names)
    for row in _each_row(dataset, rows):
        writer.writerow([csv_cell(value) for _field, value in dataset.values(row)])
        if buffer.tell() >= PIECE_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def json_pieces(dataset, rows, about):
    """{...metadata, "rows": [{field: value}, ...], "count": n}: the count is of the rows sent."""
    buffer = io.StringIO()
    buffer.write(json.dumps(about, ensure_ascii=False)[:-1] + ', "rows": [')
    count = 0
    for row in _each_row(dataset, rows):
        values = {field.name: open_data.json_value(value) for field, value in dataset.values(row)}
        buffer.write(",\n" if count else "\n")
        buffer.write(json.dumps(values, ensure_ascii=False))
        count += 1
        if buffer.tell() >= PIECE_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    buffer.write(f'\n], "count": {count}}}\n')
    yield buffer.getvalue().encode()
