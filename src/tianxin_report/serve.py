"""Live preview: build, serve the output on loopback, rebuild on change, reload the browser.

Threads: the main one waits for SIGINT/SIGTERM; the HTTP server; the watcher, which polls
the sources and asks for builds; and one builder, which runs every build, one at a time.
Builds are "pages" (quick: whole fonts, no PDFs, the PDFs already published kept) and
"full" (font subsets, PDFs). `Builds` holds at most one waiting request, the latest: an
edit asks for "pages", which replaces whatever waits; a successful "pages" asks for "full"
when nothing else waits. An edit during a full build makes it stale: its worker processes
are ended and it stops at its next safe point (a step of `pipeline.build`, all before the
site is written), so the edit shows at once. Only the builder writes the output folder,
so two swaps never overlap. Stopping ends the build, every process serve started (PDF and
font workers, Pagefind) and the server, then removes a temporary output folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType
from typing import Any

from tianxin_report.errors import BuildCancelled, BuildFailed, Problems, ReportError
from tianxin_report.model import BuildOptions
from tianxin_report.output.stamp import build_stamp, tree_digest
from tianxin_report.output.write import temporary_site
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


class Builds:
    """The one-slot queue between the watcher and the builder (see the module docstring)."""

    def __init__(self, stop: Stop) -> None:
        self.stop = stop  # its signal handler only sets a flag: the lock is not taken there
        self.lock = threading.Condition()
        self.pending: str | None = None  # "pages" or "full": the build to run next
        self.running: str | None = None
        self.stale = False  # the running build is to stop at its next safe point
        self.closed = False  # serve is stopping: no more builds
        self.writing = False  # the running build is past its last safe point
        self.finished = 0

    def request(self, kind: str) -> None:
        """Ask for a build; "pages" replaces a waiting request and cancels a full build."""
        with self.lock:
            if self.closed:
                return
            if kind == "pages" or self.pending is None:  # a full build follows "pages"
                self.pending = kind
            if kind == "pages" and self.running == "full":
                self.stale = True
                end_workers()
            self.lock.notify_all()

    def take(self) -> str | None:
        """The next build to run, once one is asked for; None when serve stops."""
        with self.lock:
            while self.pending is None and not self.closed:
                self.lock.wait()
            if self.closed:
                return None
            self.running, self.pending, self.stale = self.pending, None, False
            return self.running

    def done(self) -> None:
        with self.lock:
            self.running, self.writing = None, False
            self.finished += 1

    def check(self, step: str) -> None:
        """The build's step hook: stop here if the build is stale or serve stops."""
        with self.lock:
            if self.cancelled():
                raise BuildCancelled(step)
            self.writing = step == "write"

    def cancelled(self) -> bool:
        return self.stale or self.closed or self.stop.signal is not None

    def close(self) -> None:
        """No more builds; the running one stops at its next safe point."""
        with self.lock:
            self.closed = self.stale = True
            self.pending = None
            self.lock.notify_all()


class Preview:
    """The state shared by the builder and the request handlers."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.version = 0
        self.error = ""
        self.closing = False
        self.count = 0
        self.changed = threading.Condition()

    def rebuild(self, kind: str, builds: Builds) -> str:
        """Run one build; on success bump the version (browsers reload), on failure publish
        the error. Returns "ok", "failed" or "cancelled".

        Every build logs `build N started: KIND (t=…)` and `build N finished: KIND,
        OUTCOME in S s (t=…)` (t: time.monotonic()), which is how the tests see that
        builds never overlap.
        """
        self.count += 1
        number, full = self.count, kind == "full"
        options = self.options if full else dataclasses.replace(self.options, pdf=False,
                                                                  preview=True)
        problems = Problems()
        started = time.monotonic()
        say(f"build {number} started: {kind} (t={started:.3f})")

        def step(name: str) -> None:
            builds.check(name)
            if name == "pdfs":
                say(f"build {number}: rendering PDFs (t={time.monotonic():.3f})")

        error = run_build(options, problems, full, step, builds.cancelled)
        outcome = "cancelled" if error is None else "failed" if error else "ok"
        for item in problems.items if outcome != "cancelled" else []:
            if item.severity in ("error", "warning"):
                say(item.format())
        if error:
            what = "site" if full else "pages"
            say(error + f"\nbuild failed: still serving the last good {what}")
        ended = time.monotonic()
        say(f"build {number} finished: {kind}, {outcome} in {ended - started:.2f} s "
            f"(t={ended:.3f})")
        if outcome != "cancelled":
            with self.changed:
                self.error = error or ""
                self.version += 0 if error else 1
                self.changed.notify_all()
        return outcome

    def close(self) -> None:
        """End the event streams."""
        with self.changed:
            self.closing = True
            self.changed.notify_all()


def run_build(options: BuildOptions, problems: Problems, full: bool,
              step: Callable[[str], None], cancelled: Callable[[], bool]) -> str | None:
    """Build; "" when it worked, the error text when it failed, None when cancelled."""
    try:
        build(options, problems, keep_downloads=not full, step=step)
        return ""
    except BuildCancelled:
        return None
    except (BuildFailed, ReportError) as exc:
        if ended_by_us(exc, cancelled):
            return None
        items = exc.diagnostics if isinstance(exc, BuildFailed) else [exc.diagnostic]
        return "\n".join(d.format() for d in items if d.severity == "error")
    except Exception as exc:
        if ended_by_us(exc, cancelled):
            return None
        traceback.print_exc()  # an engine bug: shown, and serve keeps going
        return f"internal error: {type(exc).__name__}: {exc}"


def ended_by_us(exc: Exception, cancelled: Callable[[], bool]) -> bool:
    """Whether a build failed only because its processes were ended: it was cancelled, or
    a Ctrl-C reached a worker (or Pagefind) just before serve's own handler had run."""
    if cancelled():
        return True
    process_ended = isinstance(exc, BrokenProcessPool) or (
        type(exc) is ReportError and exc.diagnostic.code == "search")
    deadline = time.monotonic() + 0.5
    while process_ended and time.monotonic() < deadline:
        if cancelled():
            return True
        time.sleep(0.02)
    return False


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


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
            while not preview.closing:
                with preview.changed:
                    preview.changed.wait(timeout=15)
                    version, error = preview.version, preview.error
                if preview.closing:
                    break
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


def run_builds(preview: Preview, builds: Builds) -> None:
    """The builder thread: every build, one at a time, until serve stops."""
    while (kind := builds.take()) is not None:
        outcome = preview.rebuild(kind, builds)
        if kind == "pages" and outcome == "ok":
            builds.request("full")  # unless another edit already waits
        builds.done()


def watch(preview: Preview, builds: Builds, stop: Stop, interval: float = 0.25) -> None:
    """Poll content/, templates/ and static/; ask for a pages build on every change."""
    last = sources_digest(preview.options)
    while stop.signal is None:
        time.sleep(interval)
        now = sources_digest(preview.options)
        if now != last:
            last = now
            builds.request("pages")


class Stop:
    """How serve ends: the SIGINT (Ctrl-C) or SIGTERM its handlers record."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.signal = signum

    @contextlib.contextmanager
    def installed(self) -> Iterator[Stop]:
        """Our handlers for SIGINT and SIGTERM (main thread only), restored afterwards."""
        previous = {s: signal.signal(s, self.handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def wait(self, done: Callable[[], bool] = lambda: False) -> bool:
        """Wait until `done()` (True) or a signal (False); a signal cuts the sleep short."""
        while self.signal is None:
            if done():
                return True
            time.sleep(0.1)
        return False


def end_workers() -> None:
    """End the build's worker processes (PDFs, font subsets): its pool then breaks."""
    for worker in multiprocessing.active_children():
        worker.terminate()


def child_processes() -> list[int]:
    """Every process this one started, and the ones they started (from /proc on Linux;
    elsewhere only the worker processes multiprocessing knows)."""
    if not os.path.isdir("/proc"):
        return [worker.pid for worker in multiprocessing.active_children() if worker.pid]
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text() if entry.isdigit() else ""
        except OSError:  # it ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[-1].split()  # the command name may hold spaces
        if len(fields) > 2 and fields[0] != "Z":  # zombies: already ended
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [os.getpid()]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def end_children(grace: float = 2.0) -> int:
    """SIGTERM every process serve started, SIGKILL what is left after `grace` seconds;
    the number there were."""
    pids = child_processes()
    count = len(pids)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while (left := set(pids) & set(child_processes())) and time.monotonic() < deadline:
            multiprocessing.active_children()  # reaps the workers that ended
            time.sleep(0.05)
        pids = sorted(left)
        if not pids:
            break
    return count


@contextlib.contextmanager
def output_folder(options: BuildOptions, temporary: bool) -> Iterator[BuildOptions]:
    """The options with serve's output folder: --out, or a temporary one removed after
    (with its build stamp), so serving never replaces the project's _site/."""
    if not temporary:
        yield options
        return
    with temporary_site() as out:
        options = dataclasses.replace(options, out=out)
        try:
            yield options
        finally:
            build_stamp(options).forget()


def serve(options: BuildOptions, host: str, port: int, temporary: bool = False) -> int:
    """Build once, then serve and watch until SIGINT or SIGTERM; 0 once all has ended."""
    with Stop().installed() as stop, output_folder(options, temporary) as options:
        preview, builds = Preview(options), Builds(stop)
        server = listen(preview, host, port)  # first: a busy port fails before any build
        builder = threading.Thread(target=run_builds, args=(preview, builds), name="builder",
                                   daemon=True)
        http_thread: threading.Thread | None = None
        try:
            builder.start()
            builds.request("full")
            if stop.wait(lambda: builds.finished > 0):
                http_thread = threading.Thread(target=server.serve_forever, name="http",
                                               daemon=True)
                http_thread.start()
                threading.Thread(target=watch, args=(preview, builds, stop), name="watcher",
                                 daemon=True).start()
                say(f"serving {options.out}/ at http://{host}:{server.server_address[1]}/ "
                    + ("(a temporary folder, removed on exit; " if temporary else "(")
                    + "Ctrl-C to stop)")
                stop.wait()
        finally:
            shut_down(stop, builds, preview, builder, server, http_thread)
    return 0


def listen(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """The HTTP server for the output folder, bound (not yet serving)."""
    handler = type("BoundHandler", (Handler,), {"preview": preview})
    try:
        server = http.server.ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=str(preview.options.out.resolve())))
    except OSError as exc:
        raise ReportError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                          hint="pass another --port, or stop what is using this one",
                          code="serve") from exc
    server.daemon_threads = True
    return server


def shut_down(stop: Stop, builds: Builds, preview: Preview, builder: threading.Thread,
              server: http.server.ThreadingHTTPServer,
              http_thread: threading.Thread | None) -> None:
    """End the build, every process serve started, the event streams and the server."""
    name = signal.Signals(stop.signal).name if stop.signal else "an error"
    say(f"stopping serve ({name}): ending the build, its workers and the server")
    builds.close()
    ended = end_children()
    preview.close()
    if http_thread is not None:
        server.shutdown()  # returns once serve_forever has
        http_thread.join(timeout=2)
    server.server_close()
    if builds.writing:  # a swap in progress finishes; any other step is left as it is
        builder.join(timeout=10)
    ended += end_children()  # any started while the builder came to its stop
    say(f"serve stopped ({ended} process(es) ended)")
