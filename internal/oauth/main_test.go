package oauth_test

import (
	"os"
	"testing"

	"github.com/extralit/extralit-go/internal/oauth/oauthtest"
)

// TestMain removes the test provider's binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	oauthtest.Cleanup()
	os.Exit(code)
}
