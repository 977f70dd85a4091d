package views

// StaffPage is what every staff console page needs: the page frame, who is signed in, and which parts of the
// console their role opens.
type StaffPage struct {
	Page
	StaffName  string // empty on the sign-in page
	StaffEmail string
	RoleLabel  string
	HasBrand   bool // false for a platform admin, who sees no customer
	// CanCustomers: the console's customer pages (support, privacy, admin); CanGovern: /admin (marketing too).
	CanCustomers bool
	CanGovern    bool
	CanAudit     bool
	CanTeam      bool
	Script       string // static path of the page's own script, if any
}

// Fact is one labelled detail in a list of details.
type Fact struct {
	Label string
	Value string
}

// StaffLoginPage is /staff/login.
type StaffLoginPage struct {
	StaffPage
	Email string
	Next  string
	Error string // wrong email or password, or too many attempts

	SSOEmail string // the work address typed for single sign-on
	SSOError string // why a sign-in with the company account did not go through
}

// StaffSSOContinuePage is the step from the sign-in form to the company's sign-in page.
type StaffSSOContinuePage struct {
	StaffPage
	URL string // the identity provider's authorization address
}

// CustomerHit is one customer found by the staff search.
type CustomerHit struct {
	Name       string
	Email      string
	ExternalID string
	Since      string
	URL        string
}

// StaffResults is the list of customers a search found: rendered inside the search page, and alone as the
// fragment the search script fetches as the agent types.
type StaffResults struct {
	Query  string
	Status string // how many were found, read out by screen readers
	Hits   []CustomerHit
	Hint   string // how to narrow a search that found too many
}

// StaffSearchPage is /staff: the customer search and the review queue's size.
type StaffSearchPage struct {
	StaffPage
	Query       string
	FragmentURL string
	Results     StaffResults
	Reviews     string // "3 review requests are waiting", empty when none
	ReviewsURL  string
}

// StaffReasonPage is /staff/customers/{id}: internal details, and the form that asks why before opening.
type StaffReasonPage struct {
	StaffPage
	Heading       string
	Details       []Fact
	Action        string
	Reason        string
	Error         string
	Notice        string // why the agent was sent back here, e.g. their reason expired
	ContinueURL   string // set when a reason given in the last 30 minutes still covers a visit
	CurrentReason string
	Erased        string // set when the customer's data was erased at their request, saying what was kept
}

// ReviewItem is one customer's request for a person to check an automated decision.
type ReviewItem struct {
	ID          string
	Action      string // where the form posts
	Asked       string
	Customer    string
	CustomerURL string
	Decision    EventLine
	Kind        string // what the customer asks: a review, to be heard, or a contest
	Due         string // "Answer by 2 January 2027", flagged when late
	Late        bool
	Explained   Explanation // what counted, as the customer reads it on the decision's page
	Message     string
	Method      string
	Outcome     string // what the agent typed, kept when the form is shown again
	Error       string
}

// StaffReviewsPage is /staff/reviews: pending review requests, oldest first.
type StaffReviewsPage struct {
	StaffPage
	Items []ReviewItem
	Done  string // confirmation after marking one reviewed
}

// AuditRow is one access record as the audit log lists it.
type AuditRow struct {
	ISO         string
	When        string
	Agent       string
	Role        string
	Customer    string
	CustomerURL string
	What        string
	Reason      string
	Ref         string
}

// StaffAuditPage is /staff/audit: every staff look at the brand's customers, newest first, filterable.
type StaffAuditPage struct {
	StaffPage
	Agents   []Option
	From     string
	To       string
	Errors   []string
	Rows     []AuditRow
	NextURL  string
	FirstURL string
	ResetURL string
	Filtered bool
}

// TeamMember is one staff account as the team page lists it.
type TeamMember struct {
	Name  string
	Email string
	Role  string
	Brand string
	Since string
	// LastSignIn says how and when the person last signed in: with a password or the company account.
	LastSignIn string
}

// StaffTeamPage is /staff/team: the staff accounts, and a form to add one.
type StaffTeamPage struct {
	StaffPage
	Members     []TeamMember
	Roles       []Option
	Brands      []Option // a platform admin picks the brand of the new account
	Name        string
	Email       string
	Errors      []string
	Done        string
	PasswordMin string
}

// AccessLine is one visit by staff to a customer's pages, told in plain words.
type AccessLine struct {
	ISO      string
	When     string
	Sentence string // who, from which team, viewed the page on which day
	Reason   string // why, in vitrine's words (a review answered)
	Quote    *Quote // why, in the staff member's words, when they gave a reason
	Pages    string // what they looked at or did
	Ref      string
}

// AccessPage is /me/access: every visit by the brand's staff to the customer's pages, newest first.
type AccessPage struct {
	Page
	Intro      string
	Lines      []AccessLine
	Assistants []AccessLine // what the customer's own AI assistants read lately
	NextURL    string
	FirstURL   string
}
