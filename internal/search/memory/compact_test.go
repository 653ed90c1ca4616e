package memory

import (
	"context"
	"fmt"
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

// TestRewritesCompact rewrites every record until emptied slots force a
// compaction, then checks that searches see exactly the latest texts.
func TestRewritesCompact(t *testing.T) {
	ctx := context.Background()
	ix := New()
	m := search.Mapping{Fields: []search.Field{{Name: "text", Type: search.FieldText}},
		Metadata: []search.MetadataProperty{{Name: "n", Type: search.MetadataInteger}}}
	if err := ix.CreateIndex(ctx, "ds", m); err != nil {
		t.Fatal(err)
	}
	const n = 1500
	write := func(round int) {
		t.Helper()
		docs := make([]search.Document, n)
		for i := range docs {
			docs[i] = search.Document{ID: fmt.Sprintf("r%05d", i), Fields: map[string]string{"text": fmt.Sprintf("round%d common", round)},
				Metadata: map[string]any{"n": int64(round)}}
		}
		if err := ix.Upsert(ctx, "ds", docs); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 3 {
		write(round)
	}
	ds := ix.datasets["ds"]
	if len(ds.records) != n {
		t.Errorf("%d slots after compaction, want %d", len(ds.records), n)
	}
	for _, w := range []string{"round0", "round1"} {
		if p := ds.text["text"].words[w]; p != nil {
			t.Errorf("word %q still has %d postings after compaction", w, len(p.slots))
		}
	}
	count := func(q search.Query) int {
		t.Helper()
		res, err := ix.Search(ctx, "ds", q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if got := count(search.Query{Text: &search.TextQuery{Q: "round2"}}); got != n {
		t.Errorf("round2 matches %d records, want %d", got, n)
	}
	if got := count(search.Query{Text: &search.TextQuery{Q: "round1"}}); got != 0 {
		t.Errorf("round1 matches %d records, want 0", got)
	}
	if got := count(search.Query{Filters: []search.Filter{search.Terms{Scope: search.MetadataScope("n"), Values: []string{"1"}}}}); got != 0 {
		t.Errorf("n=1 matches %d records, want 0", got)
	}
	if err := ix.Delete(ctx, "ds", []string{"r00000", "r00001"}); err != nil {
		t.Fatal(err)
	}
	if got := count(search.Query{Text: &search.TextQuery{Q: "common"}}); got != n-2 {
		t.Errorf("common matches %d records after deleting 2, want %d", got, n-2)
	}
	if ft := ds.text["text"]; ft.docs != n-2 || ft.totalLen != 2*(n-2) {
		t.Errorf("field statistics: %d records, %d words; want %d and %d", ft.docs, ft.totalLen, n-2, 2*(n-2))
	}
}

// TestDroppedNamesForgetValues drops a metadata property and adds it back
// with another type: the old values must not come back.
func TestDroppedNamesForgetValues(t *testing.T) {
	ctx := context.Background()
	ix := New()
	m := search.Mapping{Metadata: []search.MetadataProperty{{Name: "p", Type: search.MetadataTerms}}}
	if err := ix.CreateIndex(ctx, "ds", m); err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(ctx, "ds", []search.Document{{ID: "a", Metadata: map[string]any{"p": "x"}}}); err != nil {
		t.Fatal(err)
	}
	if err := ix.UpdateMapping(ctx, "ds", search.Mapping{}); err != nil {
		t.Fatal(err)
	}
	m2 := search.Mapping{Metadata: []search.MetadataProperty{{Name: "p", Type: search.MetadataFloat}}}
	if err := ix.UpdateMapping(ctx, "ds", m2); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, "ds", search.Query{Sort: []search.Sort{{Scope: search.MetadataScope("p")}},
		Filters: []search.Filter{search.Range{Scope: search.MetadataScope("p"), GE: search.Num(-1e300)}}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("a dropped property's old value still matches: %+v", res)
	}
}
