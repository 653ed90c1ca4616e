package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

const documentColumns = `id, workspace_id, url, file_name, reference, pmid, doi, metadata, inserted_at, updated_at`

func scanDocument(r rowScanner) (*extralit.Document, error) {
	var d extralit.Document
	var url, file, ref, pmid, doi, md sql.NullString
	if err := r.Scan(&d.ID, &d.WorkspaceID, &url, &file, &ref, &pmid, &doi, &md, &d.InsertedAt, &d.UpdatedAt); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		src sql.NullString
		dst **string
	}{{url, &d.URL}, {file, &d.FileName}, {ref, &d.Reference}, {pmid, &d.PMID}, {doi, &d.DOI}} {
		if p.src.Valid {
			v := p.src.String
			*p.dst = &v
		}
	}
	if md.Valid {
		d.Metadata = json.RawMessage(md.String)
	}
	d.InsertedAt, d.UpdatedAt = d.InsertedAt.UTC(), d.UpdatedAt.UTC()
	return &d, nil
}

// CreateDocument inserts a document.
func (q *queries) CreateDocument(ctx context.Context, d *extralit.Document) error {
	d.InsertedAt = now()
	d.UpdatedAt = d.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO documents (`+documentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.WorkspaceID, d.URL, d.FileName, d.Reference, d.PMID, d.DOI, rawOrNil(d.Metadata), d.InsertedAt, d.UpdatedAt)
	if err != nil {
		return fmt.Errorf("create document: %w", err)
	}
	return nil
}

// DocumentByID returns a document.
func (q *queries) DocumentByID(ctx context.Context, id string) (*extralit.Document, error) {
	return rowByID(ctx, q, "documents", documentColumns, "Document", id, scanDocument)
}

// Documents lists documents matching f, newest first.
func (q *queries) Documents(ctx context.Context, f extralit.DocumentFilter) ([]*extralit.Document, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, val string }{{"workspace_id", f.WorkspaceID}, {"id", f.ID}, {"reference", f.Reference}, {"pmid", f.PMID}, {"doi", f.DOI}} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	query := `SELECT ` + documentColumns + ` FROM documents`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY inserted_at DESC, id`
	if f.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	return queryAll(ctx, q, "documents", scanDocument, query, args...)
}

// UpdateDocument writes a document's mutable columns.
func (q *queries) UpdateDocument(ctx context.Context, d *extralit.Document) error {
	d.UpdatedAt = now()
	res, err := q.exec(ctx, `UPDATE documents SET url = ?, file_name = ?, reference = ?, pmid = ?, doi = ?, metadata = ?, updated_at = ? WHERE id = ?`,
		d.URL, d.FileName, d.Reference, d.PMID, d.DOI, rawOrNil(d.Metadata), d.UpdatedAt, d.ID)
	if err != nil {
		return fmt.Errorf("update document %s: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Document", d.ID)
	}
	return nil
}

// DeleteDocument removes a document.
func (q *queries) DeleteDocument(ctx context.Context, id string) error {
	return q.settingsDelete(ctx, "documents", "Document", id)
}

// FindDuplicateDocument finds a document of the same workspace with the
// same id, reference, file name or URL.
func (q *queries) FindDuplicateDocument(ctx context.Context, d *extralit.Document) (*extralit.Document, error) {
	conds := []string{"id = ?"}
	args := []any{d.ID}
	for _, c := range []struct {
		col string
		val *string
	}{{"reference", d.Reference}, {"file_name", d.FileName}, {"url", d.URL}} {
		if c.val != nil && *c.val != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, *c.val)
		}
	}
	args = append([]any{d.WorkspaceID}, args...)
	dup, err := scanDocument(q.queryRow(ctx, `SELECT `+documentColumns+` FROM documents WHERE workspace_id = ? AND (`+
		strings.Join(conds, " OR ")+`) LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, extralit.Errorf(extralit.KindNotFound, "no duplicate")
	}
	if err != nil {
		return nil, fmt.Errorf("find duplicate document: %w", translate(err))
	}
	return dup, nil
}
