package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/extralit"
)

// ImportKind is the job that adds or updates a dataset's records from an
// uploaded file.
const ImportKind = "dataset_import"

// importBatch is how many rows one BulkRecords call writes.
const importBatch = 500

// ImportRequest is an uploaded file to import into a dataset.
type ImportRequest struct {
	// Filename is the uploaded file's name; its extension gives the format
	// when Format is empty.
	Filename string
	// Format is jsonl, csv or parquet, or empty.
	Format string
	// Mapping maps columns to targets (see the jobs documentation);
	// columns not in it are mapped by their names.
	Mapping map[string]string
	// Data is the whole file.
	Data []byte
}

// ImportArgs are the import job's arguments.
type ImportArgs struct {
	DatasetID string            `json:"dataset_id"`
	UserID    string            `json:"user_id"`
	Format    string            `json:"format"`
	Key       string            `json:"key"`
	Filename  string            `json:"filename"`
	Mapping   map[string]string `json:"mapping,omitempty"`
}

// ImportResult is what an import job returns.
type ImportResult struct {
	Format  string `json:"format"`
	Records int    `json:"records"`
	Key     string `json:"key"`
}

// ImportOptions tune how an import job waits for the search index.
type ImportOptions struct {
	// IndexTimeout is how long the job waits for outbox progress before
	// it fails because no server applies search updates.
	IndexTimeout time.Duration
	// Poll is how often it looks.
	Poll time.Duration
}

// RequestImport checks an uploaded file against a published dataset
// (format, syntax, columns, mapping, values that can be checked without
// writing), stores it in the workspace's storage under imports/ and
// starts a background import; owners and admins of the workspace.
func (s *Service) RequestImport(ctx context.Context, actor *extralit.User, datasetID string, req ImportRequest) (*extralit.Job, error) {
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return nil, err
	}
	if d.Status != extralit.DatasetReady {
		return nil, extralit.Errorf(extralit.KindInvalid, "records cannot be imported into a dataset that is not published")
	}
	format, err := importFormat(req.Format, req.Filename)
	if err != nil {
		return nil, err
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return nil, err
	}
	if _, err := importInputs(parseSchema(sc), format, req.Mapping, req.Data); err != nil {
		return nil, err
	}
	if s.enqueuer == nil || s.jobs == nil {
		return nil, extralit.Errorf(extralit.KindUnavailable, "background jobs are not configured on this server")
	}
	w, err := s.store.WorkspaceByID(ctx, d.WorkspaceID)
	if err != nil {
		return nil, err
	}
	var nonce [4]byte
	_, _ = rand.Read(nonce[:])
	rel := fmt.Sprintf("imports/%s-%s-%s.%s", safeName(d.Name), time.Now().UTC().Format("20060102T150405"), hex.EncodeToString(nonce[:]), format)
	if _, err := s.blobs.Put(ctx, w.Name+"/"+rel, bytes.NewReader(req.Data), int64(len(req.Data)), blob.PutOptions{}); err != nil {
		return nil, fmt.Errorf("store the uploaded file: %w", err)
	}
	args := ImportArgs{DatasetID: d.ID, UserID: actor.ID, Format: format, Key: w.Name + "/" + rel, Filename: req.Filename, Mapping: req.Mapping}
	id, err := s.enqueuer.Enqueue(ctx, s.store, ImportKind, args,
		map[string]any{"workspace_id": d.WorkspaceID, "dataset_id": d.ID, "format": format, "filename": req.Filename})
	if err != nil {
		return nil, err
	}
	return s.jobs.Job(ctx, id)
}

// safeName keeps letters, digits, - and _ of a name for a storage key.
func safeName(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
}

// importInput is a record to write and the file row it came from.
type importInput struct {
	row int
	in  RecordInput
}

// importInputs reads a file and maps every row to a record input.
func importInputs(p *parsedSchema, format string, mapping map[string]string, data []byte) ([]importInput, error) {
	m, err := newImportMapping(p, mapping)
	if err != nil {
		return nil, err
	}
	rows, err := readFileRows(format, data)
	if err != nil {
		return nil, err
	}
	if err := m.checkColumns(rows); err != nil {
		return nil, err
	}
	out := make([]importInput, len(rows))
	for i, r := range rows {
		in, err := m.record(r)
		if err != nil {
			return nil, err
		}
		out[i] = importInput{row: r.num, in: in}
	}
	return out, nil
}

// ImportDataset runs an import job: it reads the stored file and writes
// its rows in batches of 500 through BulkRecords, as the bulk API does, so
// validation is the same. Each batch is all or nothing; batches written
// before a bad one stay. Rows without an id or external_id get an id made
// from the stored file and the row number, so a retried job updates the
// records its earlier attempt wrote instead of adding them again. In
// outbox mode the job ends only once the index owner has applied the
// search updates it queued.
func (s *Service) ImportDataset(ctx context.Context, args ImportArgs, o ImportOptions, progress func(float64)) (*ImportResult, error) {
	if progress == nil {
		progress = func(float64) {}
	}
	actor, err := s.store.UserByID(ctx, args.UserID)
	if err != nil {
		return nil, fmt.Errorf("the user who started the import: %w", err)
	}
	d, err := s.datasetForAdmin(ctx, actor, args.DatasetID)
	if err != nil {
		return nil, err
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return nil, err
	}
	rc, _, err := s.blobs.Get(ctx, args.Key)
	if err != nil {
		return nil, fmt.Errorf("read the uploaded file %s: %w", args.Key, err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("read the uploaded file %s: %w", args.Key, err)
	}
	inputs, err := importInputs(parseSchema(sc), args.Format, args.Mapping, data)
	if err != nil {
		return nil, err
	}
	writeShare := 1.0
	if s.outbox {
		writeShare = 0.5 // the rest is waiting for the index
	}
	for start := 0; start < len(inputs); start += importBatch {
		batch := inputs[start:min(start+importBatch, len(inputs))]
		if err := s.importBatch(ctx, actor, d, args.Key, batch, start); err != nil {
			return nil, err
		}
		progress(writeShare * float64(start+len(batch)) / float64(len(inputs)))
	}
	if s.outbox {
		if o.IndexTimeout <= 0 {
			o.IndexTimeout = 2 * time.Minute
		}
		last, err := s.store.OutboxLastSeq(ctx)
		if err != nil {
			return nil, err
		}
		if err := s.WaitForOutbox(ctx, last, o.IndexTimeout, o.Poll, func(f float64) { progress(0.5 + f/2) }); err != nil {
			return nil, fmt.Errorf("the %d records are stored but not yet searchable: %w", len(inputs), err)
		}
	}
	return &ImportResult{Format: args.Format, Records: len(inputs), Key: args.Key}, nil
}

var positionPattern = regexp.MustCompile(`^record at position (\d+) is not valid because `)

// importBatch writes one batch, naming the file row of a refused record.
func (s *Service) importBatch(ctx context.Context, actor *extralit.User, d *extralit.Dataset, key string, batch []importInput, done int) error {
	items := make([]RecordInput, len(batch))
	var given []string
	for i, b := range batch {
		items[i] = b.in
		if b.in.ID != nil {
			given = append(given, *b.in.ID)
		}
	}
	// An id in the file only matches a record of this dataset; a record
	// new here gets an id derived from it, so re-importing an export into
	// another dataset neither clashes with the original nor duplicates.
	existing := map[string]bool{}
	if len(given) > 0 {
		valid := given[:0:0]
		for _, id := range given {
			if u, err := uuid.Parse(id); err == nil {
				valid = append(valid, u.String()) // stored ids are lower case
			}
		}
		if len(valid) > 0 {
			rs, err := s.store.RecordsByIDs(ctx, d.ID, valid, extralit.RecordInclude{})
			if err != nil {
				return err
			}
			for _, r := range rs {
				existing[r.ID] = true
			}
		}
	}
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("extralit:import:"+d.ID))
	for i, b := range batch {
		var id string
		switch {
		case b.in.ID != nil && existing[canonicalUUID(*b.in.ID)]:
			continue
		case b.in.ID != nil:
			id = uuid.NewSHA1(ns, []byte("id:"+*b.in.ID)).String()
		case b.in.ExternalID == nil:
			id = uuid.NewSHA1(ns, []byte("row:"+key+"#"+strconv.Itoa(b.row))).String()
		default:
			continue
		}
		items[i].ID = &id
	}
	if _, err := s.BulkRecords(ctx, actor, d.ID, items, false); err != nil {
		kept := "nothing was imported"
		if done > 0 {
			kept = fmt.Sprintf("the %d records before it were imported", done)
		}
		if e, ok := err.(*extralit.Error); ok {
			if m := positionPattern.FindStringSubmatch(e.Message); m != nil {
				if i, _ := strconv.Atoi(m[1]); i < len(batch) {
					return &extralit.Error{Kind: e.Kind, Code: e.Code, Message: fmt.Sprintf("row %d: %s (its batch of %d rows was not written; %s)",
						batch[i].row, strings.TrimPrefix(e.Message, m[0]), len(batch), kept)}
				}
			}
		}
		return fmt.Errorf("rows %d to %d were not written (%s): %w", batch[0].row, batch[len(batch)-1].row, kept, err)
	}
	return nil
}

// canonicalUUID is a UUID in its stored form, or "" for anything else.
func canonicalUUID(s string) string {
	u, err := uuid.Parse(s)
	if err != nil {
		return ""
	}
	return u.String()
}
