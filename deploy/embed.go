// Package deploy holds the deployment files (Procfile, Dockerfile, the
// Hugging Face Space bundle) and embeds the Space bundle so that
// `extralit deploy spaces` can upload it.
package deploy

import "embed"

// SpaceBundle is the Hugging Face Space bundle: hf-space/README.md,
// hf-space/Dockerfile and hf-space/start.sh, plus the Procfile.
//
//go:embed hf-space Procfile
var SpaceBundle embed.FS
