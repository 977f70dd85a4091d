package views

// SparkBar is one month of the widget's small activity chart, drawn as SVG on the server so the widget needs
// no chart library: it stays a few kilobytes and reads without JavaScript.
type SparkBar struct {
	X, Y, W, H int
	Label      string // "Nov 2026: 112 uses", the bar's text alternative
	Month      string // "Nov 2026", written under the first and last bars
}

// EmbedSystem is one AI system in one line: what it did with which data, and why.
type EmbedSystem struct {
	N         int // its uses in the window, in data-count
	Name      string
	Line      string
	Violation string // "Used your data without your consent twice", when it did
}

// EmbedPage is the compact widget a brand frames in its own site. It carries the token in its forms instead
// of a cookie, so it works where third-party cookies are blocked.
type EmbedPage struct {
	Page
	Token        string
	ParentOrigin string // exact origin of the embedding page, for the resize message
	Theme        string // "light", "dark" or "" (follow the reader's setting)
	Logo         string
	Summary      string
	Events       int // the uses the summary counts, in data-events
	Bars         []SparkBar
	ChartLabel   string
	Systems      []EmbedSystem
	MoreSystems  int    // systems used in the window beyond those listed
	MoreLabel    string // "and 4 more AI systems", the button to the full page that lists them
	Controls     []ConsentControl
	Notice       *Notice
	OpenLabel    string
	GPC          *GPCBadge   // what the browser's Global Privacy Control signal did
	Confirm      *GPCConfirm // the question before a yes that goes against the signal
}

// EmbedError is the small in-frame message shown when the widget cannot be shown.
type EmbedError struct {
	Page
	Heading string
	Body    string
}
