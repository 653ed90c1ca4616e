"""Fixtures that start a real `extralit server` and connect the real SDK to it.

The binary comes from EXTRALIT_BIN (built by the test script). The database is
SQLite in a temporary home unless EXTRALIT_TEST_DATABASE_URL names another one
(the test script passes a fresh PostgreSQL database there).
"""

import os
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid

import pytest

OWNER = "sdk-owner"
OWNER_PASSWORD = "sdk-owner-password"
OWNER_KEY = "sdk-owner-api-key-" + uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"extralit server exited early with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/v1/status", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"extralit server did not answer within {timeout}s")


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("EXTRALIT_BIN")
    if not binary:
        raise RuntimeError("EXTRALIT_BIN must name the extralit binary (the test script sets it)")
    home = tempfile.mkdtemp(prefix="extralit-sdk-")
    port = _free_port()
    env = dict(os.environ)
    env.update(
        EXTRALIT_HOME_PATH=home,
        EXTRALIT_USERNAME=OWNER,
        EXTRALIT_PASSWORD=OWNER_PASSWORD,
        EXTRALIT_API_KEY=OWNER_KEY,
        EXTRALIT_WORKSPACE="sdk-default",
    )
    if os.environ.get("EXTRALIT_TEST_DATABASE_URL"):
        env["EXTRALIT_DATABASE_URL"] = os.environ["EXTRALIT_TEST_DATABASE_URL"]
    log = open(os.path.join(home, "server.log"), "w")
    proc = subprocess.Popen(
        [binary, "server", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc)
        yield {"url": url, "home": home, "proc": proc}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def client(server):
    import extralit as ex

    return ex.Extralit(api_url=server["url"], api_key=OWNER_KEY)


@pytest.fixture
def unique():
    """A short unique suffix for names, so tests do not collide."""
    return uuid.uuid4().hex[:8]
