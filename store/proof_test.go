package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"vitrine/proof"
)

// proofFixture is the fixture with a support agent who made one choice for the customer and looked at them twice.
type proofFixture struct {
	fixture
	staff    StaffUser
	receipts []ConsentChange
}

func newProofFixture(t *testing.T) proofFixture {
	t.Helper()
	ctx := context.Background()
	f := proofFixture{fixture: newFixture(t)}
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	if _, err := f.db.InsertEvents(ctx, f.brand.ID, []EventInput{ev("e1", "C-1", "personalisation", "inference", at)}); err != nil {
		t.Fatal(err)
	}
	var err error
	f.staff, err = f.db.CreateStaff(ctx, StaffUser{BrandID: f.brand.ID, Email: "sue@acme.example", Name: "Sue", Role: RoleSupport}, "a long enough password", at)
	if err != nil {
		t.Fatal(err)
	}
	given, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web", At: at.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	visit, err := f.db.OpenAccess(ctx, f.staff.ID, f.cust, "Customer called about an order", "en", AccessOverview, at.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.RecordView(ctx, visit, "consents", at.Add(2*time.Hour+time.Minute)); err != nil {
		t.Fatal(err)
	}
	withdrawn, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentRefused, Method: "staff",
		Actor: f.staff.Email, At: at.Add(2*time.Hour + 2*time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	f.receipts = []ConsentChange{given, withdrawn}
	return f
}

// Every choice gets a receipt signed under a published key, saying what a 27560 record says, naming the team and
// never the staff member, and carrying the head of a chain that checks out.
func TestReceiptsAreSignedAndChained(t *testing.T) {
	f := newProofFixture(t)
	ctx := context.Background()
	rep, err := f.db.VerifyChain(ctx, f.brand.ID, f.cust)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Entries != 4 || rep.Consents != 2 || rep.Accesses != 2 {
		t.Fatalf("chain report %+v, want 4 entries (2 choices, 2 looks) and no problem", rep)
	}
	set, err := f.db.ReceiptJWKS(ctx)
	if err != nil || len(set.Keys) != 1 {
		t.Fatalf("key set %+v, %v: want the brand's one key", set, err)
	}
	jws, shown, err := f.db.SignedReceipt(ctx, f.cust, f.receipts[1].ReceiptID)
	if err != nil {
		t.Fatal(err)
	}
	payload, kid, err := proof.Verify(jws, set)
	if err != nil || kid != set.Keys[0].Kid {
		t.Fatalf("verify: %v (kid %q)", err, kid)
	}
	raw, _ := json.Marshal(payload)
	if strings.Contains(string(raw), "sue@acme.example") || strings.Contains(string(raw), "Sue") {
		t.Errorf("a receipt names the staff member: %s", raw)
	}
	var r Receipt
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	if r.ReceiptID != f.receipts[1].ReceiptID || r.Event.Type != "withdrawn" || r.Event.DPVStatus != "dpv:ConsentWithdrawn" ||
		r.RecordedBy.Type != "controller_team" || r.RecordedBy.Team != RoleSupport {
		t.Errorf("receipt event/recorder: %+v %+v", r.Event, r.RecordedBy)
	}
	if r.Controller.Name != "Acme" || r.Subject.ID != "C-1" || r.Notice.Version == "" || r.Language != "en" || r.SchemaVersion == "" {
		t.Errorf("receipt controller/subject/notice: %+v %+v %+v", r.Controller, r.Subject, r.Notice)
	}
	if len(r.Purposes) != 1 || r.Purposes[0].ID != "personalisation" || r.Purposes[0].DPVLegalBasis != "dpv:Consent" ||
		len(r.Purposes[0].PersonalData) != 1 || r.Purposes[0].PersonalData[0].ID != "user.behavior.purchase_history" ||
		strings.Join(r.Purposes[0].Systems, ",") != "recommender" {
		t.Errorf("receipt purpose: %+v", r.Purposes)
	}
	if r.Chain.Seq != 4 || r.Chain.Hash != rep.Head {
		t.Errorf("receipt chain %+v, want the head %s at entry 4", r.Chain, rep.Head)
	}
	if shown["receipt_id"] != r.ReceiptID {
		t.Errorf("shown payload %v", shown["receipt_id"])
	}
	// Another customer's receipt is not this customer's.
	other, _ := f.db.SaveCustomer(ctx, Customer{BrandID: f.brand.ID, ExternalID: "C-2"})
	if _, _, err := f.db.SignedReceipt(ctx, other, f.receipts[1].ReceiptID); err != ErrNotFound {
		t.Errorf("another customer's receipt: %v", err)
	}
}

// Editing or deleting any record behind vitrine's back, or its chain entry, makes the customer's check fail and
// says where.
func TestTamperingBreaksTheChain(t *testing.T) {
	pg := func(db *DB) bool { return db.d == dialectPostgres }
	cases := []struct {
		name   string
		sqlite []string
		pg     []string
		want   string
	}{
		{"a consent record's state edited",
			[]string{`DROP TRIGGER consent_history_append_only_update`, `UPDATE consent_history SET state = 'granted' WHERE method = 'staff'`},
			[]string{`DROP TRIGGER consent_history_append_only ON consent_history`, `UPDATE consent_history SET state = 'granted' WHERE method = 'staff'`},
			"was changed after it was written"},
		{"a staff look deleted",
			[]string{`DROP TRIGGER access_records_append_only_delete`, `DELETE FROM access_records WHERE visit_id IS NOT NULL`},
			[]string{`DROP TRIGGER access_records_append_only ON access_records`, `DELETE FROM access_records WHERE visit_id IS NOT NULL`},
			"staff-access record (row"},
		{"the last choice deleted with its chain entry",
			[]string{`DROP TRIGGER consent_history_append_only_delete`, `DELETE FROM consent_history WHERE method = 'staff'`, `DELETE FROM proof_chain WHERE seq = 4`},
			[]string{`DROP TRIGGER consent_history_append_only ON consent_history`, `DELETE FROM consent_history WHERE method = 'staff'`, `DELETE FROM proof_chain WHERE seq = 4`},
			"entries were removed"},
		{"a chain entry rewritten",
			[]string{`DROP TRIGGER proof_chain_append_only_update`, `UPDATE proof_chain SET hash = 'sha256:00' WHERE seq = 2`},
			[]string{`DROP TRIGGER proof_chain_append_only ON proof_chain`, `UPDATE proof_chain SET hash = 'sha256:00' WHERE seq = 2`},
			"entry 3 does not follow the entry before it"},
		{"a record slipped in",
			[]string{`INSERT INTO access_records (brand_id, customer_id, staff_id, staff_email, staff_name, staff_role, reason, what, at)
				SELECT brand_id, customer_id, staff_id, staff_email, staff_name, staff_role, reason, 'activity', at FROM access_records WHERE visit_id IS NULL`},
			[]string{`INSERT INTO access_records (brand_id, customer_id, staff_id, staff_email, staff_name, staff_role, reason, what, at)
				SELECT brand_id, customer_id, staff_id, staff_email, staff_name, staff_role, reason, 'activity', at FROM access_records WHERE visit_id IS NULL`},
			"is not in the chain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newProofFixture(t)
			ctx := context.Background()
			stmts := c.sqlite
			if pg(f.db) {
				stmts = c.pg
			}
			for _, q := range stmts {
				if _, err := f.db.w.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			rep, err := f.db.VerifyChain(ctx, f.brand.ID, f.cust)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), c.want) {
				t.Fatalf("problems %q, want one saying %q", rep.Problems, c.want)
			}
		})
	}
}

// A rotated key stops signing but stays published, so the receipts it signed still verify.
func TestReceiptKeyRotationKeepsOldReceiptsValid(t *testing.T) {
	f := newProofFixture(t)
	ctx := context.Background()
	before, _ := f.db.ReceiptKeys(ctx, f.brand.ID)
	k, err := f.db.RotateReceiptKey(ctx, f.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := f.db.ReceiptKeys(ctx, f.brand.ID)
	if len(before) != 1 || len(keys) != 2 || keys[0].KID != k.KID || keys[0].RetiredAt != nil || keys[1].RetiredAt == nil {
		t.Fatalf("keys after rotation: %+v", keys)
	}
	again, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web"})
	if err != nil {
		t.Fatal(err)
	}
	set, _ := f.db.ReceiptJWKS(ctx)
	for _, id := range []string{f.receipts[0].ReceiptID, again.ReceiptID} {
		jws, _, err := f.db.SignedReceipt(ctx, f.cust, id)
		if err != nil {
			t.Fatal(err)
		}
		_, kid, err := proof.Verify(jws, set)
		if err != nil {
			t.Fatalf("receipt %s: %v", id, err)
		}
		if want := map[bool]string{true: keys[1].KID, false: k.KID}[id == f.receipts[0].ReceiptID]; kid != want {
			t.Errorf("receipt %s signed by %s, want %s", id, kid, want)
		}
	}
	if rep, _ := f.db.VerifyChain(ctx, f.brand.ID, f.cust); !rep.OK() {
		t.Errorf("after rotation: %q", rep.Problems)
	}
}

// Records written before chains existed are chained and signed once when the database is opened again.
func TestOlderRecordsAreChainedOnOpen(t *testing.T) {
	ctx := context.Background()
	dsn, drop, err := TestDatabase(ctx, t.TempDir(), "backfill")
	if err != nil {
		t.Skip(err)
	}
	defer drop()
	db, err := Open(ctx, dsn, WithClock(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := db.CreateBrand(ctx, Brand{Slug: "old", Name: "Old", DefaultLocale: "fr"})
	p, _ := db.SavePurpose(ctx, Purpose{BrandID: b.ID, Slug: "ads", LegalBasis: "consent", Refusable: true, Registered: true})
	c, _ := db.SaveCustomer(ctx, Customer{BrandID: b.ID, ExternalID: "C-9"})
	for i, st := range []string{"granted", "refused"} {
		if _, err := db.w.ExecContext(ctx, db.d.rebind(`INSERT INTO consent_history (brand_id, receipt_id, customer_id, purpose_id, state, legal_basis, method, policy_version, actor, at)
			VALUES (?, ?, ?, ?, ?, 'consent', 'web', '1', '', ?)`), b.ID, "old-"+st, c, p, st, testNow.Add(time.Duration(i-5)*time.Hour).Unix()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.w.ExecContext(ctx, `INSERT INTO proof_backfill (id) VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if rep, _ := db.VerifyChain(ctx, b.ID, c); rep.OK() {
		t.Fatal("unchained records pass the check")
	}
	db.Close()
	if db, err = Open(ctx, dsn, WithClock(func() time.Time { return testNow })); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := db.VerifyChain(ctx, b.ID, c)
	if err != nil || !rep.OK() || rep.Entries != 2 {
		t.Fatalf("after reopening: %+v, %v", rep, err)
	}
	_, payload, err := db.SignedReceipt(ctx, c, "old-refused")
	if err != nil {
		t.Fatal(err)
	}
	if ev := payload["event"].(map[string]any); ev["type"] != "withdrawn" || payload["language"] != "fr" {
		t.Errorf("backfilled receipt: %v, language %v", ev, payload["language"])
	}
}

// After the brand's legal period the oldest receipts and staff looks go, from the start of the chain, never the
// record of a choice in force; the chain still verifies from its anchor, goes on from it, and removing the anchor
// shows.
func TestProofsOlderThanTheLegalPeriodGoAndTheChainStillVerifies(t *testing.T) {
	f := newProofFixture(t)
	ctx := context.Background()
	later := f.receipts[1].At.AddDate(0, 61, 0)
	f.db.SetClock(func() time.Time { return later })
	dry, err := f.db.PruneProofs(ctx, true)
	if err != nil || len(dry) != 1 || dry[0].Consents != 1 || dry[0].Accesses != 2 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	if rep, _ := f.db.VerifyChain(ctx, f.brand.ID, f.cust); rep.Entries != 4 {
		t.Fatalf("a dry run removed entries: %+v", rep)
	}
	res, err := f.db.PruneProofs(ctx, false)
	if err != nil || res[0].Customers != 1 || res[0].Consents != 1 || res[0].Accesses != 2 {
		t.Fatalf("prune: %+v, %v", res, err)
	}
	rep, err := f.db.VerifyChain(ctx, f.brand.ID, f.cust)
	if err != nil || !rep.OK() || rep.Entries != 1 || rep.Removed != 3 {
		t.Fatalf("after pruning: %+v, %v", rep, err)
	}
	// The refusal in force and its receipt stay; the superseded yes is gone.
	if _, _, err := f.db.SignedReceipt(ctx, f.cust, f.receipts[1].ReceiptID); err != nil {
		t.Errorf("the receipt of the choice in force: %v", err)
	}
	if _, _, err := f.db.SignedReceipt(ctx, f.cust, f.receipts[0].ReceiptID); err != ErrNotFound {
		t.Errorf("the superseded receipt: %v", err)
	}
	if err := f.db.VerifyRollups(ctx); err != nil {
		t.Error(err)
	}
	if _, err := f.db.RecordConsent(ctx, ConsentChange{CustomerID: f.cust, PurposeID: f.consent, State: ConsentGranted, Method: "web"}); err != nil {
		t.Fatal(err)
	}
	if rep, _ := f.db.VerifyChain(ctx, f.brand.ID, f.cust); !rep.OK() || rep.Entries != 2 {
		t.Fatalf("the chain after its anchor: %+v", rep)
	}
	// Now the old refusal is superseded by today's yes: the next run removes it, and the chain still checks.
	if again, _ := f.db.PruneProofs(ctx, false); again[0].Consents != 1 || again[0].Accesses != 0 {
		t.Errorf("second run: %+v, want the superseded refusal removed", again)
	}
	if rep, _ := f.db.VerifyChain(ctx, f.brand.ID, f.cust); !rep.OK() || rep.Entries != 1 || rep.Removed != 4 {
		t.Fatalf("after the second run: %+v", rep)
	}
	if _, err := f.db.w.ExecContext(ctx, `DELETE FROM proof_anchors`); err != nil {
		t.Fatal(err)
	}
	if rep, _ := f.db.VerifyChain(ctx, f.brand.ID, f.cust); rep.OK() {
		t.Error("a chain whose anchor was removed still verifies")
	}
	// Records stay append-only outside a pruning.
	if _, err := f.db.w.ExecContext(ctx, `DELETE FROM consent_history`); err == nil {
		t.Error("consent history rows were deleted outside a pruning")
	}
}
