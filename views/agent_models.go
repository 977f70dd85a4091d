package views

// AdminAgentsPage is /admin/agents: the brand's own AI agents allowed to read the brand API with OAuth, the
// form that adds one, and, right after adding, its client id and secret, the secret shown this once.
type AdminAgentsPage struct {
	AdminPage
	Agents     []AdminAgentRow
	Name       AdminField
	System     AdminField // a select of the registered AI systems
	Purpose    AdminField // a select of the registered purposes
	Errors     []string
	NoRegistry bool // no registered system or purpose yet: nothing to pick
	// Set once, in the answer to the form.
	NewClientID string
	NewSecret   string
	NewCurl     string // how the agent gets a token, ready to paste
}

// AdminAgentRow is one agent client in the list.
type AdminAgentRow struct {
	Name      string
	ClientID  string
	System    string
	Purpose   string
	Created   string
	LastUsed  string
	Revoked   string // when it was revoked, in words; empty while it works
	RevokeURL string
}
