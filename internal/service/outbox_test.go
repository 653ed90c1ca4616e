package service_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

// flakyIndex fails writes while down is set, or for the dataset named
// in broken, to show that outbox rows survive a failed apply.
type flakyIndex struct {
	search.Index
	down   atomic.Bool
	broken atomic.Value // dataset id
}

func (f *flakyIndex) Upsert(ctx context.Context, id string, docs []search.Document) error {
	if f.down.Load() || f.broken.Load() == id {
		return errors.New("engine down")
	}
	return f.Index.Upsert(ctx, id, docs)
}

// outboxPair is the index owner ("server") and a process in outbox mode
// ("worker") over one database.
type outboxPair struct {
	server, worker *service.Service
	idx            *flakyIndex
	store          extralit.Store
	owner          *extralit.User
	dataset        *extralit.Dataset
}

func newOutboxPair(t testing.TB, dbURL string) *outboxPair {
	t.Helper()
	ctx := t.Context()
	st := storetest.OpenMigrated(t, dbURL)
	auth, err := service.NewAuth(ctx, st, service.AuthConfig{BcryptCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	b, err := bleve.New(t.TempDir(), bleve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	idx := &flakyIndex{Index: b}
	server := service.New(st, auth, nil)
	server.SetIndex(idx)
	worker := service.New(st, auth, nil)
	worker.SetSearchOutbox(true) // and no index at all: it must not need one
	owner, err := server.CreateUserAsOperator(ctx, service.UserCreate{Username: "o", Password: "o-password", Role: extralit.RoleOwner})
	if err != nil {
		t.Fatal(err)
	}
	w, err := server.CreateWorkspaceAsOperator(ctx, "lab", "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := server.CreateDataset(ctx, owner.User, service.DatasetCreate{Name: "d", WorkspaceID: w.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.CreateField(ctx, owner.User, d.ID, service.FieldCreate{Name: "text", Title: "T", Settings: []byte(`{"type":"text"}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := server.CreateQuestion(ctx, owner.User, d.ID, service.QuestionCreate{Name: "q", Title: "Q", Settings: []byte(`{"type":"text"}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := server.PublishDataset(ctx, owner.User, d.ID); err != nil {
		t.Fatal(err)
	}
	return &outboxPair{server: server, worker: worker, idx: idx, store: st, owner: owner.User, dataset: d}
}

func (p *outboxPair) count(t *testing.T) int {
	t.Helper()
	n, err := p.idx.Count(t.Context(), p.dataset.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (p *outboxPair) pending(t *testing.T) int {
	t.Helper()
	n, err := p.store.CountOutbox(t.Context(), 1<<62)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOutboxCarriesWorkerWritesToTheIndexOwner(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			ctx := t.Context()
			p := newOutboxPair(t, e.URL(t))
			rs, err := p.worker.BulkRecords(ctx, p.owner, p.dataset.ID, []service.RecordInput{
				{Fields: map[string]any{"text": "alpha"}}, {Fields: map[string]any{"text": "beta"}}, {Fields: map[string]any{"text": "gamma"}},
			}, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.count(t); got != 0 {
				t.Fatalf("the worker wrote the index directly: %d documents", got)
			}
			if got := p.pending(t); got != 3 {
				t.Fatalf("outbox has %d rows after a 3-record write, want 3", got)
			}
			// A failed index write keeps every row for the next pass.
			p.idx.down.Store(true)
			if n, err := p.server.ApplyOutbox(ctx); err == nil || n != 0 {
				t.Fatalf("ApplyOutbox with the engine down = %d, %v; want an error", n, err)
			}
			if got := p.pending(t); got != 3 {
				t.Fatalf("a failed apply dropped rows: %d left, want 3", got)
			}
			p.idx.down.Store(false)
			if n, err := p.server.ApplyOutbox(ctx); err != nil || n != 3 {
				t.Fatalf("ApplyOutbox = %d, %v; want 3", n, err)
			}
			if got, left := p.count(t), p.pending(t); got != 3 || left != 0 {
				t.Fatalf("after apply: %d documents, %d rows pending; want 3, 0", got, left)
			}
			// Responses and deletes travel the same way.
			if _, err := p.worker.CreateResponse(ctx, p.owner, rs[0].ID, extralit.ResponseSubmitted,
				map[string]extralit.ResponseValue{"q": {Value: "yes"}}); err != nil {
				t.Fatal(err)
			}
			if err := p.worker.DeleteRecords(ctx, p.owner, p.dataset.ID, []string{rs[1].ID}); err != nil {
				t.Fatal(err)
			}
			if got := p.pending(t); got != 2 {
				t.Fatalf("outbox has %d rows after a response and a delete, want 2", got)
			}
			if n, err := p.server.ApplyOutbox(ctx); err != nil || n != 2 {
				t.Fatalf("ApplyOutbox = %d, %v; want 2", n, err)
			}
			res, err := p.idx.Search(ctx, p.dataset.ID, search.Query{Text: &search.TextQuery{Q: "beta"}, Limit: 10})
			if err != nil || res.Total != 0 || p.count(t) != 2 {
				t.Fatalf("deleted record still indexed: total %d, count %d, %v", res.Total, p.count(t), err)
			}
			res, err = p.idx.Search(ctx, p.dataset.ID, search.Query{Limit: 10,
				Filters: []search.Filter{search.Terms{Scope: search.ResponseStatusScope(), Values: []string{"submitted"}}}})
			if err != nil || res.Total != 1 || res.Items[0].ID != rs[0].ID {
				t.Fatalf("the worker's response is not in the index: %+v, %v", res, err)
			}
		})
	}
}

func TestRunOutboxDrainsOnStartAndWaitSeesIt(t *testing.T) {
	ctx := t.Context()
	p := newOutboxPair(t, storetest.SQLiteURL(t))
	var in []service.RecordInput
	for i := range 700 { // more than one apply batch
		in = append(in, service.RecordInput{Fields: map[string]any{"text": "row"}, ExternalID: ptr(fmt.Sprintf("r%d", i))})
	}
	for start := 0; start < len(in); start += 350 {
		if _, err := p.worker.BulkRecords(ctx, p.owner, p.dataset.ID, in[start:start+350], false); err != nil {
			t.Fatal(err)
		}
	}
	last, err := p.store.OutboxLastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Nobody applies yet: the wait gives up with the clear error.
	err = p.worker.WaitForOutbox(ctx, last, 300*time.Millisecond, 20*time.Millisecond, nil)
	if !errors.Is(err, service.ErrNoIndexOwner) {
		t.Fatalf("WaitForOutbox with no owner = %v, want ErrNoIndexOwner", err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); p.server.RunOutbox(runCtx, time.Hour, nil) }()
	var seen []float64
	if err := p.worker.WaitForOutbox(ctx, last, 10*time.Second, 10*time.Millisecond, func(f float64) { seen = append(seen, f) }); err != nil {
		t.Fatal(err)
	}
	stop()
	<-done
	if got := p.count(t); got != 700 {
		t.Fatalf("index has %d documents after the drain, want 700", got)
	}
	for _, f := range seen {
		if f < 0 || f > 1 {
			t.Fatalf("progress %v out of [0, 1]", f)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestOutboxBrokenDatasetDoesNotHoldUpOthers queues more rows than one
// apply batch for a dataset whose index writes fail, then a few for a
// healthy one: the healthy one is applied, the broken one's rows stay
// until it is repaired.
func TestOutboxBrokenDatasetDoesNotHoldUpOthers(t *testing.T) {
	ctx := t.Context()
	p := newOutboxPair(t, storetest.SQLiteURL(t))
	healthy := newLabDataset(t, p, "healthy")
	var in []service.RecordInput
	for i := range 600 {
		in = append(in, service.RecordInput{Fields: map[string]any{"text": "row"}, ExternalID: ptr(fmt.Sprintf("r%d", i))})
	}
	for start := 0; start < len(in); start += 300 {
		if _, err := p.worker.BulkRecords(ctx, p.owner, p.dataset.ID, in[start:start+300], false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.worker.BulkRecords(ctx, p.owner, healthy.ID, []service.RecordInput{{Fields: map[string]any{"text": "fine"}}}, false); err != nil {
		t.Fatal(err)
	}
	p.idx.broken.Store(p.dataset.ID)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); p.server.RunOutbox(runCtx, 10*time.Millisecond, nil) }()
	defer func() { stop(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := p.idx.Count(ctx, healthy.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 && p.pending(t) == 600 { // indexed, then its row removed
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the healthy dataset's record was not applied while another dataset's index writes failed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The broken dataset's rows all stayed.
	entries, err := p.store.PendingOutbox(ctx, 1000, nil)
	if err != nil || len(entries) != 600 || entries[0].DatasetID != p.dataset.ID || entries[599].DatasetID != p.dataset.ID {
		t.Fatalf("pending after the healthy apply: %d entries, %v; want the broken dataset's 600", len(entries), err)
	}
	p.idx.broken.Store("")
	deadline = time.Now().Add(15 * time.Second)
	for p.pending(t) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the repaired dataset's rows were not applied: %d pending", p.pending(t))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := p.count(t); got != 600 {
		t.Fatalf("repaired dataset has %d documents, want 600", got)
	}
}

// TestWorkerWithoutIndexSaysSo checks that a process in outbox mode, asked
// for something only the index owner can do, gets an error that says so.
func TestWorkerWithoutIndexSaysSo(t *testing.T) {
	ctx := t.Context()
	p := newOutboxPair(t, storetest.SQLiteURL(t))
	d, err := p.worker.CreateDataset(ctx, p.owner, service.DatasetCreate{Name: "made-by-worker", WorkspaceID: p.dataset.WorkspaceID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.worker.CreateField(ctx, p.owner, d.ID, service.FieldCreate{Name: "text", Title: "T", Settings: []byte(`{"type":"text"}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.worker.CreateQuestion(ctx, p.owner, d.ID, service.QuestionCreate{Name: "q", Title: "Q", Settings: []byte(`{"type":"text"}`)}); err != nil {
		t.Fatal(err)
	}
	_, err = p.worker.PublishDataset(ctx, p.owner, d.ID)
	if err == nil || !strings.Contains(err.Error(), "does not own the embedded search index") {
		t.Fatalf("publishing from a worker = %v; want an error saying it does not own the index", err)
	}
}
