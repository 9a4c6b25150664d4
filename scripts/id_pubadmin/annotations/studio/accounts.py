"""Label Studio accounts through its web API: the admin's current token, and annotator accounts.

A user created through the users API has no usable password and belongs to no organisation, and
the server refuses sign-up without the organisation's invite link. So an annotator's account is
made the way a person makes one: by signing up through the invite link (:func:`add_user`), with a
generated password that is stored, never printed. The admin's token, when it was reset in the UI,
is read back after logging in with the stored password (:func:`current_token`).
"""

from __future__ import annotations

import http.cookiejar
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, replace
from pathlib import Path

from ...core.errors import StudioError
from ..agreement import PSEUDONYM, PSEUDONYM_DOMAIN as DOMAIN
from .server import Credentials, Server, write_private

TIMEOUT = 30


class _Session:
    """A browser-like session: cookies and Django's CSRF token."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        return self._open(urllib.request.Request(self.url + path, headers=headers or {}))

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        self.get(path)  # sets the CSRF cookie
        csrf = next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": csrf}).encode()
        return self._open(urllib.request.Request(self.url + path, data=body,
                                                 headers={"Referer": self.url + path}))

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes]:
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, OSError) as exc:
            raise StudioError(f"Label Studio could not be reached at {self.url}: {exc}") from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A successful login or sign-up answers with a redirect: keep it as the answer."""

    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def current_token(url: str, username: str, password: str) -> str:
    """The account's API token as the server has it now, read after logging in with ``password``."""
    session = _Session(url)
    status, _ = session.post_form("/user/login/", {"email": username, "password": password})
    if status != 302:
        raise StudioError(f"Label Studio at {url} refuses the stored password of {username} too, so its token "
                          f"cannot be fetched; set that account's password back to the one in credentials.json "
                          f"(Account & Settings) and run `id-pubadmin studio up --reset-token` again")
    status, body = session.get("/api/current-user/token")
    if status != 200:
        raise StudioError(f"Label Studio at {url} did not give the token of {username} (HTTP {status})")
    return str(json.loads(body)["token"])


def renew_token(studio_dir: Path, server: Server) -> Server:
    """Store the admin's current token (:func:`current_token`) in the folder's credentials and server record."""
    token = current_token(server.url, server.username, server.password)
    write_private(studio_dir / "credentials.json", asdict(Credentials(server.username, server.password, token)))
    renewed = replace(server, token=token)
    write_private(studio_dir / "server.json", asdict(renewed))
    return renewed


def pseudonym_email(name: str) -> str:
    """``annotator-03`` or ``annotator-03@id-pubadmin-news.invalid`` -> the account's e-mail."""
    local, _, domain = name.partition("@")
    if not PSEUDONYM.fullmatch(local) or domain not in ("", DOMAIN):
        raise StudioError(f"{name!r} is not a pseudonym: accounts are annotator-NN or lead-NN (@{DOMAIN}), "
                          "never a person's name or address (annotations/GUIDELINES.md §6.2); e.g. "
                          "`id-pubadmin studio user add annotator-03`")
    return f"{local}@{DOMAIN}"


def _api(url: str, token: str, path: str) -> object:
    request = urllib.request.Request(url + path, headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise StudioError(f"Label Studio at {url} did not answer {path}: {exc}") from None


def invite_link(url: str, token: str) -> str:
    """The organisation's sign-up link: whoever opens it chooses a password and joins."""
    return url + str(_api(url, token, "/api/invite")["invite_url"])  # type: ignore[index]


def add_user(url: str, token: str, email: str) -> str:
    """Sign ``email`` up through the invite link with a generated password; return the password."""
    if any(user.get("email") == email for user in _api(url, token, "/api/users")):  # type: ignore[union-attr]
        raise StudioError(f"Label Studio already has an account {email}; choose the next free pseudonym")
    password = secrets.token_urlsafe(18)
    path = invite_link(url, token)[len(url):]
    status, _ = _Session(url).post_form(path, {"email": email, "password": password, "how_find_us": "",
                                               "allow_newsletters": "false"})
    if status != 302:
        raise StudioError(f"Label Studio did not create the account {email} (sign-up answered HTTP {status})")
    if _login_status(url, email, password) != 302:
        raise StudioError(f"Label Studio created {email} but refuses its password; delete the account in "
                          "Label Studio and add it again")
    return password


def _login_status(url: str, email: str, password: str) -> int:
    return _Session(url).post_form("/user/login/", {"email": email, "password": password})[0]


def store_password(studio_dir: Path, email: str, password: str) -> Path:
    """Keep an account's password in ``accounts.json`` of the studio folder (owner-only); its path."""
    path = studio_dir / "accounts.json"
    accounts = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    write_private(path, {**accounts, email: password})
    return path
