package blobtest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/google/go-cmp/cmp"
)

// modelSegments are chosen so byte order and path order disagree ("a.b" <
// "a/…" < "a0"), and to include non-ASCII and spaces.
var modelSegments = []string{"a", "b", "a.b", "a0", "é", "z z"}

// modelKeys returns n random keys of one to three segments, none of which
// is a folder of another (a file system cannot store both "a" and "a/b").
func modelKeys(r *rand.Rand, n int) []string {
	set := map[string]bool{}
	for len(set) < n {
		segs := make([]string, 1+r.IntN(3))
		for i := range segs {
			segs[i] = modelSegments[r.IntN(len(modelSegments))]
		}
		set[strings.Join(segs, "/")] = true
	}
	var keys []string
	for k := range set {
		conflict := false
		for other := range set {
			if strings.HasPrefix(other, k+"/") {
				conflict = true
				break
			}
		}
		if !conflict {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// modelList is what List must return for keys, per the blob.Store contract.
func modelList(keys []string, prefix string, opts blob.ListOptions) []string {
	out := []string{}
	for _, k := range keys {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		e := k
		if !opts.Recursive {
			if i := strings.IndexByte(k[len(prefix):], '/'); i >= 0 {
				e = k[:len(prefix)+i+1]
			}
		}
		if e > opts.StartAfter && (len(out) == 0 || out[len(out)-1] != e) {
			out = append(out, e)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out
}

// testListMatchesModel stores random keys and compares many random
// listings with the contract's model.
func testListMatchesModel(t *testing.T, s blob.Store) {
	r := rand.New(rand.NewPCG(42, 7))
	keys := modelKeys(r, 40)
	for _, k := range keys {
		put(t, s, k, []byte(k), blob.PutOptions{})
	}
	// Candidate prefixes and start-after values: every folder and key,
	// plus partial segments.
	var points []string
	for _, k := range keys {
		points = append(points, k)
		for i := range len(k) {
			if k[i] == '/' {
				points = append(points, k[:i+1])
			}
		}
	}
	points = append(points, "a", "a/a", "é", "z", "a.")
	for i := range 60 {
		prefix := ""
		if i%4 != 0 {
			prefix = points[r.IntN(len(points))]
		}
		opts := blob.ListOptions{Recursive: r.IntN(2) == 0, Limit: []int{0, 0, 1, 3}[r.IntN(4)]}
		if r.IntN(2) == 0 {
			opts.StartAfter = points[r.IntN(len(points))]
		}
		if blob.ValidatePrefix(prefix) != nil {
			continue
		}
		want := modelList(keys, prefix, opts)
		got := listKeys(t, s, prefix, opts)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("List(%q, %+v) differs from the model (-want +got):\n%s", prefix, opts, diff)
		}
	}
}
