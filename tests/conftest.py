"""Shared fixtures: a strict build of the real site served on loopback, and Chromium for Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NO_ORGANISATION = ROOT / "tests" / "fixtures" / "no-organisation"
"""A folder that does not exist: builds of the upstream site name it as their organisation folder."""
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class BuiltSite:
    url: str
    path: Path
    log: str
    seconds: float


def build_site(out: Path, site_url: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `out` (never with -q: it hides the warnings that strict counts)."""
    # The suite tests the upstream playbook, whatever organisation folder a fork's checkout has (a fork that
    # removes Jenkins in org/ still passes): no organisation folder here. test_fork.py checks the fork's own.
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_ORG": str(NO_ORGANISATION)}
    if data_dir:
        env["PLAYBOOK_DATA"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


def serve_at(path: Path, port: int) -> ThreadingHTTPServer:
    """Serve a built site on loopback in a background thread; call .shutdown() when done."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=str(path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real catalogue built strictly, served on the port its site_url names (instant navigation needs it)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site")
    start = time.monotonic()
    result = build_site(out, url)
    seconds = time.monotonic() - start
    assert result.returncode == 0, result.stderr[-4000:]
    server = serve_at(out, port)
    yield BuiltSite(url, out, result.stderr, seconds)
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium where installed (CI, this machine), else Playwright's own browser."""
    args = dict(browser_type_launch_args)
    if CHROMIUM.exists():
        args["executable_path"] = str(CHROMIUM)
    # The network is closed here: stop Chromium's own background requests.
    args["args"] = [*args.get("args", []), "--disable-background-networking", "--disable-component-update", "--no-first-run"]
    return args


@pytest.fixture(scope="session")
def views(browser, site):
    """Browser pages at the phone, tablet and laptop sizes in both schemes, reused across tests."""
    from site_pages import Views

    opened = Views(browser, site.url)
    yield opened
    opened.close()


def refused_edit(tmp_path: Path, rel: str, old: str, new: str) -> str:
    """The validation message for a copy of data/ with `old` replaced by `new` in data/`rel` (once).
    Fails unless `old` is there and the copy is refused."""
    from macros.catalogue import load_catalogue
    from macros.errors import CatalogueError

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    target = data / rel
    text = target.read_text(encoding="utf-8")
    assert old in text, f"data/{rel} no longer holds {old!r}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(data)
    return str(caught.value)
