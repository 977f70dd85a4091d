package views

// ConsentControl is one purpose as the customer can act on it: what it is, the legal basis in plain words,
// the current choice, and, where the law gives one, a control that says what will happen before it is used.
type ConsentControl struct {
	Slug        string
	Name        string
	Explanation string
	Basis       string
	Kind        string // "consent" (yes/no), "object" (legitimate interest) or "fixed" (contract, law)
	State       string // current state posted back to detect stale forms: "granted", "refused" or ""
	StateText   string
	Target      string // the state the button asks for
	ButtonLabel string
	Consequence []string
	On          bool // the use is currently allowed
	IsTraining  bool
}

// Notice is a message shown at the top of a page after an action.
type Notice struct {
	Text     string
	Error    bool
	LinkText string
	LinkURL  string
}

// HistoryLine is one past consent choice with a link to its receipt.
type HistoryLine struct {
	Text       string
	ReceiptURL string
}

// ConsentsPage is /me/consents: every purpose with its control, the history of choices and the exports.
type ConsentsPage struct {
	Page
	Intro    string
	Notice   *Notice
	Controls []ConsentControl
	History  []HistoryLine
	// ExportCovers says what the downloads hold and what the pages show, since they differ.
	ExportCovers string
	// GPC tells what the browser's Global Privacy Control signal did, when it did something.
	GPC *GPCBadge
}

// ReceiptField is one labelled field of a consent receipt.
type ReceiptField struct {
	Label string
	Value string
}

// ReceiptPage shows one consent receipt.
type ReceiptPage struct {
	Page
	Fields      []ReceiptField
	DownloadURL string
	Proof       string // what makes the receipt a proof, and how to check it
	KeysURL     string // where the keys that verify it are published
}

// DecisionLine is an automated decision about the customer, with the state of their request for a human review.
type DecisionLine struct {
	Event      EventLine
	EventID    int64
	ReviewText string // what happens next with a pending request
	Answer     *Quote // the reviewer's answer, in their words
	CanRequest bool
}

// Hidden is a hidden form field.
type Hidden struct {
	Name  string
	Value string
}

// ConsentForm says where consent controls post and what they carry besides the choice: the customer pages
// carry the CSRF token, the widget carries its token (it has no cookie to protect).
type ConsentForm struct {
	Action  string
	CSRF    bool
	Hidden  []Hidden
	Compact bool // the widget: no explanation or legal basis, controls only where a choice exists
}
