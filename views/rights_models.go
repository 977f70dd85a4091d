package views

// RightsPage is /me/rights: what the customer can ask beyond consent and review, and their requests so far.
type RightsPage struct {
	Page
	Heading   string
	Intro     string
	Notice    string // the outcome of the form just sent
	NoticeErr bool
	Options   []RightsOption
	Requests  []RightsLine
	Erasure   *ErasureNote // set once an erasure request is done: what went, what was kept
}

// RightsOption is one kind of request the customer can make, told in plain words.
type RightsOption struct {
	Kind    string
	Title   string // "Delete my data"
	Explain string // what it means
	Next    string // what happens next
	Open    string // set when a request of this kind is open: the customer cannot ask again until it is answered
	OpenURL string
}

// RightsLine is one of the customer's requests with its deadline and history.
type RightsLine struct {
	ID       string
	Title    string // "Your request to delete your data"
	Received string
	Deadline string // "Maison Lumière must answer by 2 Jan 2027"
	Status   string
	Late     string // set when the brand is past its deadline
	Answer   *Quote
	Steps    []RightsStepLine
}

// RightsStepLine is one step of a request's history.
type RightsStepLine struct {
	ISO  string
	When string
	Text string
	Note *Quote
}

// AnswerNotice tells the customer, on their overview, that the brand answered one of their requests.
type AnswerNotice struct {
	Text string
	URL  string
}

// RightsItem is one rights request in the staff queue.
type RightsItem struct {
	ID          string
	Action      string
	Customer    string
	CustomerURL string
	Kind        string
	Received    string
	Deadline    string
	Overdue     string // set when past the deadline: the privacy team must act first on these
	Status      string
	Message     string
	Steps       []RightsStepLine
	Choices     []RightsChoice // the statuses the request can move to; empty once answered
	MaxDate     string         // the latest extension allowed, YYYY-MM-DD
	Note        string         // what the agent typed, kept when the form is shown again
	DueDate     string
	Error       string
}

// RightsChoice is one status the staff form offers.
type RightsChoice struct {
	Value    string
	Label    string
	Selected bool
}

// StaffRightsPage is /staff/rights: the brand's rights requests, open ones by deadline with overdue ones first.
type StaffRightsPage struct {
	StaffPage
	Filter    string
	Filters   []RightsFilterLink
	Items     []RightsItem
	CanAnswer bool // privacy and admin answer; support only sees
	Done      string
}

// RightsFilterLink is one tab of the queue.
type RightsFilterLink struct {
	Label   string
	URL     string
	Current bool
}
