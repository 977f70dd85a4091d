package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Deployment says how an AI system reaches a customer's data.
const (
	DeployVendorTool    = "vendor_tool"    // a product with a built-in model that uses the data
	DeployInHouse       = "in_house"       // a model the brand trains itself
	DeployExternalAgent = "external_agent" // an AI agent outside the brand
)

// SystemText is the plain-language description of a system in one locale.
type SystemText struct {
	Name        string // the system's name in this locale; empty means AISystem.Name
	What        string // what it does
	How         string // how it works
	HumanReview string // how to ask a person to review an automated decision
	Decides     string // how it decides, in general: the procedure and principles, in plain words
}

// AISystem is one AI system a brand runs on its customers' data.
type AISystem struct {
	ID                int64
	BrandID           int64
	Slug              string
	Name              string // the default name, for a locale whose texts give none
	Vendor            string
	Deployment        string
	Learns            bool
	RiskLevel         string
	AutomatedDecision bool
	Retention         string
	OwnerTeam         string
	Status            string
	DocURL            string
	Registered        bool
	Texts             map[string]SystemText // by locale
	// Factors are what a deciding system may weigh, as the registry describes them (and, unregistered, the
	// keys events named that it does not); Counterfactuals says the brand sends, with its decisions, what would
	// have changed them.
	Factors         []DecisionFactor
	Counterfactuals bool
}

// Text returns the system's texts in locale, falling back to fallback and then to any locale.
func (s AISystem) Text(locale, fallback string) SystemText {
	return pickText(s.Texts, locale, fallback)
}

// TextLang is Text and the locale the texts are in, which differs from locale when they fell back, so that a
// page can mark them with their language.
func (s AISystem) TextLang(locale, fallback string) (SystemText, string) {
	return pickTextLang(s.Texts, locale, fallback)
}

// NameIn returns the system's name in locale: that locale's name, else the fallback locale's, else the default
// name.
func (s AISystem) NameIn(locale, fallback string) string {
	if t, ok := s.Texts[locale]; ok && t.Name != "" {
		return t.Name
	}
	if t, ok := s.Texts[fallback]; ok && t.Name != "" {
		return t.Name
	}
	return s.Name
}

// PurposeText is a purpose in plain words in one locale.
type PurposeText struct {
	Name        string
	Aim         string // infinitive clause used in sentences: "recommend products you may like"
	Explanation string
}

// Purpose is why a brand uses data, with its legal basis and standard codes.
type Purpose struct {
	ID         int64
	BrandID    int64
	Slug       string
	LegalBasis string
	Refusable  bool
	IsTraining bool
	DPV        string
	TCFPurpose int
	FidesUse   string
	Registered bool
	Texts      map[string]PurposeText
}

// Text returns the purpose's texts in locale, falling back to fallback and then to any locale.
func (p Purpose) Text(locale, fallback string) PurposeText {
	return pickText(p.Texts, locale, fallback)
}

// CategoryText is a data category in plain words in one locale.
type CategoryText struct {
	Name        string
	Phrase      string // possessive phrase used in sentences: "your purchase history"
	Explanation string
}

// DataCategory is a kind of customer data.
type DataCategory struct {
	ID         int64
	BrandID    int64
	Slug       string
	Sensitive  bool
	FidesKey   string
	Registered bool
	Texts      map[string]CategoryText
}

// Text returns the category's texts in locale, falling back to fallback and then to any locale.
func (d DataCategory) Text(locale, fallback string) CategoryText {
	return pickText(d.Texts, locale, fallback)
}

func pickText[T any](m map[string]T, locale, fallback string) T {
	t, _ := pickTextLang(m, locale, fallback)
	return t
}

// pickTextLang returns the texts in locale, else in fallback, else in any locale, with the locale they are in.
func pickTextLang[T any](m map[string]T, locale, fallback string) (T, string) {
	if t, ok := m[locale]; ok {
		return t, locale
	}
	if t, ok := m[fallback]; ok {
		return t, fallback
	}
	for _, l := range []string{"en", "fr"} {
		if t, ok := m[l]; ok {
			return t, l
		}
	}
	// Any other locale, the same one each time: a brand's label sent only in Spanish is still shown.
	if len(m) > 0 {
		l := slices.Min(slices.Collect(maps.Keys(m)))
		return m[l], l
	}
	var zero T
	return zero, locale
}

// PickText returns the text in locale, else in fallback, else in any locale, with the locale it is in: the
// registry's rule, for texts that come by locale with an event (an explanation's labels).
func PickText(m map[string]string, locale, fallback string) (string, string) {
	return pickTextLang(m, locale, fallback)
}

// Registry is a brand's AI systems, purposes and data categories, indexed by id and slug.
// It is small (tens of rows), so pages load it whole and name things from memory.
type Registry struct {
	Systems          map[int64]*AISystem
	Purposes         map[int64]*Purpose
	Categories       map[int64]*DataCategory
	SystemBySlug     map[string]*AISystem
	PurposeBySlug    map[string]*Purpose
	CategoryBySlug   map[string]*DataCategory
	SystemOrder      []*AISystem // by name
	PurposeOrder     []*Purpose  // by slug
	CategoryOrderIDs []int64
	// Versions holds each in-house system's model versions, newest first: the consent controls and the system
	// page tell which versions learned from the customer, on every view.
	Versions map[int64][]ModelVersion
	// Changes are the newest registry changes, newest first, up to recentChanges of them: every overview tells
	// the ones since the customer's last visit.
	Changes []RegistryChange
}

// recentChanges is how many of its newest changes a cached registry keeps.
const recentChanges = 200

// ChangesSince returns up to limit of the registry's changes made at or after since, newest first, from the
// cached list; ok is false when the list may not reach back that far and the database must be asked.
func (r *Registry) ChangesSince(since time.Time, limit int) (out []RegistryChange, ok bool) {
	if n := len(r.Changes); n >= recentChanges && !since.After(r.Changes[n-1].At) {
		return nil, false
	}
	for _, c := range r.Changes {
		if c.At.Before(since) || len(out) == limit {
			break
		}
		out = append(out, c)
	}
	return out, true
}

// Registry returns the brand's whole registry, from a cache kept until the brand's registry_rev moves: the
// triggers of migration 0007 move it on any change to the registry's tables, whichever process makes it, so an
// entry is never served after a commit that changed it. Checking costs one primary-key read.
// The result is shared between requests: callers must not modify it.
func (db *DB) Registry(ctx context.Context, brandID int64) (*Registry, error) {
	var rev int64
	if err := db.queryRow(ctx, `SELECT registry_rev FROM brands WHERE id = ?`, brandID).Scan(&rev); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("store: registry revision: %w", err)
	}
	return db.RegistryAt(ctx, brandID, rev)
}

// RegistryAt is Registry for a registry_rev the caller has just read (with the brand, say): the cached registry
// when it is at that revision, a fresh load otherwise.
func (db *DB) RegistryAt(ctx context.Context, brandID, rev int64) (*Registry, error) {
	db.regMu.Lock()
	c, ok := db.regCache[brandID]
	db.regMu.Unlock()
	if ok && c.rev == rev {
		return c.reg, nil
	}
	reg, err := loadRegistry(ctx, db.r, brandID)
	if err != nil {
		return nil, err
	}
	db.regMu.Lock()
	if db.regCache == nil {
		db.regCache = map[int64]cachedRegistry{}
	}
	// Tagged with the revision read before loading: if a change committed meanwhile, the next read of the
	// revision sees a newer one and loads again. An older revision never replaces a newer entry.
	if cur, ok := db.regCache[brandID]; !ok || cur.rev <= rev {
		db.regCache[brandID] = cachedRegistry{rev: rev, reg: reg}
	}
	db.regMu.Unlock()
	return reg, nil
}

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

func loadRegistry(ctx context.Context, q querier, brandID int64) (*Registry, error) {
	reg := &Registry{
		Systems: map[int64]*AISystem{}, Purposes: map[int64]*Purpose{}, Categories: map[int64]*DataCategory{},
		SystemBySlug: map[string]*AISystem{}, PurposeBySlug: map[string]*Purpose{}, CategoryBySlug: map[string]*DataCategory{},
	}
	rows, err := q.QueryContext(ctx, `SELECT id, brand_id, slug, name, vendor, deployment, learns, risk_level, automated_decision,
		retention, owner_team, status, doc_url, registered, counterfactuals FROM ai_systems WHERE brand_id = ? ORDER BY lower(name), id`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: registry systems: %w", err)
	}
	for rows.Next() {
		s := &AISystem{Texts: map[string]SystemText{}}
		if err := rows.Scan(&s.ID, &s.BrandID, &s.Slug, &s.Name, &s.Vendor, &s.Deployment, &s.Learns, &s.RiskLevel, &s.AutomatedDecision,
			&s.Retention, &s.OwnerTeam, &s.Status, &s.DocURL, &s.Registered, &s.Counterfactuals); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan system: %w", err)
		}
		reg.Systems[s.ID], reg.SystemBySlug[s.Slug] = s, s
		reg.SystemOrder = append(reg.SystemOrder, s)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT t.system_id, t.locale, t.name, t.what, t.how, t.human_review, t.decides FROM ai_system_texts t
		WHERE t.brand_id = ?`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: registry system texts: %w", err)
	}
	for rows.Next() {
		var id int64
		var loc string
		var t SystemText
		if err := rows.Scan(&id, &loc, &t.Name, &t.What, &t.How, &t.HumanReview, &t.Decides); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan system text: %w", err)
		}
		if s := reg.Systems[id]; s != nil {
			s.Texts[loc] = t
		}
	}
	rows.Close()
	if err := loadFactors(ctx, q, reg, brandID); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT id, brand_id, slug, legal_basis, refusable, is_training, dpv, tcf_purpose, fides_use, registered
		FROM purposes WHERE brand_id = ? ORDER BY slug`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: registry purposes: %w", err)
	}
	for rows.Next() {
		p := &Purpose{Texts: map[string]PurposeText{}}
		if err := rows.Scan(&p.ID, &p.BrandID, &p.Slug, &p.LegalBasis, &p.Refusable, &p.IsTraining, &p.DPV, &p.TCFPurpose, &p.FidesUse, &p.Registered); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan purpose: %w", err)
		}
		reg.Purposes[p.ID], reg.PurposeBySlug[p.Slug] = p, p
		reg.PurposeOrder = append(reg.PurposeOrder, p)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT t.purpose_id, t.locale, t.name, t.aim, t.explanation FROM purpose_texts t
		WHERE t.brand_id = ?`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: registry purpose texts: %w", err)
	}
	for rows.Next() {
		var id int64
		var loc string
		var t PurposeText
		if err := rows.Scan(&id, &loc, &t.Name, &t.Aim, &t.Explanation); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan purpose text: %w", err)
		}
		if p := reg.Purposes[id]; p != nil {
			p.Texts[loc] = t
		}
	}
	rows.Close()

	rows, err = q.QueryContext(ctx, `SELECT id, brand_id, slug, sensitive, fides_key, registered FROM data_categories WHERE brand_id = ? ORDER BY slug`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: registry categories: %w", err)
	}
	for rows.Next() {
		d := &DataCategory{Texts: map[string]CategoryText{}}
		if err := rows.Scan(&d.ID, &d.BrandID, &d.Slug, &d.Sensitive, &d.FidesKey, &d.Registered); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan category: %w", err)
		}
		reg.Categories[d.ID], reg.CategoryBySlug[d.Slug] = d, d
		reg.CategoryOrderIDs = append(reg.CategoryOrderIDs, d.ID)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT t.category_id, t.locale, t.name, t.phrase, t.explanation FROM data_category_texts t
		WHERE t.brand_id = ?`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: registry category texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var loc string
		var t CategoryText
		if err := rows.Scan(&id, &loc, &t.Name, &t.Phrase, &t.Explanation); err != nil {
			return nil, fmt.Errorf("store: scan category text: %w", err)
		}
		if d := reg.Categories[id]; d != nil {
			d.Texts[loc] = t
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: registry category texts: %w", err)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT `+modelVersionCols+` FROM model_versions m
		WHERE m.brand_id = ? ORDER BY m.system_id, m.trained_at DESC`, brandID)
	if err != nil {
		return nil, fmt.Errorf("store: registry model versions: %w", err)
	}
	versions, err := scanModelVersions(rows)
	if err != nil {
		return nil, err
	}
	reg.Versions = map[int64][]ModelVersion{}
	for _, m := range versions {
		reg.Versions[m.SystemID] = append(reg.Versions[m.SystemID], m)
	}
	rows, err = q.QueryContext(ctx, `SELECT `+changeCols+` FROM registry_changes WHERE brand_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
		brandID, recentChanges)
	if err != nil {
		return nil, fmt.Errorf("store: registry changes: %w", err)
	}
	if reg.Changes, err = scanChanges(rows); err != nil {
		return nil, err
	}
	return reg, nil
}

// SaveSystem inserts or updates (by brand and slug) a system and its texts.
func (db *DB) SaveSystem(ctx context.Context, s AISystem) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		id, err = saveSystem(ctx, tx, s, db.Now())
		return err
	})
	return id, err
}

func saveSystem(ctx context.Context, tx querier, s AISystem, at time.Time) (int64, error) {
	now := at.Unix()
	if s.RiskLevel == "" {
		s.RiskLevel = "minimal"
	}
	if s.Status == "" {
		s.Status = "active"
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO ai_systems (brand_id, slug, name, vendor, deployment, learns, risk_level, automated_decision,
			retention, owner_team, status, doc_url, registered, counterfactuals, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, slug) DO UPDATE SET name = excluded.name, vendor = excluded.vendor, deployment = excluded.deployment,
			learns = excluded.learns, risk_level = excluded.risk_level, automated_decision = excluded.automated_decision,
			retention = excluded.retention, owner_team = excluded.owner_team, status = excluded.status, doc_url = excluded.doc_url,
			registered = excluded.registered, counterfactuals = excluded.counterfactuals, updated_at = excluded.updated_at
		RETURNING id`,
		s.BrandID, s.Slug, s.Name, s.Vendor, s.Deployment, s.Learns, s.RiskLevel, s.AutomatedDecision,
		s.Retention, s.OwnerTeam, s.Status, s.DocURL, s.Registered, s.Counterfactuals, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: save system %q: %w", s.Slug, err)
	}
	for loc, t := range s.Texts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ai_system_texts (brand_id, system_id, locale, name, what, how, human_review, decides) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, system_id, locale) DO UPDATE SET name = excluded.name, what = excluded.what, how = excluded.how,
				human_review = excluded.human_review, decides = excluded.decides`,
			s.BrandID, id, loc, t.Name, t.What, t.How, t.HumanReview, t.Decides); err != nil {
			return 0, fmt.Errorf("store: save system text: %w", err)
		}
	}
	if s.Factors != nil {
		if err := saveFactors(ctx, tx, s.BrandID, id, s.Factors, now); err != nil {
			return 0, err
		}
	}
	return id, bumpRegistry(ctx, tx, s.BrandID)
}

// SavePurpose inserts or updates (by brand and slug) a purpose and its texts.
func (db *DB) SavePurpose(ctx context.Context, p Purpose) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		id, err = savePurpose(ctx, tx, p, db.Now())
		return err
	})
	return id, err
}

func savePurpose(ctx context.Context, tx querier, p Purpose, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO purposes (brand_id, slug, legal_basis, refusable, is_training, dpv, tcf_purpose, fides_use, registered, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, slug) DO UPDATE SET legal_basis = excluded.legal_basis, refusable = excluded.refusable,
			is_training = excluded.is_training, dpv = excluded.dpv, tcf_purpose = excluded.tcf_purpose, fides_use = excluded.fides_use,
			registered = excluded.registered
		RETURNING id`,
		p.BrandID, p.Slug, p.LegalBasis, p.Refusable, p.IsTraining, p.DPV, p.TCFPurpose, p.FidesUse, p.Registered, at.Unix()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: save purpose %q: %w", p.Slug, err)
	}
	for loc, t := range p.Texts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO purpose_texts (brand_id, purpose_id, locale, name, aim, explanation) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, purpose_id, locale) DO UPDATE SET name = excluded.name, aim = excluded.aim, explanation = excluded.explanation`,
			p.BrandID, id, loc, t.Name, t.Aim, t.Explanation); err != nil {
			return 0, fmt.Errorf("store: save purpose text: %w", err)
		}
	}
	return id, bumpRegistry(ctx, tx, p.BrandID)
}

// SaveCategory inserts or updates (by brand and slug) a data category and its texts.
func (db *DB) SaveCategory(ctx context.Context, d DataCategory) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		id, err = saveCategory(ctx, tx, d, db.Now())
		return err
	})
	return id, err
}

func saveCategory(ctx context.Context, tx querier, d DataCategory, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO data_categories (brand_id, slug, sensitive, fides_key, registered, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (brand_id, slug) DO UPDATE SET sensitive = excluded.sensitive, fides_key = excluded.fides_key, registered = excluded.registered
		RETURNING id`,
		d.BrandID, d.Slug, d.Sensitive, d.FidesKey, d.Registered, at.Unix()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: save category %q: %w", d.Slug, err)
	}
	for loc, t := range d.Texts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO data_category_texts (brand_id, category_id, locale, name, phrase, explanation) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (brand_id, category_id, locale) DO UPDATE SET name = excluded.name, phrase = excluded.phrase, explanation = excluded.explanation`,
			d.BrandID, id, loc, t.Name, t.Phrase, t.Explanation); err != nil {
			return 0, fmt.Errorf("store: save category text: %w", err)
		}
	}
	return id, bumpRegistry(ctx, tx, d.BrandID)
}

// ModelVersion is one trained version of an in-house model.
type ModelVersion struct {
	ID            int64
	SystemID      int64
	Version       string
	TrainedAt     time.Time
	WindowStart   time.Time
	WindowEnd     time.Time
	Status        string
	NextRetrainAt *time.Time
}

// SaveModelVersion inserts or updates (by system and version) a model version.
func (db *DB) SaveModelVersion(ctx context.Context, m ModelVersion) error {
	var next any
	if m.NextRetrainAt != nil {
		next = m.NextRetrainAt.Unix()
	}
	if m.Status == "" {
		m.Status = "live"
	}
	return db.tx(ctx, func(tx *txn) error {
		var brandID int64
		err := tx.QueryRowContext(ctx, `INSERT INTO model_versions (brand_id, system_id, version, trained_at, window_start, window_end, status, next_retrain_at)
			SELECT brand_id, id, ?, ?, ?, ?, ?, ? FROM ai_systems WHERE id = ?
			ON CONFLICT (brand_id, system_id, version) DO UPDATE SET trained_at = excluded.trained_at, window_start = excluded.window_start,
				window_end = excluded.window_end, status = excluded.status, next_retrain_at = excluded.next_retrain_at
			RETURNING brand_id`,
			m.Version, m.TrainedAt.Unix(), m.WindowStart.Unix(), m.WindowEnd.Unix(), m.Status, next, m.SystemID).Scan(&brandID)
		if err != nil {
			return fmt.Errorf("store: save model version: %w", err)
		}
		return bumpRegistry(ctx, tx, brandID)
	})
}

const modelVersionCols = `m.id, m.system_id, m.version, m.trained_at, m.window_start, m.window_end, m.status, m.next_retrain_at`

// ModelVersions lists a system's versions, newest first.
func (db *DB) ModelVersions(ctx context.Context, systemID int64) ([]ModelVersion, error) {
	rows, err := db.query(ctx, `SELECT `+modelVersionCols+` FROM model_versions m WHERE m.system_id = ? ORDER BY m.trained_at DESC`, systemID)
	if err != nil {
		return nil, fmt.Errorf("store: model versions: %w", err)
	}
	return scanModelVersions(rows)
}

// scanModelVersions reads rows of modelVersionCols and closes them.
func scanModelVersions(rows *sql.Rows) ([]ModelVersion, error) {
	defer rows.Close()
	var out []ModelVersion
	for rows.Next() {
		var m ModelVersion
		var trained, ws, we int64
		var next sql.NullInt64
		if err := rows.Scan(&m.ID, &m.SystemID, &m.Version, &trained, &ws, &we, &m.Status, &next); err != nil {
			return nil, fmt.Errorf("store: scan model version: %w", err)
		}
		m.TrainedAt, m.WindowStart, m.WindowEnd = time.Unix(trained, 0).UTC(), time.Unix(ws, 0).UTC(), time.Unix(we, 0).UTC()
		if next.Valid {
			t := time.Unix(next.Int64, 0).UTC()
			m.NextRetrainAt = &t
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: model versions: %w", err)
	}
	return out, nil
}

// bumpRegistry moves the brand's registry revision in the transaction of a change to its registry, so that every
// process's cached registry (RegistryAt) is loaded again.
func bumpRegistry(ctx context.Context, tx querier, brandID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = ?`, brandID); err != nil {
		return fmt.Errorf("store: registry revision: %w", err)
	}
	return nil
}
