package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/config"
)

// startState is what `extralit start` adds to a server run.
type startState struct {
	enabled bool // the command is `start`: print the stack and how to sign in
}

func newStartCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the whole Extralit stack on this machine in one command",
		Long: "start runs everything in one process: the API and web UI, the search engine, and job\n" +
			"workers for every queue (high, default, ocr). With nothing set it keeps all data under\n" +
			"the home folder (SQLite, files, embedded search index). With EXTRALIT_DATABASE_URL,\n" +
			"EXTRALIT_S3_* or EXTRALIT_SEARCH_ENGINE + EXTRALIT_ELASTICSEARCH set it uses those instead.\n\n" +
			"It prints the URL and how to sign in. On the first start it creates the owner and\n" +
			"prints its password and API key once (see `extralit server --help`).",
		Example: "  extralit start\n  extralit start --host 0.0.0.0 --port 8080",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			g.start.enabled = true
			return runServer(cmd.Context(), g, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	addServerFlags(cmd, &g.cfg)
	cmd.Flags().IntVar(&g.jobs.numWorkers, "num-workers", 2, "jobs worked at the same time, per queue, by the in-process workers")
	return cmd
}

// afterListen prints, for `extralit start`, what runs and how to sign in.
func (g *globals) afterListen(w io.Writer, url string) {
	if !g.start.enabled {
		return
	}
	db := "SQLite under " + g.cfg.HomePath
	if strings.HasPrefix(g.cfg.DatabaseURL, "postgres") {
		db = "PostgreSQL (EXTRALIT_DATABASE_URL)"
	} else if g.cfg.DatabaseURL != "" {
		db = "SQLite " + strings.TrimPrefix(g.cfg.DatabaseURL, "sqlite://")
	}
	files := "local folder " + g.cfg.HomePath + "/storage"
	if g.cfg.S3Endpoint != "" {
		files = "S3 at " + g.cfg.S3Endpoint
	}
	searchEngine := "embedded, in memory, filled from the database at start"
	if g.cfg.SearchEngine == config.SearchEmbeddedDisk {
		searchEngine = "embedded, index under " + g.cfg.HomePath + "/search"
	} else if !g.cfg.EmbeddedSearch() {
		searchEngine = g.cfg.SearchEngine + " at " + g.cfg.ElasticsearchURL
	} else if g.cfg.ElasticsearchURL != "" {
		searchEngine += " (EXTRALIT_ELASTICSEARCH is set: add EXTRALIT_SEARCH_ENGINE=elasticsearch or opensearch to use it)"
	}
	fmt.Fprintf(w, "  database: %s\n  files:    %s\n  search:   %s\n  workers:  in this process, %d per queue (high, default, ocr)\n\n",
		db, files, searchEngine, g.jobs.numWorkers)
	fmt.Fprintf(w, "Open %s and sign in as the owner with the password printed on the first start\n"+
		"(or the one set by EXTRALIT_PASSWORD; `extralit users update NAME --password …` sets a new one).\n"+
		"From Python: ex.Extralit(api_url=%q, api_key=\"<the owner's API key>\")\n", url, url)
}

// spaceSettings adds to GET /api/v1/settings what the UI needs to know
// about a Hugging Face Space: its identity and whether to warn that data is
// on temporary storage.
func (g *globals) spaceSettings() func(context.Context) map[string]any {
	s := g.deploy.Space
	warn := g.cfg.ShowStorageWarning && g.deploy.TemporaryStorage(g.cfg)
	return func(context.Context) map[string]any {
		out := map[string]any{"extralit": map[string]any{
			"share_your_progress_enabled":                       false,
			"show_huggingface_space_persistent_storage_warning": warn,
		}}
		if s.OnSpace() {
			out["huggingface"] = map[string]any{
				"space_id": s.ID, "space_title": s.Title, "space_subdomain": s.Subdomain, "space_host": s.Host,
				"space_repo_name": s.RepoName, "space_author_name": s.Author,
				"space_persistent_storage_enabled": s.PersistentStorage,
			}
		}
		return out
	}
}

// warnTemporaryStorage logs, on a Space whose data would be lost on
// restart, what to attach to keep it.
func (g *globals) warnTemporaryStorage(log *slog.Logger) {
	if !g.deploy.TemporaryStorage(g.cfg) {
		return
	}
	log.Warn("this Space keeps its data on temporary storage: everything is lost when the Space restarts; "+
		"attach persistent storage (/data) in the Space settings or set EXTRALIT_DATABASE_URL and EXTRALIT_S3_* to external services",
		"space", g.deploy.Space.ID, "home", g.cfg.HomePath)
}
