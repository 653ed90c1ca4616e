// Package vecspace holds the vectors of one vector space in memory and ranks
// them by cosine similarity with brute force over contiguous memory. Both
// embedded search engines use it.
package vecspace

import (
	"container/heap"
	"math"
	"runtime"
	"sort"
	"sync"

	"gonum.org/v1/gonum/blas/blas32"
)

// Space holds every vector of one vector space (one vector settings of a
// dataset) in one flat slice, so a
// similarity query is one pass over contiguous memory.
type Space struct {
	dims  int
	ids   []string
	data  []float32 // len(ids) * dims
	norms []float32 // Euclidean norm of each row
	slot  map[string]int
}

// New returns an empty space of vectors with dims dimensions.
func New(dims int) *Space {
	return &Space{dims: dims, slot: map[string]int{}}
}

// Put sets the vector of id, replacing any it had.
func (s *Space) Put(id string, v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if i, ok := s.slot[id]; ok {
		copy(s.data[i*s.dims:(i+1)*s.dims], v)
		s.norms[i] = float32(math.Sqrt(n))
		return
	}
	s.slot[id] = len(s.ids)
	s.ids = append(s.ids, id)
	s.data = append(s.data, v...)
	s.norms = append(s.norms, float32(math.Sqrt(n)))
}

// Remove deletes the vector of id, moving the last row into its slot.
func (s *Space) Remove(id string) {
	i, ok := s.slot[id]
	if !ok {
		return
	}
	last := len(s.ids) - 1
	if i != last {
		s.ids[i] = s.ids[last]
		copy(s.data[i*s.dims:(i+1)*s.dims], s.data[last*s.dims:])
		s.norms[i] = s.norms[last]
		s.slot[s.ids[i]] = i
	}
	s.ids = s.ids[:last]
	s.data = s.data[:last*s.dims]
	s.norms = s.norms[:last]
	delete(s.slot, id)
}

// Get returns the vector of id; it aliases the space's memory.
func (s *Space) Get(id string) ([]float32, bool) {
	i, ok := s.slot[id]
	if !ok {
		return nil, false
	}
	return s.data[i*s.dims : (i+1)*s.dims], true
}

// Scored is a candidate in a similarity ranking.
type Scored struct {
	// ID is the record ID.
	ID string
	// Score is (1 + cos) / 2.
	Score float64
}

// better reports whether a ranks before b: higher score, then lower ID.
func better(a, b Scored) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.ID < b.ID
}

// worstFirst is a min-heap on rank, so its root is the candidate to drop.
type worstFirst []Scored

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(Scored)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// parallelRows is the space size from which scoring is split over cores.
const parallelRows = 16384

// cosines returns the cosine similarity of q with every vector of the
// space, negated when negate is set. Large spaces are split across the
// available cores.
func (s *Space) cosines(q []float32, negate bool) []float32 {
	qn := float32(math.Sqrt(float64(blas32.Dot(vec(q), vec(q)))))
	if negate {
		qn = -qn
	}
	out := make([]float32, len(s.ids))
	score := func(from, to int) {
		x := vec(q)
		for i := from; i < to; i++ {
			if s.norms[i] > 0 {
				out[i] = blas32.Dot(x, vec(s.data[i*s.dims:(i+1)*s.dims])) / (qn * s.norms[i])
			}
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if len(out) < parallelRows || workers == 1 {
		score(0, len(out))
		return out
	}
	var wg sync.WaitGroup
	per := (len(out) + workers - 1) / workers
	for from := 0; from < len(out); from += per {
		wg.Add(1)
		go func(from, to int) {
			defer wg.Done()
			score(from, to)
		}(from, min(from+per, len(out)))
	}
	wg.Wait()
	return out
}

func vec(v []float32) blas32.Vector { return blas32.Vector{N: len(v), Inc: 1, Data: v} }

// RankAmong scores only the vectors of the given IDs (those the space has)
// and returns the best k in rank order, skipping the excluded ID. It is
// Rank for a small filtered set: a few dot products instead of a scan.
func (s *Space) RankAmong(q []float32, negate bool, k int, exclude string, ids map[string]bool) []Scored {
	qn := float32(math.Sqrt(float64(blas32.Dot(vec(q), vec(q)))))
	if negate {
		qn = -qn
	}
	h := make(worstFirst, 0, k)
	x := vec(q)
	for id := range ids {
		i, ok := s.slot[id]
		if !ok || id == exclude {
			continue
		}
		var cos float32
		if s.norms[i] > 0 {
			cos = blas32.Dot(x, vec(s.data[i*s.dims:(i+1)*s.dims])) / (qn * s.norms[i])
		}
		c := Scored{ID: id, Score: (1 + float64(cos)) / 2}
		switch {
		case len(h) < k:
			heap.Push(&h, c)
		case k > 0 && better(c, h[0]):
			h[0] = c
			heap.Fix(&h, 0)
		}
	}
	out := []Scored(h)
	sort.Slice(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out
}

// Rank scores every vector of the space against q and returns the best k in
// rank order (k < 0 means all), skipping the excluded ID. It also returns
// how many vectors were eligible. The score is Elasticsearch's cosine score
// (1 + cos) / 2; for least similar, q is negated first.
func (s *Space) Rank(q []float32, negate bool, k int, exclude string) ([]Scored, int) {
	return s.RankWhere(q, negate, k, func(id string) bool { return id != exclude })
}

// RankWhere is Rank over the vectors whose ID keep accepts; the count it
// returns is how many keep accepted.
func (s *Space) RankWhere(q []float32, negate bool, k int, keep func(id string) bool) ([]Scored, int) {
	cos := s.cosines(q, negate)
	h := make(worstFirst, 0, max(k, 0))
	var all []Scored
	eligible := 0
	for i, id := range s.ids {
		if !keep(id) {
			continue
		}
		eligible++
		c := Scored{ID: id, Score: (1 + float64(cos[i])) / 2}
		switch {
		case k < 0:
			all = append(all, c)
		case len(h) < k:
			heap.Push(&h, c)
		case k > 0 && better(c, h[0]):
			h[0] = c
			heap.Fix(&h, 0)
		}
	}
	if k < 0 {
		h = all
	}
	out := []Scored(h)
	sort.Slice(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out, eligible
}

// Len returns the number of vectors in the space.
func (s *Space) Len() int { return len(s.ids) }

// Dims returns the space's number of dimensions.
func (s *Space) Dims() int { return s.dims }

// Has reports whether id has a vector in the space.
func (s *Space) Has(id string) bool {
	_, ok := s.slot[id]
	return ok
}

// Each calls f with every ID and vector of the space, in storage order. The
// vector aliases the space's memory.
func (s *Space) Each(f func(id string, v []float32)) {
	for i, id := range s.ids {
		f(id, s.data[i*s.dims:(i+1)*s.dims])
	}
}
