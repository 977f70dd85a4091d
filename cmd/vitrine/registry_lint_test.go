package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// runVitrine runs the vitrine binary (this test binary, playing it) with args and stdin, and returns what it
// printed and its exit status, as a brand's CI would see them.
func runVitrine(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "VITRINE_TEST_AS_SERVER=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		status = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), status
}

// exportedRegistry seeds a demo database and writes the bank's registry file, as a brand starts its own.
func exportedRegistry(t *testing.T) (dir, file string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 100, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out bytes.Buffer
	if err := cmdRegistry(ctx, []string{"export", "--db", dbPath, "--brand", seed.BrandNorthwind}, &out); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(dir, "registry.yaml")
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// lineOf is the 1-based number of the first line of text that contains s.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line holds %q", s)
	return 0
}

func TestRegistryLintExitsByWhatItFinds(t *testing.T) {
	dir, good := exportedRegistry(t)
	stdout, stderr, status := runVitrine(t, "", "registry", "lint", good)
	if status != 0 || stdout != good+": no problems\n" || stderr != "" {
		t.Fatalf("the demo registry: status %d, out %q, err %q", status, stdout, stderr)
	}

	data, _ := os.ReadFile(good)
	text := string(data)
	// Break it: a code written in DPV's core that moved to its finance sector extension, a French explanation gone, and a custom category key.
	text = strings.Replace(text, "dpv: sector-finance:CreditChecking", "dpv: dpv:CreditChecking", 1)
	dpvLine := lineOf(t, text, "dpv: dpv:CreditChecking")
	frExpl := "explanation: Quand vous avez une carte de crédit chez nous"
	frLine := lineOf(t, text, "name: Décisions de crédit") - 1 // the purpose's "fr:" key, above its name
	lines := strings.Split(text, "\n")
	lines = slices.Delete(lines, lineOf(t, text, frExpl)-1, lineOf(t, text, frExpl))
	text = strings.Join(lines, "\n")
	text = strings.Replace(text, "fides_key: user.device\n", "fides_key: user.device.wearable\n", 1)
	keyLine := lineOf(t, text, "fides_key: user.device.wearable")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, status = runVitrine(t, "", "registry", "lint", bad)
	want := strings.Join([]string{
		bad + ":" + strconv.Itoa(dpvLine) + `: purposes[0].dpv "dpv:CreditChecking" moved to DPV's finance sector extension in DPV 2.1: write sector-finance:CreditChecking`,
		bad + ":" + strconv.Itoa(frLine) + ": purposes[0].texts.fr.explanation is missing: write the plain explanation in French",
		bad + ":" + strconv.Itoa(keyLine) + `: warning: data_categories[1].fides_key "user.device.wearable" is not in fideslang 3.1.4a1's default categories: ` +
			"fine if your Fides setup defines it as a custom category under user.device, otherwise use a default key",
		bad + ": 2 problems, 1 warning",
		"",
	}, "\n")
	if status != 1 || stdout != want || !strings.Contains(stderr, "registry lint: 1 file with problems") {
		t.Fatalf("status %d, err %q, out:\n%s\nwant:\n%s", status, stderr, stdout, want)
	}

	// Warnings alone do not fail.
	warned := filepath.Join(dir, "warned.yaml")
	os.WriteFile(warned, []byte(strings.Replace(string(data), "fides_key: user.device\n", "fides_key: user.device.wearable\n", 1)), 0o644)
	if stdout, _, status := runVitrine(t, "", "registry", "lint", warned); status != 0 || !strings.HasSuffix(stdout, warned+": no problems, 1 warning\n") {
		t.Fatalf("warnings only: status %d, out %q", status, stdout)
	}
	if stdout, _, status := runVitrine(t, "", "registry", "lint", "--help"); status != 0 || !strings.Contains(stdout, "Usage: vitrine registry lint FILE") {
		t.Fatalf("--help: status %d, out %q", status, stdout)
	}
	if _, stderr, status := runVitrine(t, "", "registry", "lint", filepath.Join(dir, "missing.yaml")); status != 1 || !strings.Contains(stderr, "missing.yaml") {
		t.Fatalf("a missing file: status %d, err %q", status, stderr)
	}
	if stdout, _, _ := runVitrine(t, "", "help"); !strings.Contains(stdout, "vitrine registry lint") || !strings.Contains(stdout, "vitrine events  check") {
		t.Fatalf("the usage does not list the offline checks:\n%s", stdout)
	}
}
