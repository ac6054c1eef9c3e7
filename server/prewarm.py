"""The aggregate pages rendered once after each publication, in the background (KG_PREWARM).

The home page, the commitments list and the overview run whole-graph queries: seconds each
at a million triples. Their answers are the same for every reader and are kept in the answer
cache for as long as their generation is served (`server.site.AnswerCache`), so whoever asks
first after a build pays for everyone. Here the server asks first: a thread notices a newly
published generation and renders those pages itself, one at a time, so that it holds one
thread and no more than one page's queries at once while readers are served beside it; then
it counts what the service description and the VoID description report (one pass over every
quad, a minute at five million).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask

from kamergraph import settings
from server.dumps import current_counts
from server.site import Site, generation_key

CHECK_EVERY = 5.0  # seconds between looks at which generation is served
log = logging.getLogger(__name__)


@dataclass
class PrewarmState:
    """What `/-/health` reports: the paths warmed, for which generation, and how long it took."""

    paths: list[str] = field(default_factory=list)
    generation: str | None = None  # the generation folder last warmed
    seconds: float | None = None
    failed: list[str] = field(default_factory=list)  # paths not answering 200; "counts"


class Prewarm:
    """The background thread that renders KG_PREWARM's paths once per published generation."""

    def __init__(self, app: Flask, paths: list[str]) -> None:
        self._app = app
        self._site: Site = app.extensions["kamergraph"]
        self.state = PrewarmState(paths=paths)
        self._warmed: tuple[str, int] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-prewarm", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            generation = generation_key(self._site.store)
            if generation is not None and generation != self._warmed:
                self._warm(generation)
            self._stop.wait(CHECK_EVERY)

    def _warm(self, generation: tuple[str, int]) -> None:
        started, failed = time.monotonic(), []
        client = self._app.test_client()
        for path in self.state.paths:
            if self._stop.is_set():
                return
            try:
                response = client.get(path, headers={"Accept": "text/html"})
                status = response.status_code
                response.close()
            except Exception:  # a page that fails here fails for its reader too, and says so
                log.exception("prewarming %s failed", path)
                status = 500
            if status != 200:
                failed.append(path)
        try:  # the service description's counts: a pass over every quad
            with self._app.test_request_context():
                current_counts()
        except Exception:
            log.exception("prewarming the VoID counts failed")
            failed.append("counts")
        self._warmed = generation
        self.state.generation = generation[0].rsplit("/", 1)[-1]
        self.state.seconds = round(time.monotonic() - started, 3)
        self.state.failed = failed


def init_prewarm(app: Flask) -> Prewarm | None:
    """A Prewarm for the app when there is something to warm and somewhere to keep it: paths
    in KG_PREWARM, an answer cache, and a store with generations (see `generation_key`)."""
    paths = settings.get("KG_PREWARM").split()
    site: Site = app.extensions["kamergraph"]
    if not paths or site.answers.max_rows <= 0:
        return None
    if not hasattr(site.store, "current_generation"):
        return None
    prewarm = Prewarm(app, paths)
    app.extensions["kamergraph-prewarm"] = prewarm
    return prewarm
