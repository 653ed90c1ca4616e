package memory

import (
	"cmp"
	"math"
	"strings"

	"github.com/extralit/extralit-go/internal/search"
)

// hit is a record that matched, with its relevance and its sort keys.
type hit struct {
	r     *record
	score float64
	keys  []value
	has   []bool // whether the record has a value for each key
}

// sortKey is one compiled ordering key.
type sortKey struct {
	get  getter
	kind search.ScopeKind
	desc bool
}

// ordering is how a query orders its hits: by sort keys, else by score for
// a text query, else by insertion time; and always by ID last.
type ordering struct {
	keys    []sortKey
	byScore bool
	// byInsertion is the default order, inserted_at then ID, read straight
	// from the records: the most common listing, so it skips the keys.
	byInsertion bool
}

func compileOrder(sc *schema, q search.Query) (ordering, error) {
	var o ordering
	if len(q.Sort) == 0 {
		if q.Text != nil {
			o.byScore = true
		} else {
			o.byInsertion = true
		}
		return o, nil
	}
	for _, s := range q.Sort {
		kind, err := sc.m.ScopeKind(s.Scope)
		if err != nil {
			return o, err
		}
		o.keys = append(o.keys, sortKey{get: scopeGetter(sc, s.Scope, q.UserID), kind: kind, desc: s.Descending})
	}
	return o, nil
}

// fill sets h's keys for r: with several values, ascending looks at the
// least and descending at the greatest, as Elasticsearch does.
func (o ordering) fill(h *hit) {
	if o.byInsertion {
		return
	}
	if cap(h.keys) < len(o.keys) {
		h.keys, h.has = make([]value, len(o.keys)), make([]bool, len(o.keys))
	}
	h.keys, h.has = h.keys[:len(o.keys)], h.has[:len(o.keys)]
	for i, k := range o.keys {
		h.has[i] = false
		k.get(h.r, func(v value) bool {
			if !h.has[i] || (compareValues(k.kind, v, h.keys[i]) > 0) == k.desc {
				h.keys[i], h.has[i] = v, true
			}
			return true
		})
	}
}

// before reports whether a ranks before b. Records without a value for a
// key sort after those with one, in both directions.
func (o ordering) before(a, b *hit) bool {
	if o.byInsertion {
		if ta, tb := a.r.insertedKey(), b.r.insertedKey(); ta != tb {
			return ta < tb
		}
		return a.r.id < b.r.id
	}
	for i, k := range o.keys {
		switch {
		case a.has[i] && !b.has[i]:
			return true
		case !a.has[i] && b.has[i]:
			return false
		case !a.has[i]:
			continue
		}
		c := compareValues(k.kind, a.keys[i], b.keys[i])
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
	}
	if o.byScore && a.score != b.score {
		return a.score > b.score
	}
	return a.r.id < b.r.id
}

func compareValues(kind search.ScopeKind, a, b value) int {
	switch kind {
	case search.KindNumber:
		return cmp.Compare(a.f, b.f)
	case search.KindDate:
		return cmp.Compare(a.t, b.t)
	}
	return strings.Compare(a.s, b.s)
}

// insertedKey is the record's insertion time for the default order; a
// record without one comes first.
func (r *record) insertedKey() int64 {
	if !r.hasInserted {
		return math.MinInt64
	}
	return r.inserted
}

// top keeps the best k hits offered, in a heap whose root is the worst kept.
type top struct {
	o     ordering
	k     int
	heap  []*hit
	spare *hit
}

func newTop(o ordering, k int) *top { return &top{o: o, k: k} }

// offer considers r with score; it fills the keys only once.
func (t *top) offer(r *record, score float64) {
	if t.k == 0 {
		return
	}
	h := t.spare
	if h == nil {
		h = &hit{}
	}
	h.r, h.score = r, score
	t.o.fill(h)
	if len(t.heap) < t.k {
		t.spare = nil
		t.heap = append(t.heap, h)
		t.up(len(t.heap) - 1)
		return
	}
	if !t.o.before(h, t.heap[0]) {
		t.spare = h
		return
	}
	t.spare = t.heap[0]
	t.heap[0] = h
	t.down(0)
}

// worse reports whether heap entry i ranks after entry j.
func (t *top) worse(i, j int) bool { return t.o.before(t.heap[j], t.heap[i]) }

func (t *top) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.worse(i, p) {
			return
		}
		t.heap[i], t.heap[p] = t.heap[p], t.heap[i]
		i = p
	}
}

func (t *top) down(i int) {
	for {
		l, w := 2*i+1, i
		if l < len(t.heap) && t.worse(l, w) {
			w = l
		}
		if r := l + 1; r < len(t.heap) && t.worse(r, w) {
			w = r
		}
		if w == i {
			return
		}
		t.heap[i], t.heap[w] = t.heap[w], t.heap[i]
		i = w
	}
}

// sorted returns the kept hits, best first, emptying the heap.
func (t *top) sorted() []*hit {
	out := make([]*hit, len(t.heap))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = t.heap[0]
		last := len(t.heap) - 1
		t.heap[0] = t.heap[last]
		t.heap = t.heap[:last]
		t.down(0)
	}
	return out
}
