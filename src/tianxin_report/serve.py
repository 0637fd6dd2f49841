"""Live preview: build, serve the output on loopback, rebuild on change, reload the browser."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tianxin_report.errors import BuildFailed, Problems, ReportError
from tianxin_report.model import BuildOptions
from tianxin_report.output.stamp import tree_digest
from tianxin_report.pipeline import build

RELOAD_SCRIPT = """
(() => {
  const show = (text) => {
    let box = document.getElementById("tianxin-serve-error");
    if (!box) {
      box = document.createElement("pre");
      box.id = "tianxin-serve-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;"
        + "padding:1rem;background:#2b0b08;color:#ffd7d0;font:13px/1.5 monospace;z-index:99999;"
        + "white-space:pre-wrap;border-top:4px solid #e0533d";
      document.body.appendChild(box);
    }
    box.textContent = text;
  };
  const events = new EventSource("/__events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problem", (e) => show(JSON.parse(e.data)));
})();
"""


class Preview:
    """The state shared by the watcher and the request handlers."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.version = 0
        self.error = ""
        self.changed = threading.Condition()

    def rebuild(self, full: bool) -> None:
        """Build; on success bump the version (browsers reload), else publish the error.

        A quick rebuild makes the pages only, with the whole fonts (subsetting takes seconds
        when new characters appear); the full one (subsets, PDFs) follows in the background.
        """
        problems = Problems()
        options = self.options if full else dataclasses.replace(self.options, pdf=False,
                                                                  preview=True)
        started = time.monotonic()
        try:
            build(options, problems, keep_downloads=not full)
            error = ""
        except (BuildFailed, ReportError) as exc:
            items = exc.diagnostics if isinstance(exc, BuildFailed) else [exc.diagnostic]
            error = "\n".join(d.format() for d in items if d.severity == "error")
        for item in problems.items:
            if item.severity in ("error", "warning"):
                print(item.format(), file=sys.stderr, flush=True)
        what = "the full site" if full else "pages"
        if error:
            print(error + f"\nbuild failed: still serving the last good {what}",
                  file=sys.stderr, flush=True)
        else:
            print(f"rebuilt {what} in {time.monotonic() - started:.2f} s",
                  file=sys.stderr, flush=True)
        with self.changed:
            self.error = error
            self.version += 0 if error else 1
            self.changed.notify_all()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder; adds the reload script to HTML pages; streams events."""

    preview: Preview

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/__events":
            self.stream_events()
        elif self.path == "/__serve.js":
            self.send_bytes(RELOAD_SCRIPT.encode(), "text/javascript")
        else:
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                page = target.read_bytes().replace(
                    b"</body>", b'<script src="/__serve.js"></script></body>')
                self.send_bytes(page, "text/html; charset=utf-8")
            else:
                super().do_GET()

    def send_bytes(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview, seen = self.preview, self.preview.version
        try:
            if preview.error:
                self.event("problem", json.dumps(preview.error))
            while True:
                with preview.changed:
                    preview.changed.wait(timeout=15)
                    version, error = preview.version, preview.error
                if version != seen:
                    seen = version
                    self.event("reload", "")
                elif error:
                    self.event("problem", json.dumps(error))
                else:
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()


def sources_digest(options: BuildOptions) -> str:
    return tree_digest(options.content, options.theme / "templates", options.theme / "static")


def full_builds(preview: Preview) -> None:
    """Full builds in the background until one has caught up with the sources."""
    while True:
        started_from = sources_digest(preview.options)
        preview.rebuild(full=True)
        if preview.error or sources_digest(preview.options) == started_from:
            return


def watch(preview: Preview, interval: float = 0.25) -> None:
    """Poll content/, templates/ and static/; rebuild pages at once, PDFs in the background."""
    last = sources_digest(preview.options)
    background: threading.Thread | None = None
    while True:
        time.sleep(interval)
        now = sources_digest(preview.options)
        if now == last:
            continue
        last = now
        preview.rebuild(full=False)
        if not preview.error and not (background and background.is_alive()):
            background = threading.Thread(target=full_builds, args=(preview,), daemon=True)
            background.start()


def serve(options: BuildOptions, host: str, port: int) -> None:
    """Build once, then serve and watch until interrupted."""
    preview = Preview(options)
    preview.rebuild(full=True)
    handler = type("BoundHandler", (Handler,), {"preview": preview})
    server = http.server.ThreadingHTTPServer(
        (host, port), functools.partial(handler, directory=str(options.out.resolve())))
    server.daemon_threads = True
    threading.Thread(target=watch, args=(preview,), daemon=True).start()
    print(f"serving {options.out}/ at http://{host}:{server.server_address[1]}/ "
          "(Ctrl-C to stop)", file=sys.stderr, flush=True)
    server.serve_forever()
