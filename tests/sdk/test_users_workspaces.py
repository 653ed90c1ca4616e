"""Users, workspaces and credentials, driven through the unchanged extralit SDK."""

import httpx
import pytest

import extralit as ex
from extralit._exceptions import ExtralitCredentialsError, ForbiddenError, UnauthorizedError

from conftest import OWNER, OWNER_KEY


def test_connect_and_me(client):
    me = client.me
    assert me.username == OWNER
    assert me.role == "owner"
    assert me.id is not None


def test_workspace_and_user_lifecycle(client, unique):
    ws = ex.Workspace(name=f"ws-{unique}", client=client).create()
    assert ws.id is not None
    assert client.workspaces(f"ws-{unique}").id == ws.id

    user = ex.User(username=f"ann-{unique}", password="annotator-password", role="annotator", client=client).create()
    assert user.id is not None
    assert user.role == "annotator"

    ws.add_user(user.username)
    members = [u.username for u in ws.users]
    assert user.username in members
    assert f"ws-{unique}" in [w.name for w in client.workspaces]
    assert user.username in [u.username for u in client.users]

    ws.remove_user(user.username)
    assert user.username not in [u.username for u in ws.users]

    user.delete()
    assert client.users(f"ann-{unique}") is None
    ws.delete()
    assert client.workspaces(f"ws-{unique}") is None


def _api_key_of_new_user(server, client, role, unique):
    """Create a user through the SDK and fetch its one-time API key through the
    regenerate route (the SDK's user model has no api_key field)."""
    user = ex.User(username=f"{role}-{unique}", password="some-password", role=role, client=client).create()
    r = httpx.post(
        f"{server['url']}/api/v1/users/{user.id}/api-key",
        headers={"X-Extralit-Api-Key": OWNER_KEY},
    )
    r.raise_for_status()
    return user, r.json()["api_key"]


def test_annotator_cannot_create_users(server, client, unique):
    _, key = _api_key_of_new_user(server, client, "annotator", unique)
    annotator_client = ex.Extralit(api_url=server["url"], api_key=key)
    assert annotator_client.me.role == "annotator"
    with pytest.raises(ForbiddenError):
        ex.User(username=f"sneaky-{unique}", password="some-password", client=annotator_client).create()
    with pytest.raises(ForbiddenError):
        ex.Workspace(name=f"sneaky-{unique}", client=annotator_client).create()


def test_admin_creates_workspace_but_not_users(server, client, unique):
    _, key = _api_key_of_new_user(server, client, "admin", unique)
    admin_client = ex.Extralit(api_url=server["url"], api_key=key)
    ws = ex.Workspace(name=f"adm-{unique}", client=admin_client).create()
    assert ws.id is not None
    with pytest.raises(ForbiddenError):
        ex.User(username=f"nope-{unique}", password="some-password", client=admin_client).create()


def test_wrong_api_key_is_unauthorized(server, client, unique):
    # At connection time the SDK turns the server's 401 into its credentials error.
    with pytest.raises(ExtralitCredentialsError) as info:
        ex.Extralit(api_url=server["url"], api_key="definitely-not-a-key")
    assert isinstance(info.value.__cause__, UnauthorizedError)

    # A key that stops being valid later gives the SDK's unauthorized error on use.
    user, key = _api_key_of_new_user(server, client, "annotator", unique)
    annotator_client = ex.Extralit(api_url=server["url"], api_key=key)
    _ = _api_key_of_new_user_regenerate(server, client, user)
    with pytest.raises(UnauthorizedError):
        annotator_client.api.users.get_me()


def _api_key_of_new_user_regenerate(server, client, user):
    r = httpx.post(f"{server['url']}/api/v1/users/{user.id}/api-key", headers={"X-Extralit-Api-Key": OWNER_KEY})
    r.raise_for_status()
    return r.json()["api_key"]


def test_duplicate_workspace_is_a_conflict(client, unique):
    ex.Workspace(name=f"dup-{unique}", client=client).create()
    with pytest.raises(Exception) as info:
        ex.Workspace(name=f"dup-{unique}", client=client).create()
    assert "409" in str(info.value) or "already exists" in str(info.value)
