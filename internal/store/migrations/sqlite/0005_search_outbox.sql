-- Search-index changes written by processes that may not open the embedded
-- index (workers), applied and removed by the process that owns it.
CREATE TABLE search_outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset_id   TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    op           TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    inserted_at  TIMESTAMP NOT NULL
);
