// Command extralit is the whole Extralit platform in one binary: the API
// server, background workers, PDF text extraction and operator tools.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "extralit: under construction")
	os.Exit(1)
}
