package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// Extract converts one PDF to Markdown. It honours ctx: when ctx is done
// the PDFium instance working on the file is killed (and replaced) and
// ctx.Err() is returned. It never panics on bad input.
func (e *Engine) Extract(ctx context.Context, pdf []byte, opts Options) (res *Result, err error) {
	start := time.Now()
	margins, err := opts.margins()
	if err != nil {
		return nil, err
	}
	mode, err := ParseHeaderMode(string(opts.Headers))
	if err != nil {
		return nil, err
	}
	if err := sniff(pdf); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return nil, ErrEngineClosed
	}
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("pdftext: get PDFium instance: %w", err)
	}
	doc, timings, err := e.read(ctx, inst, pdf, opts)
	if err != nil {
		return nil, err
	}
	t := time.Now()
	res = render(doc, margins, mode)
	res.Metadata.Timings = timings
	res.Metadata.Timings.Layout = ms(time.Since(t))
	res.Metadata.Timings.Total = ms(time.Since(start))
	return res, nil
}

// read runs all PDFium work for one document on inst, which it releases.
// A watchdog kills the instance when ctx ends so a hostile file cannot hang
// the caller; a panic inside go-pdfium becomes ErrInternal.
func (e *Engine) read(ctx context.Context, inst pdfium.Pdfium, pdf []byte, opts Options) (doc *document, tm Timings, err error) {
	done := make(chan struct{})
	killed := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			_ = inst.Kill()
			close(killed)
		case <-done:
		}
	}()
	defer func() {
		close(done)
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v\n%s", ErrInternal, r, debug.Stack())
		}
		select {
		case <-killed:
			err = ctx.Err()
			doc = nil
		default:
			// The instance may have been killed between the select above
			// and here; Close then reports it and we ignore that.
			_ = inst.Close()
		}
	}()
	t := time.Now()
	ref, err := openDocument(inst, pdf, opts.Password)
	if err != nil {
		return nil, tm, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: ref})
	tm.Open = ms(time.Since(t))
	t = time.Now()
	doc, err = readDocument(ctx, inst, ref, opts.MaxPages)
	if err != nil {
		if ctx.Err() != nil {
			return nil, tm, ctx.Err()
		}
		return nil, tm, err
	}
	tm.Read = ms(time.Since(t))
	if enc, err := inst.FPDF_GetSecurityHandlerRevision(&requests.FPDF_GetSecurityHandlerRevision{Document: ref}); err == nil {
		doc.Encrypted = enc.SecurityHandlerRevision > 0
	}
	return doc, tm, nil
}

// sniff rejects inputs that cannot be a PDF before PDFium sees them.
func sniff(pdf []byte) error {
	if len(pdf) == 0 {
		return ErrEmpty
	}
	head := pdf
	if len(head) > 1024 {
		head = head[:1024]
	}
	if !bytes.Contains(head, []byte("%PDF-")) {
		return fmt.Errorf("%w: no %%PDF- header in the first %d bytes", ErrNotPDF, len(head))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// errCanceled reports whether err comes from ctx ending.
func errCanceled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
