package webhook

import (
	"errors"
	"net/netip"
	"testing"
	"time"
)

// The published Standard Webhooks test vector: a receiver's Standard Webhooks library accepts what vitrine
// signs exactly when this holds.
func TestSignMatchesTheStandardWebhooksVector(t *testing.T) {
	at := time.Unix(1614265330, 0)
	got, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", at, []byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	at := time.Unix(1614265330, 0)
	body := []byte(`{"test": 2432232314}`)
	good := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	for _, c := range []struct {
		name, ts, sigs string
		body           []byte
		now            time.Time
		ok             bool
	}{
		{"valid", "1614265330", good, body, at, true},
		{"one of several", "1614265330", "v1,bm9wZQ== " + good, body, at, true},
		{"body changed", "1614265330", good, []byte(`{"test": 1}`), at, false},
		{"too old", "1614265330", good, body, at.Add(10 * time.Minute), false},
		{"timestamp not a number", "yesterday", good, body, at, false},
	} {
		err := Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", c.ts, c.sigs, c.body, 5*time.Minute, c.now)
		if (err == nil) != c.ok {
			t.Errorf("%s: Verify = %v", c.name, err)
		}
	}
}

func TestCheckURLRefusesInternalTargets(t *testing.T) {
	for _, c := range []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"https://hooks.example.com/vitrine", false, true},
		{"https://93.184.215.14/x", false, true},
		{"http://hooks.example.com/vitrine", false, false},
		{"https://127.0.0.1/x", false, false},
		{"https://localhost:8443/x", false, false},
		{"https://10.1.2.3/x", false, false},
		{"https://169.254.169.254/latest/meta-data", false, false},
		{"https://[::1]/x", false, false},
		{"https://[fd00::1]/x", false, false},
		{"https://100.64.1.1/x", false, false},
		{"https://user:pw@hooks.example.com/x", false, false},
		{"ftp://hooks.example.com/x", false, false},
		{"/relative", false, false},
		{"http://127.0.0.1:9999/hook", true, true},
	} {
		_, err := CheckURL(c.url, c.insecure)
		if (err == nil) != c.ok {
			t.Errorf("CheckURL(%q, %v) = %v", c.url, c.insecure, err)
		}
		if err != nil && !errors.Is(err, ErrUnsafeURL) {
			t.Errorf("CheckURL(%q): error %v is not ErrUnsafeURL", c.url, err)
		}
	}
}

func TestPublicAddr(t *testing.T) {
	for addr, want := range map[string]bool{"8.8.8.8": true, "2606:4700::1111": true, "192.168.0.1": false, "::ffff:127.0.0.1": false, "0.0.0.0": false} {
		if got := publicAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("publicAddr(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestNextAttemptFollowsTheScheduleThenGivesUp(t *testing.T) {
	created := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	mid := func() float64 { return 0.5 } // no jitter
	if got := NextAttempt(1, created, created, mid).Sub(created); got != 5*time.Second {
		t.Errorf("after the first failure: wait %s, want 5s", got)
	}
	if got := NextAttempt(3, created, created, mid).Sub(created); got != 30*time.Minute {
		t.Errorf("after the third failure: wait %s, want 30m", got)
	}
	late := created.Add(60 * time.Hour)
	if got := NextAttempt(12, created, late, mid).Sub(late); got != 10*time.Hour {
		t.Errorf("late retries: wait %s, want 10h", got)
	}
	if next := NextAttempt(13, created, created.Add(70*time.Hour), mid); !next.IsZero() {
		t.Errorf("past three days: next attempt %s, want give up", next)
	}
	lo := NextAttempt(2, created, created, func() float64 { return 0 }).Sub(created)
	hi := NextAttempt(2, created, created, func() float64 { return 0.999 }).Sub(created)
	if lo < 4*time.Minute+30*time.Second || hi > 5*time.Minute+30*time.Second || lo == hi {
		t.Errorf("jitter range %s..%s, want about 5m ±10%%", lo, hi)
	}
}
