package bleve

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Numbers and dates are indexed as 64-bit keys whose unsigned order is the
// values' order. The full key is a keyword (16 hex digits) with doc values:
// equality is one term and sorting reads one short doc value. For range
// filters the key is also indexed at four coarser levels, its top 32, 24,
// 16 and 8 bits, in a prefix field. A range is then the union of at most
// two edge term ranges per level and one at the top; only terms that
// exist are visited, whatever the number of distinct values. (Bleve's own
// numeric fields use sixteen 4-bit levels per value.)
//
// The levels skip bits 1-31 because distinct values rarely share their top
// 32 bits: floats that close are within 2^-20 of each other, instants
// within 4.3 seconds. So the full-key edges of a range hold few terms,
// and each value costs five terms instead of sixteen.
var shifts = [...]uint{0, 32, 40, 48, 56}

// prefixField is the field holding the coarser levels of a numeric field.
func prefixField(name string) string { return "p." + name }

// prefixOptions index the levels for term ranges only.
const prefixOptions = index.IndexField | index.SkipFreqNorm

func floatKey(v float64) uint64 {
	if v == 0 {
		v = 0 // negative zero is zero
	}
	b := math.Float64bits(v)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

func timeKey(t time.Time) uint64 { return uint64(t.UnixNano()) ^ 1<<63 }

// levelTerm encodes the key bucket at level l (the key shifted right by
// shifts[l] bits) as hex, prefixed with the level for l > 0.
func levelTerm(l int, bucket uint64) string {
	if l == 0 {
		return fmt.Sprintf("%016x", bucket)
	}
	return strconv.Itoa(l) + fmt.Sprintf("%0*x", 16-int(shifts[l])/4, bucket)
}

// addKey indexes key under name: the full key, then its coarser levels.
func addKey(doc *document.Document, name string, key uint64) {
	keyword(doc, name, levelTerm(0, key))
	for l := 1; l < len(shifts); l++ {
		doc.AddField(document.NewTextFieldCustom(prefixField(name), nil, []byte(levelTerm(l, key>>shifts[l])), prefixOptions, nil))
	}
}

// levelRange is an inclusive range of buckets at one level.
type levelRange struct {
	level    int
	from, to uint64
}

// splitRange covers the keys [lo, hi] with as few level ranges as it can:
// at each level it peels off the partial buckets at both ends and moves the
// whole buckets in between up a level.
func splitRange(lo, hi uint64) []levelRange {
	var out []levelRange
	a, b := lo, hi
	for l := 0; ; l++ {
		if l == len(shifts)-1 {
			return append(out, levelRange{l, a, b})
		}
		d := shifts[l+1] - shifts[l]
		mask := uint64(1)<<d - 1
		hasLower := a&mask != 0
		hasUpper := b&mask != mask
		na, nb := a>>d, b>>d
		if hasLower {
			na++
		}
		if hasUpper {
			if nb == 0 {
				return append(out, levelRange{l, a, b})
			}
			nb--
		}
		if na > nb {
			return append(out, levelRange{l, a, b})
		}
		if hasLower {
			out = append(out, levelRange{l, a, a | mask})
		}
		if hasUpper {
			out = append(out, levelRange{l, b &^ mask, b})
		}
		a, b = na, nb
	}
}

// keyRange is a query for the documents whose key in field lies in [lo, hi].
func keyRange(field string, lo, hi uint64) query.Query {
	t := true
	var parts []query.Query
	for _, r := range splitRange(lo, hi) {
		f := field
		if r.level > 0 {
			f = prefixField(field)
		}
		q := query.NewTermRangeInclusiveQuery(levelTerm(r.level, r.from), levelTerm(r.level, r.to), &t, &t)
		q.SetField(f)
		parts = append(parts, q)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return query.NewDisjunctionQuery(parts)
}
