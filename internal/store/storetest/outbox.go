package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

func testOutbox(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	ds := uuid.NewString()
	if seq, err := s.OutboxLastSeq(ctx); err != nil || seq != 0 {
		t.Fatalf("OutboxLastSeq on an empty outbox = %d, %v; want 0", seq, err)
	}
	// More ids than one INSERT carries, to cover the chunking.
	ids := make([]string, 450)
	for i := range ids {
		ids[i] = uuid.NewString()
	}
	if err := s.AddOutbox(ctx, ds, extralit.OutboxUpsert, ids); err != nil {
		t.Fatalf("AddOutbox: %v", err)
	}
	if err := s.AddOutbox(ctx, ds, extralit.OutboxDelete, ids[:1]); err != nil {
		t.Fatalf("AddOutbox delete: %v", err)
	}
	if err := s.AddOutbox(ctx, ds, "rename", ids[:1]); err == nil {
		t.Fatal("AddOutbox with an unknown op succeeded")
	}
	last, err := s.OutboxLastSeq(ctx)
	if err != nil || last == 0 {
		t.Fatalf("OutboxLastSeq = %d, %v", last, err)
	}
	got, err := s.PendingOutbox(ctx, 1000, nil)
	if err != nil || len(got) != 451 {
		t.Fatalf("PendingOutbox = %d entries, %v; want 451", len(got), err)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq <= got[i-1].Seq {
			t.Fatalf("entries out of order at %d: %d after %d", i, got[i].Seq, got[i-1].Seq)
		}
	}
	if got[0].RecordID != ids[0] || got[0].DatasetID != ds || got[0].Op != extralit.OutboxUpsert ||
		got[450].Op != extralit.OutboxDelete || got[450].Seq != last {
		t.Fatalf("first %+v, last %+v", got[0], got[450])
	}
	page, err := s.PendingOutbox(ctx, 10, nil)
	if err != nil || len(page) != 10 || page[9].Seq != got[9].Seq {
		t.Fatalf("PendingOutbox(10) = %d entries, %v", len(page), err)
	}

	// Another dataset's entries, and leaving a dataset out.
	other := uuid.NewString()
	if err := s.AddOutbox(ctx, other, extralit.OutboxUpsert, ids[:2]); err != nil {
		t.Fatal(err)
	}
	only, err := s.PendingOutbox(ctx, 1000, []string{ds})
	if err != nil || len(only) != 2 || only[0].DatasetID != other {
		t.Fatalf("PendingOutbox without dataset ds = %+v, %v; want the other dataset's 2 entries", only, err)
	}
	if err := s.RemoveOutbox(ctx, []int64{only[0].Seq, only[1].Seq}); err != nil {
		t.Fatal(err)
	}

	// Removing is by exact sequence numbers, and counting is up to one.
	seqs := make([]int64, 0, 300)
	for _, e := range got[:300] {
		seqs = append(seqs, e.Seq)
	}
	if err := s.RemoveOutbox(ctx, seqs); err != nil {
		t.Fatalf("RemoveOutbox: %v", err)
	}
	if n, err := s.CountOutbox(ctx, last); err != nil || n != 151 {
		t.Fatalf("CountOutbox(last) = %d, %v; want 151", n, err)
	}
	if n, err := s.CountOutbox(ctx, got[300].Seq); err != nil || n != 1 {
		t.Fatalf("CountOutbox(first pending) = %d, %v; want 1", n, err)
	}

	// A rolled-back transaction leaves no outbox rows behind.
	boom := errors.New("boom")
	err = s.InTx(ctx, func(q extralit.Queries) error {
		if err := q.AddOutbox(ctx, ds, extralit.OutboxUpsert, []string{uuid.NewString()}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v, want boom", err)
	}
	if n, err := s.CountOutbox(ctx, last+1000); err != nil || n != 151 {
		t.Fatalf("after a rollback CountOutbox = %d, %v; want 151", n, err)
	}
}
