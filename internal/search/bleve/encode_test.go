package bleve

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSortableEncodings checks that the keyword encodings of numbers and
// times sort like the values, which range filters and sorts rely on.
func TestSortableEncodings(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 1e300, -1e300, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 2019, 2020}
	for range 1000 {
		nums = append(nums, r.NormFloat64()*math.Pow(10, float64(r.IntN(20)-10)))
	}
	byValue := slices.Clone(nums)
	slices.Sort(byValue)
	byKey := slices.Clone(nums)
	slices.SortFunc(byKey, func(a, b float64) int {
		ka, kb := levelTerm(0, floatKey(a)), levelTerm(0, floatKey(b))
		return strings.Compare(ka, kb)
	})
	for i := range byValue {
		if byValue[i] != byKey[i] {
			t.Fatalf("position %d: by value %v, by key %v", i, byValue[i], byKey[i])
		}
	}
	if floatKey(0) != floatKey(math.Copysign(0, -1)) {
		t.Errorf("0 and -0 encode differently: %x, %x", floatKey(0), floatKey(math.Copysign(0, -1)))
	}

	base := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	times := []time.Time{base, base.Add(-1), base.Add(1), time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2250, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 500 {
		times = append(times, base.Add(time.Duration(r.Int64N(math.MaxInt64))-time.Duration(math.MaxInt64/2)))
	}
	for i := range times {
		for j := range times {
			ki, kj := levelTerm(0, timeKey(times[i])), levelTerm(0, timeKey(times[j]))
			if times[i].Before(times[j]) != (ki < kj) {
				t.Fatalf("%v before %v = %v, but keys %s, %s", times[i], times[j], times[i].Before(times[j]), ki, kj)
			}
		}
	}
}

// TestSplitRange checks on random ranges that the level ranges cover
// exactly the keys in range, that levels' terms sort like their buckets,
// and that no level range below the top spans more than two buckets of the
// next level.
func TestSplitRange(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	in := func(parts []levelRange, k uint64) bool {
		for _, p := range parts {
			b := k >> shifts[p.level]
			if b >= p.from && b <= p.to {
				return true
			}
		}
		return false
	}
	edges := []uint64{0, 1, 255, 256, math.MaxUint64, math.MaxUint64 - 1, 1 << 63}
	for trial := range 3000 {
		var lo, hi uint64
		switch trial % 3 {
		case 0:
			lo, hi = r.Uint64(), r.Uint64()
		case 1: // narrow
			lo = r.Uint64()
			hi = lo + r.Uint64N(1<<uint(r.IntN(40)))
		default:
			lo, hi = edges[r.IntN(len(edges))], edges[r.IntN(len(edges))]
		}
		if lo > hi {
			lo, hi = hi, lo
		}
		parts := splitRange(lo, hi)
		for _, p := range parts {
			if p.level < len(shifts)-1 && p.to-p.from > 2<<(shifts[p.level+1]-shifts[p.level])-1 {
				t.Fatalf("[%x, %x]: level %d range spans %d buckets", lo, hi, p.level, p.to-p.from+1)
			}
			if levelTerm(p.level, p.from) > levelTerm(p.level, p.to) {
				t.Fatalf("[%x, %x]: terms out of order at level %d", lo, hi, p.level)
			}
		}
		probes := []uint64{lo, hi, lo - 1, hi + 1, lo + (hi-lo)/2, r.Uint64()}
		for range 20 {
			probes = append(probes, lo+r.Uint64N(max(hi-lo, 1)))
		}
		for _, k := range probes {
			want := k >= lo && k <= hi
			if got := in(parts, k); got != want {
				t.Fatalf("[%x, %x] split %v: key %x covered = %v, want %v", lo, hi, parts, k, got, want)
			}
		}
	}
}
