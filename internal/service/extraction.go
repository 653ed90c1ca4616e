package service

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/extralit"
)

// maxPDFBytes bounds what extraction reads into memory.
const maxPDFBytes = 1 << 30

// ExtractionResult summarises one text extraction.
type ExtractionResult struct {
	DocumentID string `json:"document_id"`
	Chars      int    `json:"output_size_chars"`
	MarkdownAt string `json:"markdown_url"`
}

// ExtractDocument converts a stored document's PDF to Markdown, stores the
// Markdown beside it and records the extraction metadata in the document's
// metadata under "text_extraction_metadata" (as the reference does) with
// its status under "text_extraction". A PDF that cannot be read is
// recorded as failed with the reason, and reported as a KindInvalid error.
func (s *Service) ExtractDocument(ctx context.Context, documentID string, x extralit.TextExtractor) (*ExtractionResult, error) {
	d, err := s.store.DocumentByID(ctx, documentID)
	if err != nil {
		return nil, err
	}
	w, err := s.store.WorkspaceByID(ctx, d.WorkspaceID)
	if err != nil {
		return nil, err
	}
	rc, _, err := s.blobs.Get(ctx, PDFKey(w.Name, d.ID))
	if err != nil {
		return nil, fmt.Errorf("read the PDF of document %s: %w", d.ID, err)
	}
	pdf, err := io.ReadAll(io.LimitReader(rc, maxPDFBytes))
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("read the PDF of document %s: %w", d.ID, err)
	}
	started := time.Now()
	markdown, meta, xerr := x.ExtractText(ctx, pdf)
	status := map[string]any{"status": "completed", "finished_at": time.Now().UTC().Format(time.RFC3339), "seconds": time.Since(started).Seconds()}
	if xerr != nil {
		if !extralit.IsKind(xerr, extralit.KindInvalid) {
			return nil, fmt.Errorf("extract text of document %s: %w", d.ID, xerr)
		}
		status["status"] = "failed"
		status["error"] = extralit.ErrorMessage(xerr)
	} else {
		key := MarkdownKey(w.Name, d.ID)
		if _, err := s.blobs.Put(ctx, key, strings.NewReader(markdown), int64(len(markdown)), blob.PutOptions{ContentType: "text/markdown; charset=utf-8"}); err != nil {
			return nil, fmt.Errorf("store the Markdown of document %s: %w", d.ID, err)
		}
		status["markdown_url"] = "/api/v1/documents/" + d.ID + "/markdown"
	}
	if err := s.mergeDocumentMetadata(ctx, d.ID, map[string]any{"text_extraction": status, "text_extraction_metadata": meta}); err != nil {
		return nil, err
	}
	if xerr != nil {
		return nil, xerr
	}
	return &ExtractionResult{DocumentID: d.ID, Chars: len(markdown), MarkdownAt: status["markdown_url"].(string)}, nil
}

// mergeDocumentMetadata sets top-level keys of a document's metadata,
// keeping the others, in one transaction.
func (s *Service) mergeDocumentMetadata(ctx context.Context, id string, set map[string]any) error {
	return s.store.InTx(ctx, func(q extralit.Queries) error {
		d, err := q.DocumentByID(ctx, id)
		if err != nil {
			return err
		}
		m := map[string]any{}
		if len(d.Metadata) > 0 && string(d.Metadata) != "null" {
			if err := json.Unmarshal(d.Metadata, &m); err != nil {
				m = map[string]any{"previous": string(d.Metadata)}
			}
		}
		for k, v := range set {
			if raw, ok := v.(json.RawMessage); ok && raw == nil {
				continue
			}
			m[k] = v
		}
		d.Metadata = extralit.MustJSON(m)
		return q.UpdateDocument(ctx, d)
	})
}
