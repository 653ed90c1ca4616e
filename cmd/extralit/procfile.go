package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/procfile"
)

func newProcfileCommand(g *globals) *cobra.Command {
	var only []string
	cmd := &cobra.Command{
		Use:   "procfile [FILE]",
		Short: "Run the processes of a Procfile, restarting any that exits",
		Long: "procfile runs every \"name: command\" line of FILE (default ./Procfile) through /bin/sh,\n" +
			"prefixes each output line with the process name, and reports and restarts a process that\n" +
			"exits (after 1 s, doubling up to 30 s). SIGTERM or SIGINT stops them all. It is what the\n" +
			"container runs; foreman, honcho, overmind or systemd units can run the same file.",
		Example: "  extralit procfile deploy/Procfile\n  extralit procfile deploy/Procfile --only worker_high,worker_default",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "Procfile"
			if len(args) == 1 {
				path = args[0]
			}
			f, err := os.Open(path)
			if err != nil {
				return fmt.Errorf("open procfile: %w", err)
			}
			procs, err := procfile.Parse(f)
			f.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if procs, err = procfile.Select(procs, only); err != nil {
				return err
			}
			// The processes find this binary first on PATH, so a Procfile
			// that says `extralit …` runs the same version.
			env := os.Environ()
			if exe, err := os.Executable(); err == nil {
				env = append(env, "PATH="+filepath.Dir(exe)+string(os.PathListSeparator)+os.Getenv("PATH"))
			}
			r := &procfile.Runner{Procs: procs, Env: env, Output: cmd.OutOrStdout(), Log: g.logger(cmd.ErrOrStderr()),
				RestartDelay: time.Second, MaxRestartDelay: 30 * time.Second, StopTimeout: g.cfg.ShutdownTimeout + 10*time.Second}
			return r.Run(cmd.Context())
		},
	}
	cmd.Flags().StringSliceVar(&only, "only", nil, "run only these processes (comma-separated), e.g. on a worker machine")
	return cmd
}
