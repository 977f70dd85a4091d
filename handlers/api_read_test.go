package handlers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
	"vitrine/store"
)

// newReadAPIServer is an isolated server whose rate limit never gets in the way of a test paging to the end.
func newReadAPIServer(t *testing.T) (*Server, *httptest.Server, string, string) {
	t.Helper()
	s, ts := newIsolatedServer(t, func(s *Server) { s.APIRate, s.APIBurst = 1e6, 1e6 })
	return s, ts, apiKey(t, s, seed.BrandMaison), apiKey(t, s, seed.BrandNorthwind)
}

func apiJSON(t *testing.T, method, url, key string, body any, into any) (int, http.Header, []byte) {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	status, h, raw := apiDo(t, method, url, key, "application/json", b)
	if into != nil && status < 300 {
		if err := json.Unmarshal(raw, into); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, raw)
		}
	}
	return status, h, raw
}

// setConsent records a choice through the API as the brand's backend would, and returns its receipt.
func setConsent(t *testing.T, base, key, customer, purpose, state string) consentAPIAnswer {
	t.Helper()
	var cur consentsAnswer
	if status, _, raw := apiJSON(t, http.MethodGet, base+"/api/v1/customers/"+customer+"/consents", key, nil, &cur); status != http.StatusOK {
		t.Fatalf("read consents of %s: %d %s", customer, status, raw)
	}
	previous := ""
	for _, c := range cur.Consents {
		if c.Purpose == purpose && c.State != stateUnanswered {
			previous = c.State
		}
	}
	if previous == state { // already so: change it back first, so that the receipt returned is a fresh one
		other := store.ConsentGranted
		if state == other {
			other = store.ConsentRefused
		}
		setConsent(t, base, key, customer, purpose, other)
		previous = other
	}
	var ans consentAPIAnswer
	status, _, raw := apiJSON(t, http.MethodPost, base+"/api/v1/customers/"+customer+"/consents", key,
		map[string]string{"purpose": purpose, "state": state, "previous_state": previous}, &ans)
	if status != http.StatusCreated {
		t.Fatalf("set %s %s=%s (previous %q): %d %s", customer, purpose, state, previous, status, raw)
	}
	return ans
}

func TestAPIConsentsShow(t *testing.T) {
	s, ts, maison, northwind := newReadAPIServer(t)
	base := ts.URL
	ctx := context.Background()
	setConsent(t, base, maison, seed.CamilleID, "model-training", store.ConsentGranted)
	refusal := setConsent(t, base, maison, seed.CamilleID, "model-training", store.ConsentRefused)

	cases := []struct {
		name, key, customer string
		status              int
	}{
		{"own customer", maison, seed.CamilleID, http.StatusOK},
		{"unknown customer", maison, "C-0000-nobody", http.StatusNotFound},
		{"another brand's customer", northwind, seed.CamilleID, http.StatusNotFound},
		{"no key", "", seed.CamilleID, http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ans consentsAnswer
			status, h, raw := apiJSON(t, http.MethodGet, base+"/api/v1/customers/"+tc.customer+"/consents", tc.key, nil, &ans)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, raw)
			}
			if status != http.StatusOK {
				if ct := h.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q, want a problem", ct)
				}
				return
			}
			b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
			reg, _ := s.DB.Registry(ctx, b.ID)
			if len(ans.Consents) != len(reg.PurposeOrder) {
				t.Fatalf("%d purposes, want every one of the brand's %d", len(ans.Consents), len(reg.PurposeOrder))
			}
			cust, _ := s.DB.CustomerByExternalID(ctx, b.ID, seed.CamilleID)
			current, _ := s.DB.Consents(ctx, b.ID, cust.ID)
			for _, c := range ans.Consents {
				p := reg.PurposeBySlug[c.Purpose]
				want := current[p.ID]
				if want == "" {
					want = stateUnanswered
				}
				if c.State != want || c.LegalBasis != p.LegalBasis || c.CanRefuse != refusable(p) {
					t.Errorf("%s: %+v, want state %s, legal basis %s, can_refuse %v", c.Purpose, c, want, p.LegalBasis, refusable(p))
				}
				if (c.State == stateUnanswered) != (c.ReceiptID == "" && c.Since == nil) {
					t.Errorf("%s: a receipt and a date go with an answer, and only with one: %+v", c.Purpose, c)
				}
			}
			for _, c := range ans.Consents {
				if c.Purpose == "model-training" && (c.State != "refused" || c.ReceiptID != refusal.ReceiptID || c.Allowed ||
					c.Reason != "withdrawn" || c.Since == nil || !c.Since.Equal(refusal.At)) {
					t.Errorf("model training after Camille took her consent back: %+v, want refused, withdrawn, receipt %s", c, refusal.ReceiptID)
				}
			}
		})
	}
}

func TestAPIConsentsCheck(t *testing.T) {
	_, ts, maison, _ := newReadAPIServer(t)
	base := ts.URL
	setConsent(t, base, maison, seed.CamilleID, "recommendations", store.ConsentGranted)
	setConsent(t, base, maison, seed.CamilleID, "model-training", store.ConsentRefused)
	setConsent(t, base, maison, seed.CamilleID, "email-timing", store.ConsentRefused)

	want := []consentCheckResult{
		{seed.CamilleID, "recommendations", true, "granted", "granted"},
		{seed.CamilleID, "model-training", false, "refused", ""}, // refused or withdrawn, by the seeded history
		{seed.CamilleID, "email-timing", false, "refused", "objected"},
		{seed.CamilleID, "search", true, "", ""}, // contract: allowed whatever was answered
		{"C-nobody", "model-training", false, "unanswered", "unknown_customer"},
		{"C-nobody", "search", true, "unanswered", "unknown_customer"},
		{"C-nobody", "fraud-prevention", true, "unanswered", "unknown_customer"},
		{seed.SamID, "model-training", false, "unanswered", "unknown_customer"}, // another brand's customer
		{seed.CamilleID, "no-such-purpose", false, "unanswered", "unknown_purpose"},
		{seed.CamilleID, "recommendations", true, "granted", "granted"}, // asked twice: answered twice, in place
	}
	var checks []consentCheck
	for _, w := range want {
		checks = append(checks, consentCheck{w.Customer, w.Purpose})
	}
	var ans consentCheckAnswer
	status, _, raw := apiJSON(t, http.MethodPost, base+"/api/v1/consents/check", maison, consentCheckRequest{checks}, &ans)
	if status != http.StatusOK || len(ans.Results) != len(want) {
		t.Fatalf("status %d, %d results, want 200 and %d: %s", status, len(ans.Results), len(want), raw)
	}
	for i, w := range want {
		g := ans.Results[i]
		if g.Customer != w.Customer || g.Purpose != w.Purpose || g.Allowed != w.Allowed || (w.State != "" && g.State != w.State) ||
			(w.Reason != "" && g.Reason != w.Reason) {
			t.Errorf("result %d = %+v, want %+v", i, g, w)
		}
	}
	if r := ans.Results[1].Reason; r != "refused" && r != "withdrawn" {
		t.Errorf("refused model training: reason %q, want refused or withdrawn", r)
	}

	tooMany := make([]consentCheck, maxChecks+1)
	for i := range tooMany {
		tooMany[i] = consentCheck{fmt.Sprintf("C-%d", i), "model-training"}
	}
	refusals := []struct {
		name   string
		body   []byte
		status int
		member string
	}{
		{"1001 checks", mustJSON(consentCheckRequest{tooMany}), http.StatusRequestEntityTooLarge, `"max_checks":1000`},
		{"not JSON", []byte(`{"checks":`), http.StatusBadRequest, `"status":400`},
		{"over 1 MiB", append(append([]byte(`{"checks":[{"customer":"`), bytes.Repeat([]byte("x"), maxCheckBodyBytes)...), `"}]}`...),
			http.StatusRequestEntityTooLarge, `"max_body_bytes":1048576`},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			status, h, raw := apiDo(t, http.MethodPost, base+"/api/v1/consents/check", maison, "application/json", tc.body)
			if status != tc.status || h.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(raw), tc.member) {
				t.Errorf("status %d %s, want %d problem with %s", status, raw, tc.status, tc.member)
			}
		})
	}
}

// readExcluded reads one answer of the excluded stream: its lines and the cursor of its last line.
func readExcluded(t *testing.T, u, key string) ([]exclusionLine, *string) {
	t.Helper()
	status, h, raw := apiDo(t, http.MethodGet, u, key, "", nil)
	if status != http.StatusOK || h.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("GET %s: status %d %s: %s", u, status, h.Get("Content-Type"), raw)
	}
	var lines []exclusionLine
	var end *exclusionEnd
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		if end != nil {
			t.Fatalf("a line follows the last one: %s", sc.Text())
		}
		if strings.HasPrefix(sc.Text(), `{"next":`) {
			end = &exclusionEnd{}
			if err := json.Unmarshal(sc.Bytes(), end); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var l exclusionLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	if end == nil {
		t.Fatalf("the stream has no last line with the next cursor")
	}
	return lines, end.Next
}

func TestAPIExcluded(t *testing.T) {
	s, ts, maison, northwind := newReadAPIServer(t)
	base := ts.URL
	ctx := context.Background()
	b, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	reg, _ := s.DB.Registry(ctx, b.ID)
	training := reg.PurposeBySlug["model-training"]

	// 3,000 more customers, a quarter of each kind: refused, granted then withdrawn, granted (and refused after
	// the instant asked about), never asked.
	const n = 3000
	t1, t2, asOf, t3 := testNow.Add(-72*time.Hour), testNow.Add(-48*time.Hour), testNow.Add(-24*time.Hour), testNow.Add(-time.Hour)
	var cs []store.Customer
	for i := range n {
		cs = append(cs, store.Customer{BrandID: b.ID, ExternalID: fmt.Sprintf("X-%05d", i), Locale: "en"})
	}
	ids, err := s.DB.SaveCustomers(ctx, cs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // external id -> reason at asOf
	var chs []store.ConsentChange
	for i, id := range ids {
		add := func(state string, at time.Time) {
			chs = append(chs, store.ConsentChange{CustomerID: id, PurposeID: training.ID, State: state, Method: "import", At: at})
		}
		switch i % 4 {
		case 0:
			add(store.ConsentRefused, t1)
			want[cs[i].ExternalID] = "refused"
		case 1:
			add(store.ConsentGranted, t1)
			add(store.ConsentRefused, t2)
			want[cs[i].ExternalID] = "withdrawn"
		case 2:
			add(store.ConsentGranted, t1)
			add(store.ConsentRefused, t3)
		case 3:
			want[cs[i].ExternalID] = "never_asked"
		}
	}
	if _, err := s.DB.RecordConsents(ctx, chs); err != nil {
		t.Fatal(err)
	}

	// The seeded customers answer the same question through their history.
	seededReason := func(t *testing.T, ext string) string {
		cust, err := s.DB.CustomerByExternalID(ctx, b.ID, ext)
		if err != nil {
			t.Fatalf("line names %q, not a customer of the brand", ext)
		}
		hist, _ := s.DB.ConsentHistory(ctx, cust.ID, training.ID)
		granted := false
		latest := ""
		for i := len(hist) - 1; i >= 0; i-- { // oldest first
			if !hist[i].At.After(asOf) {
				if latest == store.ConsentGranted {
					granted = true
				}
				latest = hist[i].State
			}
		}
		switch {
		case latest == "":
			return "never_asked"
		case latest == store.ConsentGranted:
			return ""
		case granted:
			return "withdrawn"
		}
		return "refused"
	}

	at := url.QueryEscape(asOf.Format(time.RFC3339))
	check := func(t *testing.T, lines []exclusionLine) {
		t.Helper()
		seen := map[string]bool{}
		for _, l := range lines {
			if seen[l.Customer] {
				t.Fatalf("%s listed twice", l.Customer)
			}
			seen[l.Customer] = true
			w, mine := want[l.Customer]
			if !mine {
				w = seededReason(t, l.Customer)
			}
			if l.Reason != w {
				t.Errorf("%s: reason %q, want %q", l.Customer, l.Reason, w)
			}
			if (l.Reason == "never_asked") != (l.Since == nil && l.ReceiptID == "") {
				t.Errorf("%s: a refusal has a date and a receipt, never_asked has neither: %+v", l.Customer, l)
			}
			if l.Reason == "withdrawn" && mine && !l.Since.Equal(t2) {
				t.Errorf("%s: since %v, want the withdrawal at %v", l.Customer, l.Since, t2)
			}
		}
		for ext := range want {
			if !seen[ext] {
				t.Errorf("%s (%s) is missing", ext, want[ext])
			}
		}
	}

	t.Run("one answer holds a few thousand", func(t *testing.T) {
		lines, next := readExcluded(t, base+"/api/v1/purposes/model-training/excluded?as_of="+at, maison)
		if next != nil {
			t.Fatalf("next = %q after fewer lines than the limit, want null", *next)
		}
		if len(lines) < len(want) {
			t.Fatalf("%d lines, want at least %d", len(lines), len(want))
		}
		check(t, lines)
	})

	t.Run("paging to the end", func(t *testing.T) {
		var all []exclusionLine
		u := base + "/api/v1/purposes/model-training/excluded?limit=250&as_of=" + at
		pages := 0
		for {
			lines, next := readExcluded(t, u, maison)
			if len(lines) > 250 {
				t.Fatalf("%d lines, over the limit", len(lines))
			}
			all = append(all, lines...)
			if pages++; next == nil {
				break
			}
			if pages > 100 {
				t.Fatal("the cursor does not move on")
			}
			u = base + "/api/v1/purposes/model-training/excluded?limit=250&after=" + url.QueryEscape(*next)
		}
		if pages < 9 {
			t.Errorf("%d pages of 250 for %d lines", pages, len(all))
		}
		check(t, all)
	})

	t.Run("now", func(t *testing.T) {
		lines, _ := readExcluded(t, base+"/api/v1/purposes/model-training/excluded", maison)
		late := 0
		for _, l := range lines {
			if i, err := strconv.Atoi(strings.TrimPrefix(l.Customer, "X-")); err == nil && i%4 == 2 {
				late++
				if l.Reason != "withdrawn" || !l.Since.Equal(t3) {
					t.Errorf("%s withdrew an hour ago: %+v", l.Customer, l)
				}
			}
		}
		if late != n/4 {
			t.Errorf("%d customers who withdrew after as_of are excluded now, want %d", late, n/4)
		}
	})

	t.Run("another brand", func(t *testing.T) {
		lines, _ := readExcluded(t, base+"/api/v1/purposes/model-training/excluded", northwind)
		for _, l := range lines {
			if strings.HasPrefix(l.Customer, "X-") || l.Customer == seed.CamilleID {
				t.Fatalf("Northwind's list names Maison Lumière's customer %s", l.Customer)
			}
		}
	})

	other := apiCursor("x", reg.PurposeBySlug["recommendations"].ID, asOf.Unix(), 5)
	mine := apiCursor("x", training.ID, asOf.Unix(), 5)
	refusals := []struct{ name, query string }{
		{"as_of in the future", "?as_of=" + url.QueryEscape(testNow.Add(time.Minute).Format(time.RFC3339))},
		{"as_of not a date", "?as_of=yesterday"},
		{"cursor not a cursor", "?after=42"},
		{"cursor of another purpose", "?after=" + other},
		{"cursor and another as_of", "?after=" + mine + "&as_of=" + url.QueryEscape(t1.Format(time.RFC3339))},
		{"limit zero", "?limit=0"},
		{"limit too big", "?limit=100001"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			status, h, raw := apiDo(t, http.MethodGet, base+"/api/v1/purposes/model-training/excluded"+tc.query, maison, "", nil)
			if status != http.StatusBadRequest || h.Get("Content-Type") != "application/problem+json" {
				t.Errorf("status %d %s, want a 400 problem", status, raw)
			}
		})
	}
	if status, _, _ := apiDo(t, http.MethodGet, base+"/api/v1/purposes/no-such-purpose/excluded", maison, "", nil); status != http.StatusNotFound {
		t.Errorf("unknown purpose: status %d, want 404", status)
	}
}

func TestAPIChanges(t *testing.T) {
	_, ts, maison, northwind := newReadAPIServer(t)
	base := ts.URL
	var receipts []string
	state := store.ConsentGranted
	for range 23 {
		receipts = append(receipts, setConsent(t, base, maison, seed.CamilleID, "model-training", state).ReceiptID)
		if state == store.ConsentGranted {
			state = store.ConsentRefused
		} else {
			state = store.ConsentGranted
		}
	}

	// Paging through Maison Lumière's feed five at a time sees each change once, in order.
	var items []changeItem
	after := ""
	for pages := 0; ; pages++ {
		var page changesAnswer
		if status, _, raw := apiJSON(t, http.MethodGet, base+"/api/v1/changes?limit=5&after="+url.QueryEscape(after), maison, nil, &page); status != http.StatusOK {
			t.Fatalf("status %d: %s", status, raw)
		}
		if len(page.Changes) > 5 || pages > 50 {
			t.Fatalf("page %d: %d changes", pages, len(page.Changes))
		}
		items = append(items, page.Changes...)
		if len(page.Changes) == 0 {
			if page.Next != after && after != "" {
				t.Errorf("next moved from %q to %q with nothing new", after, page.Next)
			}
			break
		}
		if page.Next != page.Changes[len(page.Changes)-1].Cursor {
			t.Errorf("next %q is not the cursor of the page's last change", page.Next)
		}
		after = page.Next
	}
	var got []string
	ids := map[string]bool{}
	for _, it := range items {
		if ids[it.ID] {
			t.Errorf("change %s seen twice", it.ID)
		}
		ids[it.ID] = true
		if strings.HasPrefix(it.Customer, "N-") || it.CreatedAt.IsZero() || it.Cursor == "" {
			t.Errorf("Maison Lumière's feed has %+v", it)
		}
		if it.Type != store.ChangeConsent { // the seed's consent violations come first
			continue
		}
		var d store.ConsentChangeData
		if err := json.Unmarshal(it.Data, &d); err != nil {
			t.Fatal(err)
		}
		got = append(got, d.ReceiptID)
	}
	// The first change may have been preceded by one that set the state the loop starts from.
	if len(got) < len(receipts) || len(got) > len(receipts)+1 || strings.Join(got[len(got)-len(receipts):], ",") != strings.Join(receipts, ",") {
		t.Errorf("the feed gave %d consent changes, want the %d made, in order", len(got), len(receipts))
	}

	// Northwind's feed has its own changes (Sam's seeded reviews) and none of Maison Lumière's.
	var nw changesAnswer
	apiJSON(t, http.MethodGet, base+"/api/v1/changes?types=review.requested", northwind, nil, &nw)
	if len(nw.Changes) == 0 {
		t.Fatal("Northwind's feed has no review request")
	}
	for _, it := range nw.Changes {
		if it.Type != store.ChangeReviewRequested || it.Customer != seed.SamID {
			t.Errorf("Northwind's feed filtered on review.requested has %+v", it)
		}
	}

	t.Run("long poll", func(t *testing.T) {
		done := make(chan changesAnswer, 1)
		go func() {
			var page changesAnswer
			apiJSON(t, http.MethodGet, base+"/api/v1/changes?wait=10s&after="+url.QueryEscape(after), maison, nil, &page)
			done <- page
		}()
		time.Sleep(300 * time.Millisecond)
		r := setConsent(t, base, maison, seed.CamilleID, "model-training", state)
		select {
		case page := <-done:
			if len(page.Changes) != 1 || !strings.Contains(string(page.Changes[0].Data), r.ReceiptID) {
				t.Errorf("the waiting request got %+v, want the new change", page.Changes)
			}
		case <-time.After(8 * time.Second):
			t.Fatal("the waiting request did not return with the change")
		}
	})

	for _, q := range []string{"after=zzz", "after=" + apiCursor("x", 1, 2, 3), "after=" + apiCursor("c", -1), "types=consent.changed,nope",
		"wait=31s", "wait=soon", "limit=1001"} {
		if status, h, raw := apiDo(t, http.MethodGet, base+"/api/v1/changes?"+q, maison, "", nil); status != http.StatusBadRequest ||
			h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: status %d %s, want a 400 problem", q, status, raw)
		}
	}
}

func TestAPIReviews(t *testing.T) {
	_, ts, maison, northwind := newReadAPIServer(t)
	base := ts.URL
	var pending, reviewed reviewsAnswer
	apiJSON(t, http.MethodGet, base+"/api/v1/reviews", northwind, nil, &pending)
	apiJSON(t, http.MethodGet, base+"/api/v1/reviews?status=reviewed", northwind, nil, &reviewed)
	if len(pending.Reviews) != 1 || pending.Reviews[0].Customer != seed.SamID || pending.Reviews[0].Status != "pending" ||
		pending.Reviews[0].System != "credit-limit" || !strings.Contains(pending.Reviews[0].Message, "My pay went up") {
		t.Fatalf("Northwind's pending reviews = %+v, want Sam's one", pending.Reviews)
	}
	if len(reviewed.Reviews) != 1 || reviewed.Reviews[0].ReviewedBy != "credit team" || reviewed.Reviews[0].ReviewedAt == "" {
		t.Fatalf("Northwind's answered reviews = %+v, want the seeded one", reviewed.Reviews)
	}
	var none reviewsAnswer
	apiJSON(t, http.MethodGet, base+"/api/v1/reviews", maison, nil, &none)
	if len(none.Reviews) != 0 {
		t.Fatalf("Maison Lumière sees reviews %+v", none.Reviews)
	}
	var after reviewsAnswer
	apiJSON(t, http.MethodGet, base+"/api/v1/reviews?after="+pending.Next, northwind, nil, &after)
	if len(after.Reviews) != 0 || after.Next != pending.Next {
		t.Errorf("after the last review: %+v next %q, want nothing and the same cursor", after.Reviews, after.Next)
	}

	id := strconv.FormatInt(pending.Reviews[0].ReviewID, 10)
	outcome := "Our credit team checked your file again and raised your limit to 3,000 pounds."
	cases := []struct {
		name, key, id string
		body          any
		status        int
	}{
		{"another brand's review", maison, id, map[string]string{"outcome": outcome}, http.StatusNotFound},
		{"no such review", northwind, "999999", map[string]string{"outcome": outcome}, http.StatusNotFound},
		{"empty outcome", northwind, id, map[string]string{"outcome": "  "}, http.StatusUnprocessableEntity},
		{"unknown language", northwind, id, map[string]string{"outcome": outcome, "lang": "de"}, http.StatusUnprocessableEntity},
		{"answer", northwind, id, map[string]string{"outcome": outcome, "lang": "en"}, http.StatusOK},
		{"answer again", northwind, id, map[string]string{"outcome": outcome}, http.StatusConflict},
		{"answered before", northwind, strconv.FormatInt(reviewed.Reviews[0].ReviewID, 10), map[string]string{"outcome": outcome}, http.StatusConflict},
	}
	for _, tc := range cases {
		var ans store.ReviewChangeData
		status, _, raw := apiJSON(t, http.MethodPost, base+"/api/v1/reviews/"+tc.id, tc.key, tc.body, &ans)
		if status != tc.status {
			t.Fatalf("%s: status %d, want %d: %s", tc.name, status, tc.status, raw)
		}
		if status == http.StatusOK && (ans.Status != "reviewed" || ans.Outcome != outcome || ans.ReviewedBy != "api" || ans.OutcomeLang != "en") {
			t.Errorf("%s: answer %+v", tc.name, ans)
		}
	}

	// Sam reads the answer on his page as he reads a staff answer, and the feed tells it.
	sam := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	if _, _, body := get(t, sam, base+"/me/systems/credit-limit?lang=en"); !strings.Contains(body, outcome) {
		t.Error("Sam's page does not show the answer")
	}
	var feed changesAnswer
	apiJSON(t, http.MethodGet, base+"/api/v1/changes?types=review.answered&limit=1000", northwind, nil, &feed)
	found := false
	for _, it := range feed.Changes {
		found = found || strings.Contains(string(it.Data), "raised your limit to 3,000 pounds")
	}
	if !found {
		t.Error("the feed does not tell the answer")
	}
}
