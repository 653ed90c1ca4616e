package bleve

import "context"

// SegmentStats returns the number of memory and file segments at the root
// of the dataset's Bleve index.
func (ix *Index) SegmentStats(datasetID string) (mem, file uint64) {
	ds, err := ix.acquire(datasetID)
	if err != nil {
		return 0, 0
	}
	defer ds.mu.RUnlock()
	m := ds.idx.StatsMap()
	idx, _ := m["index"].(map[string]interface{})
	mem, _ = idx["num_root_memorysegments"].(uint64)
	file, _ = idx["num_root_filesegments"].(uint64)
	return mem, file
}

var _ = context.Background
