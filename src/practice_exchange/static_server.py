"""Serve a built site on 127.0.0.1, answering a missing page with the site's own 404 page.

`python -m http.server` answers a missing page with its own bare error page;
GitHub Pages serves 404.html, so this does too, with status 404. The folder
served is read on each request (`SiteServer.root`), so the preview can swap in
a freshly built site without a moment of 404s. Only for previewing on your own
machine: it binds to 127.0.0.1. Standard library only: scripts/serve_site.py
uses it without the site stack.
"""

from __future__ import annotations

import errno
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class PortInUse(Exception):
    """The port is taken (another server, perhaps an earlier preview still running)."""

    def __init__(self, port: int) -> None:
        super().__init__(
            f"port {port} on {HOST} is already in use (is another preview or server running?); "
            "stop it, or choose another port with --port"
        )
        self.port = port


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files from the server's current root; a missing path gets 404.html with status 404."""

    server: SiteServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The root is read per request: a rebuild may have swapped it since the server started.
        server = args[2] if len(args) > 2 else kwargs["server"]
        super().__init__(*args, directory=str(server.root), **kwargs)

    def end_headers(self) -> None:
        # A preview changes under the reader: the browser must ask again rather than show a stale page.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # One line per request on stderr drowns the preview's own messages; the library never prints.
        return


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        try:
            super().__init__((HOST, port), SiteHandler)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(port) from error
            raise

    @property
    def port(self) -> int:
        return int(self.server_address[1])


def make_server(directory: Path, port: int = 8000) -> SiteServer:
    """A server for `directory` on 127.0.0.1:`port` (0 picks a free port); raises PortInUse."""
    return SiteServer(directory, port)
