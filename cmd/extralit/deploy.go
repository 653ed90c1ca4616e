package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/deploy"
	"github.com/extralit/extralit-go/internal/hfspace"
)

// spaceFlags are the settings of `extralit deploy spaces`.
type spaceFlags struct {
	space, token, hubURL, spaceURL, apiKey, username, image string
	private                                                 bool
	wait                                                    time.Duration
}

func newDeployCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "deploy", Short: "Deploy Extralit to a hosting service"}
	var f spaceFlags
	spaces := &cobra.Command{
		Use:   "spaces",
		Short: "Create or update a Hugging Face Space that runs Extralit",
		Long: "spaces creates the Space OWNER/NAME (Docker SDK) or updates it if it exists, uploads the\n" +
			"bundle (deploy/hf-space: README.md, Dockerfile, start.sh, and the Procfile), sets the\n" +
			"secrets EXTRALIT_API_KEY and EXTRALIT_PASSWORD (generated, for a new Space; an existing\n" +
			"Space keeps its secrets unless --api-key is given) and the variable USERNAME (the owner\n" +
			"who signs in), then waits until the Space answers /api/v1/status and prints its URL\n" +
			"and API key. The token needs write access (--token or HF_TOKEN).",
		Example: "  extralit deploy spaces --space ada/extralit --private",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.token == "" {
				f.token = g.deploy.HFToken
			}
			return deploySpace(cmd.Context(), f, cmd.OutOrStdout(), g.logger(cmd.ErrOrStderr()).Info)
		},
	}
	fl := spaces.Flags()
	fl.StringVar(&f.space, "space", "", "the Space to create or update, OWNER/NAME (required)")
	fl.StringVar(&f.token, "token", "", "Hugging Face token with write access (default env HF_TOKEN)")
	fl.BoolVar(&f.private, "private", false, "make a new Space private")
	fl.StringVar(&f.hubURL, "hub-url", "https://huggingface.co", "the Hugging Face Hub")
	fl.StringVar(&f.spaceURL, "space-url", "", "the Space's URL (default https://OWNER-NAME.hf.space)")
	fl.StringVar(&f.apiKey, "api-key", "", "the owner's API key (default: a new random one)")
	fl.StringVar(&f.username, "username", "", "the owner's username, who signs in with Hugging Face (default OWNER)")
	fl.StringVar(&f.image, "image", "", "Extralit image the Space builds on (sets the variable EXTRALIT_IMAGE)")
	fl.DurationVar(&f.wait, "wait", 20*time.Minute, "how long to wait for the Space to build and answer (0: do not wait)")
	cmd.AddCommand(spaces)
	return cmd
}

// deploySpace runs the steps of `deploy spaces`; logf reports progress.
func deploySpace(ctx context.Context, f spaceFlags, out io.Writer, logf func(string, ...any)) error {
	if f.space == "" {
		return fmt.Errorf("--space OWNER/NAME is required")
	}
	if err := hfspace.CheckID(f.space); err != nil {
		return err
	}
	if f.token == "" {
		return fmt.Errorf("no Hugging Face token: pass --token or set HF_TOKEN (create one with write access at https://huggingface.co/settings/tokens)")
	}
	owner, _, _ := strings.Cut(f.space, "/")
	if f.username == "" {
		f.username = owner
	}
	hub := &hfspace.Client{BaseURL: f.hubURL, Token: f.token, HTTP: &http.Client{Timeout: 2 * time.Minute}}
	created, err := hub.CreateSpace(ctx, f.space, f.private)
	if err != nil {
		return err
	}
	logf("space ready for upload", "space", f.space, "created", created)
	files, err := bundleFiles()
	if err != nil {
		return err
	}
	if err := hub.Commit(ctx, f.space, "Deploy Extralit "+version, files); err != nil {
		return err
	}
	logf("bundle uploaded", "files", len(files))
	// A new Space gets generated credentials. An existing one keeps its
	// secrets unless --api-key is given: its owner already exists, so new
	// secrets would print credentials that do not work.
	var secrets [][2]string
	password := ""
	switch {
	case created:
		password = randomSecret()
		if f.apiKey == "" {
			f.apiKey = randomSecret()
		}
		secrets = [][2]string{{"EXTRALIT_API_KEY", f.apiKey}, {"EXTRALIT_PASSWORD", password}}
	case f.apiKey != "":
		secrets = [][2]string{{"EXTRALIT_API_KEY", f.apiKey}}
	}
	for _, s := range secrets {
		if err := hub.SetSecret(ctx, f.space, s[0], s[1]); err != nil {
			return err
		}
	}
	vars := [][2]string{{"USERNAME", f.username}, {"EXTRALIT_USERNAME", f.username}}
	if f.image != "" {
		vars = append(vars, [2]string{"EXTRALIT_IMAGE", f.image})
	}
	for _, v := range vars {
		if err := hub.SetVariable(ctx, f.space, v[0], v[1]); err != nil {
			return err
		}
	}
	url := strings.TrimRight(f.spaceURL, "/")
	if url == "" {
		url = "https://" + hfspace.Host(f.space)
	}
	if f.wait > 0 {
		if err := waitForSpace(ctx, hub, f.space, url, f.wait, logf); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Extralit is deployed at %s\n  owner:    %s (signs in with Hugging Face)\n", url, f.username)
	if f.apiKey == "" {
		fmt.Fprintf(out, "The Space existed: it keeps its secrets (EXTRALIT_API_KEY in its settings).\n"+
			"From Python: ex.Extralit(api_url=%q, api_key=\"<the owner's API key>\")\n", url)
		return nil
	}
	fmt.Fprintf(out, "  API key:  %s\n", f.apiKey)
	if password != "" {
		fmt.Fprintf(out, "  password: %s\n", password)
	}
	fmt.Fprintf(out, "They are stored as Space secrets and shown only now.\nFrom Python: ex.Extralit(api_url=%q, api_key=%q)\n", url, f.apiKey)
	if !created {
		fmt.Fprintln(out, "(The Space existed: its owner was created on its first start, so this API key applies only once its database is new.)")
	}
	return nil
}

// waitForSpace waits until the Space's runtime is RUNNING and its server
// answers /api/v1/status; a build or runtime error ends the wait.
func waitForSpace(ctx context.Context, hub *hfspace.Client, id, url string, within time.Duration, logf func(string, ...any)) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	last := ""
	err := waitFor(ctx, func(ctx context.Context) error {
		rt, err := hub.Runtime(ctx, id)
		if err != nil {
			return err
		}
		if rt.Stage != last {
			logf("space stage", "stage", rt.Stage)
			last = rt.Stage
		}
		if strings.HasSuffix(rt.Stage, "_ERROR") {
			cancel() // no point waiting: reported below through last
			return fmt.Errorf("the Space is %s", rt.Stage)
		}
		if rt.Stage != "RUNNING" {
			return fmt.Errorf("the Space is %s", rt.Stage)
		}
		return getOK(ctx, url+"/api/v1/status")
	})
	if strings.HasSuffix(last, "_ERROR") {
		return fmt.Errorf("the Space %s failed with stage %s: see its logs at https://huggingface.co/spaces/%s", id, last, id)
	}
	if err != nil {
		return fmt.Errorf("the Space %s did not answer within %v: %w", id, within, err)
	}
	return nil
}

// bundleFiles returns the Space bundle with paths as they go in the Space.
func bundleFiles() ([]hfspace.File, error) {
	var files []hfspace.File
	err := fs.WalkDir(deploy.SpaceBundle, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(deploy.SpaceBundle, p)
		if err != nil {
			return err
		}
		files = append(files, hfspace.File{Path: strings.TrimPrefix(p, "hf-space/"), Content: data})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the Space bundle: %w", err)
	}
	for _, f := range files {
		if path.Base(f.Path) == "README.md" && !strings.Contains(string(f.Content), "sdk: docker") {
			return nil, fmt.Errorf("the Space bundle's README.md lacks 'sdk: docker'")
		}
	}
	return files, nil
}

func randomSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
