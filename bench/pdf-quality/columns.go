package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// columnCase lists paragraph starts of a multi-column paper in reading
// order, read off the rendered pages by a person.
type columnCase struct {
	File   string
	Starts []string
}

var columnCases = []columnCase{
	{File: "osdi04_mapreduce.pdf", Starts: []string{ // page 2, two columns
		"for a rewrite of our production indexing", "The computation takes a set of", "Consider the problem of counting",
		"The map function emits each word", "Even though the previous pseudo-code", "Here are a few simple examples",
		"Distributed Grep:", "Reverse Web-Link Graph:", "Term-Vector per Host:",
	}},
	{File: "federal-register_3col-tables.pdf", Starts: []string{ // page 2, three columns
		"Hatta International Airport in Jakarta", "Following the Lion Air Flight 610 accident", "These effects include stall warning",
		"altitude disagree alert", "On November 7, 2018, the FAA issued", "On March 10, 2019, a Boeing Model",
		"and the Ethiopian Civil Aviation", "The data from the flight data", "To address the unsafe condition",
		"In addition to these four design changes",
	}},
	{File: "acl2020-207_specter.pdf", Starts: []string{ // pages 1-2, two columns
		"As the pace of scientific publication", "or sentences, extensions to whole-document", "A paper’s title and abstract provide",
		"As an additional contribution of this work", "Our goal is to learn task-independent", "Recently, pretrained Transformer networks",
	}},
	{File: "ieee_requirement-prioritization.pdf", Starts: []string{ // page 1, two columns
		"Due to the emergence of markets", "Prioritizing software requirements helps", "prioritize large number of requirements",
		"This paper presents a MDRPM", "As discussed in the earlier section", "Requirements prioritization is recognized",
	}},
	{File: "arxiv2304.02623_beyond-summarization.pdf", Starts: []string{ // page 1, two columns
		"The advent of large language models", "While prior work has explored", "collecting and reading multiple papers",
		"Compared to other types of writing", "Expository writing can be seen",
	}},
}

// columnReport checks that each case's paragraph starts appear in order.
func columnReport(eng *pdftext.Engine, dir string) string {
	var b strings.Builder
	b.WriteString("## Column reading order\n\nFor each multi-column paper, paragraph starts read off the rendered pages (in reading order) must appear in the Markdown in the same order. Score: starts found in order / starts listed.\n\n| paper | starts | in order |\n|---|---|---|\n")
	total, ok := 0, 0
	for _, c := range columnCases {
		data, err := os.ReadFile(filepath.Join(dir, c.File))
		if err != nil {
			fmt.Fprintf(&b, "| %s | error: %v | |\n", c.File, err)
			continue
		}
		res, err := eng.Extract(context.Background(), data, pdftext.Options{})
		if err != nil {
			fmt.Fprintf(&b, "| %s | error: %v | |\n", c.File, err)
			continue
		}
		n := inOrder(res.Markdown, c.Starts)
		total += len(c.Starts)
		ok += n
		fmt.Fprintf(&b, "| %s | %d | %d |\n", c.File, len(c.Starts), n)
	}
	fmt.Fprintf(&b, "| **all** | %d | **%d** |\n", total, ok)
	return b.String()
}

// inOrder counts the starts found after the previous one.
func inOrder(md string, starts []string) int {
	pos, n := 0, 0
	for _, s := range starts {
		i := strings.Index(md[pos:], s)
		if i < 0 {
			continue
		}
		pos += i + len(s)
		n++
	}
	return n
}
