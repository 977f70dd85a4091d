package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"vitrine/proof"
	"vitrine/vocab"
)

// A customer's proofs: every consent change and every staff look at the customer is an entry of the customer's
// hash chain (proof_chain), each entry the hash of its record's canonical fields and of the entry before; every
// consent change gets a receipt signed when it is recorded (receipt_signatures), which carries the chain's head
// at that moment. A row of consent_history or access_records edited or deleted behind vitrine's back no longer
// matches its entry; entries removed with their rows leave a chain shorter than the head the customer's latest
// receipt names. VerifyChain checks it all.

// Chain entry kinds.
const (
	ProofConsent = "consent"
	ProofAccess  = "access"
)

// ChainLink is one entry of a customer's chain as a receipt names it.
type ChainLink struct {
	Seq      int64  `json:"seq"`
	Hash     string `json:"hash"`     // this entry's hash: the chain's head once it is written
	Previous string `json:"previous"` // the hash of the entry before, or the chain's genesis
}

// consentEntry is what a consent change's chain entry hashes: every column of its consent_history row.
func consentEntry(ch ConsentChange) map[string]any {
	return map[string]any{"kind": ProofConsent, "receipt_id": ch.ReceiptID, "purpose_id": ch.PurposeID, "state": ch.State,
		"legal_basis": ch.LegalBasis, "method": ch.Method, "policy_version": ch.PolicyVersion, "actor": ch.Actor, "at": ch.At.Unix()}
}

// accessEntry is what a staff look's chain entry hashes: every column of its access_records row.
func accessEntry(r AccessRecord) map[string]any {
	return map[string]any{"kind": ProofAccess, "id": r.ID, "staff_id": r.StaffID, "staff_email": r.StaffEmail, "staff_name": r.StaffName,
		"staff_role": r.StaffRole, "reason": r.Reason, "reason_lang": r.ReasonLang, "what": r.What, "at": r.At.Unix(), "visit_id": r.VisitID}
}

// appendProof adds the record to the end of its customer's chain, in the transaction that writes the record. The
// customer's lock (PostgreSQL) makes two servers' appends for one customer take turns; SQLite has one writer.
func appendProof(ctx context.Context, tx *txn, brandID, customerID int64, kind string, recordID int64, entry map[string]any) (ChainLink, error) {
	if err := lockCustomer(ctx, tx, customerID); err != nil {
		return ChainLink{}, fmt.Errorf("store: chain lock: %w", err)
	}
	var link ChainLink
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM proof_chain WHERE brand_id = ? AND customer_id = ? ORDER BY seq DESC LIMIT 1`,
		brandID, customerID).Scan(&link.Seq, &link.Previous)
	if errors.Is(err, sql.ErrNoRows) {
		// Every entry removed after the legal period: the chain goes on from its anchor.
		err = tx.QueryRowContext(ctx, `SELECT first_seq - 1, prev_hash FROM proof_anchors WHERE brand_id = ? AND customer_id = ?`,
			brandID, customerID).Scan(&link.Seq, &link.Previous)
	}
	if errors.Is(err, sql.ErrNoRows) {
		var slug, ext string
		if err := tx.QueryRowContext(ctx, `SELECT b.slug, c.external_id FROM customers c JOIN brands b ON b.id = c.brand_id WHERE c.id = ?`,
			customerID).Scan(&slug, &ext); err != nil {
			return link, fmt.Errorf("store: chain genesis: %w", err)
		}
		link.Previous = proof.Genesis(slug, ext)
	} else if err != nil {
		return link, fmt.Errorf("store: chain head: %w", err)
	}
	link.Seq++
	if link.Hash, err = proof.Link(entry, link.Previous); err != nil {
		return link, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO proof_chain (brand_id, customer_id, seq, kind, record_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		brandID, customerID, link.Seq, kind, recordID, link.Previous, link.Hash); err != nil {
		return link, fmt.Errorf("store: append to chain: %w", err)
	}
	return link, nil
}

// receiptSigner returns the key that signs the brand's new receipts, making the brand's first one when it has none.
func (db *DB) receiptSigner(ctx context.Context, tx *txn, brandID int64, now time.Time) (proof.Key, error) {
	var kid string
	var seed []byte
	err := tx.QueryRowContext(ctx, `SELECT kid, private_key FROM receipt_keys WHERE brand_id = ? AND retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1`,
		brandID).Scan(&kid, &seed)
	if errors.Is(err, sql.ErrNoRows) {
		return newReceiptKey(ctx, tx, brandID, now)
	}
	if err != nil {
		return proof.Key{}, fmt.Errorf("store: receipt key: %w", err)
	}
	if k, ok := db.receiptKeys.Load(kid); ok {
		return k.(proof.Key), nil
	}
	k, err := proof.NewKey(seed)
	if err != nil {
		return k, err
	}
	if k.KID != kid {
		return k, fmt.Errorf("store: receipt key %s does not match its seed", kid)
	}
	db.receiptKeys.Store(kid, k)
	return k, nil
}

func newReceiptKey(ctx context.Context, tx *txn, brandID int64, now time.Time) (proof.Key, error) {
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		return proof.Key{}, fmt.Errorf("store: receipt key: %w", err)
	}
	k, err := proof.NewKey(seed)
	if err != nil {
		return k, err
	}
	pub, _ := json.Marshal(k.PublicJWK())
	if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_keys (brand_id, kid, private_key, public_jwk, created_at) VALUES (?, ?, ?, ?, ?)`,
		brandID, k.KID, seed, string(pub), now.Unix()); err != nil {
		return k, fmt.Errorf("store: new receipt key: %w", err)
	}
	return k, nil
}

// ReceiptKey is one of a brand's receipt-signing keys, without its private half.
type ReceiptKey struct {
	KID       string
	CreatedAt time.Time
	RetiredAt *time.Time // nil: it signs new receipts
}

// RotateReceiptKey retires the key that signs the brand's receipts and makes a new one, which signs from now on.
// The retired key stays in the published key set: receipts it signed remain proofs.
func (db *DB) RotateReceiptKey(ctx context.Context, brandID int64) (ReceiptKey, error) {
	now := db.Now()
	var k proof.Key
	err := db.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `UPDATE receipt_keys SET retired_at = ? WHERE brand_id = ? AND retired_at IS NULL`, now.Unix(), brandID); err != nil {
			return fmt.Errorf("store: retire receipt key: %w", err)
		}
		var err error
		k, err = newReceiptKey(ctx, tx, brandID, now)
		return err
	})
	return ReceiptKey{KID: k.KID, CreatedAt: time.Unix(now.Unix(), 0).UTC()}, err
}

// ReceiptKeys lists the brand's receipt-signing keys: the one that signs first, then the retired ones, newest first.
func (db *DB) ReceiptKeys(ctx context.Context, brandID int64) ([]ReceiptKey, error) {
	rows, err := db.query(ctx, `SELECT kid, created_at, retired_at FROM receipt_keys WHERE brand_id = ? ORDER BY retired_at IS NOT NULL, created_at DESC, kid`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: receipt keys: %w", err)
	}
	defer rows.Close()
	var out []ReceiptKey
	for rows.Next() {
		var k ReceiptKey
		var created int64
		var retired sql.NullInt64
		if err := rows.Scan(&k.KID, &created, &retired); err != nil {
			return nil, fmt.Errorf("store: scan receipt key: %w", err)
		}
		k.CreatedAt, k.RetiredAt = time.Unix(created, 0).UTC(), optTime(retired)
		out = append(out, k)
	}
	return out, rows.Err()
}

// ReceiptJWKS is the JWK Set of every receipt-signing key of every brand, retired ones included: what
// /.well-known/jwks.json publishes and what verifies any receipt this installation ever signed.
func (db *DB) ReceiptJWKS(ctx context.Context) (proof.JWKSet, error) {
	set := proof.JWKSet{Keys: []proof.JWK{}}
	rows, err := db.query(ctx, `SELECT public_jwk FROM receipt_keys ORDER BY brand_id, created_at, kid`)
	if err != nil {
		return set, fmt.Errorf("store: receipt key set: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return set, fmt.Errorf("store: scan receipt key set: %w", err)
		}
		var k proof.JWK
		if err := json.Unmarshal([]byte(raw), &k); err != nil {
			return set, fmt.Errorf("store: receipt key set: %w", err)
		}
		set.Keys = append(set.Keys, k)
	}
	return set, rows.Err()
}

// Receipt is a consent receipt as it is signed, one per recorded choice, in the shape of the ISO/IEC TS 27560
// consent record profile of the W3C DPV guide: which record and notice it belongs to, who the controller is, the
// purpose with its legal basis, data, recipients and retention, what happened and who recorded it, how long it
// holds and how to withdraw, and the head of the customer's proof chain when it was made.
type Receipt struct {
	SchemaVersion string             `json:"schema_version"`
	ConformsTo    string             `json:"conforms_to"`
	ReceiptID     string             `json:"receipt_id"`
	RecordID      string             `json:"record_id"` // the customer's consent record for this purpose, the same on every receipt of it
	Issuer        string             `json:"iss"`
	IssuedAt      int64              `json:"iat"`
	Language      string             `json:"language"`
	Notice        ReceiptNotice      `json:"notice"`
	Controller    ReceiptController  `json:"controller"`
	Subject       ReceiptSubject     `json:"data_subject"`
	Purposes      []ReceiptPurpose   `json:"purposes"`
	Recipients    []ReceiptRecipient `json:"recipients"`    // processors that use the data for the brand (vendor tools)
	ThirdParties  []ReceiptRecipient `json:"third_parties"` // parties outside the brand that act on it (external agents)
	Retention     []ReceiptRetention `json:"retention"`
	Jurisdiction  string             `json:"jurisdiction"`
	Withdrawal    ReceiptWithdrawal  `json:"withdrawal"`
	Event         ReceiptEvent       `json:"event"`
	RecordedBy    ReceiptRecorder    `json:"recorded_by"`
	Validity      ReceiptValidity    `json:"validity"`
	Chain         ChainLink          `json:"chain"`
}

// ReceiptNotice is the notice the choice was made on: the brand's policy version and where its text is.
type ReceiptNotice struct {
	ID       string `json:"id"`
	Version  string `json:"version"`
	URL      string `json:"url"`
	Language string `json:"language"`
}

// ReceiptController is the brand, as controller of the data.
type ReceiptController struct {
	Name    string `json:"name"`
	ID      string `json:"id"`
	Contact string `json:"contact,omitempty"`
}

// ReceiptSubject is the customer, by the brand's own id: no e-mail or name goes into a receipt.
type ReceiptSubject struct {
	ID string `json:"id"`
}

// ReceiptPurpose is the purpose chosen about, with its legal basis, the kinds of data its systems used about the
// customer, and whether models only use the data or also learn from it.
type ReceiptPurpose struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	DPVPurpose    string            `json:"dpv_purpose,omitempty"`
	LegalBasis    string            `json:"legal_basis"`
	DPVLegalBasis string            `json:"dpv_legal_basis"`
	Processing    []string          `json:"processing"` // "use", and "model_training" for a training purpose
	Systems       []string          `json:"systems"`
	PersonalData  []ReceiptDataKind `json:"personal_data"`
}

// ReceiptDataKind is a kind of personal data, with whether it is a special category (GDPR Art. 9).
type ReceiptDataKind struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	SpecialCategory bool   `json:"special_category"`
}

// ReceiptRecipient is a party the data goes to, by the registry's vendor name and the system it runs.
type ReceiptRecipient struct {
	Name     string `json:"name"`
	System   string `json:"system"`    // the system's name in the receipt's language
	SystemID string `json:"system_id"` // its slug in the registry
}

// ReceiptRetention is how long a system keeps the details of each use.
type ReceiptRetention struct {
	System   string `json:"system"`
	SystemID string `json:"system_id"`
	Period   string `json:"period"`
}

// ReceiptWithdrawal says how to change the choice: on the same page, opened from the brand.
type ReceiptWithdrawal struct {
	How string `json:"how"` // "customer_page": the customer's AI page, Your choices
	URL string `json:"url,omitempty"`
}

// ReceiptEvent is what happened: the choice, what it means in law, and when and how it was made.
type ReceiptEvent struct {
	Type          string `json:"type"` // given, refused, withdrawn or objected
	DPVStatus     string `json:"dpv_status,omitempty"`
	State         string `json:"state"`
	PreviousState string `json:"previous_state"`
	Time          string `json:"time"`
	Method        string `json:"method"`
}

// ReceiptRecorder is who recorded the choice: the customer, the brand's team (never a staff member's name or
// e-mail), the brand's systems, a signal of the customer's browser or an assistant they connected.
type ReceiptRecorder struct {
	Type string `json:"type"`           // data_subject, controller_team, controller_system, controller_import, browser_signal, agent
	Team string `json:"team,omitempty"` // for controller_team: the team's role, "support", "privacy"…
	Name string `json:"name,omitempty"` // for agent: the assistant's name, as the customer saw it when connecting it
}

// ReceiptValidity is how long the choice holds: from its time until the customer changes it.
type ReceiptValidity struct {
	From           string `json:"from"`
	UntilWithdrawn bool   `json:"until_changed"`
}

// receiptSchemaVersion names this shape; a later shape gets a new name.
const receiptSchemaVersion = "vitrine-receipt/1"

var dpvConsentStatus = map[string]string{"given": "dpv:ConsentGiven", "refused": "dpv:ConsentRefused", "withdrawn": "dpv:ConsentWithdrawn"}

// recorderOf names who recorded a change by its method, and for staff their team.
func recorderOf(ctx context.Context, tx *txn, brandID int64, ch ConsentChange) (ReceiptRecorder, error) {
	switch ch.Method {
	case "web", "widget":
		return ReceiptRecorder{Type: "data_subject"}, nil
	case "staff":
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM staff_users WHERE brand_id = ? AND email = ?`, brandID, ch.Actor).Scan(&role)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return ReceiptRecorder{}, fmt.Errorf("store: receipt recorder: %w", err)
		}
		if role == "" {
			role = "staff"
		}
		return ReceiptRecorder{Type: "controller_team", Team: role}, nil
	case "api":
		return ReceiptRecorder{Type: "controller_system"}, nil
	case "gpc":
		return ReceiptRecorder{Type: "browser_signal"}, nil
	case "agent":
		return ReceiptRecorder{Type: "agent", Name: ch.Actor}, nil
	default: // import, seed
		return ReceiptRecorder{Type: "controller_import"}, nil
	}
}

// buildReceipt gathers what a receipt says of a recorded change from the brand, its registry and the customer's
// uses, in the transaction that records it.
//
// reg is the brand's registry when the caller has it (the backfill, which runs while the database opens and its
// readers are not yet there); nil reads it here.
func (db *DB) buildReceipt(ctx context.Context, tx *txn, reg *Registry, brandID int64, ch ConsentChange, previous, externalID, lang string, link ChainLink) (Receipt, error) {
	var b Brand
	if err := tx.QueryRowContext(ctx, `SELECT slug, name, default_locale, privacy_email, portal_url FROM brands WHERE id = ?`, brandID).
		Scan(&b.Slug, &b.Name, &b.DefaultLocale, &b.PrivacyEmail, &b.PortalURL); err != nil {
		return Receipt{}, fmt.Errorf("store: receipt brand: %w", err)
	}
	if lang == "" {
		lang = b.DefaultLocale
	}
	// The cached registry (read on a reader: the registry is not what this transaction writes), or, for a purpose
	// made in this very transaction, the registry as the transaction sees it.
	var err error
	if reg == nil {
		if reg, err = db.Registry(ctx, brandID); err != nil {
			return Receipt{}, err
		}
	}
	if reg.Purposes[ch.PurposeID] == nil {
		if reg, err = loadRegistry(ctx, tx, brandID); err != nil {
			return Receipt{}, err
		}
	}
	p := reg.Purposes[ch.PurposeID]
	if p == nil {
		return Receipt{}, fmt.Errorf("store: receipt: purpose %d is not in the registry", ch.PurposeID)
	}
	base := strings.TrimRight(db.publicURL, "/")
	meaning := ConsentMeaning(ch.State, previous, ch.LegalBasis)
	r := Receipt{
		SchemaVersion: receiptSchemaVersion, ConformsTo: "ISO/IEC TS 27560:2023, as profiled by the W3C DPV guide (DPV 2.1)",
		ReceiptID: ch.ReceiptID, RecordID: "urn:vitrine:" + b.Slug + ":consent:" + externalID + ":" + p.Slug,
		Issuer: base, IssuedAt: db.Now().Unix(), Language: lang,
		Notice:     ReceiptNotice{ID: "urn:vitrine:" + b.Slug + ":notice", Version: ch.PolicyVersion, URL: base + "/brands/" + b.Slug + "/ai.json", Language: lang},
		Controller: ReceiptController{Name: b.Name, ID: base + "/brands/" + b.Slug, Contact: b.PrivacyEmail},
		Subject:    ReceiptSubject{ID: externalID},
		Recipients: []ReceiptRecipient{}, ThirdParties: []ReceiptRecipient{}, Retention: []ReceiptRetention{},
		Jurisdiction: "EU", // the GDPR: the law the product's legal bases and wording follow
		Withdrawal:   ReceiptWithdrawal{How: "customer_page", URL: b.PortalURL},
		Event: ReceiptEvent{Type: meaning, DPVStatus: dpvConsentStatus[meaning], State: ch.State, PreviousState: previous,
			Time: ch.At.UTC().Format(time.RFC3339), Method: ch.Method},
		Validity: ReceiptValidity{From: ch.At.UTC().Format(time.RFC3339), UntilWithdrawn: true},
		Chain:    link,
	}
	if r.RecordedBy, err = recorderOf(ctx, tx, brandID, ch); err != nil {
		return r, err
	}
	rp := ReceiptPurpose{ID: p.Slug, Name: p.Text(lang, b.DefaultLocale).Name, DPVPurpose: p.DPV, LegalBasis: ch.LegalBasis,
		DPVLegalBasis: vocab.LegalBasisDPV[ch.LegalBasis], Processing: []string{"use"}, Systems: []string{}, PersonalData: []ReceiptDataKind{}}
	if p.IsTraining {
		rp.Processing = append(rp.Processing, "model_training")
	}
	// The systems the brand runs for this purpose, and the kinds of this customer's data they used.
	rows, err := tx.QueryContext(ctx, `SELECT system_id FROM rollup_brand_totals WHERE brand_id = ? AND purpose_id = ? AND n > 0 ORDER BY system_id`, brandID, ch.PurposeID)
	if err != nil {
		return r, fmt.Errorf("store: receipt systems: %w", err)
	}
	var systems []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return r, fmt.Errorf("store: receipt systems: %w", err)
		}
		systems = append(systems, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("store: receipt systems: %w", err)
	}
	for _, id := range systems {
		s := reg.Systems[id]
		if s == nil {
			continue
		}
		rp.Systems = append(rp.Systems, s.Slug)
		name := s.NameIn(lang, b.DefaultLocale)
		switch {
		case s.Vendor != "" && s.Deployment == DeployExternalAgent:
			r.ThirdParties = append(r.ThirdParties, ReceiptRecipient{Name: s.Vendor, System: name, SystemID: s.Slug})
		case s.Vendor != "":
			r.Recipients = append(r.Recipients, ReceiptRecipient{Name: s.Vendor, System: name, SystemID: s.Slug})
		}
		if s.Retention != "" {
			r.Retention = append(r.Retention, ReceiptRetention{System: name, SystemID: s.Slug, Period: s.Retention})
		}
		crows, err := tx.QueryContext(ctx, `SELECT DISTINCT category_id FROM rollup_category_monthly WHERE brand_id = ? AND customer_id = ? AND system_id = ?`,
			brandID, ch.CustomerID, id)
		if err != nil {
			return r, fmt.Errorf("store: receipt data kinds: %w", err)
		}
		for crows.Next() {
			var cid int64
			if err := crows.Scan(&cid); err != nil {
				crows.Close()
				return r, fmt.Errorf("store: receipt data kinds: %w", err)
			}
			d := reg.Categories[cid]
			if d == nil || slices.ContainsFunc(rp.PersonalData, func(k ReceiptDataKind) bool { return k.ID == d.Slug }) {
				continue
			}
			rp.PersonalData = append(rp.PersonalData, ReceiptDataKind{ID: d.Slug, Name: d.Text(lang, b.DefaultLocale).Name, SpecialCategory: d.Sensitive})
		}
		crows.Close()
		if err := crows.Err(); err != nil {
			return r, fmt.Errorf("store: receipt data kinds: %w", err)
		}
	}
	slices.SortFunc(rp.PersonalData, func(a, b ReceiptDataKind) int { return strings.Compare(a.ID, b.ID) })
	r.Purposes = []ReceiptPurpose{rp}
	return r, nil
}

// signReceipt signs the receipt with the brand's current key and keeps the signed bytes.
func (db *DB) signReceipt(ctx context.Context, tx *txn, brandID, customerID int64, r Receipt, now time.Time) error {
	k, err := db.receiptSigner(ctx, tx, brandID, now)
	if err != nil {
		return err
	}
	jws, err := proof.Sign(k, r)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_signatures (brand_id, receipt_id, customer_id, jws) VALUES (?, ?, ?, ?)`,
		brandID, r.ReceiptID, customerID, jws); err != nil {
		return fmt.Errorf("store: keep signed receipt: %w", err)
	}
	return nil
}

// SignedReceipt returns the customer's receipt as it was signed: the compact JWS and its payload. A receipt of
// another customer is ErrNotFound.
func (db *DB) SignedReceipt(ctx context.Context, customerID int64, receiptID string) (jws string, payload map[string]any, err error) {
	err = db.queryRow(ctx, `SELECT s.jws FROM consent_history h JOIN receipt_signatures s ON s.brand_id = h.brand_id AND s.receipt_id = h.receipt_id
		WHERE h.customer_id = ? AND h.receipt_id = ?`, customerID, receiptID).Scan(&jws)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, ErrNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("store: signed receipt: %w", err)
	}
	payload, err = jwsPayload(jws)
	return jws, payload, err
}

// jwsPayload reads a compact JWS's payload without checking it: for showing a receipt vitrine itself signed.
func jwsPayload(jws string) (map[string]any, error) {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return nil, errors.New("store: a signed receipt is not a compact JWS")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("store: signed receipt payload: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("store: signed receipt payload: %w", err)
	}
	return m, nil
}
