package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"vitrine/plain"
	"vitrine/store"
	"vitrine/views"
)

// mcpServe answers the MCP server for customers' own assistants (Streamable HTTP, stateless, JSON answers). The
// request passed requireAssistant: its grant names the one customer every tool reads, so no tool takes a customer
// id and no token can read anyone else. The tools answer with the facts the customer's pages show, in the
// customer's language, built by the same code.
func (s *Server) mcpServe(c echo.Context) error {
	g := c.Get(assistantGrantKey).(store.AssistantGrant)
	ctx := c.Request().Context()
	cust, err := s.DB.CustomerByID(ctx, g.CustomerID)
	if err != nil {
		return err
	}
	brand, err := s.DB.BrandByID(ctx, g.BrandID)
	if err != nil {
		return err
	}
	if cust.BrandID != g.BrandID {
		return echo.NewHTTPError(http.StatusForbidden)
	}
	c.Set(customerKey, &customerCtx{Brand: brand, Customer: cust})
	c.Response().Header().Set("Cache-Control", "no-store")
	// One MCP server answers every assistant; the request's context tells each tool whose call it is.
	s.mcpOnce.Do(func() {
		srv := s.newMCPServer()
		s.mcpHandler = mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv },
			&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	})
	req := c.Request().WithContext(context.WithValue(ctx, mcpCallKey{}, &mcpTooling{s: s, c: c, g: g}))
	s.mcpHandler.ServeHTTP(c.Response(), req)
	return nil
}

// mcpCallKey holds, in a tool call's context, the request and grant it serves.
type mcpCallKey struct{}

// mcpTools names every tool, as tools/list gives them.
var mcpTools = []string{"summary", "list_uses", "explain_use", "list_systems", "system_story", "training_status",
	"list_choices", "receipts", "staff_access", "change_choice", "request_review"}

// newMCPServer builds the MCP server and its tools, once: the tools find the customer in each call's context.
func (s *Server) newMCPServer() *mcp.Server {
	srv := mcp.NewServer(&mcp.Implementation{Name: "vitrine", Title: "vitrine: what AI systems did with your data", Version: "1"},
		&mcp.ServerOptions{Instructions: "Tools to tell the person you act for what the brand's AI systems did with their data, in " +
			"their language. change_choice and request_review change nothing: they return a link the person must open to confirm."})
	addTool(srv, "summary", "The last 12 months in one sentence, and how many times each AI system used the person's data.", mcpTooling.summary)
	addTool(srv, "list_uses", "Each use of the person's data, newest first, as a plain sentence; filters as on their activity page; paged with next_cursor.", mcpTooling.listUses)
	addTool(srv, "explain_use", "One use of the person's data in detail: sentence, AI system, purpose, legal basis, data, model version.", mcpTooling.explainUse)
	addTool(srv, "list_systems", "The brand's AI systems: what each does, who runs it, and whether it used the person's data in the last 12 months.", mcpTooling.listSystems)
	addTool(srv, "system_story", "What one AI system did with the person's data: how it works, data used, purposes, retention, latest uses.", mcpTooling.systemStory)
	addTool(srv, "training_status", "Which model versions learned from the person's data, and when the next one without their data is due.", mcpTooling.trainingStatus)
	addTool(srv, "list_choices", "The person's choices about each use of their data, whether they can change them, and what changing means.", mcpTooling.listChoices)
	addTool(srv, "receipts", "The person's past choices, each with the address of its signed receipt.", mcpTooling.receipts)
	addTool(srv, "staff_access", "When the brand's staff looked at the person's data, which team, why and what they saw.", mcpTooling.staffAccess)
	addTool(srv, "change_choice", "Prepare a change of one choice. Changes nothing: returns a link the person opens to confirm.", mcpTooling.changeChoice)
	addTool(srv, "request_review", "Prepare a request for a person at the brand to review an automated decision. Changes nothing: returns a link to confirm.", mcpTooling.requestReview)
	return srv
}

// mcpTooling is what every tool of one request shares: the server, the request and the grant.
type mcpTooling struct {
	s *Server
	c echo.Context
	g store.AssistantGrant
}

// addTool registers a tool whose every call is recorded for the customer to see, before it answers.
func addTool[In, Out any](srv *mcp.Server, name, descr string, fn func(mcpTooling, context.Context, *customerView, In) (Out, error)) {
	mcp.AddTool(srv, &mcp.Tool{Name: name, Description: descr}, func(ctx context.Context, _ *mcp.CallToolRequest, in In) (*mcp.CallToolResult, Out, error) {
		var zero Out
		t, ok := ctx.Value(mcpCallKey{}).(*mcpTooling)
		if !ok {
			return nil, zero, errors.New("no assistant grant for this call")
		}
		if err := t.s.DB.RecordAssistantCall(ctx, t.g, name); err != nil {
			return nil, zero, err
		}
		v, err := t.s.loadCustomerView(t.c, "")
		if err != nil {
			return nil, zero, err
		}
		out, err := fn(*t, ctx, v, in)
		return nil, out, err
	})
}

// link is a customer page's absolute address, for the assistant to give its person.
func (t mcpTooling) link(path string) string { return t.s.BaseURL + path }

// SystemUseOut is one AI system's use of the person's data, as the overview's card says it.
type SystemUseOut struct {
	Slug     string   `json:"slug"`
	Name     string   `json:"name"`
	Who      string   `json:"who"`
	Uses     int      `json:"uses"`
	UsesText string   `json:"uses_text"`
	LastUsed string   `json:"last_used,omitempty"`
	DataUsed string   `json:"data_used,omitempty"`
	Purposes []string `json:"purposes,omitempty"`
	Learns   bool     `json:"learns_from_data"`
	Warning  string   `json:"warning,omitempty"`
	Page     string   `json:"page"`
}

// SummaryOut answers the summary tool.
type SummaryOut struct {
	Sentence string         `json:"sentence"`
	Months   int            `json:"months"`
	Uses     int            `json:"uses"`
	Systems  []SystemUseOut `json:"systems"`
	Page     string         `json:"page"`
}

type noInput struct{}

func cardOut(t mcpTooling, card views.SystemCard) SystemUseOut {
	o := SystemUseOut{Slug: card.Slug, Name: card.Name, Who: card.Who, Uses: card.N, UsesText: card.Uses, LastUsed: card.LastUsed,
		DataUsed: card.DataUsed, Learns: card.Learns, Warning: card.Violations, Page: t.link(card.URL)}
	for _, p := range card.Purposes {
		o.Purposes = append(o.Purposes, p.Name)
	}
	return o
}

func (t mcpTooling) summary(ctx context.Context, v *customerView, _ noInput) (SummaryOut, error) {
	usage, catsBy, err := v.windowUsage(ctx, windowStart(t.s.now()))
	if err != nil {
		return SummaryOut{}, err
	}
	violations, err := v.data.ViolationsBySystem(ctx, windowStart(t.s.now()))
	if err != nil {
		return SummaryOut{}, err
	}
	facts, cards := v.summarize(usage, catsBy, violations)
	out := SummaryOut{Sentence: v.l.Summary(facts), Months: facts.Months, Uses: facts.Events, Page: t.link("/me"), Systems: []SystemUseOut{}}
	for _, card := range cards {
		out.Systems = append(out.Systems, cardOut(t, card))
	}
	return out, nil
}

// ListUsesIn filters the person's uses as their activity page does.
type ListUsesIn struct {
	System  string `json:"system,omitempty" jsonschema:"an AI system's slug, from list_systems"`
	Purpose string `json:"purpose,omitempty" jsonschema:"a purpose's slug, from list_choices"`
	Action  string `json:"action,omitempty" jsonschema:"inference, training, decision, generation, sharing or agent_access"`
	From    string `json:"from,omitempty" jsonschema:"first day, YYYY-MM-DD, in the brand's time zone"`
	To      string `json:"to,omitempty" jsonschema:"last day included, YYYY-MM-DD"`
	Cursor  string `json:"cursor,omitempty" jsonschema:"next_cursor of the previous page"`
	Limit   int    `json:"limit,omitempty" jsonschema:"at most 50; 20 when not given"`
}

// UseOut is one use of the person's data, as their activity page tells it.
type UseOut struct {
	ID       int64  `json:"id"`
	When     string `json:"when"`
	At       string `json:"at"`
	Sentence string `json:"sentence"`
	Action   string `json:"action"`
	System   string `json:"system"`
	Warning  string `json:"warning,omitempty"`
}

// ListUsesOut answers list_uses.
type ListUsesOut struct {
	Uses       []UseOut `json:"uses"`
	NextCursor string   `json:"next_cursor,omitempty"`
	Page       string   `json:"page"`
}

func (t mcpTooling) listUses(ctx context.Context, v *customerView, in ListUsesIn) (ListUsesOut, error) {
	var f store.EventFilter
	q := url.Values{}
	if in.System != "" {
		sys := v.reg.SystemBySlug[in.System]
		if sys == nil {
			return ListUsesOut{}, fmt.Errorf("no AI system %q at %s: list_systems gives the slugs", in.System, v.cc.Brand.Name)
		}
		f.SystemID = sys.ID
		q.Set("system", in.System)
	}
	if in.Purpose != "" {
		p := v.reg.PurposeBySlug[in.Purpose]
		if p == nil {
			return ListUsesOut{}, fmt.Errorf("no purpose %q at %s: list_choices gives the slugs", in.Purpose, v.cc.Brand.Name)
		}
		f.PurposeID = p.ID
		q.Set("purpose", in.Purpose)
	}
	if in.Action != "" {
		if !isAction(in.Action) {
			return ListUsesOut{}, fmt.Errorf("action %q is not one of %v", in.Action, store.Actions)
		}
		f.Action = in.Action
		q.Set("action", in.Action)
	}
	loc := v.cc.Brand.Location()
	for _, d := range []struct {
		raw string
		at  *time.Time
		end bool
	}{{in.From, &f.From, false}, {in.To, &f.To, true}} {
		if d.raw == "" {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", d.raw, loc)
		if err != nil {
			return ListUsesOut{}, fmt.Errorf("date %q is not YYYY-MM-DD", d.raw)
		}
		if d.end {
			day = day.AddDate(0, 0, 1) // the last day is included
		}
		*d.at = day
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return ListUsesOut{}, errors.New("from must be on or before to")
	}
	var after store.Cursor
	if in.Cursor != "" {
		cur, ok := parseCursor(in.Cursor)
		if !ok {
			return ListUsesOut{}, errors.New("cursor is not one list_uses gave")
		}
		after = cur
	}
	limit := in.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 50)
	page, err := v.data.Events(ctx, f, after, limit)
	if err != nil {
		return ListUsesOut{}, err
	}
	out := ListUsesOut{Uses: []UseOut{}, Page: t.link("/me/activity")}
	if len(q) > 0 {
		out.Page += "?" + q.Encode()
	}
	lines := v.eventLines(page.Events)
	for i, e := range page.Events {
		u := UseOut{ID: e.ID, When: lines[i].When, At: lines[i].ISO, Sentence: lines[i].Sentence, Action: e.Action, System: v.systemName(e.SystemID)}
		if e.Violation {
			u.Warning = v.l.T("event.violation")
		}
		out.Uses = append(out.Uses, u)
	}
	if page.Next != nil {
		out.NextCursor = formatCursor(*page.Next)
	}
	return out, nil
}

// UseIn names one use.
type UseIn struct {
	ID int64 `json:"id" jsonschema:"the use's id, from list_uses"`
}

// ExplainUseOut answers explain_use.
type ExplainUseOut struct {
	ID           int64    `json:"id"`
	When         string   `json:"when"`
	Sentence     string   `json:"sentence"`
	BrandWords   []string `json:"brand_words,omitempty"`
	System       string   `json:"system"`
	Purpose      string   `json:"purpose"`
	LegalBasis   string   `json:"legal_basis"`
	Data         []string `json:"data"`
	ModelVersion string   `json:"model_version,omitempty"`
	Warning      string   `json:"warning,omitempty"`
	Page         string   `json:"page"`
}

func (t mcpTooling) explainUse(ctx context.Context, v *customerView, in UseIn) (ExplainUseOut, error) {
	e, err := t.s.DB.EventByID(ctx, v.cc.Customer.ID, in.ID)
	if errors.Is(err, store.ErrNotFound) {
		return ExplainUseOut{}, fmt.Errorf("no use %d of this person's data: list_uses gives the ids", in.ID)
	}
	if err != nil {
		return ExplainUseOut{}, err
	}
	line := v.eventLines([]store.Event{e})[0]
	out := ExplainUseOut{ID: e.ID, When: line.When, Sentence: line.Sentence, System: v.systemName(e.SystemID), Purpose: v.purposeName(e.PurposeID),
		ModelVersion: e.ModelVersion, Data: []string{}, Page: t.link(line.SystemURL)}
	for _, q := range line.Quotes {
		out.BrandWords = append(out.BrandWords, q.Label+": "+q.Text)
	}
	if p := v.reg.Purposes[e.PurposeID]; p != nil {
		out.LegalBasis = v.l.T("basis." + p.LegalBasis)
	}
	for _, id := range e.CategoryIDs {
		out.Data = append(out.Data, v.categoryName(id))
	}
	if e.Violation {
		out.Warning = v.l.T("event.violation")
	}
	if line.DecisionURL != "" {
		out.Page = t.link(line.DecisionURL)
	}
	return out, nil
}

// SystemOut is one AI system of the brand.
type SystemOut struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	What       string `json:"what"`
	Who        string `json:"who"`
	UsedMyData bool   `json:"used_data_last_12_months"`
	Uses       int    `json:"uses"`
	Page       string `json:"page"`
}

// ListSystemsOut answers list_systems.
type ListSystemsOut struct {
	Systems []SystemOut `json:"systems"`
}

func (t mcpTooling) listSystems(ctx context.Context, v *customerView, _ noInput) (ListSystemsOut, error) {
	usage, catsBy, err := v.windowUsage(ctx, windowStart(t.s.now()))
	if err != nil {
		return ListSystemsOut{}, err
	}
	used := map[int64]*store.SystemUsage{}
	for i := range usage {
		used[usage[i].SystemID] = &usage[i]
	}
	out := ListSystemsOut{Systems: []SystemOut{}}
	for _, sys := range v.reg.SystemOrder {
		u := used[sys.ID]
		if !sys.Registered && u == nil {
			continue
		}
		card := v.systemCard(sys, u, catsBy[sys.ID])
		o := SystemOut{Slug: sys.Slug, Name: card.Name, What: card.What, Who: card.Who, UsedMyData: u != nil, Page: t.link(card.URL)}
		if u != nil {
			o.Uses = u.Count
		}
		out.Systems = append(out.Systems, o)
	}
	return out, nil
}

// SystemIn names one AI system.
type SystemIn struct {
	System string `json:"system" jsonschema:"the AI system's slug, from list_systems"`
}

// SystemStoryOut answers system_story.
type SystemStoryOut struct {
	SystemUseOut
	What       string   `json:"what"`
	How        string   `json:"how,omitempty"`
	Retention  string   `json:"retention,omitempty"`
	Risk       string   `json:"risk,omitempty"`
	Decisions  string   `json:"automated_decisions,omitempty"`
	LatestUses []string `json:"latest_uses"`
}

func (t mcpTooling) system(v *customerView, slug string) (*store.AISystem, error) {
	sys := v.reg.SystemBySlug[slug]
	if sys == nil {
		return nil, fmt.Errorf("no AI system %q at %s: list_systems gives the slugs", slug, v.cc.Brand.Name)
	}
	return sys, nil
}

func (t mcpTooling) systemStory(ctx context.Context, v *customerView, in SystemIn) (SystemStoryOut, error) {
	sys, err := t.system(v, in.System)
	if err != nil {
		return SystemStoryOut{}, err
	}
	since := windowStart(t.s.now())
	usage, catsBy, err := v.windowUsage(ctx, since)
	if err != nil {
		return SystemStoryOut{}, err
	}
	var u *store.SystemUsage
	for i := range usage {
		if usage[i].SystemID == sys.ID {
			u = &usage[i]
		}
	}
	events, err := v.data.Events(ctx, store.EventFilter{SystemID: sys.ID, From: since}, store.Cursor{}, systemPageEvents)
	if err != nil {
		return SystemStoryOut{}, err
	}
	card := v.systemCard(sys, u, catsBy[sys.ID])
	tx, _ := sys.TextLang(v.locale, v.fallback())
	out := SystemStoryOut{SystemUseOut: cardOut(t, card), What: card.What, How: tx.How, Retention: v.systemRetention(sys), LatestUses: []string{}}
	if sys.RiskLevel != "" {
		out.Risk = v.l.T("system.risk." + sys.RiskLevel)
	}
	if sys.AutomatedDecision {
		out.Decisions = v.l.T("system.automated_decision")
		if tx.HumanReview != "" {
			out.Decisions += " " + tx.HumanReview
		}
	}
	for _, l := range v.eventLines(events.Events) {
		out.LatestUses = append(out.LatestUses, l.When+": "+l.Sentence)
	}
	return out, nil
}

// ModelOut is one model version of a system.
type ModelOut struct {
	Version          string `json:"version"`
	Trained          string `json:"trained"`
	LearnedFromMe    bool   `json:"learned_from_data"`
	Sentence         string `json:"sentence"`
	ProductionStatus string `json:"status,omitempty"`
}

// TrainingSystemOut is one in-house system that learns, with its model versions.
type TrainingSystemOut struct {
	System  string     `json:"system"`
	Slug    string     `json:"slug"`
	Next    string     `json:"next_model,omitempty"`
	Pending string     `json:"pending,omitempty"`
	Models  []ModelOut `json:"models"`
}

// TrainingOut answers training_status.
type TrainingOut struct {
	Systems []TrainingSystemOut `json:"systems"`
	Note    string              `json:"note,omitempty"`
}

func (t mcpTooling) trainingStatus(ctx context.Context, v *customerView, _ noInput) (TrainingOut, error) {
	out := TrainingOut{Systems: []TrainingSystemOut{}}
	for _, sys := range v.reg.SystemOrder {
		if sys.Deployment != store.DeployInHouse || !sys.Learns {
			continue
		}
		var vm views.SystemPage
		if err := t.s.fillModels(t.c, v, sys, &vm); err != nil {
			return out, err
		}
		ts := TrainingSystemOut{System: v.systemTitle(sys.ID), Slug: sys.Slug, Next: vm.NextModel, Pending: vm.Pending, Models: []ModelOut{}}
		for _, m := range vm.Models {
			ts.Models = append(ts.Models, ModelOut{Version: m.Version, Trained: m.Trained, LearnedFromMe: m.Learned, Sentence: m.Sentence, ProductionStatus: m.Status})
		}
		out.Systems = append(out.Systems, ts)
	}
	if len(out.Systems) == 0 {
		out.Note = v.l.T("assistants.no_training", v.cc.Brand.Name)
	}
	return out, nil
}

// ChoiceOut is one of the person's choices, as their choices page shows it.
type ChoiceOut struct {
	Purpose     string   `json:"purpose"`
	Name        string   `json:"name"`
	Explanation string   `json:"explanation,omitempty"`
	LegalBasis  string   `json:"legal_basis"`
	State       string   `json:"state"`
	On          bool     `json:"on"`
	CanChange   bool     `json:"can_change"`
	Change      string   `json:"change,omitempty"`
	Consequence []string `json:"consequence,omitempty"`
}

// ChoicesOut answers list_choices.
type ChoicesOut struct {
	Choices []ChoiceOut `json:"choices"`
	Page    string      `json:"page"`
}

func (t mcpTooling) listChoices(ctx context.Context, v *customerView, _ noInput) (ChoicesOut, error) {
	f, err := t.s.loadConsentFacts(ctx, v, t.s.now())
	if err != nil {
		return ChoicesOut{}, err
	}
	out := ChoicesOut{Choices: []ChoiceOut{}, Page: t.link("/me/consents")}
	for _, cc := range v.consentControls(f) {
		o := ChoiceOut{Purpose: cc.Slug, Name: cc.Name, Explanation: cc.Explanation, LegalBasis: cc.Basis, State: cc.StateText, On: cc.On,
			CanChange: cc.Kind != "fixed", Consequence: cc.Consequence}
		if o.CanChange {
			o.Change = cc.ButtonLabel
		}
		out.Choices = append(out.Choices, o)
	}
	return out, nil
}

// ReceiptOut is one past choice with its receipt.
type ReceiptOut struct {
	Sentence string `json:"sentence"`
	Receipt  string `json:"receipt"`
	JSON     string `json:"receipt_json"`
}

// ReceiptsOut answers receipts.
type ReceiptsOut struct {
	Receipts []ReceiptOut `json:"receipts"`
	Verify   string       `json:"how_to_verify"`
}

func (t mcpTooling) receipts(ctx context.Context, v *customerView, _ noInput) (ReceiptsOut, error) {
	hist, err := v.data.ConsentHistory(ctx, 0)
	if err != nil {
		return ReceiptsOut{}, err
	}
	out := ReceiptsOut{Receipts: []ReceiptOut{}, Verify: v.l.T("assistants.verify", t.s.BaseURL+"/.well-known/jwks.json")}
	for i, h := range hist {
		if i == 50 {
			break
		}
		p := "/me/consents/receipts/" + h.ReceiptID
		out.Receipts = append(out.Receipts, ReceiptOut{Sentence: v.historyText(h), Receipt: t.link(p), JSON: t.link(p + "?format=json")})
	}
	return out, nil
}

// VisitOut is one staff visit, as the person's page tells it.
type VisitOut struct {
	When     string `json:"when"`
	Sentence string `json:"sentence"`
	Reason   string `json:"reason,omitempty"`
	Seen     string `json:"seen,omitempty"`
	Ref      string `json:"reference"`
}

// StaffAccessOut answers staff_access.
type StaffAccessOut struct {
	Visits []VisitOut `json:"visits"`
	Page   string     `json:"page"`
}

func (t mcpTooling) staffAccess(ctx context.Context, v *customerView, _ noInput) (StaffAccessOut, error) {
	page, err := t.s.DB.AccessHistory(ctx, v.cc.Customer.ID, store.Cursor{}, accessPageSize)
	if err != nil {
		return StaffAccessOut{}, err
	}
	out := StaffAccessOut{Visits: []VisitOut{}, Page: t.link("/me/access")}
	for _, a := range v.accessLines(page.Records) {
		o := VisitOut{When: a.When, Sentence: a.Sentence, Reason: a.Reason, Seen: a.Pages, Ref: a.Ref}
		if a.Quote != nil {
			o.Reason = a.Quote.Label + ": " + a.Quote.Text
		}
		out.Visits = append(out.Visits, o)
	}
	return out, nil
}

// ChangeChoiceIn is the change an assistant prepares.
type ChangeChoiceIn struct {
	Purpose string `json:"purpose" jsonschema:"the purpose's slug, from list_choices"`
	On      bool   `json:"on" jsonschema:"true to allow the use, false to turn it off"`
}

// ConfirmOut is a prepared change: nothing happened yet.
type ConfirmOut struct {
	Done       bool   `json:"done"`
	Message    string `json:"message"`
	ConfirmURL string `json:"confirm_url"`
	Expires    string `json:"expires"`
}

func (t mcpTooling) changeChoice(ctx context.Context, v *customerView, in ChangeChoiceIn) (ConfirmOut, error) {
	p := v.reg.PurposeBySlug[in.Purpose]
	if p == nil {
		return ConfirmOut{}, fmt.Errorf("no purpose %q at %s: list_choices gives the slugs", in.Purpose, v.cc.Brand.Name)
	}
	if !refusable(p) {
		return ConfirmOut{}, fmt.Errorf("%q cannot be turned off: %s", v.purposeName(p.ID), v.l.T("basis."+p.LegalBasis))
	}
	state := store.ConsentRefused
	if in.On {
		state = store.ConsentGranted
	}
	current, err := v.data.Consents(ctx)
	if err != nil {
		return ConfirmOut{}, err
	}
	if current[p.ID] == state {
		return ConfirmOut{}, errors.New(v.l.T("confirm.same"))
	}
	prop, err := t.s.DB.CreateAssistantProposal(ctx, t.g, store.AssistantProposal{Kind: store.ProposalChoice, PurposeID: p.ID, State: state})
	if err != nil {
		return ConfirmOut{}, err
	}
	return t.confirmOut(v, prop), nil
}

// RequestReviewIn is the review an assistant prepares.
type RequestReviewIn struct {
	ID      int64  `json:"id" jsonschema:"the decision's id, from list_uses with action decision"`
	Message string `json:"message,omitempty" jsonschema:"what the person wants to say, in their words (at most 1000 characters)"`
}

func (t mcpTooling) requestReview(ctx context.Context, v *customerView, in RequestReviewIn) (ConfirmOut, error) {
	e, err := t.s.DB.EventByID(ctx, v.cc.Customer.ID, in.ID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && e.Action != store.ActionDecision) {
		return ConfirmOut{}, fmt.Errorf("no automated decision %d about this person: list_uses with action decision gives the ids", in.ID)
	}
	if err != nil {
		return ConfirmOut{}, err
	}
	if len([]rune(in.Message)) > 1000 {
		return ConfirmOut{}, errors.New("message is longer than 1000 characters")
	}
	if r, ok := v.reviewsByEvent()[e.ID]; ok {
		return ConfirmOut{}, fmt.Errorf("a review of this decision was already asked for on %s", v.l.Date(r.CreatedAt))
	}
	prop, err := t.s.DB.CreateAssistantProposal(ctx, t.g, store.AssistantProposal{Kind: store.ProposalReview, EventID: e.ID, Note: in.Message})
	if err != nil {
		return ConfirmOut{}, err
	}
	return t.confirmOut(v, prop), nil
}

func (t mcpTooling) confirmOut(v *customerView, p store.AssistantProposal) ConfirmOut {
	return ConfirmOut{Done: false, Message: v.l.T("assistants.confirm_needed"), ConfirmURL: t.link("/me/assistants/confirm/" + p.ID),
		Expires: v.l.DateTime(p.ExpiresAt)}
}

// toolPhrase says what a call of tool did, after "Your assistant X …".
func toolPhrase(l *plain.Localizer, tool string) string {
	for _, t := range mcpTools {
		if t == tool {
			return l.T("assistants.tool." + tool)
		}
	}
	return l.T("assistants.tool.other")
}
