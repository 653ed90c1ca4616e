package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/service"
)

func newWorkspacesCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "workspaces",
		Short: "Manage workspaces directly in the database",
	}
	cmd.AddCommand(
		&cobra.Command{
			Use:   "create NAME",
			Short: "Create a workspace",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return withService(cmd, g, func(ctx context.Context, svc *service.Service) error {
					w, err := svc.CreateWorkspaceAsOperator(ctx, args[0], "")
					if err != nil {
						return err
					}
					fmt.Fprintf(cmd.OutOrStdout(), "created workspace %s (id %s)\n", w.Name, w.ID)
					return nil
				})
			},
		},
		&cobra.Command{
			Use:   "list",
			Short: "List workspaces",
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				return withService(cmd, g, func(ctx context.Context, svc *service.Service) error {
					ws, err := svc.Store().Workspaces(ctx)
					if err != nil {
						return err
					}
					tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "NAME\tID\tCREATED")
					for _, w := range ws {
						fmt.Fprintf(tw, "%s\t%s\t%s\n", w.Name, w.ID, w.InsertedAt.Format("2006-01-02 15:04"))
					}
					return tw.Flush()
				})
			},
		},
		&cobra.Command{
			Use:   "delete NAME",
			Short: "Delete a workspace",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return withService(cmd, g, func(ctx context.Context, svc *service.Service) error {
					w, err := svc.Store().WorkspaceByName(ctx, args[0])
					if err != nil {
						return err
					}
					if _, err := svc.DeleteWorkspaceAsOperator(ctx, w.ID); err != nil {
						return err
					}
					fmt.Fprintf(cmd.OutOrStdout(), "deleted workspace %s\n", w.Name)
					return nil
				})
			},
		},
	)
	return cmd
}
