package vecspace

import (
	"math"
	"testing"
)

func TestRankWhere(t *testing.T) {
	s := New(2)
	s.Put("a", []float32{1, 0})
	s.Put("b", []float32{0, 1})
	s.Put("c", []float32{1, 1})
	s.Put("d", []float32{-1, 0})
	s.Put("b", []float32{0.9, 0.1}) // replaces b's vector
	s.Remove("d")
	if s.Len() != 3 || s.Has("d") || !s.Has("b") {
		t.Fatalf("after put, replace and remove: len %d, has d %v, has b %v", s.Len(), s.Has("d"), s.Has("b"))
	}
	got, n := s.RankWhere([]float32{1, 0}, false, 2, func(id string) bool { return id != "b" })
	if n != 2 || len(got) != 2 || got[0].ID != "a" || got[1].ID != "c" {
		t.Fatalf("RankWhere without b = %v (%d eligible), want a then c of 2", got, n)
	}
	if want := (1 + 1/math.Sqrt2) / 2; math.Abs(got[1].Score-want) > 1e-6 {
		t.Errorf("c scores %v, want (1+cos)/2 = %v", got[1].Score, want)
	}
	least, _ := s.Rank([]float32{1, 0}, true, 1, "")
	if len(least) != 1 || least[0].ID != "c" {
		t.Errorf("least similar = %v, want c", least)
	}
}
