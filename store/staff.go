package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Staff roles. Support, privacy and admin each may do everything the one before may; marketing stands beside
// support: it reads the registry and its figures and proposes changes, but sees no customer and publishes nothing.
const (
	RoleSupport   = "support"   // looks customers up and answers the review queue
	RoleMarketing = "marketing" // reads governance and proposes registry changes; sees no customer
	RolePrivacy   = "privacy"   // also reads the audit log, runs governance and approves proposals
	RoleAdmin     = "admin"     // also manages the brand's staff accounts
)

// Roles lists the staff roles, from the one that may do least to the one that may do most.
var Roles = []string{RoleSupport, RoleMarketing, RolePrivacy, RoleAdmin}

// roleIncludes says which roles each role may act as: what a route asks for, a role has when it is listed here.
var roleIncludes = map[string][]string{
	RoleSupport:   {RoleSupport},
	RoleMarketing: {RoleMarketing},
	RolePrivacy:   {RoleSupport, RoleMarketing, RolePrivacy},
	RoleAdmin:     {RoleSupport, RoleMarketing, RolePrivacy, RoleAdmin},
}

// RoleAllows reports whether a staff member with role have may do what is open to role need.
func RoleAllows(have, need string) bool {
	return slices.Contains(roleIncludes[have], need)
}

// RoleRank orders roles by how much they may do, 1 for support up to 4 for admin and 0 for an unknown role;
// it picks the widest of several roles (single sign-on groups), while RoleAllows decides access.
func RoleRank(role string) int {
	for i, r := range Roles {
		if r == role {
			return i + 1
		}
	}
	return 0
}

// MinPasswordLength is the shortest staff password accepted, in characters. Length beats complexity rules.
const MinPasswordLength = 12

// maxPasswordLength bounds the work one sign-in can ask of the hash.
const maxPasswordLength = 256

// StaffUser is a person who signs in to the staff console: a member of one brand's team, or a platform admin
// (BrandID 0) who manages accounts and belongs to no brand, so sees no customer.
type StaffUser struct {
	ID        int64
	BrandID   int64 // 0 for a platform admin
	Email     string
	Name      string
	Role      string
	CreatedAt time.Time

	LastSignInMethod string     // SignInPassword, SignInSSO, or "" before the first sign-in since it was recorded
	LastSignInAt     *time.Time // nil before then
}

// Signature names the staff member where their colleagues read who did something (a proposal's steps, the
// registry's change log, a use case's note): their name and e-mail, so a reader knows whom to ask.
func (u StaffUser) Signature() string {
	if u.Name == "" {
		return u.Email
	}
	return u.Name + " <" + u.Email + ">"
}

// Platform reports whether the account is a platform admin, outside every brand.
func (u StaffUser) Platform() bool { return u.BrandID == 0 }

// Errors of staff accounts.
var (
	ErrBadCredentials = errors.New("store: wrong email or password")
	ErrEmailTaken     = errors.New("store: a staff account already uses this email")
	ErrWeakPassword   = fmt.Errorf("store: a staff password needs at least %d characters", MinPasswordLength)
	ErrBadStaff       = errors.New("store: staff account needs a valid email and role, and a brand unless it is a platform admin")
)

const staffCols = `id, coalesce(brand_id, 0), email, name, role, created_at, last_sign_in_method, last_sign_in_at`

func scanStaff(row interface{ Scan(...any) error }) (StaffUser, error) {
	var u StaffUser
	var created int64
	var last sql.NullInt64
	err := row.Scan(&u.ID, &u.BrandID, &u.Email, &u.Name, &u.Role, &created, &u.LastSignInMethod, &last)
	u.CreatedAt = time.Unix(created, 0).UTC()
	u.LastSignInAt = optTime(last)
	return u, err
}

// ValidStaffEmail reports whether s is a bare email address (no display name), the form staff sign in with.
func ValidStaffEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// CreateStaff adds a staff account. The password is hashed with argon2id and never stored; emails are unique
// across vitrine, whatever their case, because staff sign in with the email alone.
func (db *DB) CreateStaff(ctx context.Context, u StaffUser, password string, now time.Time) (StaffUser, error) {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email)) // kept in lower case: sign-in ignores case on both engines
	u.Name = strings.TrimSpace(u.Name)
	if !ValidStaffEmail(u.Email) || RoleRank(u.Role) == 0 || (u.BrandID == 0 && u.Role != RoleAdmin) {
		return StaffUser{}, ErrBadStaff
	}
	if n := utf8.RuneCountInString(password); n < MinPasswordLength || n > maxPasswordLength {
		return StaffUser{}, ErrWeakPassword
	}
	hash, err := hashPassword(password)
	if err != nil {
		return StaffUser{}, err
	}
	var brand any
	if u.BrandID != 0 {
		brand = u.BrandID
	}
	u.CreatedAt = now.UTC().Truncate(time.Second)
	err = db.w.QueryRowContext(ctx, `INSERT INTO staff_users (brand_id, email, name, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id`,
		brand, u.Email, u.Name, u.Role, hash, u.CreatedAt.Unix()).Scan(&u.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return StaffUser{}, ErrEmailTaken
	}
	if err != nil {
		return StaffUser{}, fmt.Errorf("store: create staff %q: %w", u.Email, err)
	}
	return u, nil
}

// StaffByID returns a staff account.
func (db *DB) StaffByID(ctx context.Context, id int64) (StaffUser, error) {
	u, err := scanStaff(db.queryRow(ctx, `SELECT `+staffCols+` FROM staff_users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("store: staff by id: %w", err)
	}
	return u, nil
}

// StaffByEmail returns the staff account of an e-mail address, in any case.
func (db *DB) StaffByEmail(ctx context.Context, email string) (StaffUser, error) {
	u, err := scanStaff(db.queryRow(ctx, `SELECT `+staffCols+` FROM staff_users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))))
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("store: staff by email: %w", err)
	}
	return u, nil
}

// StaffByBrand lists the brand's staff by name; brandID 0 lists every account of every brand and the platform
// admins, for a platform admin's team page.
func (db *DB) StaffByBrand(ctx context.Context, brandID int64) ([]StaffUser, error) {
	q := `SELECT ` + staffCols + ` FROM staff_users WHERE brand_id = ? ORDER BY name, email`
	args := []any{brandID}
	if brandID == 0 {
		q, args = `SELECT `+staffCols+` FROM staff_users ORDER BY coalesce(brand_id, 0), name, email`, nil
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: staff by brand: %w", err)
	}
	defer rows.Close()
	var out []StaffUser
	for rows.Next() {
		u, err := scanStaff(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan staff: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Authenticate checks an email and password and returns the account. A wrong email and a wrong password give the
// same ErrBadCredentials after the same work. A hash made with older parameters is replaced by a new one.
func (db *DB) Authenticate(ctx context.Context, email, password string) (StaffUser, error) {
	if utf8.RuneCountInString(password) > maxPasswordLength {
		return StaffUser{}, ErrBadCredentials
	}
	var hash string
	var created int64
	var u StaffUser
	err := db.queryRow(ctx, `SELECT id, coalesce(brand_id, 0), email, name, role, created_at, password_hash
		FROM staff_users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))).Scan(&u.ID, &u.BrandID, &u.Email, &u.Name, &u.Role, &created, &hash)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && hash == "") {
		// No account, or one made by single sign-on, which has no password: the same answer after the same work.
		_, _, _ = checkPassword(dummyHash(), password)
		return StaffUser{}, ErrBadCredentials
	}
	if err != nil {
		return StaffUser{}, fmt.Errorf("store: staff sign-in: %w", err)
	}
	u.CreatedAt = time.Unix(created, 0).UTC()
	ok, stale, err := checkPassword(hash, password)
	if err != nil {
		return StaffUser{}, fmt.Errorf("store: staff %d: %w", u.ID, err)
	}
	if !ok {
		return StaffUser{}, ErrBadCredentials
	}
	if stale {
		if fresh, err := hashPassword(password); err == nil {
			if _, err := db.w.ExecContext(ctx, `UPDATE staff_users SET password_hash = ? WHERE id = ?`, fresh, u.ID); err != nil {
				return StaffUser{}, fmt.Errorf("store: upgrade password hash: %w", err)
			}
		}
	}
	return u, nil
}

// LoginLimit refuses sign-in for a key (an account or an address) once it has Max failures within Window.
type LoginLimit struct {
	Key    string
	Max    int
	Window time.Duration
}

// LoginReservation is a sign-in attempt counted before its password is checked: one failure row per key, which
// stays a failure unless the sign-in succeeds (ForgetLoginReservation) or is given up before any check.
type LoginReservation struct {
	ids []int64
}

// ReserveLogin counts a sign-in attempt against the limits before its password is checked. When a key already
// has Max attempts within its Window, nothing is recorded and the wait until it is allowed again is returned;
// otherwise the attempt is recorded as a failure against every key, in the same transaction that counted, so
// attempts sent all at once are counted one after another and no more than Max of them get a password check.
// The wait ends when the oldest of the last Max failures of a key leaves the window. Failures older than a day
// are forgotten.
func (db *DB) ReserveLogin(ctx context.Context, limits []LoginLimit, now time.Time) (LoginReservation, time.Duration, error) {
	var r LoginReservation
	var wait time.Duration
	sorted := slices.Clone(limits)
	// Locks are taken in one order whatever the caller's, so two attempts never wait on each other's lock.
	slices.SortFunc(sorted, func(a, b LoginLimit) int { return strings.Compare(a.Key, b.Key) })
	err := db.tx(ctx, func(tx *txn) error {
		r, wait = LoginReservation{}, 0
		for _, l := range sorted {
			// SQLite runs one write transaction at a time; on PostgreSQL two could count at once, so each
			// counts only while holding its key's lock, kept until commit.
			if tx.d == dialectPostgres {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?, hashtext(?))`, int32(7466230), l.Key); err != nil {
					return fmt.Errorf("store: lock login key: %w", err)
				}
			}
			var n int
			var oldest sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT count(*), min(at) FROM (SELECT at FROM login_failures WHERE key = ? AND at > ?
				ORDER BY at DESC LIMIT ?) AS recent`, l.Key, now.Add(-l.Window).Unix(), l.Max).Scan(&n, &oldest)
			if err != nil {
				return fmt.Errorf("store: login failures: %w", err)
			}
			if n >= l.Max && oldest.Valid {
				wait = max(wait, time.Unix(oldest.Int64, 0).Add(l.Window).Sub(now), time.Second)
			}
		}
		if wait > 0 {
			return nil
		}
		for _, l := range sorted {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id`, l.Key, now.Unix()).Scan(&id); err != nil {
				return fmt.Errorf("store: record login attempt: %w", err)
			}
			r.ids = append(r.ids, id)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, now.Add(-24*time.Hour).Unix()); err != nil {
			return fmt.Errorf("store: prune login failures: %w", err)
		}
		return nil
	})
	if err != nil {
		return LoginReservation{}, 0, err
	}
	return r, wait, nil
}

// ForgetLoginReservation removes an attempt's failure rows: the sign-in succeeded, or it was given up before its
// password was checked (the server was too busy), and neither should count against the account or the address.
func (db *DB) ForgetLoginReservation(ctx context.Context, r LoginReservation) error {
	if len(r.ids) == 0 {
		return nil
	}
	args := make([]any, len(r.ids))
	for i, id := range r.ids {
		args[i] = id
	}
	if _, err := db.w.ExecContext(ctx, `DELETE FROM login_failures WHERE id IN (`+placeholders(len(args))+`)`, args...); err != nil {
		return fmt.Errorf("store: forget login attempt: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the failures of a key, after a successful sign-in of that account.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}

// StaffSession is a signed-in staff member's browser session.
type StaffSession struct {
	StaffID    int64
	Locale     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end, however active the session is
}

// StartStaffSession opens a new session for the staff member and returns the cookie value: 256 random bits,
// of which only a hash is stored. A fresh id at every sign-in means an id planted in the browser beforehand
// (session fixation) is never the one that gets signed in. The session the browser held before, if any, ends.
func (db *DB) StartStaffSession(ctx context.Context, staffID int64, previous string, now time.Time, lifetime time.Duration) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: staff session id: %w", err)
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	err := db.tx(ctx, func(tx *txn) error {
		if previous != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE id_hash = ?`, hashSessionID(previous)); err != nil {
				return fmt.Errorf("store: end previous staff session: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE staff_id = ? AND expires_at <= ?`, staffID, now.Unix()); err != nil {
			return fmt.Errorf("store: prune staff sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff_sessions (id_hash, staff_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hashSessionID(id), staffID, now.Unix(), now.Unix(), now.Add(lifetime).Unix()); err != nil {
			return fmt.Errorf("store: create staff session: %w", err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// StaffSession returns the session for a cookie value if it is live at now: before its absolute end and seen
// within idle. It notes the activity, at most once a minute to spare the writer.
func (db *DB) StaffSession(ctx context.Context, id string, now time.Time, idle time.Duration) (StaffSession, error) {
	var s StaffSession
	var created, seen, exp int64
	err := db.queryRow(ctx, `SELECT staff_id, locale, created_at, last_seen_at, expires_at FROM staff_sessions
		WHERE id_hash = ? AND expires_at > ? AND last_seen_at > ?`, hashSessionID(id), now.Unix(), now.Add(-idle).Unix()).
		Scan(&s.StaffID, &s.Locale, &created, &seen, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: staff session: %w", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(seen, 0).UTC(), time.Unix(exp, 0).UTC()
	if now.Unix()-seen >= 60 {
		if _, err := db.w.ExecContext(ctx, `UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?`, now.Unix(), hashSessionID(id)); err != nil {
			return s, fmt.Errorf("store: touch staff session: %w", err)
		}
		s.LastSeenAt = now.UTC().Truncate(time.Second)
	}
	return s, nil
}

// SetStaffSessionLocale remembers the language a staff member picked for the rest of the session.
func (db *DB) SetStaffSessionLocale(ctx context.Context, id, locale string) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE staff_sessions SET locale = ? WHERE id_hash = ?`, locale, hashSessionID(id)); err != nil {
		return fmt.Errorf("store: set staff session locale: %w", err)
	}
	return nil
}

// EndStaffSession deletes a staff session (sign-out).
func (db *DB) EndStaffSession(ctx context.Context, id string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM staff_sessions WHERE id_hash = ?`, hashSessionID(id)); err != nil {
		return fmt.Errorf("store: end staff session: %w", err)
	}
	return nil
}

// PendingReviewCount is the number of the brand's review requests waiting for a person, for the console's front
// page: one row kept in step with each request made and answered (review_totals), never a count of the queue.
func (db *DB) PendingReviewCount(ctx context.Context, brandID int64) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT pending FROM review_totals WHERE brand_id = ?`, brandID).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: pending reviews: %w", err)
	}
	return n, nil
}

// ReviewByID returns one of the brand's review requests; another brand's is ErrNotFound.
func (db *DB) ReviewByID(ctx context.Context, brandID, id int64) (ReviewRequest, error) {
	rs, err := db.reviews(ctx, `id = ? AND brand_id = ?`, id, brandID)
	if err != nil {
		return ReviewRequest{}, err
	}
	if len(rs) == 0 {
		return ReviewRequest{}, ErrNotFound
	}
	return rs[0], nil
}
