"""The site's public address (`--base-url` or `html.baseurl`), checked, and a section's address under it."""

from __future__ import annotations

import string
import urllib.parse
from pathlib import Path

import yaml

from multivector import errors, paths
from multivector.engine.editions import SHELF

# What an address may hold as typed (RFC 3986: unreserved, reserved and '%'); anything else (quotes, angle brackets,
# spaces, non-ASCII letters) must be percent-encoded, so nothing in the base URL can end an attribute or open a tag.
URL_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")


class BaseURLError(ValueError):
    """The site's public address is not an absolute http(s) URL."""


def base_url(config: Path = paths.CONFIG) -> str:
    """The site's public address as `html.baseurl` in _config.yml sets it ('' if not published yet)."""
    return str((yaml.safe_load(config.read_text(encoding="utf-8")).get("html") or {}).get("baseurl") or "")


def check_base_url(url: str, where: str = "--base-url") -> str:
    """`url` with one trailing slash if it is an absolute http(s) URL, '' if empty; else BaseURLError saying why."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    outside = sorted(set(url) - URL_CHARACTERS)
    if outside:
        raise BaseURLError(
            f"{where} {errors.quoted(url)} holds {', '.join(repr(c) for c in outside[:5])}, which an address cannot "
            "hold as typed (RFC 3986): percent-encode them, like %20 for a space. Nothing was built."
        )
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BaseURLError(
            f"{where} {url!r} is not the absolute http(s) address of the site's root, like "
            "https://example.org/multivector/ (scheme, host and path; no query or #fragment). "
            "Nothing was built."
        )
    return url.rstrip("/") + "/"


def page_path(section: str, anchor: str = "", edition: str = "") -> str:
    """The section's address relative to the site's root: in the edition's permanent folder, or at the root."""
    return (f"{SHELF}/{edition}/" if edition else "") + f"{paths.page(section)}.html" + (f"#{anchor}" if anchor else "")


def edition_url(path: str, base: str, edition: str = "") -> str:
    """The absolute address of a file of the site (`path` relative to an edition's folder), in the edition's permanent
    folder or at the root; '' while the base is unknown."""
    return f"{base.rstrip('/')}/" + (f"{SHELF}/{edition}/" if edition else "") + path if base else ""


def page_url(section: str, anchor: str = "", base: str = "", edition: str = "") -> str:
    """The section's absolute address under `base` ('' while the base is unknown: never a relative address)."""
    return f"{base.rstrip('/')}/{page_path(section, anchor, edition)}" if base else ""
