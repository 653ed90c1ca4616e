// Package hfspace creates and updates a Hugging Face Space through the Hub's
// HTTP API: create the repository, commit files, set secrets and variables,
// and read the Space's runtime stage.
package hfspace

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Client talks to one Hub with one token.
type Client struct {
	// BaseURL is the Hub, https://huggingface.co by default.
	BaseURL string
	Token   string
	HTTP    *http.Client
}

// File is one file of a commit.
type File struct {
	Path    string
	Content []byte
}

// Runtime is the part of a Space's runtime the deploy command reads.
type Runtime struct {
	// Stage is e.g. BUILDING, RUNNING, BUILD_ERROR, RUNTIME_ERROR.
	Stage string `json:"stage"`
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$`)

// CheckID returns an error unless id is "owner/name".
func CheckID(id string) error {
	if !idRE.MatchString(id) || strings.Contains(id, "..") {
		return fmt.Errorf("space %q: want OWNER/NAME with letters, digits, '-', '_' or '.'", id)
	}
	return nil
}

// Host returns the Space's default host name, owner-name.hf.space in lower
// case with '_' and '.' turned into '-'.
func Host(id string) string {
	r := strings.NewReplacer("/", "-", "_", "-", ".", "-")
	return strings.ToLower(r.Replace(id)) + ".hf.space"
}

// CreateSpace creates a Docker Space. It reports false, and no error, when
// the Space already exists (the repository is then updated by Commit).
func (c *Client) CreateSpace(ctx context.Context, id string, private bool) (bool, error) {
	owner, name, _ := strings.Cut(id, "/")
	body := map[string]any{"type": "space", "name": name, "organization": owner, "private": private, "sdk": "docker"}
	status, err := c.do(ctx, http.MethodPost, "/api/repos/create", "application/json", jsonBody(body), http.StatusConflict)
	if err != nil {
		return false, fmt.Errorf("create space %s: %w", id, err)
	}
	return status != http.StatusConflict, nil
}

// Commit writes files to the Space's main branch in one commit.
func (c *Client) Commit(ctx context.Context, id, summary string, files []File) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	lines := []any{map[string]any{"key": "header", "value": map[string]any{"summary": summary, "description": ""}}}
	for _, f := range files {
		lines = append(lines, map[string]any{"key": "file", "value": map[string]any{
			"path": f.Path, "encoding": "base64", "content": base64.StdEncoding.EncodeToString(f.Content)}})
	}
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("encode commit: %w", err)
		}
	}
	if _, err := c.do(ctx, http.MethodPost, "/api/spaces/"+id+"/commit/main", "application/x-ndjson", &b); err != nil {
		return fmt.Errorf("commit to space %s: %w", id, err)
	}
	return nil
}

// SetSecret adds or replaces a secret of the Space.
func (c *Client) SetSecret(ctx context.Context, id, key, value string) error {
	if _, err := c.do(ctx, http.MethodPost, "/api/spaces/"+id+"/secrets", "application/json",
		jsonBody(map[string]string{"key": key, "value": value})); err != nil {
		return fmt.Errorf("set secret %s of space %s: %w", key, id, err)
	}
	return nil
}

// SetVariable adds or replaces a public variable of the Space.
func (c *Client) SetVariable(ctx context.Context, id, key, value string) error {
	if _, err := c.do(ctx, http.MethodPost, "/api/spaces/"+id+"/variables", "application/json",
		jsonBody(map[string]string{"key": key, "value": value})); err != nil {
		return fmt.Errorf("set variable %s of space %s: %w", key, id, err)
	}
	return nil
}

// Runtime reads the Space's runtime stage.
func (c *Client) Runtime(ctx context.Context, id string) (Runtime, error) {
	var rt Runtime
	req, err := c.request(ctx, http.MethodGet, "/api/spaces/"+id+"/runtime", "", nil)
	if err != nil {
		return rt, err
	}
	res, err := c.httpClient().Do(req)
	if err != nil {
		return rt, fmt.Errorf("read runtime of space %s: %w", id, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return rt, fmt.Errorf("read runtime of space %s: %w", id, hubError(res))
	}
	if err := json.NewDecoder(res.Body).Decode(&rt); err != nil {
		return rt, fmt.Errorf("read runtime of space %s: decode: %w", id, err)
	}
	return rt, nil
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) request(ctx context.Context, method, path, contentType string, body io.Reader) (*http.Request, error) {
	base, err := url.Parse(strings.TrimRight(c.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("hub URL %q is not an absolute http(s) URL", c.BaseURL)
	}
	req, err := http.NewRequestWithContext(ctx, method, base.String()+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req, nil
}

// do sends a request and accepts 2xx plus the extra statuses given.
func (c *Client) do(ctx context.Context, method, path, contentType string, body io.Reader, accept ...int) (int, error) {
	req, err := c.request(ctx, method, path, contentType, body)
	if err != nil {
		return 0, err
	}
	res, err := c.httpClient().Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	ok := res.StatusCode/100 == 2
	for _, s := range accept {
		ok = ok || res.StatusCode == s
	}
	if !ok {
		return res.StatusCode, hubError(res)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}

// hubError turns a failed answer into an error with the Hub's message.
func hubError(res *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	var m struct {
		Error string `json:"error"`
	}
	msg := strings.TrimSpace(string(data))
	if json.Unmarshal(data, &m) == nil && m.Error != "" {
		msg = m.Error
	}
	hint := ""
	if res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden {
		hint = " (check the token: it needs write access, from https://huggingface.co/settings/tokens)"
	}
	return fmt.Errorf("the Hub answered %s: %s%s", res.Status, msg, hint)
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}
