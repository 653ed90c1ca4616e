"""Webhooks through the real SDK, with deliveries verified by the
`standardwebhooks` library the SDK itself uses to check incoming events."""

import http.server
import threading

import pytest
from standardwebhooks.webhooks import Webhook as StandardWebhook


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        type(self).received.append((body, {k.lower(): v for k, v in self.headers.items()}))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.received = []
    srv = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/hook", _Receiver.received
    srv.shutdown()


def test_webhook_crud_and_signed_ping(client, receiver):
    import extralit as ex

    url, received = receiver
    hook = ex.Webhook(url=url, events=["record.created", "dataset.published"], description="sdk test")
    hook._with_client(client).create()
    assert hook.id is not None
    assert hook.secret and len(hook.secret) == 88  # base64 of 64 bytes

    listed = [w for w in client.api.webhooks.list() if str(w.id) == str(hook.id)]
    assert len(listed) == 1 and listed[0].url == url

    hook.enabled = False
    hook.update()
    assert hook.enabled is False

    client.api.webhooks.ping(hook.id)
    assert len(received) == 1
    body, headers = received[0]
    event = StandardWebhook(hook.secret).verify(body, headers)
    assert event["type"] == "ping"
    assert event["data"]["agent"] == "extralit-server"

    hook.delete()
    assert not [w for w in client.api.webhooks.list() if str(w.id) == str(hook.id)]
