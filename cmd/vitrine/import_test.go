package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

func TestImportIsResumableAndReportsBadLines(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 10, Events: 300, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var file bytes.Buffer
	for i := range 1200 {
		if i == 400 {
			file.WriteString("{not json\n")
		}
		if i == 800 {
			file.WriteString(`{"id":"bad-action","customer":"C-1001","system":"x","purpose":"y","action":"peek","occurred_at":"2026-01-01T00:00:00Z"}` + "\n")
		}
		line, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("imp-%d", i), "customer": fmt.Sprintf("I-%d", i%9), "system": "search-ranking",
			"purpose": "search", "action": "inference", "occurred_at": time.Now().Add(-time.Duration(i) * time.Hour).UTC().Format(time.RFC3339)})
		file.Write(line)
		file.WriteString("\n")
	}
	path := filepath.Join(dir, "events.ndjson")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	err = cmdImport(ctx, []string{"--db", dbPath, "--brand", seed.BrandMaison, "--quiet", path}, nil, &out)
	if err == nil || !strings.Contains(err.Error(), "2 events were rejected") {
		t.Fatalf("first import: err %v, want 2 rejected\n%s", err, out.String())
	}
	for _, want := range []string{"1200 accepted", "line 401:", "line 802: action"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// A rerun (after an interruption, or after fixing the bad lines) stores nothing twice.
	out.Reset()
	cmdImport(ctx, []string{"--db", dbPath, "--brand", seed.BrandMaison, "--quiet", path}, nil, &out)
	if !strings.Contains(out.String(), "0 accepted, 1200 duplicates") {
		t.Fatalf("rerun: %s", out.String())
	}
	db, _ = store.Open(ctx, dbPath)
	defer db.Close()
	if err := db.VerifyRollups(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cmdImport(ctx, []string{"--db", dbPath, "--brand", "no-such-brand", path}, nil, &out); err == nil {
		t.Fatal("import into an unknown brand should fail")
	}
}
