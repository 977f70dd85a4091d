package handlers

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"vitrine/seed"
)

// loginForm is a browser on the sign-in page, ready to send it: its CSRF token is read beforehand so that many
// browsers can send at the same instant.
type loginForm struct {
	c    *http.Client
	csrf string
}

func openLoginForm(t *testing.T, url string) loginForm {
	t.Helper()
	c := client(t)
	status, _, page := get(t, c, url+"/staff/login", "Accept-Language", "en")
	m := staffCSRFRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the sign-in page (status %d) has no CSRF field", status)
	}
	return loginForm{c: c, csrf: m[1]}
}

// send posts the form and returns the status, the Retry-After header and the page; it may run in any goroutine.
func (f loginForm) send(url, email, password string) (int, string, string, error) {
	fields := url2Values(email, password, f.csrf)
	req, _ := http.NewRequest(http.MethodPost, url+"/staff/login", strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	resp, err := f.c.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Retry-After"), string(body), nil
}

func url2Values(email, password, csrf string) url.Values {
	return url.Values{"email": {email}, "password": {password}, "_csrf": {csrf}}
}

// Thirty wrong passwords sent at once for one account: no more than the account's limit get a password check
// (401), the others are told to wait (429 with Retry-After) — on each backend, where the counting is atomic.
func TestStaffLoginAtOnce(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	forms := make([]loginForm, 30)
	for i := range forms {
		forms[i] = openLoginForm(t, ts.URL)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[int]int{}
	start := make(chan struct{})
	for i, f := range forms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			status, retry, _, err := f.send(ts.URL, supportA, "wrong password "+strconv.Itoa(i))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
				return
			}
			if status == http.StatusTooManyRequests && retry == "" {
				t.Error("a 429 without Retry-After")
			}
			counts[status]++
		}()
	}
	close(start)
	wg.Wait()
	if counts[http.StatusUnauthorized] < 1 || counts[http.StatusUnauthorized] > loginAccountMax ||
		counts[http.StatusUnauthorized]+counts[http.StatusTooManyRequests] != len(forms) {
		t.Fatalf("30 wrong passwords at once: %v, want at most %d checked (401) and the others refused (429)", counts, loginAccountMax)
	}
	// The same address can still sign in to another account: the refused attempts were not counted against it.
	if status, _, body, err := openLoginForm(t, ts.URL).send(ts.URL, privacyA, seed.StaffPassword); err != nil || status != http.StatusSeeOther {
		t.Fatalf("another account from the same address: status %d, %v; page: %.300s", status, err, body)
	}
}

// A few wrong passwords do not stop the right one, and its success wipes the account's slate.
func TestStaffLoginAfterFailures(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	for round := range 2 {
		for i := range loginAccountMax - 1 {
			if status, _, _, _ := openLoginForm(t, ts.URL).send(ts.URL, supportA, "wrong "+strconv.Itoa(i)); status != http.StatusUnauthorized {
				t.Fatalf("round %d, wrong password %d: status %d", round, i+1, status)
			}
		}
		if status, _, body, _ := openLoginForm(t, ts.URL).send(ts.URL, supportA, seed.StaffPassword); status != http.StatusSeeOther {
			t.Fatalf("round %d, right password after %d wrong ones: status %d; page: %.300s", round, loginAccountMax-1, status, body)
		}
	}
}

// A sign-in that cannot get its turn for a password check soon is told to try again in a moment, and that
// attempt does not count.
func TestStaffLoginBusy(t *testing.T) {
	s, ts := newIsolatedServer(t, func(s *Server) { s.logins.slots = 1 })
	form := openLoginForm(t, ts.URL)
	s.logins.acquireCheck(context.Background())
	status, retry, body, err := form.send(ts.URL, supportA, seed.StaffPassword)
	s.logins.releaseCheck()
	if err != nil || status != http.StatusTooManyRequests || retry != "2" || !strings.Contains(body, "Wait a few seconds and try again.") {
		t.Fatalf("with every check slot taken: status %d, Retry-After %q, %v; page: %.300s", status, retry, err, body)
	}
	for i := range loginAccountMax - 1 {
		if status, _, _, _ := openLoginForm(t, ts.URL).send(ts.URL, supportA, "wrong "+strconv.Itoa(i)); status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: status %d", i+1, status)
		}
	}
	if status, _, _, _ := openLoginForm(t, ts.URL).send(ts.URL, supportA, seed.StaffPassword); status != http.StatusSeeOther {
		t.Fatalf("the refused attempt counted as a failure: the right password after %d wrong ones gets status %d", loginAccountMax-1, status)
	}
}
