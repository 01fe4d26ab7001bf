"""The production start, as the city would run it: real servers on loopback, real HTTP.

`cluster` is deploy/cluster.py's Cluster: nginx in front of two gunicorn app
servers with DEBUG off, a Redis cache and an S3-compatible bucket (moto). Its
database is of the same kind as the suite's: a database of its own on the
suite's PostgreSQL server, or a SQLite file both app servers share.

`Visitor` speaks HTTP as a browser does: it keeps cookies, and it submits a
form as the page gives it (every field with the value the page filled in,
hidden ones included), changing only what a person would type or choose.
"""

import http.cookiejar
import itertools
import mimetypes
import os
import re
import secrets
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from deploy.cluster import OPERATOR, Cluster


def _cluster_database():
    """(url, drop) for a database of the suite's kind that only the cluster uses."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        folder = tempfile.mkdtemp(prefix="sentra-cluster-db-")
        return f"sqlite:///{folder}/cluster.sqlite3", lambda: shutil.rmtree(folder)
    name = f"sentra_cluster_{os.getpid()}"
    server = {
        "host": database["HOST"],
        "port": database["PORT"],
        "user": database["USER"],
        "password": database["PASSWORD"],
        "dbname": "postgres",
    }

    def run(statement):
        connection = psycopg2.connect(**server)
        connection.autocommit = True  # no `with connection`: it would open a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    run(f"DROP DATABASE IF EXISTS {name}")
    run(f"CREATE DATABASE {name}")
    quoted = {key: urllib.parse.quote(str(value), safe="") for key, value in server.items()}
    url = "postgres://{user}:{password}@{host}:{port}/".format(**quoted) + name
    return url, lambda: run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def cluster():
    url, drop = _cluster_database()
    try:
        with Cluster(database_url=url) as running:
            yield running
    finally:
        drop()


class _Forms(HTMLParser):
    """The fields of every <form> on a page, with the values a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (attrs, fields: list of [name, value])
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs, []))
        if not self.forms:
            return
        fields = self.forms[-1][1]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.append([name, attrs.get("value", "on")])
            elif kind not in ("submit", "button", "image", "reset", "file"):
                fields.append([name, attrs.get("value", "")])
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            select, self._select = self._select, None
            value = select["chosen"] if select["chosen"] is not None else select["first"]
            self.forms[-1][1].append([select["name"], value or ""])
        elif tag == "textarea" and self._textarea is not None:
            self._textarea[1] = self._textarea[1].removeprefix("\n")
            self.forms[-1][1].append(self._textarea)
            self._textarea = None


class Response:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person with one browser: cookies kept, redirects shown, not followed."""

    def __init__(self, base_url, *, address=None):
        self.base_url = base_url
        self.address = address  # as the balancer would forward it (X-Forwarded-For)
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def on(self, base_url):
        """The same person (same cookies) talking to another server."""
        other = Visitor(base_url, address=self.address)
        other.cookies = self.cookies
        other._opener = self._opener
        return other

    def request(self, path, *, data=None, headers=None, method=None):
        url = path if path.startswith("http") else self.base_url + path
        headers = dict(headers or {})
        if self.address:
            headers["X-Forwarded-For"] = self.address
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read(), url)
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read(), url)

    def get(self, path):
        return self.request(path)

    def form(self, path, *, form_id=None, index=None):
        """(action URL, fields) of a form on the page at `path`, as the page fills it in."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        parser = _Forms()
        parser.feed(page.text)
        forms = [
            (attrs, fields)
            for attrs, fields in parser.forms
            if attrs.get("method", "get").lower() == "post"
            and (form_id is None or attrs.get("id") == form_id)
        ]
        attrs, fields = forms[index or 0] if index is not None else forms[-1]
        action = urllib.parse.urljoin(page.url, attrs.get("action") or page.url)
        return action, fields

    def submit(self, action, fields, *, changes=None, files=None):
        """Post `fields` with `changes` applied (name -> value), files as multipart parts."""
        values = [list(field) for field in fields]
        for name, value in (changes or {}).items():
            matching = [field for field in values if field[0] == name]
            if matching:
                matching[0][1] = value
            else:
                values.append([name, value])
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in values:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + str(value).encode()
                + b"\r\n"
            )
        for name, path in (files or {}).items():
            path = Path(path)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{path.name}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + path.read_bytes()
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            action,
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def record_progress(self, centre, percent, note):
        """Staf DPRD's progress form, as a person fills it in: the centre chosen by its name."""
        add = "/admin/sentra/progressupdate/add/"
        choice = re.search(
            rf'<option value="(\d+)"[^>]*>[^<]*{re.escape(centre)}', self.get(add).text
        )
        assert choice, f"{centre} is not offered on the progress form"
        action, fields = self.form(add, form_id="progressupdate_form")
        changes = {
            "sentra": choice.group(1),
            "physical_percent": str(percent),
            "recorded_on": date.today().isoformat(),
            "source_kind": "site_visit",
            "source_visitor": "Staf Komisi II DPRD",
            "source_date": date.today().isoformat(),
            "note": note,
        }
        return self.submit(action, fields, changes=changes)

    def sign_in(self, password, username=OPERATOR):
        action, fields = self.form("/admin/login/")
        response = self.submit(action, fields, changes={"username": username, "password": password})
        assert response.status == 302, response.text[:2000]
        return self


_addresses = itertools.count(1)


@pytest.fixture
def visitor(cluster):
    """A new visitor at the balancer, from an address no other test uses (report limits)."""
    return Visitor(cluster.url, address=f"198.51.100.{next(_addresses)}")


@pytest.fixture
def operator(cluster):
    """The cluster's administrator, signed in through the first app server."""
    return Visitor(cluster.app_url("app1"), address="192.0.2.10").sign_in(cluster.password)
