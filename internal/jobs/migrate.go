package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrate creates or upgrades the queue's tables in db and returns how many
// migrations it applied. On PostgreSQL it holds an advisory lock, so that
// processes starting together migrate one after the other.
func Migrate(ctx context.Context, db *sql.DB, engine string) (int, error) {
	var res *rivermigrate.MigrateResult
	var err error
	switch engine {
	case "sqlite":
		m, merr := rivermigrate.New(riversqlite.New(db), nil)
		if merr != nil {
			return 0, fmt.Errorf("job queue migrations: %w", merr)
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	case "postgres":
		conn, cerr := db.Conn(ctx)
		if cerr != nil {
			return 0, fmt.Errorf("job queue migrations: %w", cerr)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7206101)`); err != nil {
			return 0, fmt.Errorf("job queue migrations: take lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7206101)`)
		m, merr := rivermigrate.New(riverdatabasesql.New(db), nil)
		if merr != nil {
			return 0, fmt.Errorf("job queue migrations: %w", merr)
		}
		res, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	default:
		return 0, fmt.Errorf("job queue migrations: engine %q is not sqlite or postgres", engine)
	}
	if err != nil {
		return 0, fmt.Errorf("job queue migrations: %w", err)
	}
	return len(res.Versions), nil
}
