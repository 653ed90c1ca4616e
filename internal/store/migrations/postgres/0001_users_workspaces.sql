CREATE TABLE users (
    id             UUID PRIMARY KEY,
    first_name     TEXT NOT NULL,
    last_name      TEXT,
    username       TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'annotator')),
    password_hash  TEXT NOT NULL,
    api_key_hash   TEXT NOT NULL,
    inserted_at    TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_api_key_hash_key ON users (api_key_hash);

CREATE TABLE workspaces (
    id           UUID PRIMARY KEY,
    name         TEXT NOT NULL,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX workspaces_name_key ON workspaces (name);

CREATE TABLE workspaces_users (
    id            UUID PRIMARY KEY,
    workspace_id  UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    inserted_at   TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX workspaces_users_workspace_id_user_id_key ON workspaces_users (workspace_id, user_id);
CREATE INDEX workspaces_users_user_id_idx ON workspaces_users (user_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
