-- Search-index changes written by processes that may not open the embedded
-- index (workers), applied and removed by the process that owns it.
CREATE TABLE search_outbox (
    seq          BIGSERIAL PRIMARY KEY,
    dataset_id   UUID NOT NULL,
    record_id    UUID NOT NULL,
    op           TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    inserted_at  TIMESTAMP NOT NULL
);
