package config

import "strings"

// Deploy is what the deployment commands read from the environment beyond
// Config: where the process runs (a Hugging Face Space or not) and the
// token for publishing to the Hugging Face Hub.
type Deploy struct {
	Space Space
	// HFToken is HF_TOKEN: the Hugging Face token `deploy spaces` uses
	// when --token is not given.
	HFToken string
}

// Space describes the Hugging Face Space the process runs in, from the
// variables the Space runtime sets. ID is empty outside a Space.
type Space struct {
	ID        string // SPACE_ID, "owner/name"
	Host      string // SPACE_HOST, "owner-name.hf.space"
	Title     string // SPACE_TITLE
	Author    string // SPACE_AUTHOR_NAME
	RepoName  string // SPACE_REPO_NAME
	Subdomain string // the first label of SPACE_HOST
	// PersistentStorage is PERSISTANT_STORAGE_ENABLED (sic, the Hub's
	// spelling): a /data volume is attached to the Space.
	PersistentStorage bool
}

// DeployFromEnv reads the deployment settings through getenv.
func DeployFromEnv(getenv func(string) string) Deploy {
	s := Space{
		ID:       getenv("SPACE_ID"),
		Host:     getenv("SPACE_HOST"),
		Title:    getenv("SPACE_TITLE"),
		Author:   getenv("SPACE_AUTHOR_NAME"),
		RepoName: getenv("SPACE_REPO_NAME"),
	}
	s.Subdomain, _, _ = strings.Cut(s.Host, ".")
	if s.Author == "" || s.RepoName == "" {
		if owner, name, ok := strings.Cut(s.ID, "/"); ok {
			s.Author, s.RepoName = firstNonEmpty(s.Author, owner), firstNonEmpty(s.RepoName, name)
		}
	}
	switch strings.ToLower(getenv("PERSISTANT_STORAGE_ENABLED")) {
	case "1", "true", "yes":
		s.PersistentStorage = true
	}
	return Deploy{Space: s, HFToken: getenv("HF_TOKEN")}
}

// OnSpace reports whether the process runs in a Hugging Face Space.
func (s Space) OnSpace() bool { return s.ID != "" }

// TemporaryStorage reports whether the data of a process in a Space is
// lost when the Space restarts: no /data volume and the database (SQLite
// under the home path) is not an external server.
func (d Deploy) TemporaryStorage(c Config) bool {
	if !d.Space.OnSpace() || d.Space.PersistentStorage {
		return false
	}
	return !strings.HasPrefix(c.DatabaseURL, "postgres")
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
