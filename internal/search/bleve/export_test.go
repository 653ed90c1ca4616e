package bleve

// SetFetchAllLimit changes fetchAllLimit for a test and returns a function
// that restores it.
func SetFetchAllLimit(n int) (restore func()) {
	old := fetchAllLimit
	fetchAllLimit = n
	return func() { fetchAllLimit = old }
}
