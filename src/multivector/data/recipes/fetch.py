"""The upstream file `data update --from` is given: read from a local path, or downloaded within a size cap and a
deadline."""

from __future__ import annotations

import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from multivector.errors import RecipeError

# What `data update --from URL` accepts: at most 64 MiB, received within two minutes in all. The largest upstream file
# the tables come from (the gravity panel, 421,639 characters) fits in the cap 150 times over and takes a second on a
# slow link; an endless or dripping response is cut off by these rather than filling memory or waiting for ever.
DOWNLOAD_MAX_BYTES = 64 * 1024 * 1024
DOWNLOAD_SECONDS = 120.0
_CHUNK = 64 * 1024


def fetch(source: str) -> tuple[str, bytes]:
    """The name and bytes of `source`: a local file, or an http(s) URL downloaded within the bounds."""
    if urllib.parse.urlparse(source).scheme in ("http", "https"):
        return Path(urllib.parse.urlparse(source).path).name, download(source)
    path = Path(source)
    if path.is_dir():
        raise RecipeError([f"{source}: is a folder; expected a file or an http(s) URL"])
    if not path.is_file():
        raise RecipeError([f"{source}: file not found; expected a local file or an http(s) URL"])
    return path.name, path.read_bytes()


def download(url: str) -> bytes:
    """The body at the http(s) `url`, refused (RecipeError naming the URL and the limit) beyond DOWNLOAD_MAX_BYTES or
    after DOWNLOAD_SECONDS of wall-clock time for the whole transfer, however slowly the server sends.

    A socket timeout bounds each read, not the transfer (a byte every few seconds keeps it alive), so the transfer runs
    in a thread this one waits for until the deadline, as urllib3's documentation advises for a wall-clock limit; the
    thread stops reading at the deadline too, and ends with the process if the server sends nothing at all."""
    limit, seconds = DOWNLOAD_MAX_BYTES, DOWNLOAD_SECONDS
    deadline = time.monotonic() + seconds
    done: dict[str, object] = {}

    def receive() -> None:
        try:
            with urllib.request.urlopen(url, timeout=seconds) as response:  # noqa: S310 (the caller checked the scheme)
                body = bytearray()
                while time.monotonic() < deadline and len(body) <= limit:
                    chunk = response.read1(_CHUNK)
                    if not chunk:
                        done["body"] = bytes(body)
                        return
                    body += chunk
                done["too_large"] = len(body) > limit
        except OSError as exc:
            done["error"] = exc

    worker = threading.Thread(target=receive, name=f"download {url}", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if "body" in done:
        return done["body"]
    if "error" in done:
        raise RecipeError(
            [f"{url}: could not be downloaded ({done['error']}); expected a reachable URL or a local file"]
        )
    if done.get("too_large"):
        raise RecipeError(
            [
                f"{url}: the download passed {limit:,} bytes and was stopped, nothing was written; expected an "
                f"upstream file of at most {limit:,} bytes"
            ]
        )
    raise RecipeError(
        [
            f"{url}: the download took longer than {seconds:g} seconds in all and was stopped, nothing was written; "
            f"expected the whole file within {seconds:g} seconds (try again, or download it and give its path to --from)"
        ]
    )
