package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Proposal statuses: open waits for a reviewer; changes_requested waits for the proposer; the others are final.
const (
	ProposalOpen             = "open"
	ProposalChangesRequested = "changes_requested"
	ProposalApproved         = "approved"
	ProposalRejected         = "rejected"
	ProposalWithdrawn        = "withdrawn"
)

// Proposal step actions, in the order a proposal may go through them.
const (
	StepProposed         = "proposed"
	StepRevised          = "revised"
	StepChangesRequested = "changes_requested"
	StepApproved         = "approved"
	StepRejected         = "rejected"
	StepWithdrawn        = "withdrawn"
)

// Errors of proposals.
var (
	// ErrOwnProposal: the person who proposed a change may not approve it (or ask for changes to it, or reject it).
	ErrOwnProposal = errors.New("store: a proposal cannot be decided by the person who made it")
	// ErrProposalClosed: the proposal was already approved, rejected or withdrawn, or is not in a state that allows
	// the step asked for.
	ErrProposalClosed = errors.New("store: the proposal is not open for this step")
	// ErrNotProposer: only the proposer revises or withdraws a proposal.
	ErrNotProposer = errors.New("store: only the proposer may do this")
	// ErrConsentWording: a purpose that needs consent cannot reach customers before its consent wording exists in
	// every language customers read.
	ErrConsentWording = errors.New("store: the consent wording is missing in a language")
)

// WordingLocales are the languages every customer-facing text of the registry must exist in before it is published.
var WordingLocales = []string{"en", "fr"}

// RegistryEntry is one registry entry as it would be saved: exactly one of its fields is set.
type RegistryEntry struct {
	System   *AISystem     `json:"system,omitempty"`
	Purpose  *Purpose      `json:"purpose,omitempty"`
	Category *DataCategory `json:"category,omitempty"`
}

// Entity names the kind of entry: system, purpose or category.
func (e RegistryEntry) Entity() string {
	switch {
	case e.System != nil:
		return "system"
	case e.Purpose != nil:
		return "purpose"
	case e.Category != nil:
		return "category"
	}
	return ""
}

// Slug is the entry's slug.
func (e RegistryEntry) Slug() string {
	switch {
	case e.System != nil:
		return e.System.Slug
	case e.Purpose != nil:
		return e.Purpose.Slug
	case e.Category != nil:
		return e.Category.Slug
	}
	return ""
}

// withBrand returns the entry with its brand set, so a proposal can never save into another brand's registry.
func (e RegistryEntry) withBrand(brandID int64) RegistryEntry {
	switch {
	case e.System != nil:
		x := *e.System
		x.BrandID = brandID
		e.System = &x
	case e.Purpose != nil:
		x := *e.Purpose
		x.BrandID = brandID
		e.Purpose = &x
	case e.Category != nil:
		x := *e.Category
		x.BrandID = brandID
		e.Category = &x
	}
	return e
}

// MissingConsentWording lists the languages in which a purpose needing consent lacks its name, aim or explanation:
// what a customer reads before they say yes. Any other purpose needs none here and gets nil.
func MissingConsentWording(p Purpose) []string {
	if p.LegalBasis != "consent" {
		return nil
	}
	var out []string
	for _, loc := range WordingLocales {
		t := p.Texts[loc]
		if t.Name == "" || t.Aim == "" || t.Explanation == "" {
			out = append(out, loc)
		}
	}
	return out
}

// Proposal is a change to one registry entry that waits for a reviewer: the entry as proposed, the entry as it was
// when proposed (Base, JSON; empty for a new entry), and its steps.
type Proposal struct {
	ID         int64
	BrandID    int64
	Entity     string
	Slug       string
	IsNew      bool
	Entry      RegistryEntry
	Base       string
	Note       string // the proposer's reason
	Status     string
	ProposedBy int64 // staff id
	Proposer   string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Steps      []ProposalStep // oldest first; filled in by Proposal, not by Proposals
}

// ProposalStep is one step of a proposal: who did what, when, with their comment.
type ProposalStep struct {
	Action  string
	ActorID int64
	Actor   string
	Comment string
	At      time.Time
}

// Decider is the last step that decided the proposal (approved or rejected), or nil while none has.
func (p Proposal) Decider() *ProposalStep {
	for i := len(p.Steps) - 1; i >= 0; i-- {
		if a := p.Steps[i].Action; a == StepApproved || a == StepRejected {
			return &p.Steps[i]
		}
	}
	return nil
}

// LastComment is the latest reviewer's comment asking for changes, or "".
func (p Proposal) LastComment() string {
	for i := len(p.Steps) - 1; i >= 0; i-- {
		if p.Steps[i].Action == StepChangesRequested {
			return p.Steps[i].Comment
		}
	}
	return ""
}

// ProposeChange records a proposal by staff member actorID (named actor) to save entry in the brand's registry:
// a new entry when isNew (refused when the slug is already registered), else a change to an existing one. Nothing
// reaches customers until a colleague approves it.
func (db *DB) ProposeChange(ctx context.Context, brandID int64, entry RegistryEntry, isNew bool, note string, actorID int64, actor string) (int64, error) {
	entry = entry.withBrand(brandID)
	if entry.Entity() == "" {
		return 0, fmt.Errorf("store: propose: no entry")
	}
	now := db.Now()
	var id int64
	err := db.tx(ctx, func(tx *txn) error {
		base, err := currentEntry(ctx, tx, brandID, entry.Entity(), entry.Slug())
		if err != nil {
			return err
		}
		switch {
		case isNew && base != "":
			return ErrSlugTaken
		case !isNew && base == "":
			return ErrNotFound
		}
		body, err := json.Marshal(entry)
		if err != nil {
			return fmt.Errorf("store: propose: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO registry_proposals (brand_id, entity, slug, is_new, body, base, note, status, proposed_by, proposer, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, brandID, entry.Entity(), entry.Slug(), isNew, string(body), base, note,
			ProposalOpen, actorID, actor, now.Unix(), now.Unix()).Scan(&id); err != nil {
			return fmt.Errorf("store: propose: %w", err)
		}
		return addProposalStep(ctx, tx, brandID, id, StepProposed, actorID, actor, note, now)
	})
	return id, err
}

// currentEntry is the registered entry's JSON as the change log records it, or "" when there is none (an entry
// only seen in events is not registered: proposing to describe it is proposing a new entry).
func currentEntry(ctx context.Context, tx querier, brandID int64, entity, slug string) (string, error) {
	reg, err := loadRegistry(ctx, tx, brandID)
	if err != nil {
		return "", err
	}
	e := reg.Entry(entity, slug)
	switch {
	case e == nil:
		return "", nil
	case e.System != nil:
		return toJSON(e.System), nil
	case e.Purpose != nil:
		return toJSON(e.Purpose), nil
	}
	return toJSON(e.Category), nil
}

// Entry is a copy of the registered entry of that kind (system, purpose or category) and slug, or nil when the
// registry does not describe one (an entry only seen in events is not described).
func (r *Registry) Entry(entity, slug string) *RegistryEntry {
	switch entity {
	case "system":
		if s := r.SystemBySlug[slug]; s != nil && s.Registered {
			x := *s
			return &RegistryEntry{System: &x}
		}
	case "purpose":
		if p := r.PurposeBySlug[slug]; p != nil && p.Registered {
			x := *p
			return &RegistryEntry{Purpose: &x}
		}
	case "category":
		if d := r.CategoryBySlug[slug]; d != nil && d.Registered {
			x := *d
			return &RegistryEntry{Category: &x}
		}
	}
	return nil
}

// ReviseProposal replaces the entry and reason of an open proposal, or of one a reviewer sent back, and opens it
// again. Only the proposer revises.
func (db *DB) ReviseProposal(ctx context.Context, brandID, id int64, entry RegistryEntry, note string, actorID int64, actor string) error {
	entry = entry.withBrand(brandID)
	now := db.Now()
	return db.tx(ctx, func(tx *txn) error {
		p, err := loadProposal(ctx, tx, brandID, id)
		if err != nil {
			return err
		}
		switch {
		case p.ProposedBy != actorID:
			return ErrNotProposer
		case p.Status != ProposalOpen && p.Status != ProposalChangesRequested:
			return ErrProposalClosed
		case entry.Entity() != p.Entity || entry.Slug() != p.Slug:
			return fmt.Errorf("store: revise proposal: the entry is not the one proposed")
		}
		body, err := json.Marshal(entry)
		if err != nil {
			return fmt.Errorf("store: revise proposal: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE registry_proposals SET body = ?, note = ?, status = ?, updated_at = ? WHERE brand_id = ? AND id = ?`,
			string(body), note, ProposalOpen, now.Unix(), brandID, id); err != nil {
			return fmt.Errorf("store: revise proposal: %w", err)
		}
		return addProposalStep(ctx, tx, brandID, id, StepRevised, actorID, actor, note, now)
	})
}

// WithdrawProposal closes a proposal its proposer no longer wants.
func (db *DB) WithdrawProposal(ctx context.Context, brandID, id, actorID int64, actor string) error {
	now := db.Now()
	return db.tx(ctx, func(tx *txn) error {
		p, err := loadProposal(ctx, tx, brandID, id)
		if err != nil {
			return err
		}
		if p.ProposedBy != actorID {
			return ErrNotProposer
		}
		if p.Status != ProposalOpen && p.Status != ProposalChangesRequested {
			return ErrProposalClosed
		}
		return setProposalStatus(ctx, tx, p, ProposalWithdrawn, StepWithdrawn, actorID, actor, "", now)
	})
}

// DecideProposal records a reviewer's decision on an open proposal: StepApproved saves the entry in the registry
// in the same transaction (the change log names the reviewer as actor and the proposer), StepChangesRequested sends
// it back with comment, StepRejected closes it. The proposer may not decide their own proposal, and a purpose that
// needs consent is not approved before its consent wording exists in every language.
func (db *DB) DecideProposal(ctx context.Context, brandID, id int64, action, comment string, actorID int64, actor string) error {
	now := db.Now()
	return db.tx(ctx, func(tx *txn) error {
		p, err := loadProposal(ctx, tx, brandID, id)
		if err != nil {
			return err
		}
		if p.ProposedBy == actorID {
			return ErrOwnProposal
		}
		if p.Status != ProposalOpen {
			return ErrProposalClosed
		}
		switch action {
		case StepChangesRequested:
			return setProposalStatus(ctx, tx, p, ProposalChangesRequested, action, actorID, actor, comment, now)
		case StepRejected:
			return setProposalStatus(ctx, tx, p, ProposalRejected, action, actorID, actor, comment, now)
		case StepApproved:
		default:
			return fmt.Errorf("store: decide proposal: unknown decision %q", action)
		}
		if p.Entry.Purpose != nil && len(MissingConsentWording(*p.Entry.Purpose)) > 0 {
			return ErrConsentWording
		}
		by := changeBy{actor: actor, proposedBy: p.Proposer}
		switch {
		case p.Entry.System != nil:
			_, err = saveSystemAs(ctx, tx, by, *p.Entry.System, p.IsNew, now)
		case p.Entry.Purpose != nil:
			_, err = savePurposeAs(ctx, tx, by, *p.Entry.Purpose, p.IsNew, now)
		case p.Entry.Category != nil:
			_, err = saveCategoryAs(ctx, tx, by, *p.Entry.Category, p.IsNew, now)
		}
		if err != nil {
			return err
		}
		return setProposalStatus(ctx, tx, p, ProposalApproved, action, actorID, actor, comment, now)
	})
}

func setProposalStatus(ctx context.Context, tx *txn, p Proposal, status, action string, actorID int64, actor, comment string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE registry_proposals SET status = ?, updated_at = ? WHERE brand_id = ? AND id = ?`,
		status, now.Unix(), p.BrandID, p.ID); err != nil {
		return fmt.Errorf("store: proposal status: %w", err)
	}
	return addProposalStep(ctx, tx, p.BrandID, p.ID, action, actorID, actor, comment, now)
}

func addProposalStep(ctx context.Context, tx *txn, brandID, id int64, action string, actorID int64, actor, comment string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO registry_proposal_steps (brand_id, proposal_id, action, actor_id, actor, comment, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, brandID, id, action, actorID, actor, comment, now.Unix()); err != nil {
		return fmt.Errorf("store: proposal step: %w", err)
	}
	return nil
}

// Proposal returns one of the brand's proposals with its steps; another brand's is ErrNotFound.
func (db *DB) Proposal(ctx context.Context, brandID, id int64) (Proposal, error) {
	return loadProposal(ctx, db.r, brandID, id)
}

const proposalCols = `id, brand_id, entity, slug, is_new, body, base, note, status, proposed_by, proposer, created_at, updated_at`

func loadProposal(ctx context.Context, q querier, brandID, id int64) (Proposal, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+proposalCols+` FROM registry_proposals WHERE brand_id = ? AND id = ?`, brandID, id)
	if err != nil {
		return Proposal{}, fmt.Errorf("store: proposal: %w", err)
	}
	ps, err := scanProposals(rows)
	if err != nil {
		return Proposal{}, err
	}
	if len(ps) == 0 {
		return Proposal{}, ErrNotFound
	}
	p := ps[0]
	rows, err = q.QueryContext(ctx, `SELECT action, actor_id, actor, comment, at FROM registry_proposal_steps
		WHERE brand_id = ? AND proposal_id = ? ORDER BY id`, brandID, id)
	if err != nil {
		return p, fmt.Errorf("store: proposal steps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st ProposalStep
		var at int64
		if err := rows.Scan(&st.Action, &st.ActorID, &st.Actor, &st.Comment, &at); err != nil {
			return p, fmt.Errorf("store: scan proposal step: %w", err)
		}
		st.At = time.Unix(at, 0).UTC()
		p.Steps = append(p.Steps, st)
	}
	return p, rows.Err()
}

// Proposals lists the brand's proposals, those waiting for someone first (open, then sent back), then the
// decided ones, newest first within each; limit bounds the decided ones, which only grow.
func (db *DB) Proposals(ctx context.Context, brandID int64, limit int) ([]Proposal, error) {
	rows, err := db.query(ctx, `SELECT `+proposalCols+` FROM registry_proposals WHERE brand_id = ? AND status IN (?, ?)
		ORDER BY CASE status WHEN ? THEN 0 ELSE 1 END, updated_at DESC, id DESC`, brandID, ProposalOpen, ProposalChangesRequested, ProposalOpen)
	if err != nil {
		return nil, fmt.Errorf("store: proposals: %w", err)
	}
	waiting, err := scanProposals(rows)
	if err != nil {
		return nil, err
	}
	rows, err = db.query(ctx, `SELECT `+proposalCols+` FROM registry_proposals WHERE brand_id = ? AND status NOT IN (?, ?)
		ORDER BY updated_at DESC, id DESC LIMIT ?`, brandID, ProposalOpen, ProposalChangesRequested, limit)
	if err != nil {
		return nil, fmt.Errorf("store: proposals: %w", err)
	}
	decided, err := scanProposals(rows)
	if err != nil {
		return nil, err
	}
	return append(waiting, decided...), nil
}

// OpenProposalCount is how many of the brand's proposals wait for a reviewer.
func (db *DB) OpenProposalCount(ctx context.Context, brandID int64) (int, error) {
	var n int
	if err := db.queryRow(ctx, `SELECT count(*) FROM registry_proposals WHERE brand_id = ? AND status = ?`, brandID, ProposalOpen).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: open proposals: %w", err)
	}
	return n, nil
}

// scanProposals reads rows of proposalCols and closes them.
func scanProposals(rows *sql.Rows) ([]Proposal, error) {
	defer rows.Close()
	var out []Proposal
	for rows.Next() {
		var p Proposal
		var body string
		var created, updated int64
		if err := rows.Scan(&p.ID, &p.BrandID, &p.Entity, &p.Slug, &p.IsNew, &body, &p.Base, &p.Note, &p.Status, &p.ProposedBy, &p.Proposer,
			&created, &updated); err != nil {
			return nil, fmt.Errorf("store: scan proposal: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &p.Entry); err != nil {
			return nil, fmt.Errorf("store: proposal %d body: %w", p.ID, err)
		}
		p.CreatedAt, p.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: proposals: %w", err)
	}
	return out, nil
}
