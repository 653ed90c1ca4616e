package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/extralit"
)

// ExportKind is the job that writes a dataset's records to a file.
const ExportKind = "dataset_export"

// ExportArgs are the export job's arguments.
type ExportArgs struct {
	DatasetID string `json:"dataset_id"`
	Format    string `json:"format"`
}

// ExportResult is what an export job returns.
type ExportResult struct {
	Format  string `json:"format"`
	Records int    `json:"records"`
	Key     string `json:"key"`
	URL     string `json:"url"`
}

// SetEnqueuer gives the service the way to put jobs on the queue.
func (s *Service) SetEnqueuer(e extralit.JobEnqueuer) { s.enqueuer = e }

func validExportFormat(f string) error {
	if f != "jsonl" && f != "csv" && f != "parquet" {
		return extralit.Errorf(extralit.KindInvalid, "export format %q is not one of jsonl, csv, parquet", f)
	}
	return nil
}

// RequestExport starts a background export of a dataset's records to a
// file in its workspace's storage; owners and admins of the workspace.
func (s *Service) RequestExport(ctx context.Context, actor *extralit.User, datasetID, format string) (*extralit.Job, error) {
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return nil, err
	}
	if err := validExportFormat(format); err != nil {
		return nil, err
	}
	if s.enqueuer == nil || s.jobs == nil {
		return nil, extralit.Errorf(extralit.KindUnavailable, "background jobs are not configured on this server")
	}
	id, err := s.enqueuer.Enqueue(ctx, s.store, ExportKind, ExportArgs{DatasetID: d.ID, Format: format},
		map[string]any{"workspace_id": d.WorkspaceID, "dataset_id": d.ID, "format": format})
	if err != nil {
		return nil, err
	}
	return s.jobs.Job(ctx, id)
}

// exportRow is one record as exported, with suggestions keyed by question name.
type exportRow struct {
	ID          string                   `json:"id"`
	ExternalID  *string                  `json:"external_id"`
	Status      extralit.RecordStatus    `json:"status"`
	Fields      map[string]any           `json:"fields"`
	Metadata    map[string]any           `json:"metadata"`
	Suggestions map[string]exportSuggest `json:"suggestions"`
	Responses   []exportResponse         `json:"responses"`
	InsertedAt  time.Time                `json:"inserted_at"`
	UpdatedAt   time.Time                `json:"updated_at"`
}

type exportSuggest struct {
	Value any     `json:"value"`
	Score any     `json:"score,omitempty"`
	Agent *string `json:"agent,omitempty"`
}

type exportResponse struct {
	UserID string                            `json:"user_id"`
	Status extralit.ResponseStatus           `json:"status"`
	Values map[string]extralit.ResponseValue `json:"values"`
}

// ExportDataset writes every record of a dataset, with its suggestions and
// responses, as JSON Lines or CSV into the workspace's storage under
// exports/, reporting progress after each page of records.
func (s *Service) ExportDataset(ctx context.Context, args ExportArgs, progress func(float64)) (*ExportResult, error) {
	if err := validExportFormat(args.Format); err != nil {
		return nil, err
	}
	d, err := s.store.DatasetByID(ctx, args.DatasetID)
	if err != nil {
		return nil, err
	}
	w, err := s.store.WorkspaceByID(ctx, d.WorkspaceID)
	if err != nil {
		return nil, err
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return nil, err
	}
	p := parseSchema(sc)
	var rows []exportRow
	const page = 500
	for offset := 0; ; offset += page {
		rs, total, err := s.store.Records(ctx, d.ID, offset, page, extralit.RecordInclude{Responses: true, Suggestions: true})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			row := exportRow{ID: r.ID, ExternalID: r.ExternalID, Status: r.Status, Fields: r.Fields, Metadata: r.Metadata,
				Suggestions: map[string]exportSuggest{}, Responses: []exportResponse{}, InsertedAt: r.InsertedAt, UpdatedAt: r.UpdatedAt}
			for _, sg := range r.Suggestions {
				if q, ok := p.questions[sg.QuestionID]; ok {
					row.Suggestions[q.Name] = exportSuggest{Value: sg.Value, Score: sg.Score, Agent: sg.Agent}
				}
			}
			for _, x := range r.Responses {
				row.Responses = append(row.Responses, exportResponse{UserID: x.UserID, Status: x.Status, Values: x.Values})
			}
			rows = append(rows, row)
		}
		if progress != nil && total > 0 {
			progress(float64(len(rows)) / float64(total))
		}
		if len(rs) < page {
			break
		}
	}
	var buf bytes.Buffer
	switch args.Format {
	case "jsonl":
		enc := json.NewEncoder(&buf)
		for _, row := range rows {
			if err := enc.Encode(row); err != nil {
				return nil, fmt.Errorf("encode record %s: %w", row.ID, err)
			}
		}
	case "csv":
		if err := writeCSV(&buf, p, rows); err != nil {
			return nil, err
		}
	case "parquet":
		if err := writeParquetExport(&buf, p, rows); err != nil {
			return nil, err
		}
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, d.Name)
	rel := fmt.Sprintf("exports/%s-%s.%s", name, time.Now().UTC().Format("20060102T150405"), args.Format)
	ct := map[string]string{"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
		"parquet": "application/vnd.apache.parquet"}[args.Format]
	if _, err := s.blobs.Put(ctx, w.Name+"/"+rel, bytes.NewReader(buf.Bytes()), int64(buf.Len()), blob.PutOptions{ContentType: ct}); err != nil {
		return nil, fmt.Errorf("store the export: %w", err)
	}
	return &ExportResult{Format: args.Format, Records: len(rows), Key: rel, URL: "/api/v1/file/" + w.Name + "/" + rel}, nil
}

// flatTable lays records out as the CSV and Parquet exports do: one
// column per field, metadata property and question (suggested value,
// score and agent), plus the responses as JSON. cells returns a row's values, nil
// where the record has none; numeric metadata stays a number.
func flatTable(p *parsedSchema) (cols []parquetColumn, cells func(r exportRow) []any) {
	var fields, metas, questions []string
	for _, f := range p.Fields {
		fields = append(fields, f.Name)
	}
	for _, m := range p.Metadata {
		metas = append(metas, m.Name)
	}
	for _, q := range p.Questions {
		questions = append(questions, q.Name)
	}
	sort.Strings(metas)
	for _, h := range []string{"id", "external_id", "status"} {
		cols = append(cols, parquetColumn{name: h})
	}
	for _, f := range fields {
		cols = append(cols, parquetColumn{name: f})
	}
	for _, m := range metas {
		t := p.metadata[m].Type
		cols = append(cols, parquetColumn{name: "metadata." + m, number: t == "integer" || t == "float"})
	}
	for _, q := range questions {
		cols = append(cols, parquetColumn{name: q + ".suggestion"}, parquetColumn{name: q + ".suggestion.score"},
			parquetColumn{name: q + ".suggestion.agent"})
	}
	cols = append(cols, parquetColumn{name: "responses"})
	cells = func(r exportRow) []any {
		line := []any{r.ID, nil, string(r.Status)}
		if r.ExternalID != nil {
			line[1] = *r.ExternalID
		}
		for _, f := range fields {
			line = append(line, r.Fields[f])
		}
		for _, m := range metas {
			line = append(line, r.Metadata[m])
		}
		for _, q := range questions {
			sg, ok := r.Suggestions[q]
			if !ok {
				line = append(line, nil, nil, nil)
				continue
			}
			var agent any
			if sg.Agent != nil {
				agent = *sg.Agent
			}
			line = append(line, sg.Value, sg.Score, agent)
		}
		return append(line, r.Responses)
	}
	return cols, cells
}

// textCell is a value as a CSV cell or Parquet string: text as it is,
// anything else as JSON, nothing as empty.
func textCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// writeCSV writes the flat table with a header line.
func writeCSV(buf *bytes.Buffer, p *parsedSchema, rows []exportRow) error {
	cols, cells := flatTable(p)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.name
	}
	cw := csv.NewWriter(buf)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		vals := cells(r)
		line := make([]string, len(vals))
		for i, v := range vals {
			line[i] = textCell(v)
		}
		if err := cw.Write(line); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeParquetExport writes the flat table as Parquet.
func writeParquetExport(buf *bytes.Buffer, p *parsedSchema, rows []exportRow) error {
	cols, cells := flatTable(p)
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		m := make(map[string]any, len(cols))
		for j, v := range cells(r) {
			if v == nil {
				continue
			}
			if cols[j].number {
				if f, ok := v.(float64); ok {
					m[cols[j].name] = f
				}
				continue
			}
			m[cols[j].name] = textCell(v)
		}
		out[i] = m
	}
	return writeParquet(buf, cols, out)
}
