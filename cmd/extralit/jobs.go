package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/jobs"
)

// withJobs runs fn with an enqueue-only job client on the configured
// database, logging only warnings so command output stays readable.
func withJobs(cmd *cobra.Command, g *globals, fn func(ctx context.Context, c *jobs.Client) error) error {
	quiet := *g
	if quiet.cfg.LogLevel == "info" {
		quiet.cfg.LogLevel = "warn"
	}
	log := quiet.logger(cmd.ErrOrStderr())
	st, err := g.openStore(cmd.Context(), log)
	if err != nil {
		return err
	}
	defer st.Close()
	c, _, err := openQueue(cmd.Context(), g, st, log, nil)
	if err != nil {
		return err
	}
	defer c.Stop(cmd.Context())
	return fn(cmd.Context(), c)
}

func newJobsCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List, inspect, cancel and retry background jobs",
		Long:  "jobs reads and controls the background job queues directly in the database (no server needed).",
	}
	cmd.AddCommand(newJobsListCommand(g), newJobsShowCommand(g), newJobsCancelCommand(g), newJobsRetryCommand(g))
	return cmd
}

func newJobsListCommand(g *globals) *cobra.Command {
	var f extralit.JobFilter
	var statuses []string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List jobs, newest first",
		Example: "  extralit jobs list --status failed\n  extralit jobs list --queue ocr --document-id 0b6c…",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, s := range statuses {
				st, err := extralit.ParseJobStatus(s)
				if err != nil {
					return err
				}
				f.Statuses = append(f.Statuses, st)
			}
			return withJobs(cmd, g, func(ctx context.Context, c *jobs.Client) error {
				js, err := c.Jobs(ctx, f)
				if err != nil {
					return err
				}
				printJobs(cmd.OutOrStdout(), js)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&statuses, "status", nil, "queued, deferred, scheduled, started, finished, failed or canceled (repeatable)")
	fl.StringSliceVar(&f.Kinds, "kind", nil, "job kind (repeatable)")
	fl.StringSliceVar(&f.Queues, "queue", nil, "queue: high, default or ocr (repeatable)")
	fl.StringVar(&f.WorkspaceID, "workspace-id", "", "only jobs about this workspace")
	fl.StringVar(&f.DocumentID, "document-id", "", "only jobs about this document")
	fl.IntVar(&f.Limit, "limit", 50, "at most this many jobs")
	return cmd
}

func printJobs(out io.Writer, js []*extralit.Job) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tQUEUE\tSTATUS\tATTEMPT\tCREATED\tERROR")
	for _, j := range js {
		errText := j.Error
		if len(errText) > 60 {
			errText = errText[:57] + "..."
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", j.ID, j.Kind, j.Queue, j.Status, j.Attempt, j.MaxAttempts,
			j.CreatedAt.Format(time.DateTime), errText)
	}
	tw.Flush()
}

// printJob writes one job as indented JSON.
func printJob(out io.Writer, j *extralit.Job) error {
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return fmt.Errorf("encode job: %w", err)
	}
	fmt.Fprintln(out, string(b))
	return nil
}

func newJobsShowCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show one job with its arguments, errors and result",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withJobs(cmd, g, func(ctx context.Context, c *jobs.Client) error {
				j, err := c.Job(ctx, args[0])
				if err != nil {
					return err
				}
				return printJob(cmd.OutOrStdout(), j)
			})
		},
	}
}

func newJobsCancelCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "cancel ID",
		Short: "Cancel a job that has not ended",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withJobs(cmd, g, func(ctx context.Context, c *jobs.Client) error {
				j, err := c.CancelJob(ctx, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "job %s: %s\n", j.ID, j.Status)
				return nil
			})
		},
	}
}

func newJobsRetryCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "retry ID",
		Short: "Run a failed, canceled or finished job again now",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withJobs(cmd, g, func(ctx context.Context, c *jobs.Client) error {
				j, err := c.RetryJob(ctx, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "job %s: %s\n", j.ID, j.Status)
				return nil
			})
		},
	}
}
