package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

// testRecordsStayInTheirDataset checks that reading and deleting records
// by ID only ever touches the named dataset's records.
func testRecordsStayInTheirDataset(t *testing.T, s extralit.Store) {
	ctx := context.Background()
	ws := MustCreateWorkspace(t, s, "lab")
	now := time.Now().UTC().Truncate(time.Microsecond)
	var datasets [2]*extralit.Dataset
	var ids [2][]string
	for i := range datasets {
		d := &extralit.Dataset{ID: uuid.NewString(), Name: "d" + string(rune('a'+i)), WorkspaceID: ws.ID,
			Status: extralit.DatasetReady, Distribution: extralit.Distribution{Strategy: "overlap", MinSubmitted: 1},
			InsertedAt: now, UpdatedAt: now}
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		datasets[i] = d
		var rs []*extralit.Record
		for j := range 3 {
			r := &extralit.Record{ID: uuid.NewString(), DatasetID: d.ID, Fields: map[string]any{"text": "x"},
				Status: extralit.RecordPending, InsertedAt: now.Add(time.Duration(j) * time.Microsecond)}
			rs = append(rs, r)
			ids[i] = append(ids[i], r.ID)
		}
		if err := s.InsertRecords(ctx, rs); err != nil {
			t.Fatal(err)
		}
	}
	both := append(append([]string{}, ids[0]...), ids[1]...)
	got, err := s.RecordsByIDs(ctx, datasets[0].ID, both, extralit.RecordInclude{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("RecordsByIDs of dataset a with both datasets' IDs returned %d records, want its 3", len(got))
	}
	for i, r := range got {
		if r.DatasetID != datasets[0].ID || r.ID != ids[0][i] {
			t.Errorf("record %d = %s of dataset %s, want %s of dataset a, in the order asked", i, r.ID, r.DatasetID, ids[0][i])
		}
	}
	if err := s.DeleteRecords(ctx, datasets[1].ID, both); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.RecordsByIDs(ctx, datasets[0].ID, ids[0], extralit.RecordInclude{}); len(left) != 3 {
		t.Errorf("deleting dataset b's records by ID removed %d of dataset a's", 3-len(left))
	}
	if left, _ := s.RecordsByIDs(ctx, datasets[1].ID, ids[1], extralit.RecordInclude{}); len(left) != 0 {
		t.Errorf("dataset b still has %d of the records deleted", len(left))
	}
}
