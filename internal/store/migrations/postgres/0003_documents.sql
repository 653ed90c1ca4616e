CREATE TABLE documents (
    id            UUID PRIMARY KEY,
    workspace_id  UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    url           TEXT,
    file_name     TEXT,
    reference     TEXT,
    pmid          TEXT,
    doi           TEXT,
    metadata      TEXT,
    inserted_at   TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX documents_workspace_id_reference_idx ON documents (workspace_id, reference);
CREATE INDEX documents_workspace_id_pmid_idx ON documents (workspace_id, pmid);
CREATE INDEX documents_workspace_id_doi_idx ON documents (workspace_id, doi);
