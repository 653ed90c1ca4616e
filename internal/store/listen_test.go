package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// TestListenOutboxWakesOnCommitOnly shows that on PostgreSQL a committed
// outbox write wakes the listener and a rolled-back one does not.
func TestListenOutboxWakesOnCommitOnly(t *testing.T) {
	s := storetest.OpenMigrated(t, storetest.PostgresURL(t))
	ctx, cancel := context.WithCancel(t.Context())
	wake := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ListenOutbox(ctx, wake, func(err error) { t.Logf("listener: %v", err) })
	}()
	defer func() { cancel(); <-done }()
	ds := uuid.NewString()
	// The listener connects in the background: write until it hears one.
	deadline := time.Now().Add(10 * time.Second)
	heard := false
	for !heard && time.Now().Before(deadline) {
		if err := s.AddOutbox(ctx, ds, extralit.OutboxUpsert, []string{uuid.NewString()}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-wake:
			heard = true
		case <-time.After(200 * time.Millisecond):
		}
	}
	if !heard {
		t.Fatal("no wake-up after committed outbox writes")
	}
	// Let late notifications of the loop above arrive, then forget them.
	time.Sleep(300 * time.Millisecond)
	select {
	case <-wake:
	default:
	}
	boom := errors.New("boom")
	err := s.InTx(ctx, func(q extralit.Queries) error {
		if err := q.AddOutbox(ctx, ds, extralit.OutboxUpsert, []string{uuid.NewString()}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	select {
	case <-wake:
		t.Fatal("a rolled-back outbox write woke the listener")
	case <-time.After(500 * time.Millisecond):
	}
	if err := s.AddOutbox(ctx, ds, extralit.OutboxDelete, []string{uuid.NewString()}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-wake:
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up after a committed delete row")
	}
}
