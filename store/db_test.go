package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestStatementCache checks that cached read statements give the same answers as before, see rows written
// after they were prepared, stay bounded, and report a bad query as an error rather than caching it.
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	db := f.db

	// A statement prepared before a write must see the write: the same cached query, asked twice.
	before, err := db.CustomerByID(ctx, f.cust)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE customers SET name = 'Renamed' WHERE id = ?`, f.cust); err != nil {
		t.Fatal(err)
	}
	after, err := db.CustomerByID(ctx, f.cust)
	if err != nil {
		t.Fatal(err)
	}
	if before.Name == "Renamed" || after.Name != "Renamed" {
		t.Fatalf("names %q then %q: the cached statement did not see the update", before.Name, after.Name)
	}

	// Many distinct queries, from several goroutines: every answer right, the cache never past its bound.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range maxStmts / 2 {
				n := g*maxStmts/2 + i
				var got int
				if err := db.queryRow(ctx, fmt.Sprintf("SELECT ? + %d", n), 1).Scan(&got); err != nil || got != n+1 {
					errs <- fmt.Errorf("query %d: got %d, %v", n, got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	db.stmtMu.RLock()
	n := len(db.stmts)
	db.stmtMu.RUnlock()
	if n > maxStmts {
		t.Errorf("%d cached statements, bound is %d", n, maxStmts)
	}

	if _, err := db.query(ctx, "SELECT nope FROM nowhere"); err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("bad query: err %v, want one naming the table", err)
	}
}
