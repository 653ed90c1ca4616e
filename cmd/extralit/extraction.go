package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/pdftext"
	"github.com/extralit/extralit-go/internal/service"
)

// extractionKindName is the job that converts a document's PDF to Markdown.
const extractionKindName = "document_text_extraction"

// pdfExtractor adapts the PDF engine to extralit.TextExtractor. The engine
// (PDFium instances, compiled once into a cache) is created on the first
// job and then shared by every job of the process.
type pdfExtractor struct {
	cacheDir string
	workers  int
	once     sync.Once
	engine   *pdftext.Engine
	err      error
}

func (p *pdfExtractor) ExtractText(ctx context.Context, pdf []byte) (string, json.RawMessage, error) {
	p.once.Do(func() {
		p.engine, p.err = pdftext.NewEngine(pdftext.EngineConfig{Workers: p.workers, CacheDir: p.cacheDir})
	})
	if p.err != nil {
		return "", nil, fmt.Errorf("start the PDF engine: %w", p.err)
	}
	res, err := p.engine.Extract(ctx, pdf, pdftext.Options{})
	if err != nil {
		for _, bad := range []error{pdftext.ErrEmpty, pdftext.ErrNotPDF, pdftext.ErrMalformed, pdftext.ErrPasswordRequired,
			pdftext.ErrWrongPassword, pdftext.ErrNoPages} {
			if errors.Is(err, bad) {
				return "", nil, &extralit.Error{Kind: extralit.KindInvalid, Message: err.Error()}
			}
		}
		return "", nil, err
	}
	meta, err := json.Marshal(res.Metadata)
	if err != nil {
		return "", nil, fmt.Errorf("encode extraction metadata: %w", err)
	}
	return res.Markdown, meta, nil
}

func (p *pdfExtractor) Close() {
	if p.engine != nil {
		p.engine.Close()
	}
}

type extractionArgs struct {
	DocumentID string `json:"document_id"`
}

// extractionKind is the text extraction job on the ocr queue.
func extractionKind(svc *service.Service, x extralit.TextExtractor, log *slog.Logger) jobs.Kind {
	return jobs.Kind{
		Name: extractionKindName, Queue: "ocr", Timeout: 15 * time.Minute, MaxAttempts: 2,
		Backoff: func(int) time.Duration { return 10 * time.Second },
		Work: func(ctx context.Context, j *jobs.Job) error {
			var args extractionArgs
			if err := j.Decode(&args); err != nil {
				return err
			}
			res, err := svc.ExtractDocument(ctx, args.DocumentID, x)
			if err != nil {
				log.Warn("text extraction failed", "document_id", args.DocumentID, "err", err)
				return err
			}
			return jobs.SetResult(ctx, res)
		},
	}
}

// enqueueExtraction returns the document hook: it enqueues the extraction
// job of a newly stored PDF in the transaction that stores the document.
func enqueueExtraction(c *jobs.Client) func(ctx context.Context, q extralit.Queries, d *extralit.Document) error {
	return func(ctx context.Context, q extralit.Queries, d *extralit.Document) error {
		meta := map[string]any{
			"document_id": d.ID, "workspace_id": d.WorkspaceID, "workflow_step": "text_extraction",
			"group_id": "document_workflow_" + d.ID + "_" + uuid.NewString()[:8],
		}
		if d.Reference != nil {
			meta["reference"] = *d.Reference
		}
		_, err := c.InsertIn(ctx, q, extractionKindName, extractionArgs{DocumentID: d.ID}, jobs.InsertOptions{Meta: meta})
		return err
	}
}

// newPDFExtractor returns the process's PDF extractor, with its compiled
// module cache under the home path.
func newPDFExtractor(g *globals) *pdfExtractor {
	return &pdfExtractor{cacheDir: filepath.Join(g.cfg.HomePath, "cache", "wazero")}
}
