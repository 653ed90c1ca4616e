package main

import (
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/pdftext"
	"github.com/extralit/extralit-go/internal/pdftext/pdfcorpus"
)

func TestHeldOutSetSplitsInHalves(t *testing.T) {
	names := []string{"a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "f.pdf", "g.pdf"}
	held := heldOutSet(names)
	n := 0
	for _, name := range names {
		if held[name] {
			n++
		}
	}
	if n != 4 {
		t.Errorf("held out %d of 7, want 4 (the upper half by hash)", n)
	}
	// The split depends on the names only, not on their order.
	rev := append([]string(nil), names...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	again := heldOutSet(rev)
	for _, name := range names {
		if held[name] != again[name] {
			t.Errorf("%s: held out %v, then %v after reordering", name, held[name], again[name])
		}
	}
}

func TestScorePapersHidesHeldOut(t *testing.T) {
	verbose = new(bool)
	papers := []paper{
		{Name: "tuned.pdf", Headings: []pdfcorpus.Heading{{Level: 1, Title: "Introduction"}}, Outline: []pdftext.OutlineEntry{{Level: 1, Title: "Introduction"}}},
		{Name: "unseen.pdf", HeldOut: true, Headings: []pdfcorpus.Heading{{Level: 1, Title: "Methods"}}, Outline: []pdftext.OutlineEntry{{Level: 1, Title: "Results"}}},
	}
	hidden, sums := scorePapers(papers, false, false)
	if strings.Contains(hidden, "unseen.pdf") || strings.Contains(hidden, "held out (micro)") {
		t.Errorf("held-out rows or totals printed without -frozen:\n%s", hidden)
	}
	if !strings.Contains(hidden, "tuned.pdf") {
		t.Errorf("tuning row missing:\n%s", hidden)
	}
	if sums[1].want != 1 || sums[1].match != 0 || sums[0].match != 1 {
		t.Errorf("totals = %+v, want the held-out paper counted (1 entry, 0 matched) and the tuning one matched", sums)
	}
	shown, _ := scorePapers(papers, true, false)
	if !strings.Contains(shown, "unseen.pdf") || !strings.Contains(shown, "**all (micro)**") {
		t.Errorf("held-out rows missing with -frozen:\n%s", shown)
	}
}
