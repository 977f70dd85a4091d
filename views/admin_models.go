package views

import "github.com/a-h/templ"

// AdminPage is what every governance page under /admin needs: the console frame, the page's notice after a
// save, and whether the signed-in role may touch the brand's secrets.
type AdminPage struct {
	StaffPage
	Notice  string // confirmation after a save (POST-redirect-GET)
	CanKeys bool   // admin role: API keys and signing secrets
	// CanPublish: privacy and admin change the registry and approve proposals; marketing only proposes.
	CanPublish bool
	// OpenProposals is how many proposals wait for a reviewer, shown beside the link to them.
	OpenProposals int
}

// AdminField is one form control. Forms are lists of fields so every governance form shows labels, hints and
// field-level errors the same way; Kind picks the control.
type AdminField struct {
	Kind     string // text | url | textarea | select | checkbox | color | date
	Name     string
	Label    string
	Hint     string
	Value    string
	Checked  bool
	Options  []Option
	Error    string
	Required bool
	Suggest  []string // known values offered beside a text field, which still takes any value
}

// ListID is the id of the field's list of suggestions, empty when it has none.
func (f AdminField) ListID() string {
	if len(f.Suggest) == 0 {
		return ""
	}
	return f.ID() + "-list"
}

// ID is the field's element id, from its name.
func (f AdminField) ID() string { return "f-" + f.Name }

// Described lists the ids that describe the field (hint and error) for aria-describedby.
func (f AdminField) Described() string {
	out := ""
	if f.Hint != "" {
		out = f.ID() + "-hint"
	}
	if f.Error != "" {
		if out != "" {
			out += " "
		}
		out += f.ID() + "-error"
	}
	return out
}

// AdminFieldGroup is a fieldset of a form: the general fields, or the texts in one language.
type AdminFieldGroup struct {
	Legend string
	Lang   string // language of the texts typed in this group, if any
	Fields []AdminField
}

// AdminPreview is a system's card as a customer would read it in one language.
type AdminPreview struct {
	Heading string
	Page    Page // localised to the preview's language
	Card    SystemCard
}

// AdminFormPage is a create or edit form of the registry.
type AdminFormPage struct {
	AdminPage
	Heading    string
	Intro      string
	Action     string
	Groups     []AdminFieldGroup
	Errors     []string // summary of the field errors, linked to the fields
	Preview    []AdminPreview
	CanPreview bool
	Links      []AdminLink // related pages of the entry, such as a system's model versions
	// Factors is a system's factors, read-only (they are edited in the registry file); nil on other forms.
	Factors   *AdminTable
	BackURL   string
	BackLabel string
	// Propose: the signed-in member proposes (marketing): the button sends the change for approval.
	Propose      bool
	ProposeIntro string
}

// AdminLink is a labelled link.
type AdminLink struct {
	Label string
	URL   string
}

// AdminRow is one row of a governance table: cells, and the link of its first cell.
type AdminRow struct {
	Cells []string
	URL   string
	Flag  string // a short warning shown beside the first cell (unregistered, retired…)
}

// AdminTable is a table of a governance page.
type AdminTable struct {
	Caption string
	Head    []string
	Rows    []AdminRow
	Empty   string
}

// AdminOverviewPage is /admin: usage charts, opt-in rates and the gaps and violations to look at.
type AdminOverviewPage struct {
	AdminPage
	Charts  []Chart
	OptIns  *AdminTable
	Alerts  []AdminLink // counts of coverage gaps and violations, each linking to its page
	Missing string      // said when a widget could not be built
	// Decisions is, per deciding system, how many decisions came with what counted; nil when it could not be read.
	Decisions *AdminTable
}

// AdminListPage is a list of registry entries with a link to add one.
type AdminListPage struct {
	AdminPage
	Heading string
	Intro   string
	NewURL  string
	NewText string
	Table   AdminTable
}

// AdminGapGroup is the coverage gaps of one kind, with a plain explanation of why they matter.
type AdminGapGroup struct {
	Kind    string
	Title   string
	Explain string
	Items   []AdminLink // each gap, linking to the form that fixes it
}

// AdminCoveragePage is /admin/coverage.
type AdminCoveragePage struct {
	AdminPage
	Groups []AdminGapGroup
	Empty  string
}

// AdminChange is one registry change: who, when, what, and the fields that differ.
type AdminChange struct {
	ISO    string
	When   string
	Actor  string
	What   string
	Fields []AdminDiff
}

// AdminDiff is one field's value before and after a change.
type AdminDiff struct {
	Field  string
	Before string
	After  string
}

// AdminChangesPage is /admin/changes.
type AdminChangesPage struct {
	AdminPage
	Changes []AdminChange
	Empty   string
}

// AdminSettingsPage is /admin/settings: embed origins and theme, and for admins the API keys.
type AdminSettingsPage struct {
	AdminPage
	Origins AdminField
	Portal  AdminField // the brand's address where customers open their AI page again
	Proofs  AdminField // how many months receipts and staff-access records are kept (the brand's legal period)
	Theme   []AdminField
	Keys    AdminTable
	NewKey  string // shown once, right after it is made
	KeyName AdminField
	KeyRows []AdminKeyRow
	// NewSecret is the signing key just made, with its secret: shown in the answer to the rotation only.
	NewSecret   *AdminNewSecret
	SigningKeys []AdminSigningKeyRow
	PublicKey   AdminField // where an admin pastes the brand's own public key
	PublicKeys  []AdminPublicKeyRow
	SSO         []AdminFact // the brand's single sign-on, read-only (set with `vitrine sso set`); empty without one
}

// AdminFact is one labelled value shown read-only.
type AdminFact struct {
	Label string
	Value string
}

// AdminPublicKeyRow is one of the brand's own public keys and the form that removes it.
type AdminPublicKeyRow struct {
	KID     string
	Alg     string
	Created string
}

// AdminNewSecret is a signing key just made, as the brand's backend reads it: VITRINE_KID and VITRINE_SECRET
// (base64url), the lines the README's snippets expect.
type AdminNewSecret struct {
	KID    string
	Secret string
}

// AdminSigningKeyRow is one signing key, named by its key id; its secret is never shown here.
type AdminSigningKeyRow struct {
	KID     string
	Created string
	State   string // signs new links, accepted until a date, or stopped
}

// AdminKeyRow is one API key and, while it is live, the form that revokes it.
type AdminKeyRow struct {
	Name      string
	Prefix    string
	Created   string
	LastUsed  string
	Revoked   string
	RevokeURL string
}

// AdminViolationsPage is /admin/violations: uses without the consent they needed, per month and one by one.
type AdminViolationsPage struct {
	AdminPage
	BySystem  AdminTable
	ByPurpose AdminTable
	Events    AdminTable
	NextURL   string
	FirstURL  string
}

// AdminModelsPage is /admin/systems/{slug}/models: an in-house system's model versions and the form recording
// a training run.
type AdminModelsPage struct {
	AdminPage
	Heading string
	Intro   string
	Table   AdminTable
	Action  string // empty when the system is not trained in-house, so no run can be recorded
	Fields  []AdminField
	Errors  []string
	BackURL string
}

// Attrs are the control's optional attributes, left out when empty: what describes it, whether it is invalid,
// and its list of suggestions.
func (f AdminField) Attrs() templ.Attributes {
	a := templ.Attributes{}
	if d := f.Described(); d != "" {
		a["aria-describedby"] = d
	}
	if f.Error != "" {
		a["aria-invalid"] = "true"
	}
	if l := f.ListID(); l != "" {
		a["list"] = l
	}
	return a
}
