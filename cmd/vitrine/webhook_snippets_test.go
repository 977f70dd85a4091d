package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/store/storetest"
	"vitrine/webhook"
)

// TestREADMEWebhookReceiversVerifyRealDeliveries runs the README's Go, Node.js and Python webhook receivers as
// written: vitrine delivers a real consent change to each, which must accept it (so the delivery is logged as
// delivered) and print its type; the same message with a changed body must be refused.
func TestREADMEWebhookReceiversVerifyRealDeliveries(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.DSN(t, "hooksnip"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Demo(ctx, db, seed.Options{Customers: 4, Events: 100, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	brand, _ := db.BrandBySlug(ctx, seed.BrandMaison)
	cust, _ := db.CustomerByExternalID(ctx, brand.ID, seed.CamilleID)
	reg, _ := db.Registry(ctx, brand.ID)
	training := reg.PurposeBySlug["model-training"].ID
	snippets := readmeSnippets(t)
	for _, file := range []string{"vitrine-webhook.go", "vitrine-webhook.mjs", "vitrine_webhook.py"} {
		t.Run(file, func(t *testing.T) {
			code, ok := snippets[file]
			if !ok {
				t.Fatalf("the README has no program %s", file)
			}
			dir := t.TempDir()
			write(t, filepath.Join(dir, file), code)
			prepared := snippetRunners[file](t, dir, file)
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			port := l.Addr().(*net.TCPAddr).Port
			l.Close()
			url := "http://127.0.0.1:" + itoa(port) + "/vitrine"
			ep, err := db.CreateWebhookEndpoint(ctx, brand.ID, url, file, []string{store.ChangeConsent}, db.Now())
			if err != nil {
				t.Fatal(err)
			}
			defer db.DeleteWebhookEndpoint(ctx, brand.ID, ep.ID)

			ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, prepared.Path, prepared.Args[1:]...)
			cmd.Dir = dir
			cmd.Env = prepared.Env
			if cmd.Env == nil {
				cmd.Env = os.Environ()
			}
			cmd.Env = append(cmd.Env, "PORT="+itoa(port), "VITRINE_WEBHOOK_SECRET="+ep.Secret)
			var out syncBuffer
			cmd.Stdout, cmd.Stderr = &out, &out
			// `go run` starts the program as a child of its own: the whole group is stopped at the end.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			cmd.WaitDelay = 5 * time.Second
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); cmd.Wait() }()
			deadline := time.Now().Add(90 * time.Second) // go run compiles first
			for {
				if c, err := net.Dial("tcp", "127.0.0.1:"+itoa(port)); err == nil {
					c.Close()
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s never listened: %s", file, out.String())
				}
				time.Sleep(50 * time.Millisecond)
			}

			state := store.ConsentRefused
			if cur, _ := db.Consents(ctx, brand.ID, cust.ID); cur[training] == store.ConsentRefused {
				state = store.ConsentGranted
			}
			if _, err := db.RecordConsent(ctx, store.ConsentChange{CustomerID: cust.ID, PurposeID: training, State: state, Method: "api"}); err != nil {
				t.Fatal(err)
			}
			d := &webhook.Dispatcher{DB: db, Client: webhook.Client(5*time.Second, true)}
			var wg sync.WaitGroup
			d.Step(ctx, make(chan struct{}, 2), &wg)
			wg.Wait()
			dls, err := db.WebhookDeliveries(ctx, brand.ID, ep.ID, 5)
			if err != nil || len(dls) != 1 {
				t.Fatalf("deliveries: %v %v", dls, err)
			}
			if dls[0].Status != store.DeliveryDelivered {
				t.Fatalf("%s did not accept a real delivery: %+v\n%s", file, dls[0], out.String())
			}
			// The program's output comes through a pipe: give it a moment to arrive.
			printed := func() bool {
				return strings.Contains(out.String(), dls[0].MsgID) && strings.Contains(out.String(), store.ChangeConsent)
			}
			for wait := time.Now().Add(5 * time.Second); !printed() && time.Now().Before(wait); {
				time.Sleep(20 * time.Millisecond)
			}
			if !printed() {
				t.Errorf("%s did not print the message id and type:\n%s", file, out.String())
			}

			// The same message, signed now, but with its body changed after signing: refused.
			now := time.Now()
			sig, _ := webhook.Sign(ep.Secret, dls[0].MsgID, now, []byte(dls[0].Payload))
			forged := strings.Replace(dls[0].Payload, `"`+state+`"`, `"granted-by-forger"`, 1)
			req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(forged))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("webhook-id", dls[0].MsgID)
			req.Header.Set("webhook-timestamp", itoa(int(now.Unix())))
			req.Header.Set("webhook-signature", sig)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s answered %d to a changed body, want 401", file, resp.StatusCode)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// syncBuffer is a buffer a child process writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
