package service

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

// ImportFormats lists the file formats an import reads (and an export writes).
var ImportFormats = []string{"jsonl", "csv", "parquet"}

// fileRow is one record of an import file as read, before mapping.
type fileRow struct {
	// num is the row's number: the line for JSON Lines, the data row
	// (header excluded) for CSV and Parquet, counting from 1.
	num int
	// cells maps a column (or top-level JSON key) to its value.
	cells map[string]any
	// text is set when string values may hold numbers or JSON to be
	// parsed by their target's type (CSV, and Parquet, whose export writes
	// structured values as JSON strings); JSON Lines values carry their
	// own types.
	text bool
}

// importFormat picks the format from an explicit name or else from the
// file name's extension.
func importFormat(format, filename string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(format))
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(path.Ext(filename)), ".")
		if f == "ndjson" {
			f = "jsonl"
		}
	}
	for _, ok := range ImportFormats {
		if f == ok {
			return f, nil
		}
	}
	if format == "" {
		return "", extralit.Errorf(extralit.KindInvalid, "cannot tell the format of %q from its extension: name it .jsonl, .csv or .parquet, or give a format field (jsonl, csv or parquet)", filename)
	}
	return "", extralit.Errorf(extralit.KindInvalid, "import format %q is not one of jsonl, csv, parquet", format)
}

// readFileRows parses a whole import file; any syntax error names its
// line or row. An empty file, or one without records, is an error.
func readFileRows(format string, data []byte) ([]fileRow, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, extralit.Errorf(extralit.KindInvalid, "the file is empty")
	}
	var rows []fileRow
	var err error
	switch format {
	case "jsonl":
		rows, err = readJSONLines(data)
	case "csv":
		rows, err = readCSV(data)
	case "parquet":
		rows, err = readParquet(data)
	default:
		return nil, extralit.Errorf(extralit.KindInvalid, "import format %q is not one of jsonl, csv, parquet", format)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, extralit.Errorf(extralit.KindInvalid, "the %s file has no records", format)
	}
	return rows, nil
}

func readJSONLines(data []byte) ([]fileRow, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), len(data)+1)
	var rows []fileRow
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil || obj == nil {
			return nil, extralit.Errorf(extralit.KindInvalid, "line %d is not a JSON object: %s", line, jsonProblem(err))
		}
		if dec.More() {
			return nil, extralit.Errorf(extralit.KindInvalid, "line %d holds more than one JSON value", line)
		}
		rows = append(rows, fileRow{num: line, cells: numbersToFloat(obj).(map[string]any)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read JSON Lines: %w", err)
	}
	return rows, nil
}

func jsonProblem(err error) string {
	if err == nil {
		return "it is null"
	}
	return err.Error()
}

// numbersToFloat turns json.Number values into float64, as the rest of
// the service expects from decoded JSON.
func numbersToFloat(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbersToFloat(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbersToFloat(e)
		}
	}
	return v
}

func readCSV(data []byte) ([]fileRow, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's byte order mark
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, csvProblem(err)
	}
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, extralit.Errorf(extralit.KindInvalid, "CSV header column %d has no name", i+1)
		}
		if seen[h] {
			return nil, extralit.Errorf(extralit.KindInvalid, "CSV header names column %q twice", h)
		}
		seen[h] = true
		header[i] = h
	}
	var rows []fileRow
	for n := 1; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, csvProblem(err)
		}
		cells := make(map[string]any, len(header))
		for i, h := range header {
			if rec[i] != "" {
				cells[h] = rec[i]
			}
		}
		rows = append(rows, fileRow{num: n, cells: cells, text: true})
	}
}

func csvProblem(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return extralit.Errorf(extralit.KindInvalid, "CSV line %d does not have as many columns as the header", pe.Line)
		}
		return extralit.Errorf(extralit.KindInvalid, "CSV line %d is malformed: %v", pe.Line, pe.Err)
	}
	if errors.Is(err, io.EOF) {
		return extralit.Errorf(extralit.KindInvalid, "the file is empty")
	}
	return extralit.Errorf(extralit.KindInvalid, "the CSV file cannot be read: %v", err)
}
