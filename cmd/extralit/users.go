package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

// withService runs fn with a service on the configured database, logging
// only warnings so command output stays readable.
func withService(cmd *cobra.Command, g *globals, fn func(ctx context.Context, svc *service.Service) error) error {
	quiet := *g
	if quiet.cfg.LogLevel == "info" {
		quiet.cfg.LogLevel = "warn"
	}
	log := quiet.logger(cmd.ErrOrStderr())
	svc, st, err := g.openService(cmd.Context(), log)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(cmd.Context(), svc)
}

// withUser runs fn with a service and the user named username, the start
// of every command that acts on one user.
func withUser(cmd *cobra.Command, g *globals, username string, fn func(ctx context.Context, svc *service.Service, u *extralit.User) error) error {
	return withService(cmd, g, func(ctx context.Context, svc *service.Service) error {
		u, err := svc.Store().UserByUsername(ctx, username)
		if err != nil {
			return err
		}
		return fn(ctx, svc, u)
	})
}

func newUsersCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "users",
		Short: "Manage users directly in the database",
		Long:  "users creates, lists, changes and deletes users, working on the database directly\n(no server needed).",
	}
	cmd.AddCommand(newUsersCreateCommand(g), newUsersListCommand(g), newUsersUpdateCommand(g),
		newUsersDeleteCommand(g), newUsersAddWorkspaceCommand(g), newUsersRegenerateKeyCommand(g))
	return cmd
}

func newUsersCreateCommand(g *globals) *cobra.Command {
	var in service.UserCreate
	var role, lastName string
	var workspaces []string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a user and print its API key once",
		Example: "  extralit users create --username ana --password 's3cret-pass' --role admin --workspace lab\n" +
			"  extralit users create --username bot --password 's3cret-pass' --api-key \"$KEY\"",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			in.Role = extralit.Role(role)
			if lastName != "" {
				in.LastName = &lastName
			}
			return withService(cmd, g, func(ctx context.Context, svc *service.Service) error {
				c, err := svc.CreateUserAsOperator(ctx, in)
				if err != nil {
					return err
				}
				for _, name := range workspaces {
					w, err := svc.Store().WorkspaceByName(ctx, name)
					if err != nil {
						return fmt.Errorf("user %s created, but: %w", c.Username, err)
					}
					if _, err := svc.AddWorkspaceMemberAsOperator(ctx, w.ID, c.ID); err != nil {
						return fmt.Errorf("user %s created, but adding it to %s failed: %w", c.Username, name, err)
					}
				}
				out := cmd.OutOrStdout()
				fmt.Fprintf(out, "created user %s (id %s, role %s)\n", c.Username, c.ID, c.Role)
				if in.APIKey == "" {
					fmt.Fprintf(out, "API key (shown only now): %s\n", c.APIKey)
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&in.Username, "username", "", "username (required)")
	f.StringVar(&in.Password, "password", "", "password, 8 to 100 characters (required)")
	f.StringVar(&role, "role", "annotator", "owner, admin or annotator")
	f.StringVar(&in.FirstName, "first-name", "", "first name (default: the username)")
	f.StringVar(&lastName, "last-name", "", "last name")
	f.StringVar(&in.APIKey, "api-key", "", "API key to set (default: a generated one, printed once)")
	f.StringSliceVar(&workspaces, "workspace", nil, "workspace to add the user to (repeatable)")
	_ = cmd.MarkFlagRequired("username")
	_ = cmd.MarkFlagRequired("password")
	return cmd
}

func newUsersListCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List users",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return withService(cmd, g, func(ctx context.Context, svc *service.Service) error {
				users, err := svc.Store().Users(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "USERNAME\tROLE\tID\tCREATED")
				for _, u := range users {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Username, u.Role, u.ID, u.InsertedAt.Format("2006-01-02 15:04"))
				}
				return tw.Flush()
			})
		},
	}
}

func newUsersUpdateCommand(g *globals) *cobra.Command {
	var role, password, firstName, lastName, username string
	cmd := &cobra.Command{
		Use:   "update USERNAME",
		Short: "Change a user's role, password, names or username",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ch service.UserChanges
			f := cmd.Flags()
			if f.Changed("role") {
				r := extralit.Role(role)
				ch.Role = &r
			}
			if f.Changed("password") {
				ch.Password = &password
			}
			if f.Changed("first-name") {
				ch.FirstName = &firstName
			}
			if f.Changed("last-name") {
				ln := &lastName
				if lastName == "" {
					ln = nil
				}
				ch.LastName = &ln
			}
			if f.Changed("new-username") {
				ch.Username = &username
			}
			return withUser(cmd, g, args[0], func(ctx context.Context, svc *service.Service, u *extralit.User) error {
				u, err := svc.UpdateUserAsOperator(ctx, u.ID, ch)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "updated user %s (role %s)\n", u.Username, u.Role)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&role, "role", "", "new role: owner, admin or annotator")
	f.StringVar(&password, "password", "", "new password")
	f.StringVar(&firstName, "first-name", "", "new first name")
	f.StringVar(&lastName, "last-name", "", "new last name (empty to clear)")
	f.StringVar(&username, "new-username", "", "new username")
	return cmd
}

func newUsersDeleteCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "delete USERNAME",
		Short: "Delete a user and their workspace memberships",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withUser(cmd, g, args[0], func(ctx context.Context, svc *service.Service, u *extralit.User) error {
				if _, err := svc.DeleteUserAsOperator(ctx, u.ID); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "deleted user %s\n", u.Username)
				return nil
			})
		},
	}
}

func newUsersAddWorkspaceCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "add-workspace USERNAME WORKSPACE",
		Short: "Add a user to a workspace",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withUser(cmd, g, args[0], func(ctx context.Context, svc *service.Service, u *extralit.User) error {
				w, err := svc.Store().WorkspaceByName(ctx, args[1])
				if err != nil {
					return err
				}
				if _, err := svc.AddWorkspaceMemberAsOperator(ctx, w.ID, u.ID); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "added %s to workspace %s\n", u.Username, w.Name)
				return nil
			})
		},
	}
}

func newUsersRegenerateKeyCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "regenerate-api-key USERNAME",
		Short: "Replace a user's API key and print the new one once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withUser(cmd, g, args[0], func(ctx context.Context, svc *service.Service, u *extralit.User) error {
				c, err := svc.RegenerateAPIKeyAsOperator(ctx, u.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "new API key for %s (shown only now): %s\n", c.Username, c.APIKey)
				return nil
			})
		},
	}
}
