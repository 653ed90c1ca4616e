// Package service holds the business rules of Extralit, written once above
// the storage backends: who may do what (the reference's policy table),
// validation that spans entities, and multi-step transactions. The HTTP API
// and the command line both call it; neither talks to a backend directly.
package service

import (
	"context"
	"log/slog"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
)

// Service is the entry point to every use case.
type Service struct {
	store extralit.Store
	auth  *Auth
	log   *slog.Logger
	jobs  extralit.JobQueue       // set by SetJobs; nil when there is no queue
	hooks extralit.EventPublisher // set by SetEvents; nil publishes nothing
	index search.Index
	// outbox, when set, makes record writes queue their index changes in
	// the search outbox instead of writing the index (see SetSearchOutbox).
	outbox bool
	blobs  blob.Store
	// enqueuer puts jobs on the queue (see SetEnqueuer).
	enqueuer extralit.JobEnqueuer
	// afterDocumentStored runs in the transaction that stores a new
	// document with a file, to start its processing (see SetDocumentHook).
	afterDocumentStored func(ctx context.Context, q extralit.Queries, d *extralit.Document) error
}

// SetBlobs sets the file storage for documents and the files API.
func (s *Service) SetBlobs(b blob.Store) { s.blobs = b }

// SetDocumentHook sets what runs, inside the storing transaction, when a
// document with a PDF is stored: the wiring enqueues its extraction there,
// so the job commits with the document.
func (s *Service) SetDocumentHook(fn func(ctx context.Context, q extralit.Queries, d *extralit.Document) error) {
	s.afterDocumentStored = fn
}

// New returns a Service over store, signing tokens with auth.
func New(store extralit.Store, auth *Auth, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, auth: auth, log: log}
}

// SetIndex sets the search engine that records are indexed in. It must be
// called before the service handles dataset requests.
func (s *Service) SetIndex(idx search.Index) { s.index = idx }

// Index returns the search engine.
func (s *Service) Index() search.Index { return s.index }

// Auth returns the authenticator the service uses.
func (s *Service) Auth() *Auth { return s.auth }

// Store returns the database the service runs on.
func (s *Service) Store() extralit.Store { return s.store }
