"""External SPARQL engines started for a test or a benchmark: Virtuoso and Oxigraph server.

Each runs as our own child process on free 127.0.0.1 ports with its own database in a fresh
folder (never the system service Debian's package may install), and is stopped by `stop()`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kamergraph.settings import PROJECT_ROOT

OXIGRAPH = PROJECT_ROOT / ".venv" / "bin" / "oxigraph"
START_TIMEOUT = 90  # seconds: a fresh Virtuoso database takes a few to initialise

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
; kamergraph caps rows itself (KG_ROW_CAP); Virtuoso's own default cap is 10000
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
; its cost estimate refuses page queries it would run in milliseconds
MaxQueryCostEstimationTime = 0
[Plugins]
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the engine exited ({process.returncode}): {_tail(log)}")
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5) as response:
                response.read()
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"{url}: no answer within {START_TIMEOUT} s: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"


@dataclass
class Engine:
    """A running engine: where to query it, where to write it, as whom, in which dialect."""

    name: str
    query_url: str
    gsp_url: str
    user: str
    password: str
    dialect: str
    process: subprocess.Popen[bytes]
    folder: Path

    def environment(self) -> dict[str, str]:
        """The settings that make kamergraph build into and serve from this engine."""
        return {
            "KG_STORE": self.query_url,
            "KG_STORE_GSP": self.gsp_url,
            "KG_STORE_USER": self.user,
            "KG_STORE_PASSWORD": self.password,
            "KG_STORE_ENGINE": self.dialect,
        }

    def stop(self) -> None:
        """Stop the process (Virtuoso checkpoints on SIGTERM) and remove its database."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def virtuoso_available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def start_virtuoso(folder: Path, buffers: int = 20000) -> Engine:
    """virtuoso-t in the foreground with a fresh database in `folder`; the dba password is
    changed from the well-known default to a random one before anything is written."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _VIRTUOSO_INI.format(
            db=folder,
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty=buffers * 3 // 4,
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        ["virtuoso-t", "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    _wait_for(base + "/sparql", process, folder / "virtuoso.log")
    password = "kg" + secrets.token_hex(8)  # letters and digits: isql reads it as one word
    subprocess.run(
        ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=set password dba {password};"],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return Engine(
        "virtuoso",
        base + "/sparql",
        base + "/sparql-graph-crud-auth",
        "dba",
        password,
        "virtuoso",
        process,
        folder,
    )


def start_oxigraph(folder: Path) -> Engine:
    """`oxigraph serve` on a fresh database in `folder`, the default graph being the union of
    all graphs (as kamergraph's embedded store queries it)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(OXIGRAPH),
                "serve",
                "--location",
                str(folder / "db"),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "RUST_LOG": "warn"},
        )
    base = f"http://127.0.0.1:{port}"
    _wait_for(base + "/query", process, log)
    return Engine("oxigraph", base + "/query", base + "/store", "", "", "sparql", process, folder)
