package service

import (
	"bytes"
	"testing"
)

// FuzzReadFileRows feeds arbitrary bytes to each import reader: any input
// gives rows or an error, never a panic.
func FuzzReadFileRows(f *testing.F) {
	var pq bytes.Buffer
	err := writeParquet(&pq, []parquetColumn{{name: "text"}, {name: "metadata.year", number: true}},
		[]map[string]any{{"text": "alpha", "metadata.year": 2020.0}, {"text": "beta"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(2), pq.Bytes())
	f.Add(uint8(0), []byte(`{"text": "a", "year": 1}`+"\n"+`{"fields": {"text": "b"}}`))
	f.Add(uint8(1), []byte("text,year\n\"a, b\",1\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		format := ImportFormats[int(which)%len(ImportFormats)]
		rows, err := readFileRows(format, data)
		if err == nil && len(rows) == 0 {
			t.Fatalf("%s: no rows and no error", format)
		}
	})
}
