package store

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

const testPassword = "correct horse battery"

var staffNow = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

func mustStaff(t testing.TB, db *DB, u StaffUser) StaffUser {
	t.Helper()
	u, err := db.CreateStaff(context.Background(), u, testPassword, staffNow)
	if err != nil {
		t.Fatalf("create staff %s: %v", u.Email, err)
	}
	return u
}

func TestStaffAccounts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	agent := mustStaff(t, f.db, StaffUser{BrandID: f.brand.ID, Email: "agent@acme.example", Name: "Ada Agent", Role: RoleSupport})

	bad := []struct {
		name string
		u    StaffUser
		pw   string
		want error
	}{
		{"short password", StaffUser{BrandID: f.brand.ID, Email: "a@acme.example", Role: RoleSupport}, "eleven char", ErrWeakPassword},
		{"unknown role", StaffUser{BrandID: f.brand.ID, Email: "b@acme.example", Role: "boss"}, testPassword, ErrBadStaff},
		{"not an email", StaffUser{BrandID: f.brand.ID, Email: "Ada <ada@acme.example>", Role: RoleSupport}, testPassword, ErrBadStaff},
		{"no brand and not admin", StaffUser{Email: "c@acme.example", Role: RolePrivacy}, testPassword, ErrBadStaff},
		{"email taken in another case", StaffUser{BrandID: f.brand.ID, Email: "AGENT@acme.example", Role: RoleAdmin}, testPassword, ErrEmailTaken},
	}
	for _, c := range bad {
		if _, err := f.db.CreateStaff(ctx, c.u, c.pw, staffNow); !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := f.db.CreateStaff(ctx, StaffUser{Email: "root@vitrine.example", Role: RoleAdmin}, testPassword, staffNow); err != nil {
		t.Errorf("platform admin: %v", err)
	}

	var hash string
	f.db.r.QueryRow(`SELECT password_hash FROM staff_users WHERE id = ?`, agent.ID).Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(hash, testPassword) {
		t.Fatalf("stored hash %q is not an argon2id PHC string", hash)
	}
	other := mustStaff(t, f.db, StaffUser{BrandID: f.brand.ID, Email: "other@acme.example", Role: RoleSupport})
	var hash2 string
	f.db.r.QueryRow(`SELECT password_hash FROM staff_users WHERE id = ?`, other.ID).Scan(&hash2)
	if strings.Split(hash, "$")[4] == strings.Split(hash2, "$")[4] {
		t.Fatal("two accounts share a salt")
	}

	if u, err := f.db.Authenticate(ctx, "Agent@ACME.example", testPassword); err != nil || u.ID != agent.ID || u.Role != RoleSupport {
		t.Fatalf("Authenticate = %+v, %v", u, err)
	}
	for _, c := range [][2]string{{"agent@acme.example", "wrong password!"}, {"nobody@acme.example", testPassword}, {"", ""}} {
		if _, err := f.db.Authenticate(ctx, c[0], c[1]); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("Authenticate(%q, %q) = %v, want ErrBadCredentials", c[0], c[1], err)
		}
	}

	// A hash made with weaker parameters still signs in, and is replaced by one with today's.
	salt := []byte("0123456789abcdef")
	old := fmt.Sprintf("$argon2id$v=19$m=8192,t=1,p=1$%s$%s", base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(testPassword), salt, 1, 8192, 1, 32)))
	if _, err := f.db.w.Exec(`UPDATE staff_users SET password_hash = ? WHERE id = ?`, old, agent.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Authenticate(ctx, agent.Email, testPassword); err != nil {
		t.Fatalf("sign-in with an old hash: %v", err)
	}
	f.db.r.QueryRow(`SELECT password_hash FROM staff_users WHERE id = ?`, agent.ID).Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("old hash not upgraded: %q", hash)
	}

	list, err := f.db.StaffByBrand(ctx, f.brand.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("StaffByBrand = %d accounts, %v; want 2", len(list), err)
	}
	if all, _ := f.db.StaffByBrand(ctx, 0); len(all) != 3 {
		t.Fatalf("StaffByBrand(0) = %d accounts, want 3", len(all))
	}
}

func TestStaffSessions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := mustStaff(t, f.db, StaffUser{BrandID: f.brand.ID, Email: "agent@acme.example", Role: RoleSupport})
	const idle, life = 30 * time.Minute, 12 * time.Hour
	id, err := f.db.StartStaffSession(ctx, u.ID, "", staffNow, life)
	if err != nil {
		t.Fatal(err)
	}
	var stored int
	f.db.r.QueryRow(`SELECT count(*) FROM staff_sessions WHERE id_hash = ?`, id).Scan(&stored)
	if stored != 0 || len(id) < 40 {
		t.Fatalf("session id %q is short or stored in clear", id)
	}
	at := staffNow
	for i := range 30 { // active use keeps the session alive up to its absolute end
		at = staffNow.Add(time.Duration(i) * 20 * time.Minute)
		if at.Sub(staffNow) >= life {
			break
		}
		if s, err := f.db.StaffSession(ctx, id, at, idle); err != nil || s.StaffID != u.ID {
			t.Fatalf("after %s: %+v, %v", at.Sub(staffNow), s, err)
		}
	}
	if _, err := f.db.StaffSession(ctx, id, staffNow.Add(life), idle); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after the absolute timeout: %v, want ErrNotFound", err)
	}

	id2, _ := f.db.StartStaffSession(ctx, u.ID, id, staffNow, life)
	if _, err := f.db.StaffSession(ctx, id2, staffNow.Add(idle+2*time.Minute), idle); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after 32 idle minutes: %v, want ErrNotFound", err)
	}
	id3, _ := f.db.StartStaffSession(ctx, u.ID, id2, staffNow, life)
	if _, err := f.db.StaffSession(ctx, id2, staffNow, idle); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the session replaced at sign-in still works: %v", err)
	}
	if err := f.db.EndStaffSession(ctx, id3); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.StaffSession(ctx, id3, staffNow, idle); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after sign-out: %v, want ErrNotFound", err)
	}
}

func TestReserveLogin(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	limits := []LoginLimit{{Key: "account:a@x.example", Max: 5, Window: 15 * time.Minute}, {Key: "ip:192.0.2.1", Max: 20, Window: 15 * time.Minute}}
	for i := range 5 {
		if _, w, err := db.ReserveLogin(ctx, limits, staffNow.Add(time.Duration(i)*time.Minute)); err != nil || w != 0 {
			t.Fatalf("blocked after %d failures: %s, %v", i, w, err)
		}
	}
	now := staffNow.Add(5 * time.Minute)
	if _, w, _ := db.ReserveLogin(ctx, limits, now); w != 10*time.Minute {
		t.Fatalf("wait after 5 failures = %s, want 10m (the first failure leaves the window then)", w)
	}
	// The refused attempt was not counted: the address has 5 failures, not 6.
	address := []LoginLimit{{Key: limits[1].Key, Max: 6, Window: limits[1].Window}}
	r, w, _ := db.ReserveLogin(ctx, address, now)
	if w != 0 {
		t.Fatalf("the address is blocked after 5 failures and a refused attempt: %s", w)
	}
	if err := db.ForgetLoginReservation(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, w, _ := db.ReserveLogin(ctx, address, now); w != 0 {
		t.Fatalf("a forgotten attempt still counts: %s", w)
	}
	if _, w, _ := db.ReserveLogin(ctx, limits, staffNow.Add(15*time.Minute)); w != 0 {
		t.Fatalf("still blocked once the first failure left the window: %s", w)
	}
	if err := db.ClearLoginFailures(ctx, limits[0].Key); err != nil {
		t.Fatal(err)
	}
	if _, w, _ := db.ReserveLogin(ctx, limits[:1], now); w != 0 {
		t.Fatalf("blocked after the failures were cleared: %s", w)
	}
}

// Attempts sent all at once are counted one after another: only Max of them are let through to a password check,
// however many servers (connections) count them side by side.
func TestReserveLoginAtOnce(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	limits := []LoginLimit{{Key: "account:a@x.example", Max: 5, Window: 15 * time.Minute}, {Key: "ip:192.0.2.1", Max: 20, Window: 15 * time.Minute}}
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed, refused := 0, 0
	start := make(chan struct{})
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			// Half give their keys in the other order, as nothing stops a caller from doing.
			l := limits
			if i%2 == 1 {
				l = []LoginLimit{limits[1], limits[0]}
			}
			_, w, err := db.ReserveLogin(ctx, l, staffNow)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Error(err)
			case w == 0:
				allowed++
			default:
				refused++
			}
		}()
	}
	close(start)
	wg.Wait()
	if allowed != 5 || refused != 25 {
		t.Fatalf("30 attempts at once: %d let through and %d refused, want 5 and 25", allowed, refused)
	}
}

// accessFixture is the fixture with a second brand, a staff member of each and a customer of the second.
type accessFixture struct {
	fixture
	agent, outsider StaffUser
	otherCust       int64
}

func newAccessFixture(t testing.TB) accessFixture {
	t.Helper()
	f := accessFixture{fixture: newFixture(t)}
	ctx := context.Background()
	other, err := f.db.CreateBrand(ctx, Brand{Slug: "other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	f.agent = mustStaff(t, f.db, StaffUser{BrandID: f.brand.ID, Email: "agent@acme.example", Name: "Ada", Role: RoleSupport})
	f.outsider = mustStaff(t, f.db, StaffUser{BrandID: other.ID, Email: "agent@other.example", Name: "Olly", Role: RoleAdmin})
	f.otherCust, err = f.db.SaveCustomer(ctx, Customer{BrandID: other.ID, ExternalID: "O-1", Email: "o1@example.com", Name: "O One"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestAccessRecords(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	if _, err := f.db.OpenAccess(ctx, f.outsider.ID, f.cust, "ticket #1", "en", AccessOverview, staffNow); !errors.Is(err, ErrNotFound) {
		t.Fatalf("staff of another brand opened the customer: %v", err)
	}
	if _, err := f.db.OpenAccess(ctx, f.agent.ID, f.cust, "  ", "en", AccessOverview, staffNow); err == nil {
		t.Fatal("opened without a reason")
	}
	first, err := f.db.OpenAccess(ctx, f.agent.ID, f.cust, "ticket #4812, refund question", "en", AccessOverview, staffNow.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if first.StaffEmail != "agent@acme.example" || first.StaffRole != RoleSupport || first.BrandID != f.brand.ID || first.VisitID != 0 {
		t.Fatalf("opening record = %+v", first)
	}
	if _, err := f.db.CurrentVisit(ctx, f.agent.ID, f.cust, staffNow.Add(-30*time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a two-hour-old reason still counts: %v", err)
	}
	visit, err := f.db.OpenAccess(ctx, f.agent.ID, f.cust, "call about training", "en", AccessOverview, staffNow)
	if err != nil {
		t.Fatal(err)
	}
	if cur, err := f.db.CurrentVisit(ctx, f.agent.ID, f.cust, staffNow.Add(-30*time.Minute)); err != nil || cur.ID != visit.ID {
		t.Fatalf("CurrentVisit = %+v, %v", cur, err)
	}
	for i, what := range []string{AccessOverview, "activity", AccessOverview, "systems/recommender"} {
		if err := f.db.RecordView(ctx, visit, what, staffNow.Add(time.Duration(i+1)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	recent, err := f.db.RecentAccess(ctx, f.cust, 10)
	if err != nil || len(recent) != 2 {
		t.Fatalf("RecentAccess = %d visits, %v; want 2", len(recent), err)
	}
	if recent[0].ID != visit.ID || recent[0].Reason != "call about training" {
		t.Fatalf("newest visit = %+v", recent[0])
	}
	if want := []string{AccessOverview, "activity", AccessOverview, "systems/recommender"}; !slices.Equal(recent[0].Pages, want) {
		t.Fatalf("pages = %q, want %q (the first overview counted once, the second again)", recent[0].Pages, want)
	}
	if !slices.Equal(recent[1].Pages, []string{AccessOverview}) {
		t.Fatalf("pages of the first visit = %q", recent[1].Pages)
	}
	if other, _ := f.db.RecentAccess(ctx, f.otherCust, 10); len(other) != 0 {
		t.Fatalf("another customer sees %d visits", len(other))
	}

	// The audit log: every record, filterable, paged by keyset without repeats or gaps.
	all, err := f.db.AuditLog(ctx, f.brand.ID, AuditFilter{}, Cursor{}, 100)
	if err != nil || len(all.Records) != 5 || all.Next != nil {
		t.Fatalf("AuditLog = %d records (next %v), %v; want 5", len(all.Records), all.Next, err)
	}
	if all.Records[0].CustomerExternalID != "C-1" || all.Records[0].Reason != "call about training" {
		t.Fatalf("audit row = %+v", all.Records[0])
	}
	var paged []int64
	cur := Cursor{}
	for {
		p, err := f.db.AuditLog(ctx, f.brand.ID, AuditFilter{}, cur, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			paged = append(paged, r.ID)
		}
		if p.Next == nil {
			break
		}
		cur = *p.Next
	}
	if len(paged) != 5 || paged[0] != all.Records[0].ID || paged[4] != all.Records[4].ID {
		t.Fatalf("keyset pages gave %v", paged)
	}
	ranged, _ := f.db.AuditLog(ctx, f.brand.ID, AuditFilter{From: staffNow.Add(-3 * time.Hour), To: staffNow}, Cursor{}, 100)
	if len(ranged.Records) != 1 || ranged.Records[0].ID != first.ID {
		t.Fatalf("date range gave %d records", len(ranged.Records))
	}
	byOther, _ := f.db.AuditLog(ctx, f.brand.ID, AuditFilter{StaffID: f.outsider.ID}, Cursor{}, 100)
	if len(byOther.Records) != 0 {
		t.Fatalf("agent filter gave %d records of another agent", len(byOther.Records))
	}
	if nothing, _ := f.db.AuditLog(ctx, f.outsider.BrandID, AuditFilter{}, Cursor{}, 100); len(nothing.Records) != 0 {
		t.Fatal("another brand's audit log shows this brand's records")
	}
}

func TestAccessRecordsAreAppendOnly(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	r, err := f.db.OpenAccess(ctx, f.agent.ID, f.cust, "ticket #1", "en", AccessOverview, staffNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE access_records SET reason = 'nothing to see' WHERE id = ?`,
		`UPDATE access_records SET at = 0 WHERE id = ?`,
		`DELETE FROM access_records WHERE id = ?`,
	} {
		_, err := f.db.w.Exec(q, r.ID)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err %v, want refused as append-only", q, err)
		}
	}
	if got, _ := f.db.RecentAccess(ctx, f.cust, 10); len(got) != 1 || got[0].Reason != "ticket #1" {
		t.Fatalf("record changed: %+v", got)
	}
}

func TestSearchCustomers(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	for _, c := range []Customer{
		{ExternalID: "C-1001", Email: "camille.martin@example.com", Name: "Camille Martin"},
		{ExternalID: "C-1002", Email: "helene.dubois@example.com", Name: "Hélène Dubois"},
		{ExternalID: "C-2001", Email: "li.wei@example.com", Name: "Li Wei"},
		{ExternalID: "X-9", Email: "martine@example.org", Name: "Martine Roux"},
	} {
		c.BrandID = f.brand.ID
		if _, err := f.db.SaveCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// Events can create customers with no details; the details arriving later reach the index.
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev("e-1", "C-3000", "service", ActionInference, staffNow)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.EnsureCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: "C-3000", Email: "zoe.late@example.com", Name: "Zoé Late"}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q    string
		want []string // external ids, in order
	}{
		{"camille", []string{"C-1001"}},
		{"MARTIN", []string{"C-1001", "X-9"}},
		{"helene", []string{"C-1002"}},              // accents ignored
		{"Hélène", []string{"C-1002"}},              // and kept
		{"c-100", []string{"C-1001", "C-1002"}},     // part of an external id
		{"example.org", []string{"X-9"}},            // part of an email
		{"martin camille", []string{"C-1001"}},      // every word, in any order
		{"li", []string{"C-2001"}},                  // too short for trigrams: a prefix
		{"wei li", []string{"C-2001"}},              // a short word filters a long one
		{"x-9", []string{"X-9"}},                    // exact id first
		{"zoe", []string{"C-3000"}},                 // kept in step after an update
		{"O-1", nil},                                // another brand's customer
		{`"; DROP TABLE customers; --`, nil},        // quotes are text
		{"100%", nil},                               // wildcards are text
		{"martine@example.org", []string{"X-9"}},    // exact email
		{"  camille   martin ", []string{"C-1001"}}, // spaces do not matter
	}
	for _, c := range cases {
		got, err := f.db.SearchCustomers(ctx, f.brand.ID, c.q, 10)
		if err != nil {
			t.Errorf("%q: %v", c.q, err)
			continue
		}
		var ids []string
		for _, x := range got {
			ids = append(ids, x.ExternalID)
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("%q found %q, want %q", c.q, ids, c.want)
		}
	}
	if got, _ := f.db.SearchCustomers(ctx, f.brand.ID, "example", 2); len(got) != 2 {
		t.Errorf("limit not applied: %d results", len(got))
	}
}

func TestSearchUsesIndexes(t *testing.T) {
	db := newTestDB(t)
	skipPlansOnPostgres(t, db)
	for _, q := range []string{
		`SELECT c.id FROM customers_search s JOIN customers c ON c.id = s.rowid WHERE customers_search MATCH 'abc' AND c.brand_id = 1 LIMIT 5`,
		`SELECT id FROM customers WHERE brand_id = 1 AND name COLLATE NOCASE >= 'li' AND name COLLATE NOCASE < 'lj' ORDER BY name COLLATE NOCASE LIMIT 5`,
		`SELECT count(*) FROM usage_events WHERE customer_id = 2 AND consent_violation = 1`,
	} {
		var plan []string
		rows, err := db.r.Query(`EXPLAIN QUERY PLAN ` + q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if strings.Contains(joined, "SCAN c") || strings.Contains(joined, "SCAN customers") || strings.Contains(joined, "TEMP B-TREE") {
			t.Errorf("%s\nplan %q scans or sorts", q, joined)
		}
	}
}

func TestReviewQueueResolve(t *testing.T) {
	f := newAccessFixture(t)
	ctx := context.Background()
	decision := ev("d-1", "C-1", "service", ActionDecision, staffNow.Add(-48*time.Hour))
	decision.Decision = "credit limit kept"
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{decision}); err != nil {
		t.Fatal(err)
	}
	var eventID int64
	f.db.r.QueryRow(`SELECT id FROM usage_events WHERE event_key = 'd-1'`).Scan(&eventID)
	req, err := f.db.RequestReview(ctx, f.cust, eventID, KindReview, "My income went up.", "web", staffNow.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := f.db.PendingReviewCount(ctx, f.brand.ID); n != 1 {
		t.Fatalf("pending count %d, want 1", n)
	}
	queue, _ := f.db.ReviewQueue(ctx, f.brand.ID, ReviewPending, 10)
	if len(queue) != 1 || queue[0].ID != req.ID {
		t.Fatalf("queue = %+v", queue)
	}
	if err := f.db.ResolveReview(ctx, f.outsider.BrandID, req.ID, f.outsider.Email, "no", "en", staffNow); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another brand resolved the review: %v", err)
	}
	if err := f.db.ResolveReview(ctx, f.brand.ID, req.ID, f.agent.Email, "A person checked it and raised the limit.", "en", staffNow); err != nil {
		t.Fatal(err)
	}
	mine, _ := f.db.CustomerReviews(ctx, f.cust)
	if len(mine) != 1 || mine[0].Status != ReviewReviewed || mine[0].Outcome != "A person checked it and raised the limit." || mine[0].ReviewedAt == nil {
		t.Fatalf("customer's review = %+v", mine)
	}
	if n, _ := f.db.PendingReviewCount(ctx, f.brand.ID); n != 0 {
		t.Fatalf("pending count %d after resolving, want 0", n)
	}
}

// BenchmarkSearchCustomers searches 100,000 customers of one brand (and 20,000 of another, to be skipped).
func BenchmarkSearchCustomers(b *testing.B) {
	db := newTestDB(b)
	ctx := context.Background()
	brand, err := db.CreateBrand(ctx, Brand{Slug: "big", Name: "Big"})
	if err != nil {
		b.Fatal(err)
	}
	other, err := db.CreateBrand(ctx, Brand{Slug: "other", Name: "Other"})
	if err != nil {
		b.Fatal(err)
	}
	first := []string{"Camille", "Léa", "Hugo", "Sam", "Priya", "Tom", "Grace", "Inès", "Noah", "Maya", "Li", "Oscar", "Zoé", "Arthur", "Jade", "Louis"}
	last := []string{"Martin", "Bernard", "Dubois", "Patel", "Shah", "Hughes", "Owen", "Moreau", "Laurent", "Wei", "Smith", "Garcia", "Rossi", "Nowak", "Kim", "Petit"}
	err = db.tx(ctx, func(tx *txn) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO customers (brand_id, external_id, email, name, locale, created_at) VALUES (?, ?, ?, ?, 'en', 0)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range 120_000 {
			bid, ext := brand.ID, fmt.Sprintf("C-%06d", i)
			if i >= 100_000 {
				bid, ext = other.ID, fmt.Sprintf("O-%06d", i)
			}
			f, l := first[i%len(first)], last[(i/len(first))%len(last)]
			email := fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(f), strings.ToLower(l), i)
			if _, err := st.ExecContext(ctx, bid, ext, email, fmt.Sprintf("%s %s", f, l)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"camille.martin1", "C-054321", "martin", "zoe petit", "li", "nobody-like-this", "example.com"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.SearchCustomers(ctx, brand.ID, q, 21); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
