"""The real server (`tomoshibi serve`, waitress, DEBUG off) on a free port, alone and behind a real nginx.

nginx terminates TLS with a throwaway certificate and passes `X-Forwarded-Proto` and `X-Real-IP`
as docs/operations.md says; the site must then send HSTS and `Secure` `__Host-` cookies, and keep
answering while a client holds many idle connections open. Without nginx or openssl the proxy
test is skipped with a message; CI sets TOMOSHIBI_REQUIRE_NGINX=1 to make it fail instead.
"""

import http.client
import io
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.test import override_settings

from tomoshibi.core.middleware import ScrubClientIdentityMiddleware
from tomoshibi.core.proxy import behind_trusted_proxies
from tomoshibi.core.served import ServedSite, free_port, production_environment

NGINX = os.environ.get("TOMOSHIBI_NGINX", "/usr/sbin/nginx")
IDLE_CONNECTIONS = 150  # more than waitress's default connection limit of 100

pytestmark = pytest.mark.xdist_group(name="served")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    served = ServedSite(folder, production_environment(folder))
    served.create_tables()
    served.start()
    yield served
    served.kill()  # how the server stops is not what these tests check; a graceful stop waits seconds


def get(port: int, path: str, *, tls: bool = False, headers: dict | None = None, timeout: float = 20):
    status, response_headers, _body = request(port, "GET", path, tls=tls, headers=headers, timeout=timeout)
    return status, response_headers


def request(port, method, path, body=None, headers=None, *, tls=True, timeout: float = 20):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own throwaway certificate
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=context)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_a_visitor_is_answered_while_another_client_holds_many_idle_connections(site):
    idle = []
    try:
        for _ in range(IDLE_CONNECTIONS):
            idle.append(socket.create_connection(("127.0.0.1", site.port), timeout=10))
        time.sleep(1)  # let waitress accept them all
        status, _headers = get(site.port, "/en/no-trace/", timeout=15)
        assert status == 200
    finally:
        for connection in idle:
            connection.close()


def test_without_the_proxy_plain_http_gets_no_hsts(site):
    status, headers = get(site.port, "/en/report/status/")
    assert status == 200 and "Strict-Transport-Security" not in headers


def scheme_seen(peer: str, proxies: list[str]) -> tuple[str, str | None]:
    seen = {}

    def application(environ, start_response):
        seen.update(scheme=environ["wsgi.url_scheme"], header=environ.get("HTTP_X_FORWARDED_PROTO"))
        start_response("204 No Content", [])
        return []

    environ = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http", "HTTP_X_FORWARDED_PROTO": "https"}
    environ |= {"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8001"}
    behind_trusted_proxies(application, proxies)(environ, lambda status, headers: None)
    return seen["scheme"], seen["header"]


def test_the_scheme_is_believed_from_each_trusted_proxy_and_from_no_one_else():
    proxies = ["127.0.0.1", "::1"]
    assert scheme_seen("127.0.0.1", proxies)[0] == "https"
    assert scheme_seen("::1", proxies)[0] == "https"
    assert scheme_seen("203.0.113.5", proxies) == ("http", None)


def client_seen(peer: str, forwarded_for: str) -> dict:
    """What the application sees of a request through the wrapper and the identity scrub."""
    seen = {}

    def view(request):
        seen.update(key=request.client_key, meta=dict(request.META))
        return HttpResponse(status=204)

    def application(environ, start_response):
        response = ScrubClientIdentityMiddleware(view)(WSGIRequest(environ))
        start_response(f"{response.status_code} No Content", [])
        return []

    environ = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded_for, "REQUEST_METHOD": "GET"}
    environ |= {"wsgi.url_scheme": "http", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8001", "PATH_INFO": "/"}
    environ["wsgi.input"] = io.BytesIO(b"")
    behind_trusted_proxies(application, ["127.0.0.1"])(environ, lambda status, headers: None)
    return seen


@override_settings(TRUSTED_PROXY_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXIES=["127.0.0.1"])
def test_it_gives_each_client_behind_an_x_forwarded_for_proxy_its_own_key_and_stores_no_address():
    first = client_seen("127.0.0.1", "198.51.100.7, 203.0.113.1")
    second = client_seen("127.0.0.1", "198.51.100.7, 203.0.113.2")
    assert first["key"] and second["key"] and first["key"] != second["key"]
    assert first["key"] == client_seen("127.0.0.1", "203.0.113.1")["key"]  # only the proxy's own entry counts
    # A peer that is not the proxy cannot choose its key by sending the header.
    assert client_seen("192.0.2.9", "203.0.113.1")["key"] == client_seen("192.0.2.9", "203.0.113.2")["key"]
    for seen in (first, second):
        assert not any("203.0.113." in str(value) or "198.51.100." in str(value) for value in seen["meta"].values())


def make_certificate(folder: Path) -> tuple[Path, Path]:
    key, certificate = folder / "key.pem", folder / "cert.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)]
    subprocess.run(command, check=True, capture_output=True)
    return key, certificate


NGINX_CONFIG = """
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log crit;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream tomoshibi_app {{ server 127.0.0.1:{app_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {certificate};
        ssl_certificate_key {key};
        client_max_body_size 1m;
        location / {{
            proxy_pass http://tomoshibi_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Real-IP $remote_addr;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    """One nginx (and one throwaway certificate) for the module's proxy tests."""
    missing = [name for name in (NGINX, "openssl") if not shutil.which(name)]
    if missing:
        message = f"{' and '.join(missing)} not found (Debian packages nginx, openssl): proxy test skipped"
        if os.environ.get("TOMOSHIBI_REQUIRE_NGINX"):
            pytest.fail(message)
        pytest.skip(message)
    tmp_path = tmp_path_factory.mktemp("nginx")
    key, certificate = make_certificate(tmp_path)
    port = free_port()
    config = tmp_path / "nginx.conf"
    values = {"folder": tmp_path, "app_port": site.port, "port": port, "certificate": certificate, "key": key}
    config.write_text(NGINX_CONFIG.format(**values))
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(config)], stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_port(port: int, process) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {process.stderr.read().decode(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nginx did not listen")


def set_cookies(headers) -> dict[str, str]:
    return {value.split("=", 1)[0]: value for value in headers.get_all("Set-Cookie") or []}


def test_behind_nginx_with_tls_the_site_sends_hsts_and_secure_host_cookies(site, nginx):
    status, headers = get(nginx, "/en/report/status/", tls=True)
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookies = set_cookies(headers)
    assert "__Host-csrftoken" in cookies, cookies
    for name, value in cookies.items():
        assert name.startswith("__Host-") and "Secure" in value and "Path=/" in value and "Domain" not in value


def test_behind_nginx_a_form_post_over_https_gets_secure_session_and_keyring_cookies(site, nginx):
    status, headers, body = request(nginx, "GET", "/en/help/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    csrf = set_cookies(headers)["__Host-csrftoken"].split(";")[0]
    form = {"csrfmiddlewaretoken": token, "age": "adult", "danger": "no"}
    browser = {"Cookie": csrf, "Origin": f"https://127.0.0.1:{nginx}", "Sec-Fetch-Site": "same-origin"}
    browser["Content-Type"] = "application/x-www-form-urlencoded"
    status, headers, _body = request(nginx, "POST", "/en/help/begin/", urlencode(form), browser)
    assert status in (302, 303), status  # the CSRF check passed over HTTPS behind the proxy
    cookies = set_cookies(headers)
    assert {"__Host-sessionid", "__Host-tomoshibi_keyring"} <= set(cookies), cookies
    for value in cookies.values():
        assert "Secure" in value and "HttpOnly" in value and "Path=/" in value and "Domain" not in value
