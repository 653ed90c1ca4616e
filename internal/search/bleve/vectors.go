package bleve

import (
	"container/heap"
	"math"
	"sort"
	"sync"
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

// rank scores every vector of the space against q and returns the best k in
// rank order (k < 0 means all), skipping the excluded ID and, when keep is
// not nil, every ID keep rejects. It also returns how many vectors were
// eligible. The score is Elasticsearch's cosine score (1 + cos) / 2; for
// least similar, q is negated first.
func (s *space) rank(q []float32, negate bool, k int, exclude string, keep func(string) bool) ([]scored, int) {
	var qn float64
	for _, x := range q {
		qn += float64(x) * float64(x)
	}
	qn = math.Sqrt(qn)
	sign := 1.0
	if negate {
		sign = -1
	}
	h := make(worstFirst, 0, max(k, 0))
	var all []scored
	eligible := 0
	for i, id := range s.ids {
		if id == exclude || (keep != nil && !keep(id)) {
			continue
		}
		eligible++
		cos := 0.0
		if s.norms[i] > 0 {
			cos = sign * float64(dot(q, s.data[i*s.dims:(i+1)*s.dims])) / (qn * float64(s.norms[i]))
		}
		c := scored{id: id, score: (1 + cos) / 2}
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

// dot is the inner product of two equally long vectors, unrolled by four
// so the compiler keeps four independent sums in registers.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}
