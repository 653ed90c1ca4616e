package extralit

import (
	"context"
	"encoding/json"
	"time"
)

// Document is a paper (a PDF, or a reference to one) in a workspace.
type Document struct {
	ID          string
	WorkspaceID string
	URL         *string
	FileName    *string
	Reference   *string
	PMID        *string
	DOI         *string
	// Metadata holds the document's free-form metadata, including the
	// text extraction results under "text_extraction_metadata".
	Metadata   json.RawMessage
	InsertedAt time.Time
	UpdatedAt  time.Time
}

// DocumentFilter selects documents of a workspace; empty fields match all.
type DocumentFilter struct {
	WorkspaceID string
	ID          string
	Reference   string
	PMID        string
	DOI         string
	Limit       int
}

// DocumentStore persists documents.
type DocumentStore interface {
	CreateDocument(ctx context.Context, d *Document) error
	DocumentByID(ctx context.Context, id string) (*Document, error)
	Documents(ctx context.Context, f DocumentFilter) ([]*Document, error)
	UpdateDocument(ctx context.Context, d *Document) error
	DeleteDocument(ctx context.Context, id string) error
	// FindDuplicateDocument returns a document of the workspace sharing the
	// id, reference, file name or URL of d, or KindNotFound.
	FindDuplicateDocument(ctx context.Context, d *Document) (*Document, error)
}
