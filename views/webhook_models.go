package views

// AdminWebhooksPage is /admin/webhooks: the brand's endpoints, the form that adds one, and, right after adding,
// the endpoint's signing secret, shown this once.
type AdminWebhooksPage struct {
	AdminPage
	Endpoints []AdminWebhookRow
	URL       AdminField
	Types     []AdminField // one checkbox per change type; none ticked means every type
	Note      AdminField
	NewSecret string // shown once, right after the endpoint is made
	NewURL    string
	Errors    []string
}

// AdminWebhookRow is one endpoint in the list.
type AdminWebhookRow struct {
	URL      string
	Link     string
	Sends    string
	State    string
	Problem  bool // disabled or failing: the state is shown as a warning
	Created  string
	Delivery string // the latest delivery, in words
}

// AdminWebhookPage is /admin/webhooks/{id}: one endpoint, its delivery log and what an admin can do with it.
type AdminWebhookPage struct {
	AdminPage
	Endpoint   AdminWebhookRow
	Disabled   string // why the endpoint was disabled, when it is
	Deliveries []AdminDeliveryRow
	PingURL    string
	EnableURL  string
	DeleteURL  string
}

// AdminDeliveryRow is one delivery of the log.
type AdminDeliveryRow struct {
	Type      string
	Change    string // the change's cursor in the feed, or "test"
	Status    string
	Problem   bool
	Attempts  string
	Next      string
	Response  string
	Created   string
	ReplayURL string
}
