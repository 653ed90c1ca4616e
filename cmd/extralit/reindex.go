package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/extralit"
)

func newReindexCommand(g *globals) *cobra.Command {
	var datasetID string
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the database",
		Long: "reindex rebuilds the search index of every published dataset (or one, with --dataset)\n" +
			"from the database, which is the source of truth. Stop the server first when it uses the\n" +
			"embedded index: only one process may open it.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			log := g.logger(cmd.ErrOrStderr())
			svc, st, err := g.openService(cmd.Context(), log)
			if err != nil {
				return err
			}
			defer st.Close()
			idx, err := g.openSearch(cmd.Context())
			if err != nil {
				return fmt.Errorf("%w (is a server running on this home folder? stop it first)", err)
			}
			defer idx.Close()
			svc.SetIndex(idx)
			out := cmd.OutOrStdout()
			n := 0
			err = svc.Reindex(cmd.Context(), datasetID, func(d *extralit.Dataset, records int) {
				n++
				fmt.Fprintf(out, "reindexed %s (%s): %d records\n", d.Name, d.ID, records)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "done: %d dataset(s)\n", n)
			return nil
		},
	}
	cmd.Flags().StringVar(&datasetID, "dataset", "", "reindex only this dataset id")
	return cmd
}
