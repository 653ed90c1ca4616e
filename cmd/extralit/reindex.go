package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/config"
	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

// reindexPosition is where an interrupted reindex stopped, kept in the home
// folder after every batch so that `reindex --resume` continues from there.
type reindexPosition struct {
	Done      []string `json:"done"`       // datasets finished
	DatasetID string   `json:"dataset_id"` // the dataset in progress
	After     string   `json:"after"`      // its last record indexed
}

func newReindexCommand(g *globals) *cobra.Command {
	var datasetID string
	var resume bool
	cmd := &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the database",
		Long: "reindex rebuilds the search index of every published dataset (or one, with --dataset)\n" +
			"from the database, which is the source of truth, in batches of 500 records. Its position\n" +
			"is saved after every batch; --resume continues an interrupted run from there. Stop the\n" +
			"server first when it uses the embedded index on disk: only one process may open it.\n" +
			"The default embedded index lives in the server's memory and is rebuilt from the\n" +
			"database at every start, so it needs no reindex.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if g.cfg.SearchEngine == config.SearchEmbedded {
				fmt.Fprintln(cmd.OutOrStdout(), "Nothing to do: the embedded search index lives in the server's memory and is "+
					"rebuilt from the database every time the server starts. Restart the server to rebuild it.")
				return nil
			}
			log := g.logger(cmd.ErrOrStderr())
			posFile := filepath.Join(g.cfg.HomePath, "reindex-position.json")
			var pos reindexPosition
			if resume {
				b, err := os.ReadFile(posFile)
				if errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("--resume: no interrupted reindex to resume (%s does not exist)", posFile)
				}
				if err != nil {
					return fmt.Errorf("--resume: %w", err)
				}
				if err := json.Unmarshal(b, &pos); err != nil {
					return fmt.Errorf("--resume: %s is damaged (%v); run reindex without --resume", posFile, err)
				}
			}
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
			out, progress := cmd.OutOrStdout(), cmd.ErrOrStderr()
			save := func() error {
				b, _ := json.Marshal(pos)
				if err := os.WriteFile(posFile+".tmp", b, 0o600); err != nil {
					return err
				}
				return os.Rename(posFile+".tmp", posFile)
			}
			n := 0
			start := time.Now()
			var saveErr error
			o := service.ReindexOptions{
				DatasetID: datasetID,
				Skip:      func(d *extralit.Dataset) bool { return slices.Contains(pos.Done, d.ID) },
				Batch: func(d *extralit.Dataset, indexed int, after string) {
					pos.DatasetID, pos.After = d.ID, after
					if err := save(); err != nil && saveErr == nil {
						saveErr = err
					}
					showProgress(progress, d.Name, indexed, time.Since(start))
				},
				Done: func(d *extralit.Dataset, records int) {
					n++
					pos.Done = append(pos.Done, d.ID)
					pos.DatasetID, pos.After = "", ""
					_ = save()
					fmt.Fprintf(progress, "\n")
					fmt.Fprintf(out, "reindexed %s (%s): %d records\n", d.Name, d.ID, records)
				},
			}
			if pos.DatasetID != "" {
				o.ResumeAfter = map[string]string{pos.DatasetID: pos.After}
			}
			if err := svc.ReindexWith(cmd.Context(), o); err != nil {
				return fmt.Errorf("%w\nthe position is saved: `extralit reindex --resume` continues from it", err)
			}
			if saveErr != nil {
				log.Warn("the reindex position could not be saved", "file", posFile, "error", saveErr)
			}
			_ = os.Remove(posFile)
			fmt.Fprintf(out, "done: %d dataset(s)\n", n)
			return nil
		},
	}
	cmd.Flags().StringVar(&datasetID, "dataset", "", "reindex only this dataset id")
	cmd.Flags().BoolVar(&resume, "resume", false, "continue an interrupted reindex from its saved position")
	return cmd
}

// showProgress rewrites one progress line: the dataset, records indexed and
// the rate.
func showProgress(w io.Writer, dataset string, indexed int, elapsed time.Duration) {
	rate := float64(indexed) / max(elapsed.Seconds(), 0.001)
	fmt.Fprintf(w, "\rreindexing %s: %d records (%.0f records/s)", dataset, indexed, rate)
}
