package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

// Options configures a Client.
type Options struct {
	// Engine is "sqlite" or "postgres", the engine db talks to.
	Engine string
	// ListenDSN, for PostgreSQL, is the connection string of a dedicated
	// LISTEN connection so that workers learn of new jobs at once instead
	// of polling. Empty means poll only.
	ListenDSN string
	// Queues maps each queue this process works to its number of workers.
	// Empty makes a client that only enqueues and reads jobs.
	Queues map[string]int
	// PollInterval is how often workers look for jobs when no notification
	// arrived (default 1 s).
	PollInterval time.Duration
	// RescueAfter is how long a job may stay started before it counts as
	// abandoned by a dead worker and is retried, unless its kind's timeout
	// is longer (default 2 minutes).
	RescueAfter time.Duration
	// StopTimeout is how long Stop lets in-flight jobs finish before it
	// cancels them (default 30 s). Cancelled jobs are retried later.
	StopTimeout time.Duration
	Logger      *slog.Logger
}

// Client enqueues, reads and controls jobs, and works them when it was
// given queues.
type Client struct {
	river    *river.Client[*sql.Tx]
	db       *sql.DB
	engine   string
	registry *Registry
	opts     Options
	listen   *pgxpool.Pool
	log      *slog.Logger

	mu      sync.Mutex
	started bool
	stopped bool
}

// payload is the one River argument type behind every kind: the kind's name
// and its JSON arguments, so kinds can be added without a Go type each.
type payload struct {
	kind string
	raw  json.RawMessage
}

// Kind returns the job kind's name.
func (p payload) Kind() string { return p.kind }

// MarshalJSON writes the arguments as they were given.
func (p payload) MarshalJSON() ([]byte, error) {
	if len(p.raw) == 0 {
		return []byte("{}"), nil
	}
	return p.raw, nil
}

// UnmarshalJSON keeps the arguments for the Work function to decode.
func (p *payload) UnmarshalJSON(b []byte) error {
	p.raw = append(json.RawMessage(nil), b...)
	return nil
}

// worker adapts a Kind to River's worker interface.
type worker struct {
	river.WorkerDefaults[payload]
	kind   Kind
	client *Client
}

func (w *worker) Timeout(*river.Job[payload]) time.Duration { return w.kind.Timeout }

func (w *worker) NextRetry(j *river.Job[payload]) time.Time {
	backoff := w.kind.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	return time.Now().Add(backoff(max(j.Attempt, 1)))
}

func (w *worker) Work(ctx context.Context, rj *river.Job[payload]) error {
	j := &Job{ID: rj.ID, Kind: rj.Kind, Attempt: rj.Attempt, Args: rj.Args.raw, client: w.client, row: rj}
	if len(rj.Metadata) > 0 {
		_ = json.Unmarshal(rj.Metadata, &j.Meta)
	}
	return w.kind.Work(ctx, j)
}

// SetResult records v (JSON-encodable) as the job's result, shown by the
// jobs API once the job finished. Call it from a Work function.
func SetResult(ctx context.Context, v any) error {
	if err := river.RecordOutput(ctx, v); err != nil {
		return fmt.Errorf("record job result: %w", err)
	}
	return nil
}

// Open returns a client on db for the kinds in reg. River's tables must
// exist: call Migrate first.
func Open(ctx context.Context, db *sql.DB, reg *Registry, opts Options) (*Client, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.RescueAfter <= 0 {
		opts.RescueAfter = 2 * time.Minute
	}
	if opts.StopTimeout <= 0 {
		opts.StopTimeout = 30 * time.Second
	}
	c := &Client{db: db, engine: opts.Engine, registry: reg, opts: opts, log: opts.Logger}

	var driver riverdriver.Driver[*sql.Tx]
	switch opts.Engine {
	case "sqlite":
		driver = riversqlite.New(db)
	case "postgres":
		if opts.ListenDSN != "" && len(opts.Queues) > 0 {
			cfg, err := pgxpool.ParseConfig(opts.ListenDSN)
			if err != nil {
				return nil, fmt.Errorf("job queue: parse the PostgreSQL address for LISTEN: %w", err)
			}
			cfg.MinConns, cfg.MaxConns = 0, 1
			if c.listen, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
				return nil, fmt.Errorf("job queue: open the LISTEN connection: %w", err)
			}
			driver = riverdatabasesql.NewWithPgxListener(db, c.listen)
		} else {
			driver = riverdatabasesql.New(db)
		}
	default:
		return nil, fmt.Errorf("job queue: engine %q is not sqlite or postgres", opts.Engine)
	}

	workers := river.NewWorkers()
	for _, k := range reg.Kinds() {
		// Kinds were validated by Register, so this cannot panic on a bad name.
		river.AddWorkerArgs(workers, payload{kind: k.Name}, &worker{kind: k, client: c})
	}
	cfg := &river.Config{
		Logger:               opts.Logger,
		Workers:              workers,
		FetchPollInterval:    opts.PollInterval,
		FetchCooldown:        min(opts.PollInterval, 20*time.Millisecond),
		RescueStuckJobsAfter: max(opts.RescueAfter, time.Second),
		// Every kind has its own timeout; this default only bounds kinds
		// River does not know, and must stay below RescueAfter.
		JobTimeout:                  max(opts.RescueAfter/2, 500*time.Millisecond),
		CompletedJobRetentionPeriod: 24 * time.Hour,
		CancelledJobRetentionPeriod: 24 * time.Hour,
		DiscardedJobRetentionPeriod: 7 * 24 * time.Hour,
		SoftStopTimeout:             opts.StopTimeout,
	}
	if len(opts.Queues) > 0 {
		cfg.Queues = map[string]river.QueueConfig{}
		for q, n := range opts.Queues {
			if !validQueue(q) {
				c.closeListen()
				return nil, fmt.Errorf("queue %q is not one of %s", q, strings.Join(Queues, ", "))
			}
			if n < 1 || n > 10000 {
				c.closeListen()
				return nil, fmt.Errorf("queue %s: number of workers must be 1 to 10000, got %d", q, n)
			}
			cfg.Queues[q] = river.QueueConfig{MaxWorkers: n}
		}
	}
	rc, err := river.NewClient(driver, cfg)
	if err != nil {
		c.closeListen()
		return nil, fmt.Errorf("job queue: %w", err)
	}
	c.river = rc
	return c, nil
}

func (c *Client) closeListen() {
	if c.listen != nil {
		c.listen.Close()
		c.listen = nil
	}
}

// WorkedQueues lists the queues this client works, sorted.
func (c *Client) WorkedQueues() []string {
	var qs []string
	for q := range c.opts.Queues {
		qs = append(qs, q)
	}
	sort.Strings(qs)
	return qs
}

// Start begins working the client's queues. It returns at once; workers
// run until Stop. A client without queues has nothing to start.
func (c *Client) Start(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.opts.Queues) == 0 || c.started {
		return nil
	}
	// The workers' context must outlive the caller's: Stop ends them.
	if err := c.river.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start job workers: %w", err)
	}
	c.started = true
	c.log.Info("job workers started", "queues", c.WorkedQueues(), "workers_per_queue", c.opts.Queues)
	return nil
}

// Stop stops fetching jobs and waits for in-flight jobs to finish, up to
// the StopTimeout; jobs still running then are cancelled and will be
// retried. It is safe to call more than once, and before Start.
func (c *Client) Stop(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	c.stopped = true
	defer c.closeListen()
	if !c.started {
		return nil
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.opts.StopTimeout+10*time.Second)
	defer cancel()
	if err := c.river.Stop(stopCtx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("stop job workers: %w", err)
	}
	c.log.Info("job workers stopped")
	return nil
}

// InsertOptions qualifies one enqueue.
type InsertOptions struct {
	// Meta records what the job concerns (workspace_id, document_id,
	// reference, workflow_step, group_id): the jobs API filters on it.
	Meta map[string]any
	// ScheduledAt delays the job; zero means now.
	ScheduledAt time.Time
}

func (c *Client) insertParams(kind string, args any, o InsertOptions) (payload, *river.InsertOpts, error) {
	k, ok := c.registry.Kind(kind)
	if !ok {
		return payload{}, nil, fmt.Errorf("enqueue: job kind %q is not registered", kind)
	}
	raw, err := json.Marshal(args)
	if err != nil {
		return payload{}, nil, fmt.Errorf("enqueue %s: encode arguments: %w", kind, err)
	}
	meta := []byte("{}")
	if len(o.Meta) > 0 {
		if meta, err = json.Marshal(o.Meta); err != nil {
			return payload{}, nil, fmt.Errorf("enqueue %s: encode meta: %w", kind, err)
		}
	}
	return payload{kind: kind, raw: raw}, &river.InsertOpts{
		Queue: k.Queue, MaxAttempts: k.MaxAttempts, Metadata: meta, ScheduledAt: o.ScheduledAt,
	}, nil
}

// Insert enqueues a job of the given kind with args (JSON-encodable) and
// returns its id.
func (c *Client) Insert(ctx context.Context, kind string, args any, o InsertOptions) (int64, error) {
	p, opts, err := c.insertParams(kind, args, o)
	if err != nil {
		return 0, err
	}
	res, err := c.river.Insert(ctx, p, opts)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return res.Job.ID, nil
}

// InsertTx enqueues a job inside tx: it exists only if tx commits.
func (c *Client) InsertTx(ctx context.Context, tx *sql.Tx, kind string, args any, o InsertOptions) (int64, error) {
	p, opts, err := c.insertParams(kind, args, o)
	if err != nil {
		return 0, err
	}
	res, err := c.river.InsertTx(ctx, tx, p, opts)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s: %w", kind, err)
	}
	return res.Job.ID, nil
}

// InsertMany enqueues n jobs of one kind with the same arguments in one
// statement (used by the benchmark and bulk operations).
func (c *Client) InsertMany(ctx context.Context, kind string, args []any, o InsertOptions) error {
	params := make([]river.InsertManyParams, len(args))
	for i, a := range args {
		p, opts, err := c.insertParams(kind, a, o)
		if err != nil {
			return err
		}
		params[i] = river.InsertManyParams{Args: p, InsertOpts: opts}
	}
	if _, err := c.river.InsertManyFast(ctx, params); err != nil {
		return fmt.Errorf("enqueue %d %s jobs: %w", len(args), kind, err)
	}
	return nil
}

// SQLTxer is what the store's transactional queries implement.
type SQLTxer interface{ SQLTx() *sql.Tx }

// InsertIn enqueues in the transaction q runs in, when q is one (anything
// implementing SQLTx() *sql.Tx with a non-nil result), and directly
// otherwise.
func (c *Client) InsertIn(ctx context.Context, q any, kind string, args any, o InsertOptions) (int64, error) {
	if t, ok := q.(SQLTxer); ok {
		if tx := t.SQLTx(); tx != nil {
			return c.InsertTx(ctx, tx, kind, args, o)
		}
	}
	return c.Insert(ctx, kind, args, o)
}

// stateOf maps River's states onto the reference's statuses.
var statusOf = map[rivertype.JobState]string{
	rivertype.JobStateAvailable: "queued",
	rivertype.JobStatePending:   "deferred",
	rivertype.JobStateScheduled: "scheduled",
	rivertype.JobStateRetryable: "scheduled",
	rivertype.JobStateRunning:   "started",
	rivertype.JobStateCompleted: "finished",
	rivertype.JobStateCancelled: "canceled",
	rivertype.JobStateDiscarded: "failed",
}
