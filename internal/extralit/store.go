package extralit

import "context"

// Queries is every read and write the services need. Both a Store and the
// transaction it hands to InTx implement it.
type Queries interface {
	UserStore
	WorkspaceStore
	WebhookStore
	DatasetStore
	RecordStore
	DocumentStore
	OutboxStore
	// Setting returns a server setting by key; KindNotFound if unset.
	Setting(ctx context.Context, key string) (string, error)
	// PutSettingIfAbsent stores value under key unless the key exists, and
	// returns the value that is stored afterwards.
	PutSettingIfAbsent(ctx context.Context, key, value string) (string, error)
}

// Store is the database.
type Store interface {
	Queries
	// InTx runs fn in one transaction, committed when fn returns nil.
	InTx(ctx context.Context, fn func(q Queries) error) error
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the connections.
	Close() error
}
