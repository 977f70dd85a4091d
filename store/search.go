package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// trigram is the shortest word the trigram index can find inside a longer text.
const trigram = 3

// SearchCustomers finds up to limit customers of the brand whose email, name or external id contains every word
// of q, ignoring case and accents. An exact email or external id comes first; the rest follow in the order they
// joined. It never scans the customers table:
//   - words of 3 characters or more are looked up in the trigram index (customers_search), and
//     shorter words of the same query filter the few rows that index returns;
//   - a query with no word that long (say "li") finds the customers whose email, name or external id starts
//     with it, through the NOCASE prefix indexes.
func (db *DB) SearchCustomers(ctx context.Context, brandID int64, q string, limit int) ([]Customer, error) {
	q = strings.Join(strings.Fields(q), " ")
	if q == "" || limit <= 0 {
		return nil, nil
	}
	var out []Customer
	seen := map[int64]bool{}
	add := func(sqlText string, args ...any) error {
		if len(out) >= limit {
			return nil
		}
		rows, err := db.query(ctx, sqlText, append(args, limit-len(out))...)
		if err != nil {
			return fmt.Errorf("store: search customers: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				return fmt.Errorf("store: scan customer: %w", err)
			}
			if !seen[c.ID] && len(out) < limit {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
		return rows.Err()
	}

	// Exact matches first: an agent who pastes an email or an id from a ticket wants that customer on top.
	// Two queries, not one with OR, so that each is a single index look-up.
	if err := add(`SELECT `+customerCols+` FROM customers WHERE brand_id = ? AND external_id = ? LIMIT ?`, brandID, q); err != nil {
		return nil, err
	}
	if db.d == dialectPostgres {
		if err := add(`SELECT `+customerCols+` FROM customers WHERE brand_id = ? AND lower(email) = lower(?) LIMIT ?`, brandID, q); err != nil {
			return nil, err
		}
		return out, db.searchPostgres(ctx, brandID, q, add)
	}
	if err := add(`SELECT `+customerCols+` FROM customers WHERE brand_id = ? AND email = ? COLLATE NOCASE LIMIT ?`, brandID, q); err != nil {
		return nil, err
	}

	var phrases []string
	var short []any
	where := ""
	for _, w := range strings.Fields(q) {
		if utf8.RuneCountInString(w) >= trigram {
			phrases = append(phrases, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
			continue
		}
		like := "%" + escapeLike(w) + "%"
		where += ` AND (c.email LIKE ? ESCAPE '\' OR c.name LIKE ? ESCAPE '\' OR c.external_id LIKE ? ESCAPE '\')`
		short = append(short, like, like, like)
	}
	if len(phrases) > 0 {
		// No ORDER BY: rows come in rowid order straight off the index, so LIMIT stops the search early
		// even when a common fragment ("mar", "example") matches most customers.
		args := append([]any{strings.Join(phrases, " "), brandID}, short...)
		err := add(`SELECT c.id, c.brand_id, c.external_id, c.email, c.name, c.locale, c.created_at, c.erased_at
			FROM customers_search s JOIN customers c ON c.id = s.rowid
			WHERE customers_search MATCH ? AND c.brand_id = ?`+where+` LIMIT ?`, args...)
		return out, err
	}
	lo, hi := q, prefixEnd(q)
	for _, col := range []string{"email", "name", "external_id"} {
		err := add(`SELECT `+customerCols+` FROM customers WHERE brand_id = ? AND `+col+` COLLATE NOCASE >= ? AND `+col+` COLLATE NOCASE < ?
			ORDER BY `+col+` COLLATE NOCASE LIMIT ?`, brandID, lo, hi)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// searchPostgres is the search after the exact matches on PostgreSQL: words of 3 characters or more through the
// trigram index of customers.search_text (lower case, accents removed, see the schema); a query of shorter words
// only, by prefix of email, name or external id through their lower-case indexes.
func (db *DB) searchPostgres(ctx context.Context, brandID int64, q string, add func(string, ...any) error) error {
	words := strings.Fields(q)
	long := false
	for _, w := range words {
		long = long || utf8.RuneCountInString(w) >= trigram
	}
	if long {
		where := ""
		var args []any
		for _, w := range words {
			where += ` AND c.search_text LIKE '%' || vitrine_unaccent(lower(?)) || '%' ESCAPE '\'`
			args = append(args, escapeLike(w))
		}
		return add(`SELECT c.id, c.brand_id, c.external_id, c.email, c.name, c.locale, c.created_at, c.erased_at FROM customers c
			WHERE c.brand_id = ?`+where+` LIMIT ?`, append([]any{brandID}, args...)...)
	}
	for _, col := range []string{"email", "name", "external_id"} {
		if err := add(`SELECT `+customerCols+` FROM customers WHERE brand_id = ? AND lower(`+col+`) LIKE lower(?) || '%' ESCAPE '\'
			ORDER BY lower(`+col+`) LIMIT ?`, brandID, escapeLike(q)); err != nil {
			return err
		}
	}
	return nil
}

// prefixEnd returns the smallest string greater than every string that starts with p.
func prefixEnd(p string) string {
	return p + string(unicode.MaxRune)
}

// escapeLike escapes LIKE's wildcards so that a typed "%" or "_" matches itself.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CustomerInternals are facts about a customer that staff see before opening their pages.
type CustomerInternals struct {
	Receipts   int // consent receipts ever issued
	Violations int // events flagged as consent violations
}

// CustomerInternals counts the customer's consent receipts and consent violations. Violations are counted
// through the brand's partial index of violations, which stays small, never through all the customer's events.
func (db *DB) CustomerInternals(ctx context.Context, c Customer) (CustomerInternals, error) {
	var in CustomerInternals
	if err := db.queryRow(ctx, `SELECT count(*) FROM consent_history WHERE customer_id = ?`, c.ID).Scan(&in.Receipts); err != nil {
		return in, fmt.Errorf("store: count receipts: %w", err)
	}
	if err := db.queryRow(ctx, `SELECT count(*) FROM usage_events WHERE customer_id = ? AND consent_violation = `+db.d.yes(),
		c.ID).Scan(&in.Violations); err != nil { // through the partial index of the customer's violations
		return in, fmt.Errorf("store: count violations: %w", err)
	}
	return in, nil
}
