package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMakeRunTakesBothPortsFromTheMakefile dry-runs `make run` and checks that the demo site's port, like the
// server's, comes from a Makefile variable that the command line can change.
func TestMakeRunTakesBothPortsFromTheMakefile(t *testing.T) {
	mk, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make is not installed")
	}
	dryRun := func(vars ...string) string {
		t.Helper()
		cmd := exec.Command(mk, append([]string{"-n", "-C", "../..", "run"}, vars...)...)
		// The variables of the Makefile may come from the environment too; keep the test's own out of it.
		for _, kv := range os.Environ() {
			if name, _, _ := strings.Cut(kv, "="); name != "ADDR" && name != "DEMO_ADDR" && name != "MAKEFLAGS" {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("make -n run %v: %v\n%s", vars, err, out)
		}
		return string(out)
	}
	if out := dryRun(); !strings.Contains(out, "--addr 127.0.0.1:8080 --demo-site-addr 127.0.0.1:8081") {
		t.Errorf("make run does not start the demo site on 127.0.0.1:8081 by default:\n%s", out)
	}
	if out := dryRun("ADDR=127.0.0.1:9080", "DEMO_ADDR=127.0.0.1:9081"); !strings.Contains(out, "--addr 127.0.0.1:9080 --demo-site-addr 127.0.0.1:9081") {
		t.Errorf("make run DEMO_ADDR=127.0.0.1:9081 does not move the demo site:\n%s", out)
	}
}
