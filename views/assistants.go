package views

// OAuthConsentPage is the screen where a signed-in customer decides whether an AI assistant may connect to their
// page: who asks, what it could do, for how long.
type OAuthConsentPage struct {
	Page
	Heading   string
	ClaimNote string   // the name is the app's own claim; where it sends the customer back
	Scopes    []string // what it could do, in plain words
	Never     string   // what it can never do
	Duration  string
	Action    string
	Hidden    []HiddenField // the request's parameters, sent back with the decision
}

// HiddenField is one hidden form field.
type HiddenField struct{ Name, Value string }

// OAuthSignInPage asks a customer who is not signed in to open their page from the brand first.
type OAuthSignInPage struct {
	Page
	Heading, Body string
}

// AssistantsPage is /me/assistants: how to connect an AI assistant, the ones connected, and what they did.
type AssistantsPage struct {
	Page
	Intro   string
	Address string // the MCP server's address to give the assistant
	Steps   []string
	Notice  string
	Grants  []AssistantLine
	Calls   []AccessLine
}

// AssistantLine is one connected (or formerly connected) assistant.
type AssistantLine struct {
	ID        string
	Name      string
	Status    string // connected since…, until… / removed on…
	Can       string // what it may do
	LastUsed  string
	RevokeURL string // empty once it no longer has access
}

// AssistantConfirmPage asks the customer to confirm, or not, a change their assistant prepared.
type AssistantConfirmPage struct {
	Page
	Heading, Body string
	Action        string // empty when nothing is left to confirm (done, expired)
	Confirm       string
	Cancel        string
	BackURL       string
}
