package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/store"
)

func newWaitCommand(g *globals) *cobra.Command {
	var (
		what    []string
		url     string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "wait",
		Short: "Wait until the database, the search server or the Extralit server is ready",
		Long: "wait returns as soon as every named service answers, or fails after --timeout. It is the\n" +
			"readiness step of the Procfile and container start scripts (never a blind sleep):\n" +
			"  db      the database answers (EXTRALIT_DATABASE_URL, or the SQLite file)\n" +
			"  search  the Elasticsearch/OpenSearch at EXTRALIT_ELASTICSEARCH answers, when\n" +
			"          EXTRALIT_SEARCH_ENGINE names one (nothing to wait for with the embedded engine)\n" +
			"  server  GET --url/api/v1/status answers 200 (the server has migrated the database)",
		Example: "  extralit wait --for db,search && extralit server --no-workers\n" +
			"  extralit wait --for server --url http://127.0.0.1:6900 && extralit worker --queues high",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			checks := map[string]func(context.Context) error{}
			for _, w := range what {
				switch w = strings.TrimSpace(w); w {
				case "db":
					checks[w] = func(ctx context.Context) error { return pingDB(ctx, g.cfg.Database()) }
				case "search":
					if !g.cfg.EmbeddedSearch() {
						// The engine's own handshake: it sends the credentials and
						// CA, and knows servers without GET / (Elastic's test zip).
						checks[w] = func(ctx context.Context) error {
							idx, err := g.openCluster(ctx)
							if err != nil {
								return err
							}
							return idx.Close()
						}
					}
				case "server":
					u := url
					if u == "" {
						u = fmt.Sprintf("http://127.0.0.1:%d", g.cfg.Port)
					}
					checks[w] = func(ctx context.Context) error { return getOK(ctx, strings.TrimRight(u, "/")+"/api/v1/status") }
				default:
					return fmt.Errorf("--for %q: use db, search or server", w)
				}
			}
			if len(what) == 0 {
				return fmt.Errorf("--for is required: name db, search or server")
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			log := g.logger(cmd.ErrOrStderr())
			for name, check := range checks {
				if err := waitFor(ctx, check); err != nil {
					return fmt.Errorf("%s is not ready after %v: %w", name, timeout, err)
				}
				log.Info("ready", "service", name)
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&what, "for", nil, "what to wait for: db, search, server (comma-separated or repeated)")
	cmd.Flags().StringVar(&url, "url", "", "the server's base URL for --for server (default http://127.0.0.1:EXTRALIT_PORT)")
	cmd.Flags().DurationVar(&timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

// waitFor retries check every 200 ms until it succeeds or ctx ends, and
// then returns the last failure.
func waitFor(ctx context.Context, check func(context.Context) error) error {
	for {
		err := check(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func pingDB(ctx context.Context, url string) error {
	st, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.Ping(ctx)
}

func getOK(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("bad URL %q: %w", url, err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s answered %s", url, res.Status)
	}
	return nil
}
