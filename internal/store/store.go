// Package store implements the extralit.Store interface on SQL databases:
// SQLite (the embedded default, through the pure-Go modernc driver) and
// PostgreSQL (through pgx). One package serves both; the differences live in
// the dialect and in the per-engine migration files.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver

	"github.com/extralit/extralit-go/internal/extralit"
)

// Engine names a database engine.
type Engine string

// The supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Store is the SQL implementation of extralit.Store.
type Store struct {
	queries
	db     *sql.DB
	engine Engine
	dsn    string
}

var _ extralit.Store = (*Store)(nil)

// Source describes where the database is, parsed from a URL.
type Source struct {
	Engine Engine
	// DSN is what the database/sql driver is opened with.
	DSN string
	// Path is the SQLite file, empty for PostgreSQL.
	Path string
}

// ParseURL understands `postgresql://…`, `postgres://…`, `sqlite:///abs/path.db`,
// `sqlite://rel/path.db` and a bare file path (SQLite). The async driver
// suffixes of the reference (`sqlite+aiosqlite`, `postgresql+asyncpg`) are
// accepted and dropped.
func ParseURL(raw string) (Source, error) {
	if raw == "" {
		return Source{}, fmt.Errorf("database URL is empty")
	}
	scheme, rest, hasScheme := strings.Cut(raw, "://")
	if !hasScheme {
		return sqliteSource(raw), nil
	}
	base, _, _ := strings.Cut(scheme, "+")
	switch strings.ToLower(base) {
	case "postgres", "postgresql":
		u, err := url.Parse("postgres://" + rest)
		if err != nil {
			return Source{}, fmt.Errorf("parse database URL: %w", err)
		}
		return Source{Engine: Postgres, DSN: u.String()}, nil
	case "sqlite", "sqlite3":
		path, _, _ := strings.Cut(rest, "?")
		if strings.HasPrefix(path, "/") && strings.HasPrefix(rest, "/") {
			// sqlite:///abs/path → /abs/path
			return sqliteSource(path), nil
		}
		return sqliteSource(path), nil
	}
	return Source{}, fmt.Errorf("database URL scheme %q is not supported (use postgresql:// or sqlite:///path)", scheme)
}

func sqliteSource(path string) Source {
	// busy_timeout must come first so that the other pragmas wait for locks
	// too. WAL plus immediate transactions let several processes (server and
	// workers) share the file without SQLITE_BUSY failures.
	dsn := "file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=cache_size(-32768)&_txlock=immediate"
	return Source{Engine: SQLite, DSN: dsn, Path: path}
}

// Open connects to the database named by rawURL and checks it answers. It
// does not migrate: call Migrate.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	src, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	switch src.Engine {
	case SQLite:
		if dir := filepath.Dir(src.Path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create database folder %s: %w", dir, err)
			}
		}
		db, err = sql.Open("sqlite", src.DSN)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", src.Path, err)
		}
		// SQLite allows one writer at a time; a small pool avoids lock churn
		// while still letting reads run beside a write in WAL mode.
		db.SetMaxOpenConns(4)
	case Postgres:
		db, err = sql.Open("pgx", src.DSN)
		if err != nil {
			return nil, fmt.Errorf("open postgresql: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", src.Engine, err)
	}
	s := &Store{db: db, engine: src.Engine, dsn: src.DSN}
	s.queries = queries{ex: db, d: dialect{engine: src.Engine}}
	return s, nil
}

// Engine reports which database engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// DB returns the underlying pool, for the job queue that shares it.
func (s *Store) DB() *sql.DB { return s.db }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return &extralit.Error{Kind: extralit.KindUnavailable, Message: "the database does not answer"}
	}
	return nil
}

// Close releases the connection pool.
func (s *Store) Close() error { return s.db.Close() }

// InTx runs fn in a transaction that commits when fn returns nil and rolls
// back otherwise.
func (s *Store) InTx(ctx context.Context, fn func(q extralit.Queries) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(&queries{ex: tx, d: s.d}); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("roll back: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return translate(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// execer is what *sql.DB and *sql.Tx share.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queries implements extralit.Queries on an execer.
type queries struct {
	ex execer
	d  dialect
}

// SQLTx returns the transaction these queries run in, or nil outside one.
// The job queue uses it to enqueue jobs in the same transaction as the data
// they concern (the Queries handed to InTx implement interface{ SQLTx() *sql.Tx }).
func (q *queries) SQLTx() *sql.Tx {
	tx, _ := q.ex.(*sql.Tx)
	return tx
}

func (q *queries) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := q.ex.ExecContext(ctx, q.d.rebind(query), args...)
	return res, translate(err)
}

func (q *queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := q.ex.QueryContext(ctx, q.d.rebind(query), args...)
	return rows, translate(err)
}

func (q *queries) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return q.ex.QueryRowContext(ctx, q.d.rebind(query), args...)
}

// now is the timestamp written to rows: UTC, at the microsecond precision
// both engines keep, so a value read back equals the value written.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
