package extralit

import (
	"testing"

	"github.com/google/uuid"
)

// TestRowIDsAreOrderedUUIDs checks what bulk writes rely on: row IDs are
// valid version 7 UUIDs and later ones sort after earlier ones.
func TestRowIDsAreOrderedUUIDs(t *testing.T) {
	prev := NewRowID()
	for range 1000 {
		id := NewRowID()
		u, err := uuid.Parse(id)
		if err != nil || u.Version() != 7 {
			t.Fatalf("NewRowID() = %q (%v), want a version 7 UUID", id, err)
		}
		if id <= prev {
			t.Fatalf("NewRowID() = %s after %s: not increasing", id, prev)
		}
		prev = id
	}
}
