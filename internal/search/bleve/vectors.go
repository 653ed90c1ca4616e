package bleve

import (
	"container/heap"
	"math"
	"runtime"
	"sort"
	"sync"

	"gonum.org/v1/gonum/blas/blas32"
)

// space holds every vector of one vector settings in one flat slice, so a
// similarity query is one pass over contiguous memory.
type space struct {
	dims  int
	ids   []string
	data  []float32 // len(ids) * dims
	norms []float32 // Euclidean norm of each row
	slot  map[string]int
}

func newSpace(dims int) *space {
	return &space{dims: dims, slot: map[string]int{}}
}

func (s *space) put(id string, v []float32) {
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

// remove deletes id by moving the last row into its slot.
func (s *space) remove(id string) {
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

func (s *space) get(id string) ([]float32, bool) {
	i, ok := s.slot[id]
	if !ok {
		return nil, false
	}
	return s.data[i*s.dims : (i+1)*s.dims], true
}

// vectors is a dataset's vector spaces, in memory and in a log on disk.
type vectors struct {
	mu     sync.RWMutex
	spaces map[string]*space
	log    *vectorLog
}

// scored is a candidate in a similarity ranking.
type scored struct {
	id    string
	score float64
}

// better reports whether a ranks before b: higher score, then lower ID.
func better(a, b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.id < b.id
}

// worstFirst is a min-heap on rank, so its root is the candidate to drop.
type worstFirst []scored

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(scored)) }
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
func (s *space) cosines(q []float32, negate bool) []float32 {
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

// rankAmong scores only the vectors of the given IDs (those the space has)
// and returns the best k in rank order, skipping the excluded ID. It is
// rank for a small filtered set: a few dot products instead of a scan.
func (s *space) rankAmong(q []float32, negate bool, k int, exclude string, ids map[string]bool) []scored {
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
		c := scored{id: id, score: (1 + float64(cos)) / 2}
		switch {
		case len(h) < k:
			heap.Push(&h, c)
		case k > 0 && better(c, h[0]):
			h[0] = c
			heap.Fix(&h, 0)
		}
	}
	out := []scored(h)
	sort.Slice(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out
}

// rank scores every vector of the space against q and returns the best k in
// rank order (k < 0 means all), skipping the excluded ID. It also returns
// how many vectors were eligible. The score is Elasticsearch's cosine score (1 + cos) / 2; for
// least similar, q is negated first.
func (s *space) rank(q []float32, negate bool, k int, exclude string) ([]scored, int) {
	cos := s.cosines(q, negate)
	h := make(worstFirst, 0, max(k, 0))
	var all []scored
	eligible := 0
	for i, id := range s.ids {
		if id == exclude {
			continue
		}
		eligible++
		c := scored{id: id, score: (1 + float64(cos[i])) / 2}
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
	out := []scored(h)
	sort.Slice(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out, eligible
}
