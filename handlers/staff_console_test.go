package handlers

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vitrine/plain"
	"vitrine/seed"
	"vitrine/store"
	"vitrine/views"
)

// Demo staff accounts used by the tests (see seed.DemoStaff).
const (
	supportA = "support@maison-lumiere.example"
	privacyA = "privacy@maison-lumiere.example"
	adminA   = "admin@maison-lumiere.example"
	// marketingA proposes registry changes and sees no customer.
	marketingA = "marketing@maison-lumiere.example"
	supportB   = "support@northwind-bank.example"
	platform   = "root@vitrine.example" // made by the tests that need it
)

var staffCSRFRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// staffSubmit fetches pageURL for its CSRF token, then posts fields to action as the page's form would, from a
// browser that prefers English.
func staffSubmit(t testing.TB, c *http.Client, pageURL, action string, fields url.Values) (int, string, string) {
	t.Helper()
	status, _, page := get(t, c, pageURL, "Accept-Language", "en")
	m := staffCSRFRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s (status %d) has no CSRF field", pageURL, status)
	}
	fields.Set("_csrf", m[1])
	req, _ := http.NewRequest(http.MethodPost, action, strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// staffSignIn signs a staff account in with the demo password and returns the browser.
func staffSignIn(t testing.TB, ts *httptest.Server, email string) *http.Client {
	t.Helper()
	c := client(t)
	status, loc, body := staffSubmit(t, c, ts.URL+"/staff/login", ts.URL+"/staff/login",
		url.Values{"email": {email}, "password": {seed.StaffPassword}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign-in of %s: status %d, want 303; page: %.300s", email, status, body)
	}
	if loc != "/staff" && loc != "/staff/team" && loc != "/admin" {
		t.Fatalf("sign-in of %s went to %q", email, loc)
	}
	return c
}

// staffCookieOf returns the staff session cookie the browser holds for the server.
func staffCookieOf(t testing.TB, c *http.Client, ts *httptest.Server) string {
	t.Helper()
	u, _ := url.Parse(ts.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == staffCookie {
			return ck.Value
		}
	}
	return ""
}

// customerID returns vitrine's id of a brand's customer.
func customerID(t testing.TB, s *Server, brand, ext string) int64 {
	t.Helper()
	ctx := context.Background()
	b, err := s.DB.BrandBySlug(ctx, brand)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.DB.CustomerByExternalID(ctx, b.ID, ext)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// giveReason opens a customer's pages for the signed-in agent with a reason.
func giveReason(t testing.TB, ts *httptest.Server, c *http.Client, custID int64, reason string) {
	t.Helper()
	page := ts.URL + staffCustomerPath(custID)
	status, loc, body := staffSubmit(t, c, page, page, url.Values{"reason": {reason}})
	if status != http.StatusSeeOther || loc != staffCustomerPath(custID)+"/view" {
		t.Fatalf("reason: status %d location %q, want 303 to the view; page: %.300s", status, loc, body)
	}
}

func accessCount(t testing.TB, s *Server, custID int64) int {
	t.Helper()
	var n int
	if err := s.DB.Reader().QueryRow(`SELECT count(*) FROM access_records WHERE customer_id = ?`, custID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStaffRoleAndBrandMatrix checks who may reach every staff route: signed out (or with only a customer's
// cookie) pages send to the sign-in form; another brand's customer is a 404 like an unknown one; a role
// without the right is a 403; a platform admin sees accounts, never customers.
func TestStaffRoleAndBrandMatrix(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	if _, err := s.DB.CreateStaff(ctx, store.StaffUser{Email: platform, Name: "Root", Role: store.RoleAdmin}, seed.StaffPassword, testNow); err != nil {
		t.Fatal(err)
	}
	camille := strconv.FormatInt(customerID(t, s, seed.BrandMaison, seed.CamilleID), 10)
	sam := strconv.FormatInt(customerID(t, s, seed.BrandNorthwind, seed.SamID), 10)
	nwBrand, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	samQueue, _ := s.DB.ReviewQueue(ctx, nwBrand.ID, store.ReviewPending, 10)
	if len(samQueue) == 0 {
		t.Fatal("the demo has no pending review request for Sam")
	}
	samReview := strconv.FormatInt(samQueue[0].ID, 10)

	browsers := map[string]*http.Client{
		"anonymous":  client(t),
		"customer":   signIn(t, ts, seed.BrandMaison, seed.CamilleID),
		"supportA":   staffSignIn(t, ts, supportA),
		"privacyA":   staffSignIn(t, ts, privacyA),
		"adminA":     staffSignIn(t, ts, adminA),
		"marketingA": staffSignIn(t, ts, marketingA),
		"supportB":   staffSignIn(t, ts, supportB),
		"platform":   staffSignIn(t, ts, platform),
	}
	// Expected answers: a status, or "login" (303 to the sign-in form), "reason" (303 to the reason form),
	// "team" (303 to the team page).
	type want map[string]string
	all := func(v string) want {
		return want{"anonymous": v, "customer": v, "supportA": v, "privacyA": v, "adminA": v, "marketingA": v, "supportB": v, "platform": v}
	}
	with := func(base want, over want) want {
		out := want{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range over {
			out[k] = v
		}
		return out
	}
	// Marketing sees no customer: every customer page of the console is forbidden, whoever the customer is.
	signedOut := want{"anonymous": "login", "customer": "login", "marketingA": "403"}
	cases := []struct {
		path string
		want want
	}{
		{"/staff", with(all("200"), with(signedOut, want{"platform": "team", "marketingA": "governance"}))},
		{"/staff/search?q=mar", with(all("200"), with(signedOut, want{"platform": "403"}))},
		{"/staff/customers/" + camille, with(all("200"), with(signedOut, want{"supportB": "404", "platform": "403"}))},
		{"/staff/customers/" + sam, with(all("404"), with(signedOut, want{"supportB": "200", "platform": "403"}))},
		{"/staff/customers/99999999", with(all("404"), with(signedOut, want{"platform": "403"}))},
		{"/staff/customers/not-a-number", with(all("404"), with(signedOut, want{"platform": "403"}))},
		{"/staff/customers/" + camille + "/view", with(all("reason"), with(signedOut, want{"supportB": "404", "platform": "403"}))},
		{"/staff/customers/" + camille + "/view/activity", with(all("reason"), with(signedOut, want{"supportB": "404", "platform": "403"}))},
		{"/staff/customers/" + camille + "/view/consents", with(all("reason"), with(signedOut, want{"supportB": "404", "platform": "403"}))},
		{"/staff/customers/" + camille + "/view/access", with(all("reason"), with(signedOut, want{"supportB": "404", "platform": "403"}))},
		{"/staff/customers/" + sam + "/view/systems/credit-limit", with(all("404"), with(signedOut, want{"supportB": "reason", "platform": "403"}))},
		{"/staff/reviews", with(all("200"), with(signedOut, want{"platform": "403"}))},
		{"/staff/audit", with(all("403"), with(signedOut, want{"privacyA": "200", "adminA": "200"}))},
		{"/staff/team", with(all("403"), with(signedOut, want{"adminA": "200", "platform": "200"}))},
		{"/admin", with(all("403"), want{"anonymous": "login", "customer": "login", "privacyA": "200", "adminA": "200", "marketingA": "200",
			"supportB": "403"})},
		{"/staff/login", with(all("303"), want{"anonymous": "200", "customer": "200", "platform": "team", "marketingA": "governance"})},
		{"/me/access", with(all("401"), want{"customer": "200"})},
	}
	for _, c := range cases {
		for who, exp := range c.want {
			t.Run(who+" GET "+c.path, func(t *testing.T) {
				status, h, body := get(t, browsers[who], ts.URL+c.path, "Accept-Language", "en")
				loc := h.Get("Location")
				got := strconv.Itoa(status)
				switch {
				case status == http.StatusSeeOther && strings.HasPrefix(loc, "/staff/login?next="):
					got = "login"
				case status == http.StatusSeeOther && strings.HasSuffix(loc, "?expired=1"):
					got = "reason"
				case status == http.StatusSeeOther && loc == "/staff/team":
					got = "team"
				case status == http.StatusSeeOther && loc == "/admin":
					got = "governance"
				}
				if got != exp {
					t.Fatalf("got %s (location %q), want %s", got, loc, exp)
				}
				if status == http.StatusNotFound && (strings.Contains(body, "Sam Patel") || strings.Contains(body, "Camille")) {
					t.Error("a 404 names the customer")
				}
				if status == http.StatusOK && strings.HasPrefix(c.path, "/staff") && h.Get("Cache-Control") != "no-store" {
					t.Error("a staff page may be cached")
				}
			})
		}
	}

	// Forms: signed out is refused, another brand's customer or review is a 404, a role without the right a 403;
	// none of these writes anything.
	before := accessCount(t, s, customerID(t, s, seed.BrandNorthwind, seed.SamID))
	posts := []struct {
		who, page, action string
		fields            url.Values
		status            int
	}{
		{"anonymous", "/staff/login", "/staff/customers/" + sam, url.Values{"reason": {"ticket #1"}}, http.StatusUnauthorized},
		{"customer", "/me", "/staff/customers/" + camille, url.Values{"reason": {"ticket #1"}}, http.StatusUnauthorized},
		{"supportA", "/staff", "/staff/customers/" + sam, url.Values{"reason": {"ticket #1"}}, http.StatusNotFound},
		{"platform", "/staff/team", "/staff/customers/" + sam, url.Values{"reason": {"ticket #1"}}, http.StatusForbidden},
		{"supportA", "/staff", "/staff/reviews/" + samReview, url.Values{"outcome": {"Looks fine."}}, http.StatusNotFound},
		{"supportA", "/staff", "/staff/customers/" + sam + "/view/consents", url.Values{"purpose": {"training"}, "state": {"refused"}}, http.StatusNotFound},
		{"supportA", "/staff", "/staff/team", url.Values{"email": {"x@y.example"}, "role": {"admin"}, "password": {"long enough password"}}, http.StatusForbidden},
		{"privacyA", "/staff", "/staff/team", url.Values{"email": {"x@y.example"}, "role": {"admin"}, "password": {"long enough password"}}, http.StatusForbidden},
		{"anonymous", "/staff/login", "/staff/logout", url.Values{}, http.StatusUnauthorized},
	}
	for _, p := range posts {
		t.Run(p.who+" POST "+p.action, func(t *testing.T) {
			status, loc, _ := staffSubmit(t, browsers[p.who], ts.URL+p.page, ts.URL+p.action, p.fields)
			if status != p.status {
				t.Fatalf("status %d (location %q), want %d", status, loc, p.status)
			}
		})
	}
	if after := accessCount(t, s, customerID(t, s, seed.BrandNorthwind, seed.SamID)); after != before {
		t.Errorf("refused forms wrote %d access records", after-before)
	}
	if q, _ := s.DB.ReviewQueue(ctx, nwBrand.ID, store.ReviewPending, 10); len(q) != len(samQueue) {
		t.Error("another brand's agent resolved Sam's review")
	}

	// A form without its CSRF token changes nothing, signed in or not.
	resp, err := browsers["supportB"].PostForm(ts.URL+"/staff/customers/"+sam, url.Values{"reason": {"ticket #1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a form without a CSRF token gave %d, want 403", resp.StatusCode)
	}
}

// TestStaffReasonRequired checks that nothing of the customer is shown, and nothing recorded, without a reason.
func TestStaffReasonRequired(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, supportA)
	id := customerID(t, s, seed.BrandMaison, seed.CamilleID)
	page := ts.URL + staffCustomerPath(id)
	before := accessCount(t, s, id)

	status, _, body := get(t, c, page, "Accept-Language", "en")
	if status != http.StatusOK || !strings.Contains(body, `data-testid="internal-details"`) {
		t.Fatalf("reason form: status %d without internal details", status)
	}
	for _, want := range []string{seed.CamilleID, "camille.martin@example.com", "Consent receipts", "Uses without consent", `name="reason"`} {
		if !strings.Contains(body, want) {
			t.Errorf("reason form lacks %q", want)
		}
	}
	if strings.Contains(body, `data-testid="events"`) {
		t.Error("the reason form shows the customer's events")
	}
	cases := []struct{ name, reason, message string }{
		{"empty", "", "Give a reason of at least 3 characters."},
		{"blank", "   \n\t ", "Give a reason of at least 3 characters."},
		{"too short", "ok", "Give a reason of at least 3 characters."},
		{"too long", strings.Repeat("a", 501), "Keep the reason to 500 characters or fewer."},
		{"hidden characters", "ticket \u202e#4812", "The reason has characters we cannot keep."},
	}
	for _, cs := range cases {
		t.Run(cs.name, func(t *testing.T) {
			status, _, body := staffSubmit(t, c, page, page, url.Values{"reason": {cs.reason}})
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", status)
			}
			if !strings.Contains(body, cs.message) || !strings.Contains(body, `aria-invalid="true"`) {
				t.Errorf("the form does not say what is wrong (%q)", cs.message)
			}
		})
	}
	if after := accessCount(t, s, id); after != before {
		t.Fatalf("refused reasons wrote %d access records", after-before)
	}
	if status, h, _ := get(t, c, page+"/view"); status != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "?expired=1") {
		t.Fatalf("the view without a reason: status %d location %q", status, h.Get("Location"))
	}

	// A reason of exactly 3 characters opens the pages, for 30 minutes.
	giveReason(t, ts, c, id, "  #42 ")
	if status, _, _ := get(t, c, page+"/view"); status != http.StatusOK {
		t.Fatalf("the view after a reason: status %d", status)
	}
	_, _, body = get(t, c, page, "Accept-Language", "en")
	if !strings.Contains(body, `data-testid="continue"`) || !strings.Contains(body, "#42") {
		t.Error("the reason form does not offer to go on with the reason just given")
	}
	s.DB.SetClock(func() time.Time { return testNow.Add(20 * time.Minute) }) // the session stays active
	if status, _, _ := get(t, c, page+"/view/activity"); status != http.StatusOK {
		t.Fatalf("a 20-minute-old reason does not open the view: status %d", status)
	}
	s.DB.SetClock(func() time.Time { return testNow.Add(31 * time.Minute) })
	if status, h, _ := get(t, c, page+"/view/activity"); status != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "?expired=1") {
		t.Fatalf("a 31-minute-old reason still opens the view: status %d", status)
	}
	_, _, body = get(t, c, page+"?expired=1", "Accept-Language", "en")
	if !strings.Contains(body, "more than 30 minutes ago") {
		t.Error("the reason form does not say why the agent is back")
	}
}

// TestStaffSeeWhatTheCustomerSees opens Camille's pages as support and checks the banner, the internal details,
// that every look is recorded, and that a change made for her goes through her own code path.
func TestStaffSeeWhatTheCustomerSees(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	c := staffSignIn(t, ts, supportA)
	id := customerID(t, s, seed.BrandMaison, seed.CamilleID)
	base := ts.URL + staffCustomerPath(id) + "/view"
	giveReason(t, ts, c, id, "ticket #5120, question about ads")

	status, h, body := get(t, c, base)
	if status != http.StatusOK {
		t.Fatalf("overview: status %d", status)
	}
	assertStrictHeaders(t, h, body)
	for _, want := range []string{
		`<html lang="fr"`, // Camille's language, as she sees it
		`data-testid="staff-banner"`, "Consultation en tant que service client\u00a0: Camille Martin (camille.martin@example.com). Raison\u00a0: ticket #5120, question about ads.",
		`data-testid="summary"`, `class="ref"`, // internal event references
		`href="` + staffCustomerPath(id) + `/view/activity"`, // links stay in the staff view
	} {
		if !strings.Contains(body, want) {
			t.Errorf("staff view of the overview lacks %q", want)
		}
	}
	if strings.Contains(body, `href="/me`) {
		t.Error("the staff view links to /me")
	}
	for _, p := range []string{"/activity", "/systems/product-recommender", "/consents", "/access", "/activity?lang=en"} {
		if status, _, _ := get(t, c, base+p); status != http.StatusOK {
			t.Errorf("%s: status %d", p, status)
		}
	}
	visits, err := s.DB.RecentAccess(ctx, id, 1)
	if err != nil || len(visits) != 1 {
		t.Fatalf("RecentAccess = %d, %v", len(visits), err)
	}
	want := []string{"overview", "activity", "systems/product-recommender", "consents", "access", "activity"}
	if got := visits[0].Pages; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("recorded pages %q, want %q", got, want)
	}
	if visits[0].StaffEmail != supportA || visits[0].Reason != "ticket #5120, question about ads" {
		t.Fatalf("visit = %+v", visits[0])
	}

	// A consent change asked for by phone goes through the customer's code path, with the method recorded.
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	reg, _ := s.DB.Registry(ctx, brand.ID)
	current, _ := s.DB.Consents(ctx, brand.ID, id)
	var slug, shown, next string
	for _, p := range reg.PurposeOrder {
		if p.LegalBasis == "consent" {
			slug, shown = p.Slug, current[p.ID]
			next = store.ConsentGranted
			if shown == store.ConsentGranted {
				next = store.ConsentRefused
			}
			break
		}
	}
	status, loc, _ := staffSubmit(t, c, base+"/consents", base+"/consents", url.Values{"purpose": {slug}, "state": {next}, "shown": {shown}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, staffCustomerPath(id)+"/view/consents") {
		t.Fatalf("consent change by staff: status %d location %q", status, loc)
	}
	hist, _ := s.DB.ConsentHistory(ctx, id, 0)
	if len(hist) == 0 || hist[0].Method != "staff" || hist[0].Actor != supportA || hist[0].State != next {
		t.Fatalf("latest consent change = %+v, want method staff by %s", hist[0], supportA)
	}
	visits, _ = s.DB.RecentAccess(ctx, id, 1)
	if p := visits[0].Pages; p[len(p)-1] != "consents/change" {
		t.Errorf("the change is not in the visit's record: %q", p)
	}

	// The customer's session is untouched: staff switching language is not remembered for her.
	cust := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	if _, _, body := get(t, cust, ts.URL+"/me"); !strings.Contains(body, `<html lang="fr"`) {
		t.Error("Camille's page changed language after staff looked at it")
	}

	// Her receipt of the change names the team, never the agent, and the looks and the change chain up.
	_, _, raw := get(t, cust, ts.URL+"/me/consents/receipts/"+hist[0].ReceiptID+"?format=json")
	if strings.Contains(raw, supportA) || !strings.Contains(raw, `"team": "support"`) {
		t.Errorf("staff-made receipt: %s", raw)
	}
	if _, _, page := get(t, cust, ts.URL+"/me/consents/receipts/"+hist[0].ReceiptID+"?lang=en"); !strings.Contains(page, "The customer support team of Maison Lumière") {
		t.Error("the receipt page does not say which team recorded the change")
	}
	if rep, err := s.DB.VerifyChain(ctx, brand.ID, id); err != nil || !rep.OK() || rep.Accesses == 0 {
		t.Errorf("chain after the staff visit: %+v, %v", rep, err)
	}
}

// TestCustomerSeesEveryStaffLook checks /me/access and the notice component in plain words, both languages.
func TestCustomerSeesEveryStaffLook(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	agent := staffSignIn(t, ts, supportB)
	id := customerID(t, s, seed.BrandNorthwind, seed.SamID)
	giveReason(t, ts, agent, id, "ticket #4812, refund question.")
	get(t, agent, ts.URL+staffCustomerPath(id)+"/view")
	get(t, agent, ts.URL+staffCustomerPath(id)+"/view/systems/credit-limit")

	sam := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	status, h, body := get(t, sam, ts.URL+"/me/access")
	if status != http.StatusOK {
		t.Fatalf("/me/access: status %d", status)
	}
	assertStrictHeaders(t, h, body)
	for _, want := range []string{
		"A member of Northwind Bank&#39;s support team viewed your page on 29 Nov 2026.",
		`<span class="quote-label">Reason given:</span> <q lang="en">ticket #4812, refund question.</q>`,
		"What they looked at or did: your overview and the page on Credit limit decisions.",
		// the seeded visit, weeks ago
		`<q lang="en">call about the credit limit review, ticket #7731</q>`,
		`href="/me/access" aria-current`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/me/access lacks %q", want)
		}
	}
	for _, absent := range []string{supportB, "Priya"} {
		if strings.Contains(body, absent) {
			t.Errorf("/me/access names the agent (%q)", absent)
		}
	}
	if strings.Index(body, "ticket #4812") > strings.Index(body, "ticket #7731") {
		t.Error("visits are not newest first")
	}

	camille := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	_, _, body = get(t, camille, ts.URL+"/me/access")
	for _, want := range []string{
		"Un membre du service client de Maison Lumière a consulté votre page le",
		// the reason is the staff member's own words, in English, quoted as such on a French page
		"<span class=\"quote-label\">Raison donnée\u00a0:</span> <q lang=\"en\">ticket #4812, refund question</q>",
		"Un membre de l&#39;équipe vie privée de Maison Lumière a consulté votre page le",
		"Ce qui a été consulté ou fait\u00a0: votre vue d&#39;ensemble, votre activité et vos choix.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("Camille's /me/access lacks %q", want)
		}
	}
	if strings.Contains(body, "Northwind") || strings.Contains(body, "credit limit") {
		t.Error("Camille sees Sam's visits")
	}
}

func TestStaffLoginThrottling(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	c := client(t)
	try := func(email, password string) (int, string) {
		status, _, body := staffSubmit(t, c, ts.URL+"/staff/login", ts.URL+"/staff/login", url.Values{"email": {email}, "password": {password}})
		return status, body
	}
	for i := range 5 {
		status, body := try(supportA, "wrong password "+strconv.Itoa(i))
		if status != http.StatusUnauthorized || !strings.Contains(body, "Wrong email or password.") {
			t.Fatalf("attempt %d: status %d without the generic message", i+1, status)
		}
	}
	status, unknown := try("nobody@maison-lumiere.example", "wrong password")
	if status != http.StatusUnauthorized || !strings.Contains(unknown, "Wrong email or password.") {
		t.Fatalf("an unknown email is not answered like a wrong password (%d)", status)
	}
	status, body := try(supportA, seed.StaffPassword)
	if status != http.StatusTooManyRequests || !strings.Contains(body, "Too many attempts. Try again in 15 minutes.") {
		t.Fatalf("6th attempt with the right password: status %d; page: %.300s", status, body)
	}
	if staffCookieOf(t, c, ts) != "" {
		t.Fatal("a throttled sign-in set a session cookie")
	}

	// A restart does not lift the limit; it wears off with time.
	s2 := &Server{DB: s.DB, Log: s.Log}
	s.DB.SetClock(func() time.Time { return testNow.Add(10 * time.Minute) })
	ts2 := httptest.NewServer(New(s2))
	defer ts2.Close()
	status, _, body = staffSubmit(t, client(t), ts2.URL+"/staff/login", ts2.URL+"/staff/login", url.Values{"email": {supportA}, "password": {seed.StaffPassword}})
	if status != http.StatusTooManyRequests || !strings.Contains(body, "Try again in 5 minutes.") {
		t.Fatalf("after a restart: status %d", status)
	}
	s.DB.SetClock(func() time.Time { return testNow.Add(16 * time.Minute) })
	if status, _, _ := staffSubmit(t, client(t), ts2.URL+"/staff/login", ts2.URL+"/staff/login", url.Values{"email": {supportA}, "password": {seed.StaffPassword}}); status != http.StatusSeeOther {
		t.Fatalf("after 16 minutes: status %d, want 303", status)
	}

	// One address trying many accounts is stopped too, even for an account it never tried (back at the time of
	// the first failures, so that they still count).
	s.DB.SetClock(func() time.Time { return testNow })
	for i := range loginAddressMax - 6 {
		try("guess"+strconv.Itoa(i)+"@maison-lumiere.example", "wrong password")
	}
	if status, body := try(privacyA, seed.StaffPassword); status != http.StatusTooManyRequests || !strings.Contains(body, "Too many attempts") {
		t.Fatalf("after %d failures from one address: status %d", loginAddressMax, status)
	}
}

func TestStaffSessionFixationAndSignOut(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	u, _ := url.Parse(ts.URL)
	c := client(t)
	planted := "attacker-chosen-session-id-0123456789abcdef"
	c.Jar.SetCookies(u, []*http.Cookie{{Name: staffCookie, Value: planted, Path: "/"}})
	status, loc, _ := staffSubmit(t, c, ts.URL+"/staff/login", ts.URL+"/staff/login", url.Values{"email": {supportA}, "password": {seed.StaffPassword}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign-in: status %d", status)
	}
	first := staffCookieOf(t, c, ts)
	if first == "" || first == planted {
		t.Fatalf("session cookie after sign-in = %q: the planted id was adopted", first)
	}
	if loc != "/staff" {
		t.Fatalf("sign-in went to %q", loc)
	}
	withOnly := func(value string) int {
		b := client(t)
		b.Jar.SetCookies(u, []*http.Cookie{{Name: staffCookie, Value: value, Path: "/"}})
		status, _, _ := get(t, b, ts.URL+"/staff")
		return status
	}
	if withOnly(planted) != http.StatusSeeOther || withOnly(first) != http.StatusOK {
		t.Fatal("the planted id opens the console, or the new one does not")
	}

	// Signing in again (from a tab left open on the form) gives yet another id, and ends the previous session.
	staffSubmit(t, c, ts.URL+"/staff", ts.URL+"/staff/login", url.Values{"email": {supportA}, "password": {seed.StaffPassword}})
	second := staffCookieOf(t, c, ts)
	if second == first || withOnly(first) != http.StatusSeeOther {
		t.Fatal("signing in again kept the old session id alive")
	}

	// The cookie's flags.
	b := client(t)
	_, _, page := get(t, b, ts.URL+"/staff/login")
	tok := staffCSRFRe.FindStringSubmatch(page)[1]
	resp, err := b.PostForm(ts.URL+"/staff/login", url.Values{"email": {supportA}, "password": {seed.StaffPassword}, "_csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var set *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == staffCookie {
			set = ck
		}
	}
	if set == nil || !set.HttpOnly || set.SameSite != http.SameSiteLaxMode || set.Path != "/" || set.MaxAge <= 0 || set.MaxAge > int(staffLifetime.Seconds()) {
		t.Fatalf("staff cookie = %+v, want HttpOnly, SameSite=Lax, bounded", set)
	}

	// Sign-out ends the session: the cookie, even copied, opens nothing.
	status, loc, _ = staffSubmit(t, c, ts.URL+"/staff", ts.URL+"/staff/logout", url.Values{})
	if status != http.StatusSeeOther || loc != "/staff/login" {
		t.Fatalf("sign-out: status %d location %q", status, loc)
	}
	if withOnly(second) != http.StatusSeeOther {
		t.Fatal("the session still works after signing out")
	}

	// A session left alone for 30 minutes ends; an active one ends after 12 hours.
	c = staffSignIn(t, ts, supportA)
	s.DB.SetClock(func() time.Time { return testNow.Add(31 * time.Minute) })
	if status, h, _ := get(t, c, ts.URL+"/staff/reviews"); status != http.StatusSeeOther || h.Get("Location") != "/staff/login?next=%2Fstaff%2Freviews" {
		t.Fatalf("after 31 idle minutes: status %d location %q", status, h.Get("Location"))
	}
	s.DB.SetClock(func() time.Time { return testNow })
	c = staffSignIn(t, ts, supportA)
	for m := 20; m < 12*60; m += 20 {
		s.DB.SetClock(func() time.Time { return testNow.Add(time.Duration(m) * time.Minute) })
		if status, _, _ := get(t, c, ts.URL+"/staff"); status != http.StatusOK {
			t.Fatalf("an active session ended after %d minutes", m)
		}
	}
	s.DB.SetClock(func() time.Time { return testNow.Add(12 * time.Hour) })
	if status, _, _ := get(t, c, ts.URL+"/staff"); status != http.StatusSeeOther {
		t.Fatal("a session outlived its 12 hours")
	}
}

func TestStaffSignInSendsBackOnlyWithinTheConsole(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	for next, want := range map[string]string{
		"/staff/reviews":           "/staff/reviews",
		"/staff/audit?agent=1":     "/staff/audit?agent=1",
		"https://evil.example/":    "/staff",
		"//evil.example/staff":     "/staff",
		"/\\evil.example":          "/staff",
		"/me":                      "/staff",
		"/staff/login?next=/staff": "/staff",
	} {
		c := client(t)
		page := ts.URL + "/staff/login?next=" + url.QueryEscape(next)
		status, loc, _ := staffSubmit(t, c, page, ts.URL+"/staff/login", url.Values{"email": {supportA}, "password": {seed.StaffPassword}, "next": {next}})
		if status != http.StatusSeeOther || loc != want {
			t.Errorf("next=%q: status %d location %q, want %q", next, status, loc, want)
		}
	}
}

func TestStaffSearch(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	maison, _ := s.DB.BrandBySlug(context.Background(), seed.BrandMaison)
	for i := range searchLimit + 5 {
		n := strconv.Itoa(i)
		if _, err := s.DB.SaveCustomer(context.Background(), store.Customer{BrandID: maison.ID, ExternalID: "B-" + n, Email: "bulk" + n + "@example.org", Name: "Bulk " + n}); err != nil {
			t.Fatal(err)
		}
	}
	a := staffSignIn(t, ts, supportA)
	status, h, body := get(t, a, ts.URL+"/staff?q=CAMILLE", "Accept-Language", "en")
	if status != http.StatusOK {
		t.Fatalf("search: status %d", status)
	}
	assertStrictHeaders(t, h, body)
	for _, want := range []string{"Camille Martin", seed.CamilleID, "1 customer found.", `aria-live="polite"`, `role="search"`,
		`src="/static/js/staff-search.`, `data-fragment="/staff/search"`, `value="CAMILLE"`} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	status, h, frag := get(t, a, ts.URL+"/staff/search?q=martin@ex", "Accept-Language", "en")
	if status != http.StatusOK || strings.Contains(frag, "<html") || !strings.Contains(frag, `data-status="1 customer found."`) || !strings.Contains(frag, "camille.martin@example.com") {
		t.Fatalf("fragment: status %d: %.300s", status, frag)
	}
	if h.Get("Cache-Control") != "no-store" {
		t.Error("search results may be cached")
	}
	if _, _, body := get(t, a, ts.URL+"/staff?q=sam.patel", "Accept-Language", "en"); strings.Contains(body, "Sam Patel") || !strings.Contains(body, "No customer found.") {
		t.Error("a Maison Lumière agent finds a Northwind Bank customer")
	}
	if _, _, body := get(t, a, ts.URL+"/staff?q=c", "Accept-Language", "en"); !strings.Contains(body, "fewer than 3 characters") {
		t.Error("a one-letter search does not say how it searches")
	}
	if _, _, body := get(t, a, ts.URL+"/staff?q=bulk", "Accept-Language", "en"); !strings.Contains(body, "Only the first 20 are shown.") {
		t.Error("a search that finds many does not say so")
	}
	if _, _, body := get(t, a, ts.URL+"/staff"); !strings.Contains(body, `data-testid="review-count"`) && strings.Contains(body, "review request") {
		t.Error("the review count is not shown")
	}
}

func TestStaffReviewQueue(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	c := staffSignIn(t, ts, supportB)
	status, _, body := get(t, c, ts.URL+"/staff", "Accept-Language", "en")
	if status != http.StatusOK || !strings.Contains(body, "1 review request is waiting for a person.") {
		t.Fatalf("front page does not count Sam's pending review (status %d)", status)
	}
	_, _, body = get(t, c, ts.URL+"/staff/reviews", "Accept-Language", "en")
	for _, want := range []string{"Sam Patel", "credit limit kept at £2,500", "My pay went up in the summer.", "from their page", `name="outcome"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the queue lacks %q", want)
		}
	}
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	queue, _ := s.DB.ReviewQueue(ctx, brand.ID, store.ReviewPending, 10)
	action := ts.URL + "/staff/reviews/" + strconv.FormatInt(queue[0].ID, 10)
	status, _, body = staffSubmit(t, c, ts.URL+"/staff/reviews", action, url.Values{"outcome": {"  "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="outcome-error"`) {
		t.Fatalf("empty outcome: status %d", status)
	}
	outcome := "A person from our credit team checked your file and raised your limit to £3,000."
	status, loc, _ := staffSubmit(t, c, ts.URL+"/staff/reviews", action, url.Values{"outcome": {outcome}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/staff/reviews?done=") {
		t.Fatalf("resolve: status %d location %q", status, loc)
	}
	_, _, body = get(t, c, ts.URL+loc, "Accept-Language", "en")
	if !strings.Contains(body, "Marked as reviewed.") || !strings.Contains(body, "No review request is waiting.") {
		t.Error("the queue does not confirm, or still lists the request")
	}
	if status, loc, _ := staffSubmit(t, c, ts.URL+"/staff/reviews", action, url.Values{"outcome": {"again"}}); status != http.StatusSeeOther || loc != "/staff/reviews?gone=1" {
		t.Errorf("resolving twice: status %d location %q", status, loc)
	}
	sam := customerID(t, s, seed.BrandNorthwind, seed.SamID)
	mine, _ := s.DB.CustomerReviews(ctx, sam)
	if len(mine) == 0 || mine[0].Status != store.ReviewReviewed || mine[0].Outcome != outcome || mine[0].ReviewedBy != supportB {
		t.Fatalf("Sam's review = %+v", mine)
	}
	samBrowser := signIn(t, ts, seed.BrandNorthwind, seed.SamID)
	_, _, body = get(t, samBrowser, ts.URL+"/me/access")
	if !strings.Contains(body, "answered your request for a person to check a decision") {
		t.Error("Sam is not told that staff looked at his decision to answer him")
	}
}

func TestStaffAuditLog(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	agent := staffSignIn(t, ts, supportA)
	id := customerID(t, s, seed.BrandMaison, seed.CamilleID)
	giveReason(t, ts, agent, id, "ticket #9001")
	get(t, agent, ts.URL+staffCustomerPath(id)+"/view")
	get(t, agent, ts.URL+staffCustomerPath(id)+"/view/activity")

	c := staffSignIn(t, ts, privacyA)
	status, h, body := get(t, c, ts.URL+"/staff/audit", "Accept-Language", "en")
	if status != http.StatusOK {
		t.Fatalf("audit: status %d", status)
	}
	assertStrictHeaders(t, h, body)
	for _, want := range []string{"ticket #9001", "Léa Moreau (support@maison-lumiere.example)", "Activity", "ticket #4812, refund question", "Camille Martin · C-1001"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit lacks %q", want)
		}
	}
	if strings.Contains(body, "Northwind") || strings.Contains(body, "#7731") {
		t.Error("the audit log shows another brand's records")
	}
	brand, _ := s.DB.BrandBySlug(ctx, seed.BrandMaison)
	team, _ := s.DB.StaffByBrand(ctx, brand.ID)
	var privacyID int64
	for _, u := range team {
		if u.Email == privacyA {
			privacyID = u.ID
		}
	}
	_, _, body = get(t, c, ts.URL+"/staff/audit?agent="+strconv.FormatInt(privacyID, 10), "Accept-Language", "en")
	if strings.Contains(body, "ticket #9001") || !strings.Contains(body, "DSAR-0193") {
		t.Error("the agent filter does not narrow the log")
	}
	_, _, body = get(t, c, ts.URL+"/staff/audit?to="+testNow.AddDate(0, 0, -15).Format("2006-01-02"), "Accept-Language", "en")
	if strings.Contains(body, "ticket #9001") || strings.Contains(body, "ticket #4812") || !strings.Contains(body, "DSAR-0193") {
		t.Error("the date filter does not narrow the log")
	}
	status, _, body = get(t, c, ts.URL+"/staff/audit?from=yesterday&agent=999999", "Accept-Language", "en")
	if status != http.StatusBadRequest || !strings.Contains(body, "is not a date we can read") || !strings.Contains(body, "We do not know this staff member") {
		t.Errorf("bad filters: status %d without explanations", status)
	}
	if status, _, _ := get(t, c, ts.URL+"/staff/audit?after=bogus"); status != http.StatusBadRequest {
		t.Errorf("a forged cursor gave %d", status)
	}
	// Keyset pages: every record once.
	seen := map[string]bool{}
	next := "/staff/audit"
	for next != "" {
		_, _, body := get(t, c, ts.URL+next, "Accept-Language", "en")
		for _, m := range regexp.MustCompile(`<time datetime="[^"]+">[^<]+</time>`).FindAllString(body, -1) {
			seen[m] = true
		}
		next = ""
		if m := regexp.MustCompile(`href="(/staff/audit\?after=[^"]+)" rel="next"`).FindStringSubmatch(body); m != nil {
			next = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	var total int
	s.DB.Reader().QueryRow(`SELECT count(*) FROM access_records WHERE brand_id = ?`, brand.ID).Scan(&total)
	if total == 0 || len(seen) == 0 {
		t.Fatal("no audit records")
	}
}

func TestStaffTeam(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	c := staffSignIn(t, ts, adminA)
	_, _, body := get(t, c, ts.URL+"/staff/team", "Accept-Language", "en")
	for _, want := range []string{supportA, privacyA, "Privacy team", `name="password"`} {
		if !strings.Contains(body, want) {
			t.Errorf("team page lacks %q", want)
		}
	}
	if strings.Contains(body, supportB) {
		t.Error("a brand admin sees another brand's staff")
	}
	bad := []struct {
		fields url.Values
		want   string
	}{
		{url.Values{"email": {"not an email"}, "role": {"support"}, "password": {"long enough password"}}, "Give a valid email address."},
		{url.Values{"email": {"new@maison-lumiere.example"}, "role": {"boss"}, "password": {"long enough password"}}, "Choose a role."},
		{url.Values{"email": {"new@maison-lumiere.example"}, "role": {"support"}, "password": {"short"}}, "The password needs at least 12 characters."},
		{url.Values{"email": {"SUPPORT@maison-lumiere.example"}, "role": {"support"}, "password": {"long enough password"}}, "This email cannot be used for a new account."},
	}
	for _, b := range bad {
		status, _, body := staffSubmit(t, c, ts.URL+"/staff/team", ts.URL+"/staff/team", b.fields)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, b.want) {
			t.Errorf("%v: status %d without %q", b.fields, status, b.want)
		}
	}
	status, loc, _ := staffSubmit(t, c, ts.URL+"/staff/team", ts.URL+"/staff/team",
		url.Values{"name": {"Nora Petit"}, "email": {"nora@maison-lumiere.example"}, "role": {"support"}, "password": {"a long first password"}, "brand": {"2"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/staff/team?added=") {
		t.Fatalf("add: status %d location %q", status, loc)
	}
	u, err := s.DB.Authenticate(context.Background(), "nora@maison-lumiere.example", "a long first password")
	if err != nil {
		t.Fatalf("the new account cannot sign in: %v", err)
	}
	maison, _ := s.DB.BrandBySlug(context.Background(), seed.BrandMaison)
	if u.BrandID != maison.ID || u.Role != store.RoleSupport {
		t.Fatalf("new account = %+v: a brand admin added someone outside their brand", u)
	}
}

func TestPlatformAdminManagesEveryBrandButSeesNoCustomer(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	ctx := context.Background()
	if _, err := s.DB.CreateStaff(ctx, store.StaffUser{Email: platform, Name: "Root", Role: store.RoleAdmin}, seed.StaffPassword, testNow); err != nil {
		t.Fatal(err)
	}
	c := staffSignIn(t, ts, platform)
	_, _, body := get(t, c, ts.URL+"/staff/team", "Accept-Language", "en")
	for _, want := range []string{supportA, supportB, "All brands", `name="brand"`} {
		if !strings.Contains(body, want) {
			t.Errorf("platform team page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="/staff/reviews"`) || strings.Contains(body, `href="/staff/audit"`) {
		t.Error("a platform admin is offered customer pages")
	}
	nw, _ := s.DB.BrandBySlug(ctx, seed.BrandNorthwind)
	status, _, body := staffSubmit(t, c, ts.URL+"/staff/team", ts.URL+"/staff/team",
		url.Values{"email": {"new@northwind-bank.example"}, "role": {"privacy"}, "password": {"a long first password"}, "brand": {"999"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Choose a brand.") {
		t.Fatalf("unknown brand: status %d", status)
	}
	status, _, _ = staffSubmit(t, c, ts.URL+"/staff/team", ts.URL+"/staff/team",
		url.Values{"email": {"new@northwind-bank.example"}, "role": {"privacy"}, "password": {"a long first password"}, "brand": {strconv.FormatInt(nw.ID, 10)}})
	if status != http.StatusSeeOther {
		t.Fatalf("add: status %d", status)
	}
	if u, err := s.DB.Authenticate(ctx, "new@northwind-bank.example", "a long first password"); err != nil || u.BrandID != nw.ID || u.Role != store.RolePrivacy {
		t.Fatalf("new account = %+v, %v", u, err)
	}
}

// TestAccessNotice checks the component the overview shows: the latest visits and a link to all of them, or
// nothing at all when no one looked.
func TestAccessNotice(t *testing.T) {
	s, _ := newIsolatedServer(t, nil)
	ctx := context.Background()
	id := customerID(t, s, seed.BrandNorthwind, seed.SamID)
	cust, _ := s.DB.CustomerByID(ctx, id)
	brand, _ := s.DB.BrandByID(ctx, cust.BrandID)
	reg, _ := s.DB.Registry(ctx, brand.ID)
	page := views.Page{L: plain.New("en", brand.Location()), BasePath: "/me"}
	v := &customerView{cc: &customerCtx{Brand: brand, Customer: cust}, locale: "en", l: page.L, reg: reg, page: page}
	recs, err := s.DB.RecentAccess(ctx, id, 3)
	if err != nil || len(recs) == 0 {
		t.Fatalf("RecentAccess = %d, %v", len(recs), err)
	}
	var out strings.Builder
	if err := views.AccessNotice(page, v.accessLines(recs)).Render(ctx, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`data-testid="access-notice"`, "support team viewed your page on", "ticket #7731", `href="/me/access"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	out.Reset()
	if err := views.AccessNotice(page, nil).Render(ctx, &out); err != nil || strings.TrimSpace(out.String()) != "" {
		t.Errorf("the notice without visits shows %q", out.String())
	}
}
