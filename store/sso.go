package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Ways a staff member signs in, as the team page shows them.
const (
	SignInPassword = "password"
	SignInSSO      = "sso"
)

// SSOConfig is a brand's OpenID Connect identity provider: staff of the brand sign in there, and vitrine learns
// who they are and which role they have from the ID token it returns.
type SSOConfig struct {
	BrandID       int64
	Issuer        string            // the provider's issuer URL; its discovery document is at /.well-known/openid-configuration
	ClientID      string            // vitrine's client at the provider, the audience of the ID tokens
	ClientSecret  string            // never shown: set with the CLI only
	RoleClaim     string            // the ID-token claim that carries the role, e.g. "groups" or "vitrine_role"
	RoleMap       map[string]string // claim value -> vitrine role
	Domains       []string          // e-mail domains the provider vouches for, in lower case
	PasswordLogin bool              // whether the brand's staff may still sign in with a password
	UpdatedAt     time.Time
}

// Errors of single sign-on settings and sign-ins.
var (
	ErrBadSSO       = errors.New("store: single sign-on needs an https issuer URL (http only for 127.0.0.1 or localhost), a client id, a role claim, a role map to support, privacy or admin, and at least one e-mail domain")
	ErrDomainTaken  = errors.New("store: another brand's single sign-on already uses this e-mail domain")
	ErrOtherBrand   = errors.New("store: a staff account of another brand already uses this email")
	ErrPasswordless = errors.New("store: this brand's staff sign in with their company account")
)

// Role returns the role the claim's values give: the widest role any of them maps to, or "" when none maps.
func (c SSOConfig) Role(values []string) string {
	best := ""
	for _, v := range values {
		if r, ok := c.RoleMap[v]; ok && RoleRank(r) > RoleRank(best) {
			best = r
		}
	}
	return best
}

// AllowsEmail reports whether an e-mail address is of one of the brand's domains.
func (c SSOConfig) AllowsEmail(email string) bool {
	_, domain, ok := strings.Cut(strings.ToLower(email), "@")
	return ok && slices.Contains(c.Domains, domain)
}

// normalise checks the settings and puts domains in lower case, sorted.
func (c *SSOConfig) normalise() error {
	c.Issuer = strings.TrimSpace(c.Issuer)
	u, err := url.Parse(c.Issuer)
	local := err == nil && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost")
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || !(u.Scheme == "https" || (u.Scheme == "http" && local)) {
		return ErrBadSSO
	}
	if strings.TrimSpace(c.ClientID) == "" || strings.TrimSpace(c.RoleClaim) == "" || len(c.RoleMap) == 0 || len(c.Domains) == 0 {
		return ErrBadSSO
	}
	for _, r := range c.RoleMap {
		if RoleRank(r) == 0 {
			return ErrBadSSO
		}
	}
	var domains []string
	for _, d := range c.Domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" || strings.ContainsAny(d, "@/ ") || !strings.Contains(d, ".") {
			return ErrBadSSO
		}
		if !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	sort.Strings(domains)
	c.Domains = domains
	return nil
}

const ssoCols = `brand_id, issuer, client_id, client_secret, role_claim, role_map, domains, password_login, updated_at`

func scanSSO(row interface{ Scan(...any) error }) (SSOConfig, error) {
	var c SSOConfig
	var roleMap, domains string
	var updated int64
	if err := row.Scan(&c.BrandID, &c.Issuer, &c.ClientID, &c.ClientSecret, &c.RoleClaim, &roleMap, &domains, &c.PasswordLogin, &updated); err != nil {
		return c, err
	}
	c.UpdatedAt = time.Unix(updated, 0).UTC()
	if err := json.Unmarshal([]byte(roleMap), &c.RoleMap); err != nil {
		return c, fmt.Errorf("role map: %w", err)
	}
	if err := json.Unmarshal([]byte(domains), &c.Domains); err != nil {
		return c, fmt.Errorf("domains: %w", err)
	}
	return c, nil
}

// SetSSO creates or replaces a brand's single sign-on settings. An e-mail domain belongs to one brand only, so
// that a work address always leads to one provider; ErrDomainTaken says another brand has it.
func (db *DB) SetSSO(ctx context.Context, c SSOConfig, now time.Time) error {
	if err := c.normalise(); err != nil {
		return err
	}
	roleMap, _ := json.Marshal(c.RoleMap)
	domains, _ := json.Marshal(c.Domains)
	return db.tx(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+ssoCols+` FROM brand_sso WHERE brand_id != ?`, c.BrandID)
		if err != nil {
			return fmt.Errorf("store: other brands' single sign-on: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			other, err := scanSSO(rows)
			if err != nil {
				return fmt.Errorf("store: scan single sign-on: %w", err)
			}
			for _, d := range c.Domains {
				if slices.Contains(other.Domains, d) {
					return ErrDomainTaken
				}
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: other brands' single sign-on: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO brand_sso (`+ssoCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id,
			client_secret = excluded.client_secret, role_claim = excluded.role_claim, role_map = excluded.role_map,
			domains = excluded.domains, password_login = excluded.password_login, updated_at = excluded.updated_at`,
			c.BrandID, c.Issuer, strings.TrimSpace(c.ClientID), c.ClientSecret, strings.TrimSpace(c.RoleClaim),
			string(roleMap), string(domains), c.PasswordLogin, now.Unix())
		if err != nil {
			return fmt.Errorf("store: set single sign-on of brand %d: %w", c.BrandID, err)
		}
		return nil
	})
}

// SSOByBrand returns a brand's single sign-on settings, or ErrNotFound when the brand has none.
func (db *DB) SSOByBrand(ctx context.Context, brandID int64) (SSOConfig, error) {
	c, err := scanSSO(db.queryRow(ctx, `SELECT `+ssoCols+` FROM brand_sso WHERE brand_id = ?`, brandID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: single sign-on of brand %d: %w", brandID, err)
	}
	return c, nil
}

// SSOByEmail returns the single sign-on settings of the brand whose domains include the address's, or ErrNotFound.
// There are a handful of rows, one per brand with a provider, so they are all read and matched here.
func (db *DB) SSOByEmail(ctx context.Context, email string) (SSOConfig, error) {
	rows, err := db.query(ctx, `SELECT `+ssoCols+` FROM brand_sso ORDER BY brand_id`)
	if err != nil {
		return SSOConfig{}, fmt.Errorf("store: single sign-on by email: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanSSO(rows)
		if err != nil {
			return SSOConfig{}, fmt.Errorf("store: scan single sign-on: %w", err)
		}
		if c.AllowsEmail(email) {
			return c, nil
		}
	}
	if err := rows.Err(); err != nil {
		return SSOConfig{}, fmt.Errorf("store: single sign-on by email: %w", err)
	}
	return SSOConfig{}, ErrNotFound
}

// RemoveSSO deletes a brand's single sign-on settings: its staff sign in with passwords again (those provisioned
// by single sign-on have none, so an admin sets one for them with `vitrine staff add` under a new address, or
// the settings come back). It reports whether there was anything to remove.
func (db *DB) RemoveSSO(ctx context.Context, brandID int64) (bool, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM brand_sso WHERE brand_id = ?`, brandID)
	if err != nil {
		return false, fmt.Errorf("store: remove single sign-on of brand %d: %w", brandID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// PasswordLoginRefused reports whether the password form must refuse the address: its domain, or the brand of
// its account, has single sign-on with password login turned off. Platform admins are never refused.
func (db *DB) PasswordLoginRefused(ctx context.Context, email string, accountBrand int64) (bool, error) {
	c, err := db.SSOByEmail(ctx, email)
	if err == nil && !c.PasswordLogin {
		return true, nil
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if accountBrand == 0 {
		return false, nil
	}
	c, err = db.SSOByBrand(ctx, accountBrand)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return !c.PasswordLogin, nil
}

// SSOSignIn records a sign-in through the brand's identity provider: the staff account with this email is made
// (just in time) or, if it is the brand's, given the role and name the provider vouches for now, so a role
// changed at the provider holds from the next sign-in. An account of another brand, or a platform admin, with
// the same email is never taken over: ErrOtherBrand.
func (db *DB) SSOSignIn(ctx context.Context, brandID int64, email, name, role string, now time.Time) (StaffUser, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	name = strings.TrimSpace(name)
	if !ValidStaffEmail(email) || RoleRank(role) == 0 || brandID == 0 {
		return StaffUser{}, ErrBadStaff
	}
	var u StaffUser
	err := db.tx(ctx, func(tx *txn) error {
		existing, err := scanStaff(tx.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff_users WHERE email = ?`, email))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			u = StaffUser{BrandID: brandID, Email: email, Name: name, Role: role, CreatedAt: now.UTC().Truncate(time.Second)}
			err = tx.QueryRowContext(ctx, `INSERT INTO staff_users (brand_id, email, name, role, password_hash, created_at,
				last_sign_in_method, last_sign_in_at) VALUES (?, ?, ?, ?, '', ?, ?, ?) RETURNING id`,
				brandID, email, name, role, u.CreatedAt.Unix(), SignInSSO, now.Unix()).Scan(&u.ID)
			if err != nil {
				return fmt.Errorf("store: provision staff %q: %w", email, err)
			}
		case err != nil:
			return fmt.Errorf("store: staff by email: %w", err)
		case existing.BrandID != brandID:
			return ErrOtherBrand
		default:
			u = existing
			u.Role = role
			if name != "" {
				u.Name = name
			}
			if _, err := tx.ExecContext(ctx, `UPDATE staff_users SET role = ?, name = ?, last_sign_in_method = ?, last_sign_in_at = ?
				WHERE id = ?`, u.Role, u.Name, SignInSSO, now.Unix(), u.ID); err != nil {
				return fmt.Errorf("store: refresh staff %d: %w", u.ID, err)
			}
		}
		u.LastSignInMethod = SignInSSO
		t := now.UTC().Truncate(time.Second)
		u.LastSignInAt = &t
		return nil
	})
	return u, err
}

// NoteSignIn records how and when a staff member signed in, for the team page.
func (db *DB) NoteSignIn(ctx context.Context, staffID int64, method string, now time.Time) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE staff_users SET last_sign_in_method = ?, last_sign_in_at = ? WHERE id = ?`,
		method, now.Unix(), staffID); err != nil {
		return fmt.Errorf("store: note sign-in of staff %d: %w", staffID, err)
	}
	return nil
}
