-- Walking a dataset's records in ID order (reindex, and filling the
-- in-memory search index at every start) read the whole dataset for every
-- batch of 500 without this index.
CREATE INDEX records_dataset_id_id_idx ON records (dataset_id, id);
