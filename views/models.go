// Package views renders vitrine's pages with templ; handlers build the view models and views never touch the store.
package views

import "vitrine/plain"

// Page is what every page's layout needs: language, title, brand look and navigation.
type Page struct {
	L           *plain.Localizer
	Title       string
	BrandName   string
	Theme       Theme  // the brand's colours
	Nonce       string // CSP nonce for this response
	Nav         string // active navigation entry: "overview", "activity", ""
	LangSwitch  string // URL of this page in the other language
	LangLabel   string // name of the other language, in that language
	LangCode    string // code of the other language
	Charts      bool   // whether to load the chart scripts
	SignedIn    bool   // whether to show the customer navigation
	StaffBanner string // set when a staff member views the customer's pages: who is looking, and why
	SignedInAs  string // "Camille Martin · C-1001": who the customer pages are about, shown with a sign-out
	BasePath    string // prefix of the customer pages: "/me", or the staff view of one customer
	CSRF        string // token every form of the page sends back as _csrf
}

// Theme is a brand's colours as pages use them: #rrggbb colours already checked for contrast (store.Theme.Safe),
// or empty for the default look.
type Theme struct {
	Primary string
	Accent  string
}

// MePath returns a customer page's path under the page's base ("/me" for the customer).
func (p Page) MePath(rest string) string {
	base := p.BasePath
	if base == "" {
		base = "/me"
	}
	return base + rest
}

// Lang is the page's language code.
func (p Page) Lang() string { return p.L.Locale() }

// Table is the text alternative of a chart: the same facts, readable without JavaScript or sight.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// Chart is one chart: its ECharts option (built with go-echarts) and the same facts as text and a table.
type Chart struct {
	ID      string
	Title   string
	Summary string // one sentence describing what the chart shows, used as its accessible name
	Option  any
	Table   Table
	Tall    bool
	// Fallback is what the chart's box says before the chart is drawn, and without JavaScript: where the
	// figures are.
	Fallback string
}

// Quote is a text the brand wrote, shown as a quotation in its own language: an event's result or decision, a
// reviewer's answer, the reason a staff member gave.
type Quote struct {
	Label string // what it is, in the page's language
	Text  string // as the brand wrote it
	Lang  string // the language it is written in, for the lang attribute
}

// EventLine is one event told as a sentence.
type EventLine struct {
	ISO       string // machine-readable time for <time datetime>
	When      string
	Sentence  string
	Quotes    []Quote // the brand's own words: decision, result
	Action    string  // plain label of the action
	Violation bool
	Sensitive bool
	SystemURL string
	Ref       string // internal event reference, shown to staff only (empty for customers)
	// DecisionURL is the page explaining an automated decision (decision events only).
	DecisionURL string
}

// PurposeLine is one purpose with its legal basis in plain words.
type PurposeLine struct {
	Name   string
	Basis  string
	Count  string
	N      int // the count as a number, in data-count for tests and tools
	Detail string
}

// SystemCard is one AI system as summed up on the overview.
type SystemCard struct {
	Slug         string
	Name         string
	URL          string
	What         string
	Who          string
	DataUsed     string
	Purposes     []PurposeLine
	Uses         string
	N            int // the uses as a number, in data-count
	LastUsed     string
	Learns       bool
	LearnsText   string
	Unregistered bool
	Note         string // automated decision or risk note, if any
	TextLang     string // language of What (and How) when the brand wrote none in the page's language
	Violations   string // how often it used the data without the consent it needed, when it did
}

// Overview is the customer's /me page.
type Overview struct {
	Page
	Heading  string
	Summary  string
	Events   int // the uses the summary counts, in data-events
	Systems  []SystemCard
	Charts   []Chart
	Recent   []EventLine
	AllURL   string
	Consents []ConsentControl
	Changes  []string // registry changes since the last visit, as sentences
	Changed  string   // heading of the changes section
	Access   []AccessLine
	Answers  []AnswerNotice // requests the brand answered since the customer's last visit
}

// ModelLine is one model version of an in-house system as the customer reads it.
type ModelLine struct {
	Version  string
	Trained  string
	Learned  bool
	Status   string
	Sentence string
}

// SystemPage is /me/systems/{slug}: one system's whole story for this customer.
type SystemPage struct {
	Page
	Card      SystemCard
	How       string
	Risk      string
	Decision  string // automated decision explanation and how to ask for a human review
	DocURL    string
	Timeline  *Chart
	Models    []ModelLine
	NextModel string
	Events    []EventLine
	AllURL    string
	NoUseYet  string
	Decisions []DecisionLine
	Notice    *Notice
	Pending   string // "pending exclusion" story of a model after the customer refused training

	TextLang         string // language of How when the brand wrote none in the page's language
	EventsNote       string // "These are the 10 most recent of 335 uses in the last 12 months."
	AllText          string // the link to every use of the system in the activity
	DecisionsHeading string // "Decisions made about you in the last 12 months: 4"
	DecisionsNote    string // when the list shows fewer decisions than the window holds
	DecisionsURL     string
	Retention        string // how long the details of each use are kept, then only the count
}

// Option is one choice of a filter select.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// ActivityPage is /me/activity: every event as a sentence, newest first, filterable.
type ActivityPage struct {
	Page
	Systems  []Option
	Purposes []Option
	Actions  []Option
	From     string
	To       string
	Errors   []string
	Events   []EventLine
	Count    string // how many events the list holds in all, and since when
	NextURL  string // older events
	PrevURL  string // newer events
	FirstURL string // the newest events
	Filtered bool
	ResetURL string
	// AgentsURL lists only the AI agents' reads of the customer's data (the action filter's agent_access choice,
	// offered as a link of its own so a customer need not know it is there); AgentsOnly says the list shows them.
	AgentsURL  string
	AgentsOnly bool
	// Retention says per system how long the details of each use are kept (the list shows only those).
	Retention []string
}

// ErrorPage is a page that explains a refusal or a failure in plain words.
type ErrorPage struct {
	Page
	Status   int
	Heading  string
	Body     string
	Hint     string
	LinkURL  string // the brand's own way back in, when a link was refused
	LinkText string
}
