"""Serve the built site on 127.0.0.1, answering a missing page with the site's own 404 page.

    python scripts/serve_site.py [--port 8000] [--directory site]

`python -m http.server` answers a missing page with its own bare error
page; GitHub Pages serves 404.html, so this does too, with status 404.
Only for previewing on your own machine: it binds to 127.0.0.1. The handler
lives in the package (practice_exchange/static_server.py), where `practice
preview` serves with it too; this script serves a folder already built.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from practice_exchange.static_server import PortInUse, SiteHandler, SiteServer, make_server  # noqa: E402

__all__ = ["SiteHandler", "SiteServer", "main", "make_server"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--directory", type=Path, default=Path("site"))
    args = parser.parse_args(argv)
    try:
        server = make_server(args.directory, args.port)
    except PortInUse as error:
        print(f"serve_site: {error}", file=sys.stderr)
        return 2
    print(f"Serving {args.directory} at http://127.0.0.1:{server.port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
