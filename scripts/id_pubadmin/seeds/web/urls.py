"""The address a seed records for its page: published with the corpus, so only a plain web address.

A seed's ``url`` comes from ``--url``, a WARC record's target or the page's own canonical link,
all from outside. Only ``http``/``https`` addresses with a host are kept (never ``javascript:``,
``data:`` or ``file:``), with no credentials (``user:password@``: refused and never echoed, since
reports show the address with its credentials masked) and no control characters or spaces.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...core.errors import FORMAT, Problem, define_error

PAGE_URL_REFUSED = define_error(
    "page-url-refused", FORMAT,
    "the page's address (from --url, the WARC record or the page's canonical link) is not a plain http or https "
    "address: another scheme (javascript:, data:, file:), credentials (user:password@), no host, or a control "
    "character or space in it",
    "give the article's public address with --url (https://outlet.example/path), without a password in it")

SCHEMES = ("http", "https")
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")  # controls, bidi marks
_CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:/*)[^/?#@]*@")


def masked(url: str) -> str:
    """``url`` fit to be shown: credentials masked, control characters escaped, at most 200 characters."""
    shown = _CREDENTIALS.sub(r"\1***@", url)
    shown = _UNSAFE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii") if m.group(0) != " " else "%20",
                        shown)
    return shown if len(shown) <= 200 else shown[:200] + "..."


def url_refusal(url: str) -> str | None:
    """Why ``url`` may not be recorded as a seed's address (without echoing credentials); None when it may."""
    if _UNSAFE.search(url):
        return f"the address {masked(url)!r} holds a control character, a bidirectional mark or a space"
    try:
        parts = urlsplit(url)
        parts.port  # a port that is not a number raises ValueError
    except ValueError as exc:
        return f"the address {masked(url)!r} is not a URL: {exc}"
    if parts.scheme.lower() not in SCHEMES:
        return f"the address {masked(url)!r} has the scheme {parts.scheme or 'none'!r}; only http and https are kept"
    if "@" in parts.netloc:
        return f"the address {masked(url)!r} holds credentials (user:password@); they are never recorded"
    if not parts.hostname:
        return f"the address {masked(url)!r} names no host"
    return None


def url_problem(url: str, source: str) -> Problem | None:
    """The refusal of a page whose address is ``url``; None when the address may be recorded."""
    reason = url_refusal(url)
    return None if reason is None else PAGE_URL_REFUSED.at(source, "url", reason)
