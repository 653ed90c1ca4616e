package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/jobs"
	"github.com/extralit/extralit-go/internal/store"
)

func newMigrateCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to this binary's version",
		Long: "migrate applies the embedded schema migrations the database has not seen yet.\n" +
			"The server does this on start as well. A database written by a newer binary is refused.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := store.Open(ctx, g.cfg.Database())
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.Migrate(ctx)
			if err != nil {
				return err
			}
			v, err := st.SchemaVersion(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s database at schema version %d (%d migrations applied now)\n", st.Engine(), v, n)
			jn, err := jobs.Migrate(ctx, st.DB(), string(st.Engine()))
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "job queue tables up to date (%d migrations applied now)\n", jn)
			return nil
		},
	}
}
