package views

// DecisionPage is /me/decisions/{id}: one automated decision about the customer, explained.
type DecisionPage struct {
	Page
	Heading   string    // "What Credit limit decisions decided"
	Event     EventLine // the decision in plain words, with the brand's own words quoted
	SystemURL string
	BackText  string
	Notice    *Notice

	HowTitle string
	How      string // how the system decides, from the registry; "" when the brand did not say
	HowLang  string // language of How when the brand wrote none in the page's language
	HowNone  string

	Explained Explanation

	ActIntro string
	Requests []RequestBox
}

// Explanation is what counted in a decision and what would have changed it, as the customer reads it; staff
// answering a request about the decision read the same.
type Explanation struct {
	Factors     []FactorLine
	FactorsNote string // the intro when there are factors, the honest "did not tell us" when there are none
	Changes     []ChangeLine
	ChangesNone string // shown when the brand sent nothing on what would have changed this decision
}

// FactorLine is one thing that counted in the decision.
type FactorLine struct {
	Label     string
	LabelLang string // set when the label is in another language than the page's
	Direction string // raised, lowered, required or excluded, for the icon and tests
	Effect    string // "It pushed the result up. It counted a lot. It comes from your account transactions."
}

// ChangeLine is one thing that would have changed the decision: a sentence of vitrine's, or the brand's words.
type ChangeLine struct {
	Sentence string
	Quote    *Quote
}

// RequestBox is one thing the customer can ask about the decision (a review, their point of view, a contest):
// the form while they have not asked, its state and the brand's answer once they have.
type RequestBox struct {
	Kind     string
	Title    string
	What     string
	Label    string // the message field's label
	Required bool   // a point of view or a contest needs words; a review may go without
	EventID  string
	State    string // "You sent this on … . Maison Lumière must answer by …"
	Late     bool
	Message  *Quote // what the customer wrote
	Answer   *Quote // the brand's answer, labelled "Maison Lumière answered on …:"
}
