// Package procfile reads a Procfile (one "name: command" per line) and
// runs its processes under a small supervisor: each command runs in its own
// process group through sh, its output is prefixed with its name, and a
// process that exits is reported and restarted with a growing delay until
// the supervisor is stopped.
package procfile

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Process is one line of a Procfile.
type Process struct {
	Name    string
	Command string
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Parse reads a Procfile. Blank lines and lines starting with # are
// skipped; every other line must be "name: command" with a unique name.
func Parse(r io.Reader) ([]Process, error) {
	var procs []Process
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, cmd, ok := strings.Cut(line, ":")
		name, cmd = strings.TrimSpace(name), strings.TrimSpace(cmd)
		switch {
		case !ok:
			return nil, fmt.Errorf("procfile line %d: want \"name: command\", got %q", n, line)
		case !nameRE.MatchString(name):
			return nil, fmt.Errorf("procfile line %d: process name %q may hold only letters, digits, _ and -", n, name)
		case cmd == "":
			return nil, fmt.Errorf("procfile line %d: process %q has no command", n, name)
		case seen[name]:
			return nil, fmt.Errorf("procfile line %d: process %q is defined twice", n, name)
		}
		seen[name] = true
		procs = append(procs, Process{Name: name, Command: cmd})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read procfile: %w", err)
	}
	if len(procs) == 0 {
		return nil, fmt.Errorf("procfile has no processes")
	}
	return procs, nil
}

// Select keeps the named processes, in Procfile order; no names keeps all.
// An unknown name is an error that lists the known ones.
func Select(procs []Process, names []string) ([]Process, error) {
	if len(names) == 0 {
		return procs, nil
	}
	known := map[string]bool{}
	var all []string
	for _, p := range procs {
		known[p.Name] = true
		all = append(all, p.Name)
	}
	want := map[string]bool{}
	for _, n := range names {
		if !known[n] {
			return nil, fmt.Errorf("no process %q in the procfile (it has %s)", n, strings.Join(all, ", "))
		}
		want[n] = true
	}
	var out []Process
	for _, p := range procs {
		if want[p.Name] {
			out = append(out, p)
		}
	}
	return out, nil
}
