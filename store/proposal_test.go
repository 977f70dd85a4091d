package store

import (
	"context"
	"errors"
	"testing"
)

// A proposal's full path: nothing reaches the registry until a colleague approves it; the proposer cannot decide
// their own; a consent purpose needs its wording in both languages; the change log names proposer and approver.
func TestProposalPathToTheRegistry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const marketing, privacy = 7, 8
	p := Purpose{Slug: "newsletter-ai", LegalBasis: "consent", Refusable: true, Texts: map[string]PurposeText{
		"en": {Name: "AI newsletter", Aim: "choose the products in your newsletter", Explanation: "We pick products you may like."}}}
	id, err := f.db.ProposeChange(ctx, f.brand.ID, RegistryEntry{Purpose: &p}, true, "Opt-ins should rise with a clearer text.", marketing, "Chloé <m@x>")
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := f.db.Registry(ctx, f.brand.ID)
	if reg.PurposeBySlug["newsletter-ai"] != nil {
		t.Fatal("a proposal reached the registry before approval")
	}
	if n, _ := f.db.OpenProposalCount(ctx, f.brand.ID); n != 1 {
		t.Fatalf("open proposals = %d, want 1", n)
	}
	if err := f.db.DecideProposal(ctx, f.brand.ID, id, StepApproved, "", marketing, "Chloé <m@x>"); !errors.Is(err, ErrOwnProposal) {
		t.Fatalf("self-approval: %v, want ErrOwnProposal", err)
	}
	if err := f.db.DecideProposal(ctx, f.brand.ID, id, StepApproved, "", privacy, "Hugo <p@x>"); !errors.Is(err, ErrConsentWording) {
		t.Fatalf("approval without French wording: %v, want ErrConsentWording", err)
	}
	if err := f.db.DecideProposal(ctx, f.brand.ID, id, StepChangesRequested, "Please add the French text.", privacy, "Hugo <p@x>"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.DecideProposal(ctx, f.brand.ID, id, StepApproved, "", privacy, "Hugo <p@x>"); !errors.Is(err, ErrProposalClosed) {
		t.Fatalf("approving a proposal sent back: %v, want ErrProposalClosed", err)
	}
	p.Texts["fr"] = PurposeText{Name: "Lettre IA", Aim: "choisir les produits de votre lettre", Explanation: "Nous choisissons des produits pour vous."}
	if err := f.db.ReviseProposal(ctx, f.brand.ID, id, RegistryEntry{Purpose: &p}, "French added.", privacy, "Hugo <p@x>"); !errors.Is(err, ErrNotProposer) {
		t.Fatalf("revision by someone else: %v, want ErrNotProposer", err)
	}
	if err := f.db.ReviseProposal(ctx, f.brand.ID, id, RegistryEntry{Purpose: &p}, "French added.", marketing, "Chloé <m@x>"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.DecideProposal(ctx, f.brand.ID, id, StepApproved, "Thanks.", privacy, "Hugo <p@x>"); err != nil {
		t.Fatal(err)
	}
	reg, _ = f.db.Registry(ctx, f.brand.ID)
	got := reg.PurposeBySlug["newsletter-ai"]
	if got == nil || !got.Registered || got.Texts["fr"].Name != "Lettre IA" {
		t.Fatalf("approved purpose not in the registry as proposed: %+v", got)
	}
	changes, _ := f.db.RegistryChanges(ctx, f.brand.ID, f.db.Now().AddDate(0, 0, -1), 5)
	if len(changes) == 0 || changes[0].Actor != "Hugo <p@x>" || changes[0].ProposedBy != "Chloé <m@x>" {
		t.Fatalf("change log does not name approver and proposer: %+v", changes)
	}
	pr, err := f.db.Proposal(ctx, f.brand.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, s := range pr.Steps {
		actions = append(actions, s.Action)
	}
	if pr.Status != ProposalApproved || len(actions) != 4 || actions[0] != StepProposed || actions[1] != StepChangesRequested ||
		actions[2] != StepRevised || actions[3] != StepApproved || pr.Decider().Actor != "Hugo <p@x>" {
		t.Fatalf("proposal = %s with steps %v", pr.Status, actions)
	}
	if err := f.db.WithdrawProposal(ctx, f.brand.ID, id, marketing, "Chloé <m@x>"); !errors.Is(err, ErrProposalClosed) {
		t.Fatalf("withdrawing an approved proposal: %v, want ErrProposalClosed", err)
	}
	// Another brand cannot read it; a second proposal for the same new slug is refused now that it exists.
	if _, err := f.db.Proposal(ctx, f.brand.ID+1000, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other brand reads the proposal: %v", err)
	}
	if _, err := f.db.ProposeChange(ctx, f.brand.ID, RegistryEntry{Purpose: &p}, true, "", marketing, "Chloé <m@x>"); !errors.Is(err, ErrSlugTaken) {
		t.Fatalf("proposing an existing slug as new: %v, want ErrSlugTaken", err)
	}
}

// A change to an existing entry keeps the entry as it was, so the reviewer sees what would change; a rejected
// proposal changes nothing.
func TestRejectedProposalChangesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s := AISystem{BrandID: f.brand.ID, Slug: "recs", Name: "Recs", Deployment: DeployInHouse, Texts: map[string]SystemText{"en": {What: "Suggests.", How: "Reads."}}}
	if _, err := f.db.SaveSystemAs(ctx, "admin@x", s, true, f.db.Now()); err != nil {
		t.Fatal(err)
	}
	s.Status = "retired"
	id, err := f.db.ProposeChange(ctx, f.brand.ID, RegistryEntry{System: &s}, false, "Sales do not justify it.", 7, "m@x")
	if err != nil {
		t.Fatal(err)
	}
	pr, _ := f.db.Proposal(ctx, f.brand.ID, id)
	if pr.Base == "" || pr.IsNew || pr.Entry.System == nil || pr.Entry.System.Status != "retired" {
		t.Fatalf("proposal = %+v", pr)
	}
	if err := f.db.DecideProposal(ctx, f.brand.ID, id, StepRejected, "We still need it for search.", 8, "p@x"); err != nil {
		t.Fatal(err)
	}
	reg, _ := f.db.Registry(ctx, f.brand.ID)
	if reg.SystemBySlug["recs"].Status != "active" {
		t.Fatal("a rejected proposal changed the registry")
	}
	if _, err := f.db.ProposeChange(ctx, f.brand.ID, RegistryEntry{System: &AISystem{Slug: "nope", Name: "N"}}, false, "", 7, "m@x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("changing an entry that does not exist: %v, want ErrNotFound", err)
	}
}
