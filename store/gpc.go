package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Global Privacy Control (https://privacycg.github.io/gpc-spec/): a browser setting that sends Sec-GPC: 1 with
// every request to ask the site not to sell or share the person's data. The brand says which of its purposes the
// signal turns off; a customer page that receives it refuses those purposes for the customer with the method
// MethodGPC, through the one consent path, so the refusal has its receipt, its change in the feed and its webhook.

// MethodGPC is the consent method of a refusal made because the customer's browser sent the GPC signal.
const MethodGPC = "gpc"

// gpcDPV are the DPV purposes that are advertising aimed at the person or selling their data: what the signal is
// about. Contextual or first-party measurement has no DPV term of its own, so dpv:Advertising counts too.
var gpcDPV = map[string]bool{
	"dpv:Advertising": true, "dpv:PersonalisedAdvertising": true, "dpv:TargetedAdvertising": true,
	"dpv:RecruitmentTargetedAdvertising": true, "dpv:SellDataToThirdParties": true, "dpv:SellInsightsFromData": true,
}

// GPCDefault reports whether the signal turns purpose p off when the brand made no choice of its own: advertising
// audiences and the sharing or selling of data, read from the purpose's codes (fideslang marketing.advertising and
// third_party_sharing, TCF purposes 3 and 4, the DPV terms above). Sharing the law requires
// (third_party_sharing.legal_obligation) is not a sale. Training is never on by default: whether learning from a
// customer is a "share" depends on who trains, so only the brand can say.
func GPCDefault(p *Purpose) bool {
	if p.IsTraining {
		return false
	}
	if p.TCFPurpose == 3 || p.TCFPurpose == 4 || gpcDPV[p.DPV] {
		return true
	}
	if p.FidesUse == "third_party_sharing.legal_obligation" || strings.HasPrefix(p.FidesUse, "third_party_sharing.legal_obligation.") {
		return false
	}
	return underKey(p.FidesUse, "marketing.advertising") || underKey(p.FidesUse, "third_party_sharing")
}

// underKey reports whether fideslang key is root or one of its children (root.child…).
func underKey(key, root string) bool {
	return key == root || strings.HasPrefix(key, root+".")
}

// GPCHonoured reports whether the signal turns p off for the brand: its own choice when it made one (choices, from
// GPCChoices), else GPCDefault.
func GPCHonoured(p *Purpose, choices map[int64]bool) bool {
	if v, ok := choices[p.ID]; ok {
		return v
	}
	return GPCDefault(p)
}

// GPCChoices returns the choices the brand made on its GPC settings, by purpose id; a purpose without one takes
// GPCDefault.
func (db *DB) GPCChoices(ctx context.Context, brandID int64) (map[int64]bool, error) {
	rows, err := db.query(ctx, `SELECT purpose_id, honoured FROM gpc_purposes WHERE brand_id = ?`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: gpc choices: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		var on bool
		if err := rows.Scan(&id, &on); err != nil {
			return nil, fmt.Errorf("store: scan gpc choice: %w", err)
		}
		out[id] = on
	}
	return out, rows.Err()
}

// SetGPCChoices records the brand's choice for each purpose given (purpose id → the signal turns it off), by whom.
// The caller passes only the purposes whose behaviour changes, so updated_at dates real changes; a purpose of
// another brand is ignored.
func (db *DB) SetGPCChoices(ctx context.Context, brandID int64, choices map[int64]bool, by string) error {
	now := db.Now().Unix()
	return db.tx(ctx, func(tx *txn) error {
		for id, on := range choices {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM purposes WHERE brand_id = ? AND id = ?`, brandID, id).Scan(&n); err != nil {
				return fmt.Errorf("store: gpc choice's purpose: %w", err)
			}
			if n == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO gpc_purposes (brand_id, purpose_id, honoured, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (brand_id, purpose_id) DO UPDATE SET honoured = excluded.honoured, updated_at = excluded.updated_at,
				updated_by = excluded.updated_by`, brandID, id, on, now, by); err != nil {
				return fmt.Errorf("store: set gpc choice: %w", err)
			}
		}
		return nil
	})
}

// GPCLastChange is when any brand last changed what the signal does, false when none ever did: the whole
// installation answers on one origin, so its /.well-known/gpc.json tells the latest change of any brand.
func (db *DB) GPCLastChange(ctx context.Context) (time.Time, bool, error) {
	var at sql.NullInt64
	if err := db.queryRow(ctx, `SELECT max(updated_at) FROM gpc_purposes`).Scan(&at); err != nil {
		return time.Time{}, false, fmt.Errorf("store: gpc last change: %w", err)
	}
	if !at.Valid {
		return time.Time{}, false, nil
	}
	return time.Unix(at.Int64, 0).UTC(), true, nil
}

// RecordGPCConfirmation remembers that the customer, while their browser sent the signal, confirmed the yes of
// receipt receiptID (about purposeID): the signal leaves that choice standing.
func (db *DB) RecordGPCConfirmation(ctx context.Context, brandID, customerID, purposeID int64, receiptID string) error {
	if _, err := db.w.ExecContext(ctx, `INSERT INTO gpc_confirmations (brand_id, customer_id, receipt_id, purpose_id, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, customer_id, receipt_id) DO NOTHING`, brandID, customerID, receiptID, purposeID, db.Now().Unix()); err != nil {
		return fmt.Errorf("store: record gpc confirmation: %w", err)
	}
	return nil
}

// GPCConfirmed returns the receipts of the yeses the customer confirmed while their browser sent the signal.
func (db *DB) GPCConfirmed(ctx context.Context, brandID, customerID int64) (map[string]bool, error) {
	rows, err := db.query(ctx, `SELECT receipt_id FROM gpc_confirmations WHERE brand_id = ? AND customer_id = ?`, brandID, customerID)
	if err != nil {
		return nil, fmt.Errorf("store: gpc confirmations: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: scan gpc confirmation: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}
