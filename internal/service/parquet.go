package service

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/extralit/extralit-go/internal/extralit"
)

// readParquet reads a Parquet file whose columns are top-level values:
// each leaf column is named by its first path element, and a repeated
// leaf (a list) becomes a list of its values. Numbers become float64,
// booleans bool; strings are read like CSV cells (JSON inside is parsed
// where the target is structured).
func readParquet(data []byte) (rows []fileRow, err error) {
	defer func() {
		// The decoder panics on some corrupt inputs; a bad upload must
		// not take the process down.
		if r := recover(); r != nil {
			rows, err = nil, extralit.Errorf(extralit.KindInvalid, "the Parquet file is corrupt: %v", r)
		}
	}()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, extralit.Errorf(extralit.KindInvalid, "the file is not a readable Parquet file: %v", err)
	}
	schema := f.Schema()
	cols := schema.Columns()
	names := make([]string, len(cols))
	repeated := make([]bool, len(cols))
	for i, p := range cols {
		names[i] = p[0]
		leaf, _ := schema.Lookup(p...)
		repeated[i] = leaf.MaxRepetitionLevel > 0
	}
	r := parquet.NewReader(bytes.NewReader(data))
	defer r.Close()
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			cells := map[string]any{}
			for _, v := range row {
				c := v.Column()
				if c < 0 || c >= len(names) || v.IsNull() {
					continue
				}
				x := parquetValue(v)
				if repeated[c] {
					list, _ := cells[names[c]].([]any)
					cells[names[c]] = append(list, x)
					continue
				}
				cells[names[c]] = x
			}
			rows = append(rows, fileRow{num: len(rows) + 1, cells: cells, text: true})
		}
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, extralit.Errorf(extralit.KindInvalid, "Parquet row %d cannot be read: %v", len(rows)+1, err)
		}
	}
}

func parquetValue(v parquet.Value) any {
	switch v.Kind() {
	case parquet.Boolean:
		return v.Boolean()
	case parquet.Int32:
		return float64(v.Int32())
	case parquet.Int64:
		return float64(v.Int64())
	case parquet.Float:
		return float64(v.Float())
	case parquet.Double:
		return v.Double()
	}
	return string(v.ByteArray())
}

// parquetColumn is one column of an exported Parquet file.
type parquetColumn struct {
	name string
	// number is set for numeric metadata, written as DOUBLE; every other
	// column is an optional UTF-8 string (JSON for structured values).
	number bool
}

// writeParquet writes rows, each a column → value map, with one optional
// column per entry of cols.
func writeParquet(w io.Writer, cols []parquetColumn, rows []map[string]any) error {
	group := parquet.Group{}
	for _, c := range cols {
		if c.number {
			group[c.name] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
		} else {
			group[c.name] = parquet.Optional(parquet.String())
		}
	}
	pw := parquet.NewGenericWriter[any](w, parquet.NewSchema("record", group))
	const chunk = 500
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		batch := make([]any, len(part))
		for i, r := range part {
			batch[i] = r
		}
		if _, err := pw.Write(batch); err != nil {
			return fmt.Errorf("write Parquet rows: %w", err)
		}
	}
	if err := pw.Close(); err != nil {
		return fmt.Errorf("finish the Parquet file: %w", err)
	}
	return nil
}
