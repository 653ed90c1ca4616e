package elastic

// SetMaxNeighbours lowers the k-NN limit for a test, so that a small index
// exercises the exact scoring of pages past it; the returned function
// restores it. Tests that call it must not run in parallel.
func SetMaxNeighbours(n int) (restore func()) {
	old := maxNeighbours
	maxNeighbours = n
	return func() { maxNeighbours = old }
}
