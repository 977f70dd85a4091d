package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEventsCheckFindsInvalidAndUndescribedEvents(t *testing.T) {
	dir, registry := exportedRegistry(t)
	at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	good := `{"id":"ok-1","customer":"N-2001","system":"credit-limit","purpose":"credit-decisions","action":"decision","decision":"limit raised",` +
		`"data_categories":["user.financial"],"occurred_at":"` + at + `","explanation":{"factors":[{"factor":"income_12m","direction":"raised"}]}}`
	shadow := `{"id":"sh-1","customer":"N-2001","system":"chat-summariser","purpose":"customer-support","action":"inference","occurred_at":"` + at + `"}`
	factor := `{"id":"fa-1","customer":"N-2001","system":"credit-limit","purpose":"credit-decisions","action":"decision","decision":"limit lowered",` +
		`"occurred_at":"` + at + `","explanation":{"factors":[{"factor":"shoe_size","direction":"lowered"}]}}`
	file := strings.Join([]string{
		good,
		"{not json",
		"",
		shadow,
		factor,
		strings.Replace(shadow, "sh-1", "sh-2", 1),
		`{"id":"late","customer":"N-2001","system":"credit-limit","purpose":"credit-decisions","action":"peek","occurred_at":"` + at + `"}`,
	}, "\n") + "\n"
	events := filepath.Join(dir, "events.ndjson")
	if err := os.WriteFile(events, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		events + ":2: event is not valid JSON (invalid character 'n' looking for beginning of object key string, near byte 2)",
		events + `:4: system "chat-summariser" is not in the registry; describe it before you send such events`,
		events + `:5: factor "shoe_size" of system "credit-limit" is not in the registry; list it under the system's factors before you send such events`,
		events + `:6: system "chat-summariser" is not in the registry; describe it before you send such events`,
		events + ":7: action must be one of inference, training, decision, generation, sharing, agent_access",
		"",
		"Not in the registry:",
		"  KIND    NAME                    EVENTS  FIRST LINE",
		"  system  chat-summariser         2       4",
		"  factor  credit-limit/shoe_size  1       5",
		events + ": 6 events: 2 invalid, 3 naming what the registry does not describe",
		"",
	}, "\n")
	stdout, stderr, status := runVitrine(t, "", "events", "check", "--registry", registry, events)
	if status != 1 || stdout != want || !strings.Contains(stderr, "2 events invalid, 3 events naming what the registry does not describe") {
		t.Fatalf("status %d, err %q, out:\n%s\nwant:\n%s", status, stderr, stdout, want)
	}

	// Standard input, and a file of good events only, which passes.
	stdout, _, status = runVitrine(t, good+"\n"+strings.Replace(good, "ok-1", "ok-2", 1)+"\n", "events", "check", "-", "--registry", registry)
	if status != 0 || stdout != "stdin: 2 events, all valid and described in the registry\n" {
		t.Fatalf("good events on stdin: status %d, out %q", status, stdout)
	}

	// A registry file with problems is refused before any event is read, with its lines.
	badRegistry := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badRegistry, []byte("brand: x\nsystems: 3\n"), 0o644)
	stdout, stderr, status = runVitrine(t, good+"\n", "events", "check", "--registry", badRegistry, "-")
	if status != 1 || stdout != badRegistry+":2: systems must be a list\n" || !strings.Contains(stderr, "vitrine registry lint") {
		t.Fatalf("bad registry: status %d, out %q, err %q", status, stdout, stderr)
	}
	if _, stderr, status := runVitrine(t, "", "events", "check", events); status != 1 || !strings.Contains(stderr, "--registry") {
		t.Fatalf("no --registry: status %d, err %q", status, stderr)
	}
	if stdout, _, status := runVitrine(t, "", "events", "check", "--help"); status != 0 || !strings.Contains(stdout, "-registry") {
		t.Fatalf("--help: status %d, out %q", status, stdout)
	}
}
