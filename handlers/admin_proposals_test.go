package handlers

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"vitrine/seed"
)

var proposalURLRe = regexp.MustCompile(`^/admin/proposals/(\d+)\?done=proposal\.sent$`)

// TestProposalFromMarketingToCustomers follows a proposal the whole way: marketing proposes a new consent purpose,
// nothing reaches the customer, the proposer cannot approve it, the privacy team cannot approve it without its
// French wording and sends it back, marketing revises it, privacy approves it, and the customer now reads it; the
// change log names both.
func TestProposalFromMarketingToCustomers(t *testing.T) {
	_, ts := newIsolatedServer(t, nil)
	marketing, privacy, support := staffSignIn(t, ts, marketingA), staffSignIn(t, ts, privacyA), staffSignIn(t, ts, supportA)
	other := staffSignIn(t, ts, privacyB)
	cust := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	const name = "Style tips by e-mail"
	form := url.Values{"slug": {"style-tips"}, "legal_basis": {"consent"}, "refusable": {"1"},
		"name_en": {name}, "aim_en": {"send you style tips picked by AI"}, "explanation_en": {"We pick tips from what you bought. You can say no."},
		"proposal_note": {"We expect more newsletter sign-ups."}}

	// The form tells marketing it proposes; saving sends it for approval.
	_, _, page := get(t, marketing, ts.URL+"/admin/purposes/new", "Accept-Language", "en")
	if !strings.Contains(page, `data-testid="propose"`) || !strings.Contains(page, `name="proposal_note"`) {
		t.Fatal("marketing's form does not say it sends the change for approval")
	}
	status, loc, body := staffSubmit(t, marketing, ts.URL+"/admin/purposes/new", ts.URL+"/admin/purposes", form)
	m := proposalURLRe.FindStringSubmatch(loc)
	if status != http.StatusSeeOther || m == nil {
		t.Fatalf("propose: status %d to %q; %.300s", status, loc, body)
	}
	prop := ts.URL + "/admin/proposals/" + m[1]
	if _, _, body := get(t, cust, ts.URL+"/me/consents?lang=en"); strings.Contains(body, name) {
		t.Fatal("the customer reads a proposal nobody approved")
	}

	// Who sees it: marketing and privacy of the brand; support is refused, another brand gets a 404.
	if status, _, _ := get(t, support, prop); status != http.StatusForbidden {
		t.Errorf("support opened a proposal: %d", status)
	}
	if status, _, _ := get(t, other, prop); status != http.StatusNotFound {
		t.Errorf("another brand opened the proposal: %d", status)
	}
	_, _, body = get(t, privacy, prop, "Accept-Language", "en")
	for _, want := range []string{`data-testid="diff"`, name, `data-testid="preview-en"`, `data-testid="preview-fr"`, `data-testid="readability"`,
		`data-testid="proposal-blocked"`, "Missing: Français", "We expect more newsletter sign-ups.", `data-testid="approve"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the reviewer's page lacks %q", want)
		}
	}
	if _, _, nav := get(t, privacy, ts.URL+"/admin", "Accept-Language", "en"); !strings.Contains(nav, "Proposals (2)") {
		t.Error("the navigation does not say a proposal waits")
	}

	// The proposer cannot decide (the route is the privacy team's); privacy cannot approve it without French.
	if status, _, _ := staffSubmit(t, marketing, prop, prop+"/decision", url.Values{"do": {"approve"}}); status != http.StatusForbidden {
		t.Errorf("marketing approved its own proposal: status %d", status)
	}
	status, _, body = staffSubmit(t, privacy, prop, prop+"/decision", url.Values{"do": {"approve"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "consent wording is missing") {
		t.Fatalf("approval without French: status %d", status)
	}
	status, _, body = staffSubmit(t, privacy, prop, prop+"/decision", url.Values{"do": {"changes"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Say what to change") {
		t.Fatalf("asking for changes without a comment: status %d", status)
	}
	if status, _, _ := staffSubmit(t, privacy, prop, prop+"/decision", url.Values{"do": {"changes"}, "comment": {"Please add the French text."}}); status != http.StatusSeeOther {
		t.Fatalf("asking for changes: status %d", status)
	}
	if _, _, body := get(t, marketing, prop, "Accept-Language", "en"); !strings.Contains(body, "Please add the French text.") || !strings.Contains(body, `data-testid="revise"`) {
		t.Fatal("the proposer does not see the reviewer's comment and a way to revise")
	}
	if status, _, _ := get(t, privacy, prop+"/edit"); status != http.StatusForbidden {
		t.Errorf("the reviewer opened the proposer's revision form: %d", status)
	}

	// Marketing revises with the French text; what was typed survives an error first.
	form.Del("slug")
	form.Set("proposal_note", strings.Repeat("x", maxProposalNote+1))
	status, _, body = staffSubmit(t, marketing, prop+"/edit", prop, form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "send you style tips picked by AI") {
		t.Fatalf("a too long reason: status %d", status)
	}
	form.Set("proposal_note", "French added.")
	form.Set("name_fr", "Conseils de style par e-mail")
	form.Set("aim_fr", "vous envoyer des conseils de style choisis par l'IA")
	form.Set("explanation_fr", "Nous choisissons des conseils selon vos achats. Vous pouvez dire non.")
	if status, loc, _ := staffSubmit(t, marketing, prop+"/edit", prop, form); status != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=proposal.revised") {
		t.Fatalf("revise: status %d to %q", status, loc)
	}
	if status, loc, _ := staffSubmit(t, privacy, prop, prop+"/decision", url.Values{"do": {"approve"}}); status != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=proposal.approved") {
		t.Fatalf("approve: status %d to %q", status, loc)
	}
	if _, _, body := get(t, cust, ts.URL+"/me/consents?lang=en"); !strings.Contains(body, name) {
		t.Fatal("the customer does not read the approved purpose")
	}
	_, _, body = get(t, privacy, ts.URL+"/admin/changes", "Accept-Language", "en")
	if !strings.Contains(body, "proposed by Chloé Petit &lt;"+marketingA+"&gt;") || !strings.Contains(body, "Hugo Bernard") {
		t.Error("the change log does not name the approver and the proposer")
	}
	if !strings.Contains(body, "What it aims to do (Français)") {
		t.Error("the change log does not name fields in words")
	}
	// The customer's overview says what changed in words, not in field names.
	if _, _, body := get(t, cust, ts.URL+"/me?lang=en"); !strings.Contains(body, "added a new reason to use data: "+name) {
		t.Error("the customer is not told about the new reason")
	}
	// Decided: nobody decides it again, the proposer cannot withdraw it.
	if status, _, _ := staffSubmit(t, staffSignIn(t, ts, adminA), prop, prop+"/decision", url.Values{"do": {"reject"}, "comment": {"no"}}); status != http.StatusConflict {
		t.Errorf("deciding an approved proposal again: status %d, want 409", status)
	}
	if status, _, _ := staffSubmit(t, marketing, prop, prop+"/withdraw", url.Values{}); status != http.StatusConflict {
		t.Errorf("withdrawing an approved proposal: status %d, want 409", status)
	}
}

// TestMarketingEditProposesPrivacyEditPublishes: the same save on an existing system is a proposal from marketing
// (the registry keeps its text) and a change from privacy.
func TestMarketingEditProposesPrivacyEditPublishes(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	marketing, privacy := staffSignIn(t, ts, marketingA), staffSignIn(t, ts, privacyA)
	edit := ts.URL + "/admin/systems/beauty-chat"
	brand, _ := s.DB.BrandBySlug(t.Context(), seed.BrandMaison)
	reg, _ := s.DB.Registry(t.Context(), brand.ID)
	sys := reg.SystemBySlug["beauty-chat"]
	form := url.Values{"name": {sys.Name}, "vendor": {sys.Vendor}, "deployment": {sys.Deployment}, "risk_level": {sys.RiskLevel},
		"status": {"retired"}, "retention": {sys.Retention}, "owner_team": {sys.OwnerTeam}, "doc_url": {sys.DocURL}}
	if sys.Learns {
		form.Set("learns", "1")
	}
	if sys.AutomatedDecision {
		form.Set("automated_decision", "1")
	}
	for loc, tx := range sys.Texts {
		form.Set("name_"+loc, tx.Name)
		form.Set("what_"+loc, tx.What)
		form.Set("how_"+loc, tx.How)
		form.Set("human_review_"+loc, tx.HumanReview)
		form.Set("decides_"+loc, tx.Decides)
	}
	form.Set("do", "save")
	status, loc, _ := staffSubmit(t, marketing, edit, edit, form)
	if status != http.StatusSeeOther || !proposalURLRe.MatchString(loc) {
		t.Fatalf("marketing's save: status %d to %q, want a proposal", status, loc)
	}
	reg, _ = s.DB.Registry(t.Context(), brand.ID)
	if reg.SystemBySlug["beauty-chat"].Status != "active" {
		t.Fatal("marketing's save changed the registry")
	}
	_, _, body := get(t, privacy, ts.URL+strings.TrimSuffix(loc, "?done=proposal.sent"), "Accept-Language", "en")
	if !strings.Contains(body, "Retire the AI system") {
		t.Error("the proposal does not say it retires the system")
	}
	if name := sys.NameIn("en", ""); !strings.Contains(body, ">"+name+"</a>") {
		t.Errorf("the preview card is not titled %q", name)
	}
	// A proposed new system's preview card carries its proposed name, which the registry does not know yet.
	newSys := url.Values{"slug": {"smart-search"}, "name": {"Smart Search"}, "deployment": {"vendor_tool"}, "risk_level": {"minimal"},
		"status": {"active"}, "what_en": {"It ranks products by what you search for."}, "what_fr": {"Il classe les produits selon vos recherches."}}
	status, loc, _ = staffSubmit(t, marketing, ts.URL+"/admin/systems/new", ts.URL+"/admin/systems", newSys)
	if status != http.StatusSeeOther || !proposalURLRe.MatchString(loc) {
		t.Fatalf("proposing a new system: status %d to %q", status, loc)
	}
	_, _, body = get(t, privacy, ts.URL+strings.TrimSuffix(loc, "?done=proposal.sent"), "Accept-Language", "en")
	if !strings.Contains(body, ">Smart Search</a>") || !strings.Contains(body, "New AI system: Smart Search") {
		t.Error("the new system's proposal does not show its proposed name")
	}
	status, loc, _ = staffSubmit(t, privacy, edit, edit, form)
	if status != http.StatusSeeOther || loc != "/admin/systems/beauty-chat?done=system.saved" {
		t.Fatalf("privacy's save: status %d to %q", status, loc)
	}
	reg, _ = s.DB.Registry(t.Context(), brand.ID)
	if reg.SystemBySlug["beauty-chat"].Status != "retired" {
		t.Fatal("privacy's save did not change the registry")
	}
}

// TestCustomerReadsWhatChangedInWords: a change to a reason's legal basis and words reaches the customer as what it
// means for them ("it now needs your consent", "how it is explained"), never as field names.
func TestCustomerReadsWhatChangedInWords(t *testing.T) {
	s, ts := newIsolatedServer(t, nil)
	privacy := staffSignIn(t, ts, privacyA)
	cust := signIn(t, ts, seed.BrandMaison, seed.CamilleID)
	get(t, cust, ts.URL+"/me?lang=en") // the visit before the change
	brand, _ := s.DB.BrandBySlug(t.Context(), seed.BrandMaison)
	reg, _ := s.DB.Registry(t.Context(), brand.ID)
	var p = reg.PurposeOrder[0]
	for _, x := range reg.PurposeOrder {
		if x.Registered && x.LegalBasis == "legitimate_interest" {
			p = x
			break
		}
	}
	if p.LegalBasis != "legitimate_interest" {
		t.Fatal("the demo has no legitimate-interest purpose")
	}
	form := url.Values{"legal_basis": {"consent"}, "refusable": {"1"}, "dpv": {p.DPV}, "fides_use": {p.FidesUse}}
	for loc, tx := range p.Texts {
		form.Set("name_"+loc, tx.Name)
		form.Set("aim_"+loc, tx.Aim)
		form.Set("explanation_"+loc, tx.Explanation+" We ask you first.")
	}
	edit := ts.URL + "/admin/purposes/" + p.Slug
	if status, loc, body := staffSubmit(t, privacy, edit, edit, form); status != http.StatusSeeOther {
		t.Fatalf("save: status %d to %q: %.400s", status, loc, body)
	}
	s.DB.SetClock(func() time.Time { return testNow.Add(40 * time.Minute) }) // a later visit (store.VisitGap on)
	_, _, body := get(t, cust, ts.URL+"/me?lang=en")
	want := `changed the reason &#34;` + p.Texts["en"].Name + `&#34;: it now needs your consent and how it is explained.`
	if !strings.Contains(body, want) {
		i := strings.Index(body, "changed")
		t.Errorf("the customer is not told what changed in words; want %q in %.600s", want, body[max(0, i-200):])
	}
	if strings.Contains(body, "LegalBasis") || strings.Contains(body, "legal_basis") {
		t.Error("the customer reads a field name")
	}
}
