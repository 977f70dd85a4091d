package views

// AdminValuePage is /admin/systems/{slug}/value: an AI system as a use case — who owns it, what it is for, whom it
// reached, how customers answer for its purposes over time, and the return its owners expect and see.
type AdminValuePage struct {
	AdminPage
	Heading    string
	What       string // what it does, in the reader's language
	Action     string
	Fields     []AdminField // the owners and the value note
	Errors     []string
	Updated    string // who last edited the note and when
	Reach      string
	Usage      AdminTable // uses and violations per month
	Violations *AdminLink // to the violations list, for those who may open it
	Purposes   []AdminValuePurpose
	BackURL    string
}

// AdminValuePurpose is how customers answered, month by month, for one purpose the system served, and the
// comparison of two of its wordings when it has had more than one.
type AdminValuePurpose struct {
	Slug    string
	Heading string
	Intro   string
	Table   AdminTable
	Compare *AdminWordingCompare
}

// AdminWordingCompare puts two wordings of a consent text side by side with their opt-in rates over periods of
// the same length.
type AdminWordingCompare struct {
	Heading string
	Intro   string
	Choices []Option // the wordings to pick from, for each side
	A, B    string   // the picked wordings' values
	Table   AdminTable
	TooFew  string // said when there are too few answers to compare
}
