// Command pdf-speed is a stand-in for the extralit binary that only has
// the extract subcommand, so bench/pdf-speed/run.sh can time "extralit
// extract" as a whole process without a cmd/ file.
package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/extractcmd"
)

func main() {
	root := &cobra.Command{Use: "extralit", SilenceUsage: true}
	root.AddCommand(extractcmd.Command())
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
