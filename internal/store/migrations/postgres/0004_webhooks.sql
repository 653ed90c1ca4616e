CREATE TABLE webhooks (
    id           UUID PRIMARY KEY,
    url          TEXT NOT NULL,
    secret       TEXT NOT NULL,
    events       TEXT NOT NULL,
    enabled      BOOLEAN NOT NULL DEFAULT TRUE,
    description  TEXT,
    inserted_at  TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
