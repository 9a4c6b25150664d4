"""The licence a web page declares: ``<link rel="license">``, ``<a rel="license">`` or a Creative Commons link.

Only what the page states is taken; ``add-seed`` records it and proposes it beside the rights, which
the person adding the seed still gives.
"""

from __future__ import annotations

import re

_REL_LICENSE = re.compile(
    r"""<(?:link|a)\b[^>]*\brel\s*=\s*["']?[^"'>]*\blicen[cs]e\b[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_CREATIVE_COMMONS = re.compile(
    r"""https?://creativecommons\.org/(?:licenses|publicdomain)/[a-z0-9.\-/]+""", re.IGNORECASE)


def _creative_commons_name(url: str) -> str | None:
    """'CC BY-SA 4.0' for a Creative Commons licence URL; 'CC0 1.0' for the public-domain dedication."""
    parts = [p for p in url.split("creativecommons.org/", 1)[1].split("/") if p]
    if len(parts) >= 2 and parts[0].lower() == "licenses":
        return f"CC {parts[1].upper()}" + (f" {parts[2]}" if len(parts) > 2 else "")
    if len(parts) >= 2 and parts[0].lower() == "publicdomain":
        return f"{'CC0' if parts[1].lower() == 'zero' else 'Public Domain Mark'}" + (f" {parts[2]}" if len(parts) > 2 else "")
    return None


def declared_licence(html: str) -> str | None:
    """The licence the page declares, as 'NAME (URL)' or the URL; None when it declares none.

    A ``rel="license"`` link wins; otherwise the first Creative Commons licence URL anywhere in the page.
    """
    url = None
    for tag in _REL_LICENSE.finditer(html):
        href = _HREF.search(tag.group(0))
        if href:
            url = next(g for g in href.groups() if g is not None).strip()
            break
    if not url:
        mark = _CREATIVE_COMMONS.search(html)
        url = mark.group(0) if mark else None
    if not url:
        return None
    name = _creative_commons_name(url) if "creativecommons.org/" in url.lower() else None
    return f"{name} ({url})" if name else url
