package extralit

import "context"

// OutboxOp is what an outbox row asks the search index to do with a record.
type OutboxOp string

// The outbox operations.
const (
	OutboxUpsert OutboxOp = "upsert"
	OutboxDelete OutboxOp = "delete"
)

// OutboxEntry is one pending search-index change: written in the same
// transaction as the record change by a process that may not open the
// index, applied and removed by the process that owns it.
type OutboxEntry struct {
	// Seq orders the entries; it only grows.
	Seq       int64
	DatasetID string
	RecordID  string
	Op        OutboxOp
}

// OutboxStore holds the search outbox.
type OutboxStore interface {
	// AddOutbox records pending index changes of one dataset's records.
	AddOutbox(ctx context.Context, datasetID string, op OutboxOp, recordIDs []string) error
	// PendingOutbox returns up to limit entries, oldest first, leaving out
	// those of the datasets in except.
	PendingOutbox(ctx context.Context, limit int, except []string) ([]OutboxEntry, error)
	// RemoveOutbox deletes exactly the entries with these sequence numbers.
	RemoveOutbox(ctx context.Context, seqs []int64) error
	// OutboxLastSeq returns the largest sequence number written so far
	// that is still pending, 0 when the outbox is empty.
	OutboxLastSeq(ctx context.Context) (int64, error)
	// CountOutbox counts the pending entries with a sequence number of at
	// most upTo.
	CountOutbox(ctx context.Context, upTo int64) (int, error)
}
