package elastic

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

// Flavor names the engine behind the URL.
type Flavor string

// The flavors.
const (
	Elasticsearch Flavor = "elasticsearch"
	OpenSearch    Flavor = "opensearch"
)

// client sends JSON requests to one cluster and translates its errors.
type client struct {
	base    *url.URL
	http    *http.Client
	headers http.Header
}

func newClient(o Options) (*client, error) {
	if o.URL == "" {
		return nil, errors.New("elastic: no cluster URL (set EXTRALIT_ELASTICSEARCH)")
	}
	u, err := url.Parse(strings.TrimRight(o.URL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("elastic: cluster URL %q must look like http://host:9200 or https://host:9200", o.URL)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	switch {
	case o.APIKey != "":
		h.Set("Authorization", "ApiKey "+o.APIKey)
	case o.Username != "":
		req := &http.Request{Header: http.Header{}}
		req.SetBasicAuth(o.Username, o.Password)
		h.Set("Authorization", req.Header.Get("Authorization"))
	case u.User != nil:
		pw, _ := u.User.Password()
		req := &http.Request{Header: http.Header{}}
		req.SetBasicAuth(u.User.Username(), pw)
		h.Set("Authorization", req.Header.Get("Authorization"))
	}
	u.User = nil
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	if o.CAPath != "" {
		pem, err := os.ReadFile(o.CAPath)
		if err != nil {
			return nil, fmt.Errorf("elastic: read CA certificate (EXTRALIT_ELASTICSEARCH_CA_PATH): %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("elastic: %s holds no PEM certificate", o.CAPath)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	return &client{base: u, http: &http.Client{Transport: tr, Timeout: timeout}, headers: h}, nil
}

// apiError is an error answer of the cluster.
type apiError struct {
	Status int
	Type   string
	Reason string
}

func (e *apiError) Error() string {
	if e.Type == "" {
		return fmt.Sprintf("HTTP %d: %s", e.Status, e.Reason)
	}
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Type, e.Reason)
}

// do sends body (marshalled to JSON unless it is a []byte) and decodes the
// answer into out, when out is not nil. Errors are translated with
// translate.
func (c *client) do(ctx context.Context, method, path string, body, out any) error {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode request to %s: %w", path, err)
		}
		r = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, r)
	if err != nil {
		return fmt.Errorf("build request %s %s: %w", method, path, err)
	}
	for k, v := range c.headers {
		req.Header[k] = v
	}
	if _, ok := body.([]byte); ok {
		req.Header.Set("Content-Type", "application/x-ndjson")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return unavailable(c.base.Host, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return unavailable(c.base.Host, err)
	}
	if resp.StatusCode >= 300 {
		return parseError(resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decode answer of %s %s: %w", method, path, err)
	}
	return nil
}

// unavailable wraps a transport failure as search.ErrUnavailable.
func unavailable(host string, err error) error {
	var ne net.Error
	if errors.Is(err, context.Canceled) {
		return err
	}
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%w: the search cluster at %s did not answer in time: %v", search.ErrUnavailable, host, err)
	}
	return fmt.Errorf("%w: the search cluster at %s cannot be reached: %v", search.ErrUnavailable, host, err)
}

// parseError reads the cluster's error body: {"error": {"type", "reason",
// "root_cause": [...]}, "status"} or, for some answers, a plain string.
func parseError(status int, data []byte) error {
	var body struct {
		Error json.RawMessage `json:"error"`
	}
	e := &apiError{Status: status}
	if json.Unmarshal(data, &body) == nil && len(body.Error) > 0 {
		var detail struct {
			Type      string `json:"type"`
			Reason    string `json:"reason"`
			RootCause []struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"root_cause"`
			CausedBy *struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"caused_by"`
		}
		if json.Unmarshal(body.Error, &detail) == nil {
			e.Type, e.Reason = detail.Type, detail.Reason
			if detail.CausedBy != nil && detail.CausedBy.Reason != "" {
				e.Reason += " (" + detail.CausedBy.Reason + ")"
			}
			if len(detail.RootCause) > 0 && e.Type == "search_phase_execution_exception" {
				e.Type, e.Reason = detail.RootCause[0].Type, detail.RootCause[0].Reason
			}
		} else {
			_ = json.Unmarshal(body.Error, &e.Reason)
		}
	} else {
		e.Reason = strings.TrimSpace(string(data))
		if len(e.Reason) > 300 {
			e.Reason = e.Reason[:300] + "…"
		}
	}
	return translate(e)
}

// translate maps an error answer to the search error kinds.
func translate(e *apiError) error {
	switch {
	case e.Type == "index_not_found_exception":
		return fmt.Errorf("%w: %s", search.ErrIndexNotFound, e.Reason)
	case e.Type == "resource_already_exists_exception":
		return fmt.Errorf("%w: %s", search.ErrIndexExists, e.Reason)
	case e.Type == "cluster_block_exception" || strings.Contains(e.Reason, "read-only"):
		return fmt.Errorf("%w: the search cluster refuses writes (%s); free disk space or lift the block, then run `extralit reindex`",
			search.ErrUnavailable, e.Reason)
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		return fmt.Errorf("%w: the search cluster refused the credentials (check EXTRALIT_ELASTICSEARCH user, password or API key): %v",
			search.ErrUnavailable, e)
	case e.Status == http.StatusTooManyRequests || e.Status == http.StatusServiceUnavailable || e.Status == http.StatusBadGateway ||
		e.Status == http.StatusGatewayTimeout:
		return fmt.Errorf("%w: the search cluster is overloaded or not ready: %v", search.ErrUnavailable, e)
	}
	return e
}

// info is the answer of GET /.
type info struct {
	Version struct {
		Number       string `json:"number"`
		Distribution string `json:"distribution"`
	} `json:"version"`
	Tagline string `json:"tagline"`
}

// flavor tells OpenSearch from Elasticsearch.
func (i info) flavor() Flavor {
	if i.Version.Distribution == "opensearch" || strings.Contains(i.Tagline, "OpenSearch") {
		return OpenSearch
	}
	return Elasticsearch
}

// serverInfo reads the cluster's flavor and version from GET /. Since 8.8,
// Elasticsearch serves GET / from its rest-root module, which a
// distribution may leave out (Elastic's integ-test zip does): then GET / is
// 405 Method Not Allowed and the version comes from the local node's info.
// OpenSearch serves GET / from its core, so such a cluster is Elasticsearch.
func (c *client) serverInfo(ctx context.Context) (info, error) {
	var i info
	err := c.do(ctx, "GET", "/", nil, &i)
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != http.StatusMethodNotAllowed {
		return i, err
	}
	var nodes struct {
		Nodes map[string]struct {
			Version string `json:"version"`
		} `json:"nodes"`
	}
	if err := c.do(ctx, "GET", "/_nodes/_local?filter_path=nodes.*.version", nil, &nodes); err != nil {
		return i, fmt.Errorf("GET / is not served (%v), and the local node's info: %w", ae, err)
	}
	for _, n := range nodes.Nodes {
		i.Version.Number = n.Version
	}
	i.Version.Distribution = string(Elasticsearch)
	return i, nil
}
