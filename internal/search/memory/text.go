package memory

import (
	"math"
	"strings"
)

// BM25's parameters, Lucene's and Elasticsearch's defaults.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// postings are the slots holding one word in one field, in slot order, and
// how often the word occurs there. Slots emptied by a rewrite or a delete
// stay until the dataset is compacted; readers skip them.
type postings struct {
	slots []int32
	freqs []uint16
}

// fieldText is the inverted index of one text field.
type fieldText struct {
	ord      int // the field's index in records' textLen, never reused
	words    map[string]*postings
	docs     int   // live records with text in the field
	totalLen int64 // their lengths in words, summed
}

func newFieldText(ord int) *fieldText { return &fieldText{ord: ord, words: map[string]*postings{}} }

// textIndexer tokenizes records' fields; its buffer is reused between
// records, so indexing a batch allocates only for new words and postings.
type textIndexer struct {
	counts map[string]int
	order  []string
}

// add indexes text as the field of the record in slot and returns its
// length in words.
func (ti *textIndexer) add(ft *fieldText, slot int32, text string) int32 {
	if ti.counts == nil {
		ti.counts = map[string]int{}
	}
	clear(ti.counts)
	ti.order = ti.order[:0]
	n := int32(0)
	tokenize(text, func(w string) {
		n++
		if c, ok := ti.counts[w]; ok {
			ti.counts[w] = c + 1
			return
		}
		ti.counts[w] = 1
		ti.order = append(ti.order, w)
	})
	if n == 0 {
		return 0
	}
	for _, w := range ti.order {
		p := ft.words[w]
		if p == nil {
			// The word is a slice of the record's text: copy it, or the
			// dictionary would keep every text it saw a new word in.
			p = &postings{}
			ft.words[strings.Clone(w)] = p
		}
		p.slots = append(p.slots, slot)
		p.freqs = append(p.freqs, uint16(min(ti.counts[w], math.MaxUint16)))
	}
	ft.docs++
	ft.totalLen += int64(n)
	return n
}

// textMatches scores the records holding every word of q in at least one of
// fields: for each word, BM25 summed over the fields that hold it, summed
// over words. It returns a score per slot (0 for no match) and how many
// records matched.
func (ds *dataset) textMatches(q string, fields []string) ([]float64, int) {
	var words []string
	seen := map[string]bool{}
	tokenize(q, func(w string) {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	})
	if len(words) == 0 || len(fields) == 0 {
		return nil, 0
	}
	scores := make([]float64, len(ds.records))
	hits := make([]uint16, len(ds.records))
	mark := make([]uint16, len(ds.records))
	for wi, w := range words {
		stamp := uint16(wi + 1)
		for _, name := range fields {
			ft := ds.text[name]
			if ft == nil || ft.docs == 0 {
				continue
			}
			p := ft.words[w]
			if p == nil {
				continue
			}
			df := float64(min(len(p.slots), ft.docs))
			n := float64(ft.docs)
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			avg := float64(ft.totalLen) / n
			for i, slot := range p.slots {
				r := ds.records[slot]
				if r == nil {
					continue
				}
				tf := float64(p.freqs[i])
				norm := 1 - bm25B + bm25B*float64(at(r.textLen, ft.ord))/avg
				scores[slot] += idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
				if mark[slot] != stamp {
					mark[slot] = stamp
					hits[slot]++
				}
			}
		}
	}
	matched := 0
	for slot, h := range hits {
		if int(h) == len(words) {
			matched++
		} else {
			scores[slot] = 0
		}
	}
	return scores, matched
}
