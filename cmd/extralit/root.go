package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/fileblob"
	"github.com/extralit/extralit-go/internal/blob/s3blob"
	"github.com/extralit/extralit-go/internal/config"
	"github.com/extralit/extralit-go/internal/extractcmd"
	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/bleve"
	"github.com/extralit/extralit-go/internal/search/memory"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/internal/store"
)

// globals holds what every subcommand shares: the configuration, read from
// the environment and then overridden by flags.
type globals struct {
	cfg    config.Config
	envErr error
	jobs   jobsFlags     // the server's in-process workers (queue.go)
	deploy config.Deploy // Space and external search settings (start.go)
	start  startState    // set by `extralit start` (start.go)
}

func newRootCommand(getenv func(string) string) *cobra.Command {
	g := &globals{}
	g.cfg, g.envErr = config.FromEnv(getenv)
	g.deploy = config.DeployFromEnv(getenv)
	root := &cobra.Command{
		Use:   "extralit",
		Short: "Extract data from scientific literature with LLM suggestions and human review",
		Long: "extralit is the whole Extralit platform in one binary: the annotation and dataset\n" +
			"server with its REST API and web UI, background workers, and PDF text extraction.\n\n" +
			"Settings come from EXTRALIT_* environment variables; flags override them.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if g.envErr != nil {
				return g.envErr
			}
			return g.cfg.Validate()
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.cfg.HomePath, "home", g.cfg.HomePath, "home folder for the SQLite database, files and index (env EXTRALIT_HOME_PATH)")
	pf.StringVar(&g.cfg.DatabaseURL, "database-url", g.cfg.DatabaseURL, "postgresql://… or sqlite:///path (env EXTRALIT_DATABASE_URL; default SQLite under the home folder)")
	pf.StringVar(&g.cfg.LogFormat, "log-format", g.cfg.LogFormat, "log format: text or json (env EXTRALIT_LOG_FORMAT)")
	pf.StringVar(&g.cfg.LogLevel, "log-level", g.cfg.LogLevel, "log level: debug, info, warn or error (env EXTRALIT_LOG_LEVEL)")
	root.AddCommand(
		newServerCommand(g), newStartCommand(g), newWaitCommand(g), newProcfileCommand(g), newDeployCommand(g),
		newMigrateCommand(g),
		newUsersCommand(g),
		newWorkspacesCommand(g),
		newWorkerCommand(g),
		newJobsCommand(g),
		newReindexCommand(g),
		extractcmd.Command(),
		newVersionCommand(),
	)
	return root
}

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), version)
			return nil
		},
	}
}

// logger builds the process logger from the configuration.
func (g *globals) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(g.cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if g.cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens and migrates the configured database.
func (g *globals) openStore(ctx context.Context, log *slog.Logger) (*store.Store, error) {
	if err := os.MkdirAll(g.cfg.HomePath, 0o700); err != nil {
		return nil, fmt.Errorf("create home folder %s: %w", g.cfg.HomePath, err)
	}
	st, err := store.Open(ctx, g.cfg.Database())
	if err != nil {
		return nil, err
	}
	n, err := st.Migrate(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("database migrated", "engine", st.Engine(), "migrations_applied", n)
	}
	return st, nil
}

// openService opens the store and builds the service over it.
func (g *globals) openService(ctx context.Context, log *slog.Logger) (*service.Service, *store.Store, error) {
	st, err := g.openStore(ctx, log)
	if err != nil {
		return nil, nil, err
	}
	auth, err := service.NewAuth(ctx, st, service.AuthConfig{
		Secret: g.cfg.AuthSecretKey, AccessTTL: g.cfg.AccessTokenTTL, RefreshTTL: g.cfg.RefreshTokenTTL,
	})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return service.New(st, auth, log), st, nil
}

// openSearch opens the configured search engine, chosen in this one switch.
// Only one process may open the embedded index, so workers and tools that
// run beside a server must not call this with the embedded engine; a cluster
// is shared by every process.
func (g *globals) openSearch(ctx context.Context) (search.Index, error) {
	switch g.cfg.SearchEngine {
	case config.SearchElasticsearch, config.SearchOpenSearch:
		return g.openCluster(ctx)
	case config.SearchEmbedded, config.SearchEmbeddedDisk:
		return g.openEmbedded()
	}
	return nil, fmt.Errorf("unknown search engine %q: use %s, %s, %s or %s", g.cfg.SearchEngine,
		config.SearchEmbedded, config.SearchEmbeddedDisk, config.SearchElasticsearch, config.SearchOpenSearch)
}

// openEmbedded opens the embedded index, holding the lock of the index
// folder under the home folder while it is open: the in-memory engine too,
// so that only one server uses a home folder. The in-memory engine starts
// empty: fillSearch loads it.
func (g *globals) openEmbedded() (search.Index, error) {
	dir := filepath.Join(g.cfg.HomePath, "search")
	unlock, err := lockDir(dir)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("the embedded search index in %s is in use by another extralit process "+
			"(only one server may use a home folder; stop it first)", dir)
	}
	if err != nil {
		return nil, err
	}
	if g.cfg.SearchEngine == config.SearchEmbedded {
		return unlockingIndex{Index: memory.New(), unlock: unlock}, nil
	}
	idx, err := bleve.New(dir, bleve.Options{})
	if err != nil {
		unlock()
		return nil, fmt.Errorf("open the embedded search index: %w", err)
	}
	return unlockingIndex{Index: idx, unlock: unlock}, nil
}

// openBlobs opens the file storage: S3 when an endpoint is configured,
// else the storage folder under the home path.
func (g *globals) openBlobs(ctx context.Context) (blob.Store, error) {
	if g.cfg.S3Endpoint != "" {
		st, err := s3blob.New(ctx, s3blob.Config{Endpoint: g.cfg.S3Endpoint, AccessKey: g.cfg.S3AccessKey,
			SecretKey: g.cfg.S3SecretKey, Region: g.cfg.S3Region, Bucket: g.cfg.S3Bucket})
		if err != nil {
			return nil, fmt.Errorf("open S3 storage at %s: %w", g.cfg.S3Endpoint, err)
		}
		return st, nil
	}
	st, err := fileblob.New(filepath.Join(g.cfg.HomePath, "storage"))
	if err != nil {
		return nil, fmt.Errorf("open file storage: %w", err)
	}
	return st, nil
}

// unlockingIndex releases the folder lock when the index closes.
type unlockingIndex struct {
	search.Index
	unlock func()
}

// Close closes the index, then releases its lock.
func (u unlockingIndex) Close() error {
	err := u.Index.Close()
	u.unlock()
	return err
}

// fillSearch loads every published dataset's records from the database into
// the in-memory engine, before the server takes requests; other engines
// keep their index and need nothing.
func (g *globals) fillSearch(ctx context.Context, svc *service.Service, log *slog.Logger) error {
	if g.cfg.SearchEngine != config.SearchEmbedded {
		return nil
	}
	start := time.Now()
	datasets, records := 0, 0
	last := start
	err := svc.ReindexWith(ctx, service.ReindexOptions{
		// A large home takes a while: say how far it is every 5 s, so a
		// server that does not answer yet is not taken for a hung one.
		Batch: func(d *extralit.Dataset, indexed int, _ string) {
			if time.Since(last) >= 5*time.Second {
				last = time.Now()
				log.Info("loading the search index from the database", "dataset", d.Name,
					"records", records+indexed, "seconds", time.Since(start).Round(time.Second).Seconds())
			}
		},
		Done: func(_ *extralit.Dataset, n int) {
			datasets++
			records += n
		},
	})
	if err != nil {
		return fmt.Errorf("load the search index from the database: %w", err)
	}
	log.Info("search index loaded from the database", "datasets", datasets, "records", records,
		"seconds", time.Since(start).Round(time.Millisecond).Seconds())
	return nil
}
