package extralit

import "github.com/google/uuid"

// NewRowID returns the ID of a new record, response or suggestion: a
// time-ordered (version 7) UUID. Bulk writes add these rows by the
// thousand; with ordered keys they land at the end of each primary key's
// B-tree instead of on random pages, so a SQLite commit rewrites a few
// pages rather than one per row. The IDs are still ordinary UUIDs to
// clients.
func NewRowID() string { return uuid.Must(uuid.NewV7()).String() }
