package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// screen is what a terminal shows after printing raw: a carriage return goes back to the start of the line
// and what follows overwrites it, "\x1b[2K" and "\x1b[K" erase the line or its end. Trailing spaces are
// dropped. Any other escape sequence fails the test, since this terminal does not know it.
func screen(t *testing.T, raw string) []string {
	t.Helper()
	lines := [][]rune{nil}
	col := 0
	rs := []rune(raw)
	for i := 0; i < len(rs); i++ {
		cur := &lines[len(lines)-1]
		switch r := rs[i]; r {
		case '\n':
			lines = append(lines, nil)
			col = 0
		case '\r':
			col = 0
		case '\x1b':
			rest := string(rs[i:])
			switch {
			case strings.HasPrefix(rest, "\x1b[2K"):
				*cur = nil
				i += 3
			case strings.HasPrefix(rest, "\x1b[K"), strings.HasPrefix(rest, "\x1b[0K"):
				*cur = (*cur)[:min(col, len(*cur))]
				i += strings.Index(rest, "K")
			default:
				t.Fatalf("unexpected escape sequence %q", rest[:min(8, len(rest))])
			}
		default:
			for len(*cur) < col {
				*cur = append(*cur, ' ')
			}
			if col < len(*cur) {
				(*cur)[col] = r
			} else {
				*cur = append(*cur, r)
			}
			col++
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(string(l), " ")
	}
	return out
}

// asTerminal makes the commands draw their progress bars into any writer, redrawn at every step, as on a
// terminal, for the rest of the test.
func asTerminal(t *testing.T) {
	isTerm, throttle := outputIsTerminal, progressThrottle
	outputIsTerminal = func(io.Writer) bool { return true }
	progressThrottle = 0
	t.Cleanup(func() { outputIsTerminal, progressThrottle = isTerm, throttle })
}

// TestImportErrorsHaveLinesOfTheirOwn imports a file of good and bad lines with the progress bar on, as on a
// terminal, and into a pipe. On the terminal's screen every rejected line's message is a line of its own,
// with no piece of the bar before or after it, the bar is gone at the end and the summary is whole; in the
// pipe the output holds no bar at all.
func TestImportErrorsHaveLinesOfTheirOwn(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 200, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Bad lines in every batch of 500, so that the bar has been drawn before most of them.
	var file bytes.Buffer
	var wantErrors []string
	line := 0
	for i := range 2400 {
		if i%500 == 250 {
			file.WriteString("{not json\n")
			line++
			wantErrors = append(wantErrors, fmt.Sprintf("line %d: event is not valid JSON", line))
		}
		ev, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("bar-%d", i), "customer": fmt.Sprintf("B-%d", i%7), "system": "search-ranking",
			"purpose": "search", "action": "inference", "occurred_at": time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(time.RFC3339)})
		file.Write(ev)
		file.WriteString("\n")
		line++
	}
	path := filepath.Join(dir, "events.ndjson")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	summary := regexp.MustCompile(`^\d+ accepted, \d+ duplicates \(already stored\), 5 rejected, 0 consent violations flagged, in [0-9.]+m?s\.$`)

	check := func(t *testing.T, lines []string) {
		t.Helper()
		var got []string
		for _, l := range lines {
			if strings.Contains(l, "line ") {
				got = append(got, l)
			}
			if strings.Contains(l, "%") || strings.Contains(l, "|") {
				t.Errorf("a piece of the progress bar is left on the screen: %q", l)
			}
		}
		if len(got) != len(wantErrors) {
			t.Fatalf("%d error lines, want %d:\n%s", len(got), len(wantErrors), strings.Join(lines, "\n"))
		}
		for i, l := range got {
			if !strings.HasPrefix(l, wantErrors[i]) || !strings.HasSuffix(l, ")") {
				t.Errorf("error line %q, want %q and its reason alone", l, wantErrors[i])
			}
		}
		if !slices.ContainsFunc(lines, summary.MatchString) {
			t.Errorf("no whole summary line:\n%s", strings.Join(lines, "\n"))
		}
	}

	t.Run("pipe", func(t *testing.T) {
		var out bytes.Buffer
		cmdImport(ctx, []string{"--db", dbPath, "--brand", seed.BrandMaison, path}, nil, &out)
		if strings.ContainsAny(out.String(), "\r\x1b") {
			t.Errorf("output into a pipe holds carriage returns or escape sequences: %q", out.String())
		}
		check(t, strings.Split(out.String(), "\n"))
	})
	t.Run("terminal", func(t *testing.T) {
		asTerminal(t)
		var out bytes.Buffer
		cmdImport(ctx, []string{"--db", dbPath, "--brand", seed.BrandMaison, path}, nil, &out)
		if strings.Count(out.String(), "importing") < 5 {
			t.Fatalf("the bar was drawn %d times, want one per batch at least:\n%q", strings.Count(out.String(), "importing"), out.String())
		}
		check(t, screen(t, out.String()))
	})
}

// TestSeedBarLeavesTheSummaryAlone seeds with the bar on, as on a terminal, and into a pipe: the summary is a
// whole line of its own on the screen, and the pipe gets no bar.
func TestSeedBarLeavesTheSummaryAlone(t *testing.T) {
	ctx := context.Background()
	summary := regexp.MustCompile(`^Seeded 2 brands, 6 customers, 3000 events \(\d+ consent violations\) in [0-9.]+m?s\.$`)
	run := func(t *testing.T) string {
		var out bytes.Buffer
		if err := cmdSeed(ctx, []string{"--db", storetest.DSN(t, "v"), "--customers", "6", "--events", "3000"}, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	t.Run("pipe", func(t *testing.T) {
		out := run(t)
		if out != strings.TrimLeft(out, "\n") || !summary.MatchString(strings.TrimSuffix(out, "\n")) {
			t.Errorf("output into a pipe = %q, want the summary line alone", out)
		}
	})
	t.Run("terminal", func(t *testing.T) {
		asTerminal(t)
		out := run(t)
		if !strings.Contains(out, "seeding") {
			t.Fatalf("no bar drawn: %q", out)
		}
		lines := screen(t, out)
		if len(lines) != 2 || !summary.MatchString(lines[0]) || lines[1] != "" {
			t.Errorf("screen = %q, want the summary line alone", lines)
		}
	})
}
