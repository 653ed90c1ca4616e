package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/extralit/extralit-go/internal/pdftext"
	"github.com/extralit/extralit-go/internal/pdftext/pdfcorpus"
)

// paper is one converted PDF: the headings the font heuristic found and
// the outline they are scored against.
type paper struct {
	Name     string
	Headings []pdfcorpus.Heading
	Outline  []pdftext.OutlineEntry
	HeldOut  bool
}

// convert extracts path with font headers (outline ignored).
func convert(eng *pdftext.Engine, path string) (paper, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return paper{}, fmt.Errorf("read %s: %w", path, err)
	}
	res, err := eng.Extract(context.Background(), data, pdftext.Options{Headers: pdftext.HeadersFont})
	if err != nil {
		return paper{}, fmt.Errorf("extract %s: %w", path, err)
	}
	return paper{Name: filepath.Base(path), Headings: pdfcorpus.Headings(res.Markdown), Outline: res.Outline}, nil
}

// scorePapers writes the score table of one set of papers and returns its
// tuning and held-out totals. showHeld prints the held-out papers' rows
// and totals (and, with -v, misses are printed when missHeld is set);
// without it they are counted in the totals returned but not shown.
func scorePapers(papers []paper, showHeld, missHeld bool) (string, [2]tally) {
	var b strings.Builder
	b.WriteString("| paper | set | outline | headings | matched | P | R | F1 | level-ok | F1 title+level |\n|---|---|---|---|---|---|---|---|---|---|\n")
	var sums [2]tally
	hidden := 0
	for _, p := range papers {
		m, lv := score(p.Headings, p.Outline)
		set := 0
		if p.HeldOut {
			set = 1
		}
		if *verbose && (set == 0 || missHeld) {
			printMisses(p.Name, p.Headings, p.Outline)
		}
		t := tally{match: m, level: lv, got: len(p.Headings), want: len(p.Outline)}
		sums[set].add(t)
		if set == 1 && !showHeld {
			hidden++
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", p.Name, setName[set], t.row())
	}
	var all tally
	all.add(sums[0])
	all.add(sums[1])
	fmt.Fprintf(&b, "| **tuning (micro)** | | %s |\n", sums[0].row())
	if showHeld {
		fmt.Fprintf(&b, "| **held out (micro)** | | %s |\n", sums[1].row())
		fmt.Fprintf(&b, "| **all (micro)** | | %s |\n", all.row())
	} else {
		fmt.Fprintf(&b, "| held out: %d papers, not shown until the heuristics are frozen (-frozen) | | |\n", hidden)
	}
	b.WriteString("\n")
	return b.String(), sums
}

// extraReport scores every PDF with an outline in dir as a set of its own
// (the PDFs are third-party papers kept outside the repository; dir's
// SOURCES.md says where each came from). The set is split by the same
// file-name hash rule as the corpus papers. Unless frozen, the held-out
// part shows no rows, totals or misses, so it cannot steer tuning. With
// frozen it also prints the totals over the corpus and this set together.
func extraReport(eng *pdftext.Engine, dir string, frozen bool, corpus [2]tally) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		return "", fmt.Errorf("list %s: %w", dir, err)
	}
	if len(files) == 0 {
		return "", fmt.Errorf("-extra %s: no .pdf files in that folder", dir)
	}
	sort.Strings(files)
	var papers []paper
	var skipped, names []string
	for _, f := range files {
		p, err := convert(eng, f)
		if err != nil {
			return "", err
		}
		if len(p.Outline) == 0 {
			skipped = append(skipped, "`"+p.Name+"`")
			continue
		}
		papers = append(papers, p)
		names = append(names, p.Name)
	}
	if len(papers) == 0 {
		return "", fmt.Errorf("-extra %s: none of its %d PDFs has an outline", dir, len(files))
	}
	held := heldOutSet(names)
	var heldNames []string
	for i := range papers {
		papers[i].HeldOut = held[papers[i].Name]
		if papers[i].HeldOut {
			heldNames = append(heldNames, "`"+papers[i].Name+"`")
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Extra set: %d papers with an outline from `-extra %s`\n\n", len(papers), filepath.Base(dir))
	b.WriteString("Scored the same way. Split like the corpus papers, by the SHA-256 of the file name (upper half held out): ")
	b.WriteString(strings.Join(heldNames, ", ") + ".\n")
	if len(skipped) > 0 {
		b.WriteString("Skipped (no outline): " + strings.Join(skipped, ", ") + ".\n")
	}
	b.WriteString("\n")
	table, sums := scorePapers(papers, frozen, frozen)
	b.WriteString(table)
	if frozen {
		var all tally
		for _, t := range [...]tally{corpus[0], corpus[1], sums[0], sums[1]} {
			all.add(t)
		}
		b.WriteString("| all papers together | outline | headings | matched | P | R | F1 | level-ok | F1 title+level |\n|---|---|---|---|---|---|---|---|---|\n")
		fmt.Fprintf(&b, "| corpus + extra (micro) | %s |\n\n", all.row())
	}
	return b.String(), nil
}
