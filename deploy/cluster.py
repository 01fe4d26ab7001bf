"""Several app servers on one machine, as the city would run them on several.

    python -m deploy.cluster         (`make demo-cluster`) start it, print its
                                     addresses, and stop it on Ctrl+C

Everything listens on loopback only and lives in one temporary folder:

- PostgreSQL: a throwaway server (scripts/pg_throwaway.sh), unless
  CLUSTER_DATABASE_URL names a database to use (the tests pass the suite's own
  server, or a SQLite file shared by both app servers);
- Redis: the shared cache (CACHE_URL), so single-use form tokens and cached
  pages are the same on every app server;
- moto's standalone S3 server: uploads in object storage (MEDIA_S3_*), a stand-in
  for the city's S3-compatible provider (it keeps objects in memory);
- two gunicorn app servers with deploy/gunicorn.conf.py, DEBUG off, and no state
  of their own;
- nginx (deploy/nginx-cluster.conf): balances the two and serves /media/ from
  the bucket.

The tests in balikpapan_umkm/tests/production/ start one with `Cluster` and
check that the app servers share everything they must.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "sentra-media"
# What the city's provider is told about the bucket: pictures are readable by anyone.
PUBLIC_READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
OPERATOR = "operator"  # a superuser made for the cluster, password in .password


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, *, seconds=30, status=200):
    """Poll `url` until it answers `status`; raise with the last error otherwise."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == status:
                    return
                last = response.status
        except urllib.error.HTTPError as error:
            last = error.code
            if error.code == status:
                return
        except OSError as error:
            last = error
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer {status} within {seconds} s (last: {last})")


def need(program):
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
    if not path:
        raise RuntimeError(
            f"{program} is not installed: apt-get install -y redis-server nginx-light postgresql"
        )
    return path


class Cluster:
    """One balancer, two app servers, a database, a cache and a bucket, on loopback."""

    def __init__(self, *, database_url=None, demo=True, workers=2):
        self.dir = Path(tempfile.mkdtemp(prefix="sentra-cluster-"))
        self.dir.chmod(0o755)  # nginx workers (nobody) and postgres read below it
        self.database_url = database_url or os.environ.get("CLUSTER_DATABASE_URL")
        self.demo = demo
        self.workers = workers
        self.ports = {name: free_port() for name in ("balancer", "app1", "app2", "redis", "s3")}
        self.password = secrets.token_urlsafe(12)
        self.apps = {}  # name -> Popen
        self.processes = []
        self._own_pg = None

    # --- addresses -------------------------------------------------------------

    @property
    def url(self):
        return f"http://127.0.0.1:{self.ports['balancer']}"

    def app_url(self, name):
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def env(self):
        """The environment of every app server: all state lives outside them."""
        return {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": self._secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
            "SECURE_COOKIES": "false",
            "DATABASE_URL": self.database_url,
            "CONN_MAX_AGE": "60",
            "CACHE_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "MEDIA_S3_BUCKET": BUCKET,
            "MEDIA_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
            "MEDIA_S3_REGION": "us-east-1",
            "MEDIA_S3_PUBLIC_HOST": f"127.0.0.1:{self.ports['balancer']}/media",
            "MEDIA_S3_PUBLIC_PROTOCOL": "http:",
            "AWS_ACCESS_KEY_ID": "cluster",
            "AWS_SECRET_ACCESS_KEY": "cluster-secret",
            "STATIC_ROOT": str(self.dir / "static"),
            "TRUSTED_PROXY_COUNT": "1",
            "DEMO_SITE": "true" if self.demo else "false",
            "WEB_CONCURRENCY": str(self.workers),
            "SERVE_MEDIA": "false",
        }

    # --- start and stop ----------------------------------------------------------

    def start(self):
        self._secret_key = secrets.token_urlsafe(50)
        try:
            self._start_database()
            self.start_redis()
            self._start_s3()
            self._prepare()
            for name in ("app1", "app2"):
                self.start_app(name)
            self._start_balancer()
            for name in ("app1", "app2"):
                wait_for(self.app_url(name) + "/healthz")
            wait_for(self.url + "/healthz")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        for name in list(self.apps):
            self.stop_app(name)
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.processes.clear()
        if self._own_pg:
            subprocess.run([ROOT / "scripts/pg_throwaway.sh", "stop", self._own_pg], check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _spawn(self, args, log, **kwargs):
        process = subprocess.Popen(
            args,
            stdout=open(self.dir / log, "ab"),  # noqa: SIM115 (the process keeps it)
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            **kwargs,
        )
        self.processes.append(process)
        return process

    def _start_database(self):
        if not self.database_url:
            self._own_pg = tempfile.mkdtemp(prefix="sentra-cluster-pg-")
            self.database_url = subprocess.run(
                [ROOT / "scripts/pg_throwaway.sh", "start", self._own_pg],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()

    def stop_redis(self):
        """Stop the shared cache, as an outage would."""
        self.redis.terminate()
        self.redis.wait(10)
        self.processes.remove(self.redis)

    def start_redis(self):
        port = self.ports["redis"]
        self.redis = self._spawn(
            [
                need("redis-server"),
                *("--port", str(port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.dir)),
            ],
            "redis.log",
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.1)

    def _start_s3(self):
        port = self.ports["s3"]
        moto = Path(sys.executable).with_name("moto_server")
        self._spawn([moto, "-H", "127.0.0.1", "-p", str(port)], "s3.log")
        wait_for(f"http://127.0.0.1:{port}/moto-api/")
        self.create_bucket(BUCKET)

    def create_bucket(self, name):
        """A bucket on the cluster's S3 server whose objects anyone may read, as for pictures."""
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.ports['s3']}",
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster-secret",
        )
        s3.create_bucket(Bucket=name)
        policy = json.dumps(PUBLIC_READ_POLICY).replace(f":::{BUCKET}/", f":::{name}/")
        s3.put_bucket_policy(Bucket=name, Policy=policy)

    def manage(self, *args, **kwargs):
        """Run a manage.py command with the app servers' environment."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **kwargs.pop("env", {})},
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def _prepare(self):
        """What a deployment does once, before any app server starts."""
        self.manage("createcachetable")
        self.manage("migrate", "--noinput")
        self.manage("load_demo" if self.demo else "load_wilayah")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            OPERATOR,
            "--email",
            "operator@localhost",
            env={"DJANGO_SUPERUSER_PASSWORD": self.password},
        )

    def start_app(self, name):
        self.apps[name] = self._spawn(
            [
                Path(sys.executable).with_name("gunicorn"),
                *("-c", "deploy/gunicorn.conf.py", "balikpapan_umkm.wsgi"),
            ],
            f"{name}.log",
            env={**self.env, "BIND": f"127.0.0.1:{self.ports[name]}"},
        )
        wait_for(self.app_url(name) + "/healthz")

    def stop_app(self, name):
        """Stop an app server the way a deployment does: SIGTERM, in-flight requests finish."""
        process = self.apps.pop(name)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(40)
        self.processes.remove(process)

    def _start_balancer(self):
        (self.dir / "nginx-tmp").mkdir(mode=0o777)
        conf = (ROOT / "deploy/nginx-cluster.conf").read_text()
        for placeholder, value in {
            "@DIR@": str(self.dir),
            "@PORT@": self.ports["balancer"],
            "@APP1@": self.ports["app1"],
            "@APP2@": self.ports["app2"],
            "@S3PORT@": self.ports["s3"],
            "@BUCKET@": BUCKET,
        }.items():
            conf = conf.replace(placeholder, str(value))
        (self.dir / "nginx.conf").write_text(conf)
        self._spawn(
            [need("nginx"), "-c", str(self.dir / "nginx.conf"), "-g", "daemon off;"],
            "nginx.log",
        )

    def log(self, name):
        return (self.dir / f"{name}.log").read_text(errors="replace")


def _stop_on_signal(signum, frame):
    raise KeyboardInterrupt


def main():
    # SIGTERM (a process manager, `timeout`) stops it like Ctrl+C. Handlers, not a blocked
    # signal mask: the servers started below inherit a mask, and would then ignore SIGTERM.
    signal.signal(signal.SIGTERM, _stop_on_signal)
    cluster = Cluster().start()
    print(
        f"""
Portal on {cluster.url}/  (nginx, balancing two app servers)
  app servers:  {cluster.app_url("app1")}/  {cluster.app_url("app2")}/
  database:     {cluster.database_url}
  cache:        redis://127.0.0.1:{cluster.ports["redis"]}/0
  media:        s3://{BUCKET} at http://127.0.0.1:{cluster.ports["s3"]} (served at /media/)
  admin login:  {OPERATOR} / {cluster.password}
  logs:         {cluster.dir}/*.log
Ctrl+C stops everything and deletes it.""",
        flush=True,
    )
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping…", flush=True)
        cluster.stop()


if __name__ == "__main__":
    main()
