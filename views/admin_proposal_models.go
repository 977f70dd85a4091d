package views

// AdminProposalsPage is /admin/proposals: the proposals waiting for someone, then the decided ones.
type AdminProposalsPage struct {
	AdminPage
	Intro   string
	Waiting AdminTable
	Decided AdminTable
}

// AdminProposalPage is one proposal: what would change, field by field, how customers would read it in each
// language, its history, and what the signed-in member may do with it.
type AdminProposalPage struct {
	AdminPage
	Heading     string
	Status      string // in words
	StatusKind  string // open, changes_requested, approved, rejected, withdrawn: a class for the badge
	Proposer    string
	Note        string // the proposer's reason
	Comment     string // the latest request for changes, for the proposer
	Diff        []AdminDiff
	DiffCaption string
	Stale       string // said when the entry changed in the registry after the proposal was made
	Blocked     string // why it cannot be approved yet (consent wording missing)
	Previews    []AdminProposalPreview
	Steps       []AdminProposalStep
	// What the signed-in member may do.
	CanDecide      bool
	DecideAction   string
	DecideError    string
	OwnProposal    string // said to a privacy member who proposed it: a colleague approves
	CanRevise      bool
	EditURL        string
	WithdrawAction string
}

// AdminProposalPreview is how customers would read the proposed entry in one language.
type AdminProposalPreview struct {
	Heading  string
	Page     Page // localised to the preview's language
	Card     *SystemCard
	Lines    []Fact // a purpose's or category's words as customers read them
	Sentence string // an example of the sentences customers read with it
	Score    string // the readability of its customer-facing words, in words
	ScoreLow bool   // below 60: hard to read
}

// AdminProposalStep is one step in a proposal's history.
type AdminProposalStep struct {
	ISO     string
	When    string
	Who     string
	What    string
	Comment string
}
