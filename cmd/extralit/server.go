package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/config"
	"github.com/extralit/extralit-go/internal/httpapi"
	"github.com/extralit/extralit-go/internal/oauth"
	"github.com/extralit/extralit-go/internal/service"
	"github.com/extralit/extralit-go/web"
)

func newServerCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Serve the API and the web UI",
		Long: "server serves the REST API under /api/v1 and the web UI.\n\n" +
			"On first start with an empty database it creates an owner from EXTRALIT_USERNAME,\n" +
			"EXTRALIT_PASSWORD and EXTRALIT_API_KEY and a workspace EXTRALIT_WORKSPACE (default\n" +
			"extralit) with the owner in it. Without those variables it generates a strong password\n" +
			"and API key and prints them once.\n\n" +
			"Sign-in with Hugging Face or GitHub is on when OAUTH2_HUGGINGFACE_CLIENT_ID/SECRET,\n" +
			"OAUTH2_GITHUB_CLIENT_ID/SECRET, a Space's OAUTH_CLIENT_ID (hf_oauth: true) or an\n" +
			".oauth.yaml in the home folder (EXTRALIT_AUTH_OAUTH_CFG) name a provider; see docs/oauth.md.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServer(cmd.Context(), g, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	addServerFlags(cmd, &g.cfg)
	addServerJobsFlags(cmd, &g.jobs)
	return cmd
}

func addServerFlags(cmd *cobra.Command, cfg *config.Config) {
	f := cmd.Flags()
	f.StringVar(&cfg.Host, "host", cfg.Host, "address to listen on (env EXTRALIT_HOST)")
	f.IntVar(&cfg.Port, "port", cfg.Port, "port to listen on, 0 for any free port (env EXTRALIT_PORT)")
	f.BoolVar(&cfg.Quickstart, "quickstart", false, "seed the well-known demo account extralit / 12345678 / extralit.apikey (never in production)")
}

// runServer runs the server until ctx is cancelled, then shuts down in
// order: HTTP first, then the job workers, then the database.
func runServer(ctx context.Context, g *globals, stdout, stderr io.Writer) error {
	log := g.logger(stderr)
	g.warnTemporaryStorage(log)
	if err := startPprof(ctx, g.cfg.PprofAddr, log); err != nil {
		return fmt.Errorf("EXTRALIT_PPROF_ADDR: %w", err)
	}
	svc, st, err := g.openService(ctx, log)
	if err != nil {
		return err
	}
	defer st.Close()
	idx, err := g.openSearch(ctx)
	if err != nil {
		return err
	}
	defer idx.Close()
	svc.SetIndex(idx)
	if err := g.fillSearch(ctx, svc, log); err != nil {
		return err
	}
	// Applies what worker processes queued for the index; stopped after
	// the job workers (deferred later, so run earlier) and before the
	// index closes.
	defer startOutboxApplier(ctx, g, svc, st, log)()
	blobs, err := g.openBlobs(ctx)
	if err != nil {
		return err
	}
	defer blobs.Close()
	svc.SetBlobs(blobs)

	if err := seedFirstOwner(ctx, g, svc, stdout, log); err != nil {
		return err
	}
	jc, stopJobs, err := startServerJobs(ctx, g, svc, st, log)
	if err != nil {
		return err
	}
	defer stopJobs() // after HTTP has shut down, before the database closes

	oauthCfg, err := oauth.Load(&g.cfg)
	if err != nil {
		return err
	}
	signIn := oauth.New(oauthCfg, svc, log, oauth.Options{BasePath: g.cfg.BaseURL})
	if err := signIn.Start(ctx); err != nil {
		return err
	}

	api := httpapi.New(svc, log, httpapi.Options{
		Version:          version,
		MaxJSONBodyBytes: g.cfg.MaxJSONBodyBytes,
		MaxUploadBytes:   g.cfg.MaxUploadBytes,
		CORSOrigins:      g.cfg.CORSOrigins,
		Settings:         mergeSettings(g.spaceSettings(), signIn.Settings),
		Status: func(ctx context.Context) map[string]any {
			return map[string]any{
				"database":      map[string]any{"status": "ok", "engine": string(st.Engine())},
				"search_engine": searchStatus(ctx, idx),
				"storage":       map[string]any{"type": storageType(g.cfg)},
			}
		},
	})
	signIn.Register(api)
	registerTestJobRoutes(api, svc, jc, g.cfg.TestJobs)
	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	mux.Handle("/", web.Handler())

	ln, err := net.Listen("tcp", g.cfg.Addr())
	if err != nil {
		return fmt.Errorf("listen on %s: %w", g.cfg.Addr(), err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	url := "http://" + displayAddr(ln.Addr().String())
	log.Info("server listening", "url", url, "database", string(st.Engine()), "home", g.cfg.HomePath, "version", version)
	fmt.Fprintf(stdout, "Extralit is serving at %s\n", url)
	g.afterListen(stdout, url)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down HTTP server: %w", err)
	}
	log.Info("stopped")
	return nil
}

// displayAddr turns a listen address into one a browser can open.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// seedFirstOwner creates the first owner on an empty database and prints
// its credentials once on stdout (never to the log).
func seedFirstOwner(ctx context.Context, g *globals, svc *service.Service, stdout io.Writer, log *slog.Logger) error {
	seed := service.Seed{
		Username: g.cfg.SeedUsername, FirstName: g.cfg.SeedFirstName, Password: g.cfg.SeedPassword,
		APIKey: g.cfg.SeedAPIKey, Workspace: g.cfg.SeedWorkspace,
	}
	if g.cfg.Quickstart {
		q := service.QuickstartSeed
		if seed.Username == "" {
			seed.Username = q.Username
		}
		if seed.Password == "" {
			seed.Password = q.Password
		}
		if seed.APIKey == "" {
			seed.APIKey = q.APIKey
		}
	}
	res, err := svc.EnsureFirstOwner(ctx, seed)
	if err != nil {
		return err
	}
	if !res.Created {
		if g.cfg.Quickstart {
			log.Warn("--quickstart has no effect: the database already has users")
		}
		return nil
	}
	log.Info("first owner created", "username", res.User.Username, "workspace", g.cfg.SeedWorkspace)
	var b strings.Builder
	fmt.Fprintf(&b, "\nCreated the first owner %q", res.User.Username)
	if res.Workspace != nil {
		fmt.Fprintf(&b, " in workspace %q", res.Workspace.Name)
	}
	b.WriteString(".\n")
	if g.cfg.Quickstart {
		b.WriteString("WARNING: --quickstart uses the well-known demo credentials below. Anyone who can reach\n" +
			"this server can sign in with them. Never use --quickstart for real data.\n")
	}
	if res.PasswordGenerated || g.cfg.Quickstart {
		fmt.Fprintf(&b, "  password: %s\n", res.Password)
	}
	if res.APIKeyGenerated || g.cfg.Quickstart {
		fmt.Fprintf(&b, "  API key:  %s\n", res.APIKey)
	}
	if res.PasswordGenerated || res.APIKeyGenerated {
		b.WriteString("These generated credentials are shown only now; store them safely.\n" +
			"(Set EXTRALIT_USERNAME, EXTRALIT_PASSWORD and EXTRALIT_API_KEY to choose them instead.)\n")
	}
	b.WriteString("\n")
	_, _ = io.WriteString(stdout, b.String())
	return nil
}

func storageType(cfg config.Config) string {
	if cfg.S3Endpoint != "" {
		return "s3"
	}
	return "local"
}

// mergeSettings combines the keys several features add to /api/v1/settings.
func mergeSettings(fns ...func(context.Context) map[string]any) func(context.Context) map[string]any {
	return func(ctx context.Context) map[string]any {
		out := map[string]any{}
		for _, fn := range fns {
			for k, v := range fn(ctx) {
				out[k] = v
			}
		}
		return out
	}
}
