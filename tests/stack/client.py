"""A small HTTP client for the stack tests: cookies, forms read from the page, uploads.

Standard library only; it talks to the balancer or to one app server directly. Sent
directly, requests carry the balancer's Host header (and a client address in
X-Forwarded-For), as the balancer would forward them.
"""

import http.client
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Response:
    status: int
    url: str
    # Case-insensitive, as in HTTP: HAProxy passes header names on in lower case.
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _Forms(HTMLParser):
    """Every form's action and the values its fields would submit."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if tag == "form":
            self.forms.append((attrs.get("action", ""), {}))
        if not self.forms:
            return
        fields = self.forms[-1][1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in {"file", "submit", "button", "image", "reset"}:
                fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if self._select not in fields or "selected" in attrs:
                fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] += data.removeprefix("\n")


def parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


class Client:
    def __init__(self, base_url: str, *, host: str | None = None, jar=None, client_ip=None):
        self.base_url = base_url.rstrip("/")
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.headers = {"Host": host} if host else {}
        if client_ip:
            self.headers["X-Forwarded-For"] = client_ip
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def on(self, base_url: str) -> "Client":
        """The same visitor (cookies, Host, address) at another server."""
        other = Client(base_url, jar=self.jar)
        other.headers = dict(self.headers)
        return other

    def request(self, path, *, data=None, headers=None, method=None, timeout=15) -> Response:
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        sent = urllib.request.Request(
            url, data=data, headers=self.headers | (headers or {}), method=method
        )
        try:
            with self.opener.open(sent, timeout=timeout) as response:
                return Response(response.status, response.url, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, url, error.headers, error.read())

    def get(self, path: str, **kwargs) -> Response:
        return self.request(path, **kwargs)

    def form(self, path: str, *, containing: str) -> tuple[str, dict[str, str]]:
        """The action and current values of the form on `path` that has field `containing`."""
        page = self.get(path)
        assert page.status == 200, f"{path} answered {page.status}"
        for action, fields in parse(page.text).forms:
            if containing in fields:
                return action or urllib.parse.urlsplit(page.url).path, fields
        raise AssertionError(f"no form with a {containing} field on {path}")

    def submit(self, path, *, containing, values=None, files=None) -> Response:
        """Fill the form found on `path` with `values` (and `files`: name -> (filename,
        content type, bytes)) and post it, following the redirect."""
        action, fields = self.form(path, containing=containing)
        fields |= values or {}
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(action, data=body, headers={"Content-Type": content_type})

    def sign_in(self, email: str, password: str) -> Response:
        return self.submit(
            "/accounts/login/", containing="login", values={"login": email, "password": password}
        )


def _multipart(fields, files) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def profile_path(client) -> str:
    """The signed-in freelancer's public profile, as their dashboard links it (the header's
    /freelancers/ is the directory, not a profile)."""
    dashboard = client.get("/dashboard/")
    assert dashboard.status == 200
    links = [
        link for link in parse(dashboard.text).links if re.fullmatch(r"/freelancers/[\w-]+/", link)
    ]
    assert links, "the dashboard links to the freelancer's public profile"
    return links[0]
