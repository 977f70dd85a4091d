package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
)

// seededDB makes a small demo database, so that `serve --demo` prints the persona links without seeding.
func seededDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dbPath := storetest.DSN(t, "v")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 200, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	return dbPath
}

// successLines are what `vitrine serve --demo` prints once it is up; none may appear when it is not.
var successLines = []string{"vitrine is listening", "A pretend Maison Lumière site", "Customer links", "Staff console"}

// TestServeReportsAPortInUse starts `vitrine serve --demo` with the server's or the demo site's port already
// taken: it must fail, naming the address, and print none of the lines that say it is up.
func TestServeReportsAPortInUse(t *testing.T) {
	dbPath := seededDB(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	busy := taken.Addr().String()
	for _, c := range []struct {
		name, addr, site, want string
	}{
		{"server", busy, "127.0.0.1:0", "serve: cannot listen on " + busy + ": address already in use"},
		{"demo site", "127.0.0.1:0", busy, "serve: cannot listen on " + busy + " for the demo site (--demo-site-addr): address already in use"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var out bytes.Buffer
			err := cmdServe(ctx, []string{"--db", dbPath, "--demo", "--memory-limit", "0", "--addr", c.addr, "--demo-site-addr", c.site}, &out)
			if err == nil || err.Error() != c.want {
				t.Fatalf("err %v, want %q", err, c.want)
			}
			if !errors.Is(err, syscall.EADDRINUSE) {
				t.Errorf("err %v does not wrap EADDRINUSE", err)
			}
			for _, line := range successLines {
				if strings.Contains(out.String(), line) {
					t.Errorf("output says %q although serve failed:\n%s", line, out.String())
				}
			}
		})
	}
}

// dialingWriter collects what serve prints and, the moment a line announces an address, connects to it: a
// line printed before its port is bound fails there, however quickly the server binds afterwards.
type dialingWriter struct {
	t       *testing.T
	mu      sync.Mutex
	buf     bytes.Buffer
	partial string
	urls    map[string]string // announcing line prefix → URL it printed
}

func (w *dialingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	w.partial += string(p)
	for {
		i := strings.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		line := w.partial[:i]
		w.partial = w.partial[i+1:]
		for _, prefix := range []string{"vitrine is listening on ", "A pretend Maison Lumière site frames Camille's widget at "} {
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			raw := strings.Fields(strings.TrimPrefix(line, prefix))[0]
			u, err := url.Parse(raw)
			if err != nil {
				w.t.Errorf("%q: %v", line, err)
				continue
			}
			if c, err := net.DialTimeout("tcp", u.Host, time.Second); err != nil {
				w.t.Errorf("%q was printed before its port accepted connections: %v", line, err)
			} else {
				c.Close()
			}
			w.urls[prefix] = strings.TrimSuffix(raw, "/")
		}
	}
	return len(p), nil
}

func (w *dialingWriter) snapshot() (string, map[string]string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	urls := map[string]string{}
	for k, v := range w.urls {
		urls[k] = v
	}
	return w.buf.String(), urls
}

// TestServePrintsBoundAddresses starts `vitrine serve --demo` on port 0 for the server and the demo site: the
// printed addresses carry the ports the system chose, accept connections when they are printed, and the
// persona link and the demo site work.
func TestServePrintsBoundAddresses(t *testing.T) {
	dbPath := seededDB(t)
	t.Setenv("VITRINE_BASE_URL", "") // the base URL must come from the bound address
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &dialingWriter{t: t, urls: map[string]string{}}
	done := make(chan error, 1)
	go func() {
		done <- cmdServe(ctx, []string{"--db", dbPath, "--demo", "--memory-limit", "0", "--addr", "127.0.0.1:0", "--demo-site-addr", "127.0.0.1:0"}, out)
	}()
	var printed string
	var urls map[string]string
	for deadline := time.Now().Add(20 * time.Second); len(urls) < 2; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			printed, _ = out.snapshot()
			t.Fatalf("serve ended: %v\n%s", err, printed)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not print both addresses:\n%s", printed)
		}
		printed, urls = out.snapshot()
	}
	base, site := urls["vitrine is listening on "], urls["A pretend Maison Lumière site frames Camille's widget at "]
	if strings.HasSuffix(base, ":0") || strings.HasSuffix(site, ":0") || base == site {
		t.Fatalf("printed %q and %q, want the ports the system chose", base, site)
	}

	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) int {
		t.Helper()
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(base + "/healthz"); code != http.StatusOK {
		t.Errorf("%s/healthz: %d", base, code)
	}
	if code := get(site + "/"); code != http.StatusOK {
		t.Errorf("the demo site %s/: %d", site, code)
	}
	// The persona links are on the bound address too, and sign the persona in.
	var link string
	for _, f := range strings.Fields(printed) {
		if strings.HasPrefix(f, base+"/s/") {
			link = f
			break
		}
	}
	if link == "" {
		t.Fatalf("no persona link on %s:\n%s", base, printed)
	}
	if code := get(link); code != http.StatusSeeOther {
		t.Errorf("persona link %s: %d, want a redirect to /me", link, code)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after cancel: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
