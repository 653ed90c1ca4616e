CREATE TABLE datasets (
    id                    TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    guidelines            TEXT,
    allow_extra_metadata  BOOLEAN NOT NULL,
    status                TEXT NOT NULL,
    distribution          TEXT NOT NULL,
    metadata              TEXT,
    workspace_id          TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    last_activity_at      TIMESTAMP NOT NULL,
    inserted_at           TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX datasets_workspace_id_name_key ON datasets (workspace_id, name);

CREATE TABLE fields (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    title        TEXT NOT NULL,
    required     BOOLEAN NOT NULL,
    description  TEXT,
    settings     TEXT NOT NULL,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX fields_dataset_id_name_key ON fields (dataset_id, name);

CREATE TABLE questions (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT,
    required     BOOLEAN NOT NULL,
    settings     TEXT NOT NULL,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX questions_dataset_id_name_key ON questions (dataset_id, name);

CREATE TABLE metadata_properties (
    id                      TEXT PRIMARY KEY,
    name                    TEXT NOT NULL,
    title                   TEXT NOT NULL,
    settings                TEXT NOT NULL,
    visible_for_annotators  BOOLEAN NOT NULL,
    dataset_id              TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    inserted_at             TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX metadata_properties_dataset_id_name_key ON metadata_properties (dataset_id, name);

CREATE TABLE vectors_settings (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    title        TEXT NOT NULL,
    dimensions   INTEGER NOT NULL,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX vectors_settings_dataset_id_name_key ON vectors_settings (dataset_id, name);

CREATE TABLE records (
    id           TEXT PRIMARY KEY,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    fields       TEXT NOT NULL,
    metadata     TEXT,
    external_id  TEXT,
    status       TEXT NOT NULL,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX records_dataset_id_external_id_key ON records (dataset_id, external_id);
CREATE INDEX records_dataset_id_inserted_at_idx ON records (dataset_id, inserted_at, id);

CREATE TABLE responses (
    id           TEXT PRIMARY KEY,
    record_id    TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    "values"     TEXT,
    status       TEXT NOT NULL,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX responses_record_id_user_id_key ON responses (record_id, user_id);
CREATE INDEX responses_user_id_idx ON responses (user_id);

CREATE TABLE suggestions (
    id           TEXT PRIMARY KEY,
    record_id    TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    value        TEXT NOT NULL,
    score        TEXT,
    agent        TEXT,
    type         TEXT,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX suggestions_record_id_question_id_key ON suggestions (record_id, question_id);

CREATE TABLE vectors (
    record_id           TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    vector_settings_id  TEXT NOT NULL REFERENCES vectors_settings (id) ON DELETE CASCADE,
    value               BLOB NOT NULL,
    PRIMARY KEY (record_id, vector_settings_id)
);

CREATE TABLE datasets_users (
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (dataset_id, user_id)
);
