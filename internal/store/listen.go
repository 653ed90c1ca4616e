package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// outboxChannelPrefix names the PostgreSQL notification channel of the
// search outbox; the schema's name follows, so deployments (and tests)
// sharing one database in different schemas do not wake each other.
const outboxChannelPrefix = "extralit_outbox_"

// ListenOutbox sends on wake, without blocking, each time a transaction
// that wrote search outbox rows commits, until ctx ends. It keeps one
// connection of its own for LISTEN and re-opens it a second after it is
// lost, reporting each failure to onError. On SQLite there is nothing to
// listen to and it returns at once.
func (s *Store) ListenOutbox(ctx context.Context, wake chan<- struct{}, onError func(error)) {
	if s.engine != Postgres {
		return
	}
	for ctx.Err() == nil {
		if err := s.listenOutbox(ctx, wake); err != nil && ctx.Err() == nil && onError != nil {
			onError(err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (s *Store) listenOutbox(ctx context.Context, wake chan<- struct{}) error {
	conn, err := pgx.Connect(ctx, s.dsn)
	if err != nil {
		return fmt.Errorf("connect to listen for search outbox notifications: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var schema string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("read the current schema: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{outboxChannelPrefix + schema}.Sanitize()); err != nil {
		return fmt.Errorf("listen for search outbox notifications: %w", err)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait for search outbox notifications: %w", err)
		}
		select {
		case wake <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
}
