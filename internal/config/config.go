// Package config holds the one Config struct of the extralit binary: its
// defaults, then the EXTRALIT_* environment, then command-line flags (which
// the cmd package binds directly to the struct's fields). It is the only code
// that knows environment variable names.
package config

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the server, workers and tools.
type Config struct {
	Host      string
	Port      int
	BaseURL   string
	HomePath  string
	LogFormat string // text or json
	LogLevel  string // debug, info, warn, error
	// PprofAddr, when set, serves Go's profiling endpoints
	// (/debug/pprof/) on this loopback address, for operators measuring
	// the server; never on the API port.
	PprofAddr string

	// DatabaseURL is postgresql://… or sqlite:///path; empty means the
	// SQLite file extralit.db under HomePath.
	DatabaseURL string

	// AuthSecretKey signs tokens. Empty means a secret generated once and
	// kept in the database, so tokens survive restarts.
	AuthSecretKey      string
	AccessTokenTTL     time.Duration
	RefreshTokenTTL    time.Duration
	MaxUploadBytes     int64
	MaxJSONBodyBytes   int64
	CORSOrigins        []string
	ShutdownTimeout    time.Duration
	SeedUsername       string
	SeedPassword       string
	SeedAPIKey         string
	SeedWorkspace      string
	SeedFirstName      string
	Quickstart         bool
	ShowStorageWarning bool

	// Job queue settings.
	JobsPollInterval   time.Duration
	JobsRescueAfter    time.Duration
	JobsStopTimeout    time.Duration
	WebhookRetryDelays []time.Duration
	TestJobs           bool
	// OutboxPollInterval is how often the index owner applies the search
	// outbox that worker processes write.
	OutboxPollInterval time.Duration
	// ImportIndexTimeout is how long an import job waits for its records'
	// outbox rows to make progress before it fails for want of a server.
	ImportIndexTimeout time.Duration

	// S3 settings; files go to S3 when S3Endpoint is set, else to the
	// storage folder under HomePath.
	S3Endpoint  string
	S3AccessKey string
	S3SecretKey string
	S3Region    string
	S3Bucket    string

	// SearchEngine is embedded (the default: an index in the server's
	// memory, filled from the database at start), embedded-disk (an index
	// under HomePath, for datasets larger than memory; only the server
	// process opens either), elasticsearch or opensearch (a cluster at
	// ElasticsearchURL that every process shares).
	SearchEngine          string
	ElasticsearchURL      string
	ElasticsearchCAPath   string
	ElasticsearchUsername string
	ElasticsearchPassword string
	ElasticsearchAPIKey   string
	// ElasticsearchKNNCandidates is how many neighbours a similarity
	// query's approximate k-NN search considers (at least the page's end):
	// more finds more of the true nearest records, more slowly.
	ElasticsearchKNNCandidates int
	// OAuth holds the sign-in providers' settings (see internal/oauth).
	OAuth OAuth
}

// OAuth is what the environment says about signing in with Hugging Face and
// GitHub. The .oauth.yaml file named by ConfigFile adds to it.
type OAuth struct {
	// ConfigFile is the providers file; empty means .oauth.yaml in the
	// home path, which may be absent.
	ConfigFile        string
	HuggingFaceID     string
	HuggingFaceSecret string
	HuggingFaceScope  string
	HuggingFaceOrgs   []string
	GitHubID          string
	GitHubSecret      string
	GitHubScope       string
	SpaceClientID     string // OAUTH_CLIENT_ID, injected by a Space with hf_oauth: true
	SpaceClientSecret string // OAUTH_CLIENT_SECRET
	SpaceScopes       string // OAUTH_SCOPES
	SpaceProviderURL  string // OPENID_PROVIDER_URL
	SpaceHost         string // SPACE_HOST
	// OwnerUsername is the username that becomes owner on first OAuth
	// sign-in (the Space owner): USERNAME, else EXTRALIT_USERNAME.
	OwnerUsername string
}

// The search engines SearchEngine accepts.
const (
	SearchEmbedded      = "embedded"
	SearchEmbeddedDisk  = "embedded-disk"
	SearchElasticsearch = "elasticsearch"
	SearchOpenSearch    = "opensearch"
)

// EmbeddedSearch reports whether the search engine runs inside the server
// process (in memory or on disk), so that only the server may use it.
func (c *Config) EmbeddedSearch() bool {
	return c.SearchEngine == SearchEmbedded || c.SearchEngine == SearchEmbeddedDisk
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		home = "."
	}
	return Config{
		Host:               "127.0.0.1",
		Port:               6900,
		BaseURL:            "/",
		HomePath:           filepath.Join(home, ".extralit"),
		LogFormat:          "text",
		LogLevel:           "info",
		AccessTokenTTL:     30 * time.Minute,
		RefreshTokenTTL:    30 * 24 * time.Hour,
		MaxUploadBytes:     100 << 20,
		MaxJSONBodyBytes:   64 << 20,
		CORSOrigins:        []string{"*"},
		ShutdownTimeout:    20 * time.Second,
		SeedWorkspace:      "extralit",
		S3Bucket:           "extralit",
		JobsPollInterval:   time.Second,
		JobsRescueAfter:    2 * time.Minute,
		JobsStopTimeout:    30 * time.Second,
		OutboxPollInterval: 250 * time.Millisecond,
		ImportIndexTimeout: 2 * time.Minute,
		ShowStorageWarning: true,
		SearchEngine:       SearchEmbedded,
	}
}

// FromEnv returns the defaults overridden by the environment that getenv
// reads (os.Getenv in production, a map in tests).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Default()
	str := func(dst *string, keys ...string) {
		for _, k := range keys {
			if v := getenv(k); v != "" {
				*dst = v
				return
			}
		}
	}
	var errs []string
	integer := func(dst *int, key string) {
		if v := getenv(key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q is not a whole number", key, v))
				return
			}
			*dst = n
		}
	}
	bytes := func(dst *int64, key string) {
		if v := getenv(key); v != "" {
			n, err := ParseSize(v)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", key, err))
				return
			}
			*dst = n
		}
	}
	boolean := func(dst *bool, key string) {
		if v := getenv(key); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q is not true or false", key, v))
				return
			}
			*dst = b
		}
	}
	str(&c.Host, "EXTRALIT_HOST")
	integer(&c.Port, "EXTRALIT_PORT")
	str(&c.BaseURL, "EXTRALIT_BASE_URL")
	str(&c.HomePath, "EXTRALIT_HOME_PATH")
	str(&c.LogFormat, "EXTRALIT_LOG_FORMAT")
	str(&c.LogLevel, "EXTRALIT_LOG_LEVEL")
	str(&c.PprofAddr, "EXTRALIT_PPROF_ADDR")
	str(&c.DatabaseURL, "EXTRALIT_DATABASE_URL")
	str(&c.AuthSecretKey, "EXTRALIT_AUTH_SECRET_KEY")
	bytes(&c.MaxUploadBytes, "EXTRALIT_MAX_UPLOAD_SIZE")
	// The reference's Space start script names the first owner USERNAME,
	// PASSWORD, API_KEY and WORKSPACE; the EXTRALIT_ names win.
	str(&c.SeedUsername, "EXTRALIT_USERNAME", "USERNAME")
	str(&c.SeedPassword, "EXTRALIT_PASSWORD", "PASSWORD")
	str(&c.SeedAPIKey, "EXTRALIT_API_KEY", "API_KEY")
	str(&c.SeedWorkspace, "EXTRALIT_WORKSPACE", "WORKSPACE")
	str(&c.SeedFirstName, "EXTRALIT_FIRST_NAME")
	str(&c.S3Endpoint, "EXTRALIT_S3_ENDPOINT")
	str(&c.S3AccessKey, "EXTRALIT_S3_ACCESS_KEY")
	str(&c.S3SecretKey, "EXTRALIT_S3_SECRET_KEY")
	str(&c.S3Region, "EXTRALIT_S3_REGION")
	str(&c.S3Bucket, "EXTRALIT_S3_BUCKET")
	str(&c.SearchEngine, "EXTRALIT_SEARCH_ENGINE")
	str(&c.ElasticsearchURL, "EXTRALIT_ELASTICSEARCH")
	str(&c.ElasticsearchCAPath, "EXTRALIT_ELASTICSEARCH_CA_PATH")
	str(&c.ElasticsearchUsername, "EXTRALIT_ELASTICSEARCH_USERNAME")
	str(&c.ElasticsearchPassword, "EXTRALIT_ELASTICSEARCH_PASSWORD")
	str(&c.ElasticsearchAPIKey, "EXTRALIT_ELASTICSEARCH_API_KEY")
	integer(&c.ElasticsearchKNNCandidates, "EXTRALIT_ELASTICSEARCH_KNN_CANDIDATES")
	duration := func(dst *time.Duration, key string) {
		if v := getenv(key); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Sprintf("%s=%q is not a positive duration such as 500ms or 2m", key, v))
				return
			}
			*dst = d
		}
	}
	duration(&c.JobsPollInterval, "EXTRALIT_JOBS_POLL_INTERVAL")
	duration(&c.JobsRescueAfter, "EXTRALIT_JOBS_RESCUE_AFTER")
	duration(&c.JobsStopTimeout, "EXTRALIT_JOBS_STOP_TIMEOUT")
	duration(&c.OutboxPollInterval, "EXTRALIT_SEARCH_OUTBOX_INTERVAL")
	duration(&c.ImportIndexTimeout, "EXTRALIT_IMPORT_INDEX_TIMEOUT")
	if v := getenv("EXTRALIT_WEBHOOK_RETRY_DELAYS"); v != "" {
		for _, p := range strings.Split(v, ",") {
			d, err := time.ParseDuration(strings.TrimSpace(p))
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Sprintf("EXTRALIT_WEBHOOK_RETRY_DELAYS=%q: %q is not a positive duration (write e.g. 10s,60s,180s)", v, p))
				break
			}
			c.WebhookRetryDelays = append(c.WebhookRetryDelays, d)
		}
	}
	c.TestJobs = getenv("EXTRALIT_TEST_JOBS") == "1"
	boolean(&c.ShowStorageWarning, "EXTRALIT_SHOW_HUGGINGFACE_SPACE_PERSISTENT_STORAGE_WARNING")
	if v := getenv("EXTRALIT_CORS_ORIGINS"); v != "" {
		c.CORSOrigins = splitList(v)
	}
	o := &c.OAuth
	str(&o.ConfigFile, "EXTRALIT_AUTH_OAUTH_CFG")
	str(&o.HuggingFaceID, "OAUTH2_HUGGINGFACE_CLIENT_ID")
	str(&o.HuggingFaceSecret, "OAUTH2_HUGGINGFACE_CLIENT_SECRET")
	str(&o.HuggingFaceScope, "OAUTH2_HUGGINGFACE_SCOPE")
	o.HuggingFaceOrgs = splitList(getenv("OAUTH2_HUGGINGFACE_ALLOWED_ORGS"))
	str(&o.GitHubID, "OAUTH2_GITHUB_CLIENT_ID")
	str(&o.GitHubSecret, "OAUTH2_GITHUB_CLIENT_SECRET")
	str(&o.GitHubScope, "OAUTH2_GITHUB_SCOPE")
	str(&o.SpaceClientID, "OAUTH_CLIENT_ID")
	str(&o.SpaceClientSecret, "OAUTH_CLIENT_SECRET")
	str(&o.SpaceScopes, "OAUTH_SCOPES")
	str(&o.SpaceProviderURL, "OPENID_PROVIDER_URL")
	str(&o.SpaceHost, "SPACE_HOST")
	str(&o.OwnerUsername, "USERNAME", "EXTRALIT_USERNAME")
	if len(errs) > 0 {
		return c, fmt.Errorf("invalid environment: %s", strings.Join(errs, "; "))
	}
	return c, nil
}

// Validate checks the settings once they are all known.
func (c *Config) Validate() error {
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("port %d is out of range 0-65535", c.Port)
	}
	if c.ElasticsearchKNNCandidates < 0 || c.ElasticsearchKNNCandidates > 10000 {
		return fmt.Errorf("EXTRALIT_ELASTICSEARCH_KNN_CANDIDATES=%d: use 1 to 10000 (0 means the default, 100)", c.ElasticsearchKNNCandidates)
	}
	if err := checkLoopback(c.PprofAddr); err != nil {
		return fmt.Errorf("EXTRALIT_PPROF_ADDR: %w", err)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("log format %q: use text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	if c.HomePath == "" {
		return fmt.Errorf("home path is empty")
	}
	if c.S3Endpoint != "" && (c.S3AccessKey == "" || c.S3SecretKey == "") {
		return fmt.Errorf("EXTRALIT_S3_ENDPOINT is set: EXTRALIT_S3_ACCESS_KEY and EXTRALIT_S3_SECRET_KEY must be set too")
	}
	switch c.SearchEngine {
	case SearchEmbedded, SearchEmbeddedDisk:
	case SearchElasticsearch, SearchOpenSearch:
		if c.ElasticsearchURL == "" {
			// The reference's default address.
			c.ElasticsearchURL = "http://localhost:9200"
		}
	default:
		return fmt.Errorf("EXTRALIT_SEARCH_ENGINE=%q: use %s, %s, %s or %s", c.SearchEngine,
			SearchEmbedded, SearchEmbeddedDisk, SearchElasticsearch, SearchOpenSearch)
	}
	if !strings.HasPrefix(c.BaseURL, "/") {
		c.BaseURL = "/" + c.BaseURL
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	return nil
}

// OAuthConfigFile is the .oauth.yaml to read and whether it was named
// explicitly (an explicitly named file must exist).
func (c *Config) OAuthConfigFile() (path string, explicit bool) {
	if c.OAuth.ConfigFile != "" {
		return c.OAuth.ConfigFile, true
	}
	return filepath.Join(c.HomePath, ".oauth.yaml"), false
}

// Database returns the database URL, defaulting to SQLite under the home path.
func (c *Config) Database() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite://" + filepath.Join(c.HomePath, "extralit.db")
}

// Addr is the host:port the server listens on.
func (c *Config) Addr() string {
	return fmt.Sprintf("%s:%d", c.Host, c.Port)
}

// ParseSize reads a byte count such as 1048576, 100MB, 100MiB or 2GB.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size (examples: 1048576, 100MB, 2GiB)", s)
	}
	return n * mult, nil
}

func splitList(s string) []string {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.Trim(strings.TrimSpace(p), `"'`)
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkLoopback accepts an empty address or host:port on a loopback host:
// profiles expose the server's internals, so they never listen on a
// public interface.
func checkLoopback(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%q must be on a loopback address such as 127.0.0.1:6060", addr)
	}
	return nil
}
