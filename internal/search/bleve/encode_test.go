package bleve

import (
	"math"
	"math/rand/v2"
	"slices"
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
		ka, kb := sortableFloat(a), sortableFloat(b)
		if ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		return 0
	})
	for i := range byValue {
		if byValue[i] != byKey[i] {
			t.Fatalf("position %d: by value %v, by key %v", i, byValue[i], byKey[i])
		}
	}
	if sortableFloat(0) != sortableFloat(math.Copysign(0, -1)) {
		t.Errorf("0 and -0 encode differently: %s, %s", sortableFloat(0), sortableFloat(math.Copysign(0, -1)))
	}

	base := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	times := []time.Time{base, base.Add(-1), base.Add(1), time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2250, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 500 {
		times = append(times, base.Add(time.Duration(r.Int64N(math.MaxInt64))-time.Duration(math.MaxInt64/2)))
	}
	for i := range times {
		for j := range times {
			if times[i].Before(times[j]) != (sortableTime(times[i]) < sortableTime(times[j])) {
				t.Fatalf("%v before %v = %v, but keys %s, %s", times[i], times[j], times[i].Before(times[j]), sortableTime(times[i]), sortableTime(times[j]))
			}
		}
	}
}
