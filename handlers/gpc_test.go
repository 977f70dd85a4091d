package handlers

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
	"vitrine/token"
)

// gpcCustomer makes a fresh Maison Lumière customer, in English, whose choices are states (purpose slug → state),
// recorded on their page two days before the tests' day; it returns the customer's id.
func gpcCustomer(t *testing.T, s *Server, ext string, states map[string]string) int64 {
	t.Helper()
	ctx := context.Background()
	b, err := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.DB.SaveCustomer(ctx, store.Customer{BrandID: b.ID, ExternalID: ext, Name: ext, Locale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := s.DB.Registry(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	for slug, st := range states {
		if _, err := s.DB.RecordConsent(ctx, store.ConsentChange{CustomerID: id, PurposeID: reg.PurposeBySlug[slug].ID, State: st,
			Method: "web", At: testNow.Add(-48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// gpcHistory returns the customer's recorded choices, newest first.
func gpcHistory(t *testing.T, s *Server, id int64) []store.ConsentChange {
	t.Helper()
	h, err := s.DB.ConsentHistory(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// gpcStates returns the customer's current state by purpose slug.
func gpcStates(t *testing.T, s *Server, id int64) map[string]string {
	t.Helper()
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	reg, _ := s.DB.Registry(ctx, b.ID)
	cur, err := s.DB.Consents(ctx, b.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for pid, st := range cur {
		out[reg.Purposes[pid].Slug] = st
	}
	return out
}

// withGPC is the header a browser with Global Privacy Control on sends.
var withGPC = []string{"Sec-GPC", "1"}

// postGPC posts a consent form of the customer's page, with or without the signal, and returns the answer.
func postGPC(t *testing.T, c *http.Client, ts *httptest.Server, fields url.Values, signal bool) (int, string, string) {
	t.Helper()
	_, _, page := get(t, c, ts.URL+"/me/consents", withGPC...)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("consents page has no CSRF field")
	}
	fields.Set("_csrf", m[1])
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/me/consents", strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if signal {
		req.Header.Set("Sec-GPC", "1")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// A customer's request with Sec-GPC: 1 refuses, once and with the method gpc, the purposes the brand maps to the
// signal (by default the demo's advertising, not suggestions nor training), unless the customer already said no.
func TestGPCSignalRefusesMappedPurposes(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	cases := []struct {
		name     string
		states   map[string]string
		path     string // page opened
		header   []string
		want     map[string]string // states after
		recorded int               // new choices in the history
		meaning  string            // of the feed's change, when one is recorded
		badge    string            // text the consents page shows, "" for no badge
	}{
		{"granted, with the signal", map[string]string{"advertising": "granted", "recommendations": "granted", "model-training": "granted"}, "/me/consents", withGPC,
			map[string]string{"advertising": "refused", "recommendations": "granted", "model-training": "granted"}, 1, "withdrawn",
			"Your browser asked us not to share or sell your data; we did so on 29 Nov 2026."},
		{"never answered, with the signal, on the overview", nil, "/me", withGPC,
			map[string]string{"advertising": "refused"}, 1, "refused", "we did so on 29 Nov 2026"},
		{"granted, without the signal", map[string]string{"advertising": "granted"}, "/me/consents", nil,
			map[string]string{"advertising": "granted"}, 0, "", ""},
		{"a signal other than 1", map[string]string{"advertising": "granted"}, "/me/consents", []string{"Sec-GPC", "0"},
			map[string]string{"advertising": "granted"}, 0, "", ""},
		{"already refused by the customer", map[string]string{"advertising": "refused"}, "/me/consents", withGPC,
			map[string]string{"advertising": "refused"}, 0, "", "Your choices already say no to that."},
		{"unmapped purposes only", map[string]string{"advertising": "refused", "recommendations": "granted"}, "/me/activity", withGPC,
			map[string]string{"advertising": "refused", "recommendations": "granted"}, 0, "", "Your choices already say no to that."},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ext := "GPC-S" + string(rune('A'+i))
			id := gpcCustomer(t, s, ext, tc.states)
			before := len(gpcHistory(t, s, id))
			feed, _ := s.DB.Changes(ctx, brand.ID, 0, nil, 100000)
			c := signIn(t, ts, seed.BrandMaison, ext)
			for range 2 { // the second request with the signal records nothing more
				if status, _, _ := get(t, c, ts.URL+tc.path, tc.header...); status != http.StatusOK {
					t.Fatalf("%s: status %d", tc.path, status)
				}
			}
			hist := gpcHistory(t, s, id)
			if got := len(hist) - before; got != tc.recorded {
				t.Fatalf("%d new choices, want %d: %+v", got, tc.recorded, hist)
			}
			if got := gpcStates(t, s, id); !subset(tc.want, got) {
				t.Fatalf("states %v, want %v", got, tc.want)
			}
			if tc.recorded > 0 {
				if hist[0].Method != store.MethodGPC || hist[0].State != store.ConsentRefused {
					t.Fatalf("recorded %+v, want a refusal by gpc", hist[0])
				}
				after, _ := s.DB.Changes(ctx, brand.ID, 0, nil, 100000)
				var data store.ConsentChangeData
				if len(after) != len(feed)+1 || json.Unmarshal(after[len(after)-1].Data, &data) != nil ||
					data.Method != store.MethodGPC || data.Customer != ext || data.Purpose != "advertising" || data.Meaning != tc.meaning {
					t.Fatalf("feed: %d changes after %d, last %+v, want method gpc meaning %s", len(after), len(feed), data, tc.meaning)
				}
			}
			_, _, body := get(t, c, ts.URL+"/me/consents", tc.header...)
			assertNoRawText(t, "consents", body)
			switch {
			case tc.badge == "" && strings.Contains(body, `data-testid="gpc-badge"`):
				t.Error("a badge without anything the signal did")
			case tc.badge != "" && !strings.Contains(body, tc.badge):
				t.Errorf("consents page lacks %q", tc.badge)
			}
			if tc.recorded > 0 && !strings.Contains(body, "through your browser&#39;s Global Privacy Control signal") {
				t.Error("the history does not say the signal made the choice")
			}
		})
	}
}

func subset(want, got map[string]string) bool {
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// The signal of a staff member's browser, looking at the customer's page, is not the customer's: nothing changes.
func TestGPCStaffViewIgnoresTheStaffBrowser(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	id := gpcCustomer(t, s, "GPC-STAFF", map[string]string{"advertising": "granted"})
	agent := staffSignIn(t, ts, supportA)
	giveReason(t, ts, agent, id, "ticket #77, question about ads.")
	if status, _, _ := get(t, agent, ts.URL+staffCustomerPath(id)+"/view/consents", withGPC...); status != http.StatusOK {
		t.Fatalf("staff view: %d", status)
	}
	if got := gpcStates(t, s, id)["advertising"]; got != store.ConsentGranted {
		t.Fatalf("advertising is %q after a staff look, want granted", got)
	}
}

// A yes against the signal is asked again; confirmed, it is recorded and stands at the next page with the
// signal. Without the signal, no question.
func TestGPCConflictAsksToConfirm(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	id := gpcCustomer(t, s, "GPC-C", map[string]string{"advertising": "granted"})
	c := signIn(t, ts, seed.BrandMaison, "GPC-C")
	get(t, c, ts.URL+"/me/consents", withGPC...) // the signal turns advertising off
	n := len(gpcHistory(t, s, id))
	grant := url.Values{"purpose": {"advertising"}, "state": {"granted"}, "shown": {"refused"}}

	status, _, body := postGPC(t, c, ts, grant, true)
	if status != http.StatusOK || !strings.Contains(body, `data-testid="gpc-confirm"`) || !strings.Contains(body, `name="confirm" value="1"`) {
		t.Fatalf("yes against the signal: status %d, want the question; page: %.400s", status, body)
	}
	assertNoRawText(t, "confirm", body)
	if !strings.Contains(body, "Do you want to say yes anyway?") {
		t.Error("the question is not asked in plain words")
	}
	if got := len(gpcHistory(t, s, id)); got != n {
		t.Fatalf("the question recorded %d choices", got-n)
	}

	grant.Set("confirm", "1")
	status, loc, _ := postGPC(t, c, ts, grant, true)
	if status != http.StatusSeeOther || !strings.Contains(loc, "done=") {
		t.Fatalf("confirmed yes: %d %q", status, loc)
	}
	get(t, c, ts.URL+loc, withGPC...)
	get(t, c, ts.URL+"/me", withGPC...)
	hist := gpcHistory(t, s, id)
	if len(hist) != n+1 || hist[0].State != store.ConsentGranted || hist[0].Method != "web" {
		t.Fatalf("after the confirmed yes and two pages with the signal: %+v", hist[:2])
	}

	// The same yes without the signal needs no question.
	id2 := gpcCustomer(t, s, "GPC-C2", map[string]string{"advertising": "refused"})
	c2 := signIn(t, ts, seed.BrandMaison, "GPC-C2")
	grant.Del("confirm")
	if status, loc, _ := postGPC(t, c2, ts, grant, false); status != http.StatusSeeOther || !strings.Contains(loc, "done=") {
		t.Fatalf("yes without the signal: %d %q", status, loc)
	}
	if got := gpcStates(t, s, id2)["advertising"]; got != store.ConsentGranted {
		t.Fatalf("advertising is %q, want granted", got)
	}
	// A yes to a purpose the signal does not cover needs no question either.
	if status, _, _ := postGPC(t, c2, ts, url.Values{"purpose": {"recommendations"}, "state": {"granted"}, "shown": {""}}, true); status != http.StatusSeeOther {
		t.Fatalf("yes to suggestions with the signal: %d, want 303", status)
	}
}

// The widget honours the signal, asks its own question before a yes against it, and records the confirmed yes.
func TestGPCInTheWidget(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	id := gpcCustomer(t, s, "GPC-W", map[string]string{"advertising": "granted"})
	tok := mintIn(t, s.DB, seed.BrandMaison, "GPC-W", token.AudEmbed, 10*time.Minute)
	c := client(t)
	status, _, body := get(t, c, ts.URL+"/embed/v1?token="+url.QueryEscape(tok), withGPC...)
	if status != http.StatusOK || !strings.Contains(body, `data-testid="gpc-badge"`) {
		t.Fatalf("widget with the signal: %d, badge %v", status, strings.Contains(body, `data-testid="gpc-badge"`))
	}
	if h := gpcHistory(t, s, id); h[0].Method != store.MethodGPC {
		t.Fatalf("widget: latest choice %+v, want the signal's refusal", h[0])
	}
	post := func(fields url.Values) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/embed/v1/consents", strings.NewReader(fields.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-GPC", "1")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	grant := url.Values{"token": {tok}, "purpose": {"advertising"}, "state": {"granted"}, "shown": {"refused"}}
	status, loc := post(grant)
	if status != http.StatusSeeOther || !strings.Contains(loc, "confirm=advertising") {
		t.Fatalf("yes against the signal in the widget: %d %q", status, loc)
	}
	_, _, body = get(t, c, ts.URL+loc, withGPC...)
	if !strings.Contains(body, `data-testid="gpc-confirm"`) {
		t.Fatal("the widget does not ask")
	}
	grant.Set("confirm", "1")
	if status, loc := post(grant); status != http.StatusSeeOther || !strings.Contains(loc, "done=") {
		t.Fatalf("confirmed yes in the widget: %d %q", status, loc)
	}
	get(t, c, ts.URL+"/embed/v1?token="+url.QueryEscape(tok), withGPC...)
	if h := gpcHistory(t, s, id); h[0].State != store.ConsentGranted || h[0].Method != "widget" {
		t.Fatalf("after the confirmed yes: %+v", h[0])
	}
}

// The receipt of the signal's refusal says in plain words how it was made, in both languages.
func TestGPCReceiptNamesTheSignal(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	for _, tc := range []struct{ lang, want string }{
		{"en", "through your browser&#39;s Global Privacy Control signal"},
		{"fr", "par le signal Global Privacy Control de votre navigateur"},
	} {
		ext := "GPC-R-" + tc.lang
		id := gpcCustomer(t, s, ext, map[string]string{"advertising": "granted"})
		c := signIn(t, ts, seed.BrandMaison, ext)
		get(t, c, ts.URL+"/me?lang="+tc.lang, withGPC...)
		h := gpcHistory(t, s, id)
		status, _, body := get(t, c, ts.URL+"/me/consents/receipts/"+h[0].ReceiptID+"?lang="+tc.lang)
		if status != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("%s receipt: status %d, lacks %q", tc.lang, status, tc.want)
		}
		_, _, raw := get(t, c, ts.URL+"/me/consents/receipts/"+h[0].ReceiptID+"?format=json")
		if !strings.Contains(raw, `"method": "gpc"`) || !strings.Contains(raw, `"type": "browser_signal"`) {
			t.Errorf("receipt json lacks the method gpc: %s", raw)
		}
	}
}

// Privacy and admin staff choose the purposes the signal turns off; marketing and support cannot.
func TestAdminGPCSetting(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	page := ts.URL + "/admin/settings/gpc"
	for _, tc := range []struct {
		who    string
		status int // of the page; a save gets 303 when allowed
	}{
		{privacyA, http.StatusOK}, {adminA, http.StatusOK}, {marketingA, http.StatusForbidden}, {supportA, http.StatusForbidden},
	} {
		t.Run(tc.who, func(t *testing.T) {
			c := staffSignIn(t, ts, tc.who)
			status, _, body := get(t, c, page, "Accept-Language", "en")
			if status != tc.status {
				t.Fatalf("page: %d, want %d", status, tc.status)
			}
			if tc.status != http.StatusOK {
				// A forged save from this role, with a valid token of another page, changes nothing.
				_, _, settings := get(t, c, ts.URL+"/admin", "Accept-Language", "en")
				m := staffCSRFRe.FindStringSubmatch(settings)
				if m == nil && tc.who == marketingA {
					t.Fatal("marketing's /admin has no form to take a token from")
				}
				if m != nil {
					resp, err := c.PostForm(page, url.Values{"_csrf": {m[1]}, "gpc-model-training": {"1"}})
					if err != nil {
						t.Fatal(err)
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusForbidden {
						t.Fatalf("save by %s: %d, want 403", tc.who, resp.StatusCode)
					}
				}
				if ch, _ := s.DB.GPCChoices(ctx, brand.ID); len(ch) != 0 {
					t.Fatalf("a forbidden save changed %v", ch)
				}
				return
			}
			assertNoRawText(t, "gpc settings", body)
			for _, want := range []string{`name="gpc-advertising" value="1" checked`, `name="gpc-model-training" value="1"`, "marketing.advertising.profiling"} {
				if !strings.Contains(body, want) {
					t.Errorf("settings page lacks %q", want)
				}
			}
			if strings.Contains(body, `name="gpc-model-training" value="1" checked`) || strings.Contains(body, `name="gpc-search"`) {
				t.Error("training is ticked by default, or a purpose customers cannot refuse is offered")
			}
		})
	}

	// The privacy officer adds training and takes advertising out.
	c := staffSignIn(t, ts, privacyA)
	status, loc, _ := staffSubmit(t, c, page, page, url.Values{"gpc-model-training": {"1"}, "gpc-virtual-try-on": {""}})
	if status != http.StatusSeeOther || loc != "/admin/settings/gpc?done=gpc.saved" {
		t.Fatalf("save: %d %q", status, loc)
	}
	_, _, body := get(t, c, ts.URL+loc, "Accept-Language", "en")
	if !strings.Contains(body, `name="gpc-model-training" value="1" checked`) || strings.Contains(body, `name="gpc-advertising" value="1" checked`) {
		t.Fatal("the page does not show the saved choice")
	}
	// A customer with the signal now has training turned off and advertising left as it was.
	id := gpcCustomer(t, s, "GPC-A", map[string]string{"advertising": "granted", "model-training": "granted"})
	get(t, signIn(t, ts, seed.BrandMaison, "GPC-A"), ts.URL+"/me", withGPC...)
	if got := gpcStates(t, s, id); got["advertising"] != store.ConsentGranted || got["model-training"] != store.ConsentRefused {
		t.Fatalf("after the new setting: %v", got)
	}
}

// /.well-known/gpc.json says, as the spec asks, that this site honours the signal, and since when.
func TestGPCSupportResource(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	check := func(wantDate string) {
		t.Helper()
		status, h, body := get(t, client(t), ts.URL+"/.well-known/gpc.json")
		if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Fatalf("gpc.json: %d %q", status, h.Get("Content-Type"))
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got["gpc"] != true || got["lastUpdate"] != wantDate {
			t.Fatalf("gpc.json = %s, want gpc true and lastUpdate %s", body, wantDate)
		}
	}
	check("2026-12-02") // no brand changed anything: the release day
	ctx := context.Background()
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	reg, _ := s.DB.Registry(ctx, brand.ID)
	s.DB.SetClock(func() time.Time { return time.Date(2027, 2, 3, 9, 0, 0, 0, time.UTC) })
	if err := s.DB.SetGPCChoices(ctx, brand.ID, map[int64]bool{reg.PurposeBySlug["model-training"].ID: true}, privacyA); err != nil {
		t.Fatal(err)
	}
	check("2027-02-03")
}

// Only the value 1 is the signal.
func FuzzGPCValue(f *testing.F) {
	for _, v := range []string{"1", " 1", "1 ", "0", "", "true", "11", "1, 1", "\t1\t"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if gpcValue(v) && (strings.Count(v, "1") != 1 || strings.Trim(v, " \t1") != "") {
			t.Fatalf("gpcValue(%q) = %v", v, gpcValue(v))
		}
	})
}
