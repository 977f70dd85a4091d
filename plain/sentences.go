package plain

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SummaryFacts are the numbers behind the one opening sentence of a
// customer's page.
type SummaryFacts struct {
	Months    int // window, usually 12; zero or less means 12
	Systems   int // distinct AI systems that used the data
	Events    int // total uses
	Purposes  int // distinct purposes; zero or less leaves the reasons out
	Learned   int // systems that learned from (trained on) the data
	BrandName string
}

// Category is one kind of data as a customer reads it in a sentence.
type Category struct {
	Phrase    string // possessive noun phrase already in the locale: "your purchase history" / "votre historique d'achats"
	Sensitive bool   // GDPR Art. 9 special category: the sentence says so in plain words
}

// EventFacts are the facts of one data-usage event, already localised where
// they are brand texts. Empty texts are left out of the sentence.
type EventFacts struct {
	At           time.Time
	SystemName   string     // proper noun, e.g. "Product recommender"
	Action       string     // inference | training | decision | generation | sharing | agent_access (anything else reads like inference)
	Categories   []Category // may be empty: "your data" / "vos données"
	PurposeAim   string     // infinitive clause in the locale without "to"/"pour": "recommend products you may like" / "vous recommander des produits"
	Outcome      string     // brand-supplied short result, e.g. "suggested 4 products"
	ModelVersion string     // for training: which model version learned ("7" or "v7")
	Actor        string     // for sharing: the other party; for agent_access: the agent's name
	OnBehalfOf   string     // for agent_access: the person the agent acts for
	Act          *Agent     // for agent_access: the agent and who it acts for, when the brand said; it then names the agent, not Actor
	Decision     string     // for decision: the decision made, e.g. "credit limit set to £2,000"
	HumanReview  bool       // for decision: a person can review it on request
	Review       string     // for decision: the customer's review request, "pending" or "reviewed"; "" when none
	ReviewAt     time.Time  // when the review was asked for (pending) or given (reviewed)
}

// Quote is a text the brand wrote (an event's result, a decision, a reviewer's answer), shown apart from the
// sentences vitrine writes, as a quotation: it is in the brand's words and maybe in another language, so it is
// never spliced into a sentence's grammar.
type Quote struct {
	Label string // what it is, in the reader's language: "Result", "Decision"
	Text  string // as the brand wrote it
}

// Summary writes the opening sentences of a customer's page, for example
// "Over the last 12 months, 6 AI systems used your data 1,284 times, for 5
// different reasons. One of them learned from your data."
func (l *Localizer) Summary(s SummaryFacts) string {
	months := s.Months
	if months <= 0 {
		months = 12
	}
	window := l.N("summary.window", months)
	if s.Events <= 0 {
		if brand := strings.TrimSpace(s.BrandName); brand != "" {
			return l.T("summary.none", window, brand)
		}
		return l.T("summary.none.anonymous", window)
	}
	// The clauses join with ", " and " " in both languages, so they are joined
	// here rather than through one long template per combination.
	first := window + ", " + l.N("summary.systems", s.Systems) + " " + l.N("summary.uses", s.Events)
	if s.Purposes > 0 {
		first += ", " + l.N("summary.reasons", s.Purposes)
	}
	return first + ". " + l.learned(s.Systems, s.Learned)
}

// learned says how many of the systems learned from the data. "Them" would
// be odd for a single system, and "2 of them" odd when it is all of them.
func (l *Localizer) learned(systems, learned int) string {
	switch {
	case systems <= 1 && learned > 0:
		return l.T("summary.learned.it")
	case systems <= 1:
		return l.T("summary.learned.it_not")
	case learned >= systems:
		return l.N("summary.learned.all", systems)
	default:
		return l.N("summary.learned", max(learned, 0))
	}
}

// EventSentence writes the sentences that tell a customer what happened in one event, for example "On 3 Nov 2026
// at 14:02, Product recommender used your purchase history to recommend products you may like." The brand's own
// words (result, decision) are left out: EventStory gives them apart, as quotes.
func (l *Localizer) EventSentence(e EventFacts) string {
	s, _ := l.EventStory(e)
	return s
}

// EventStory tells one event: the sentences vitrine writes in l's language, and the texts the brand supplied
// (the decision, the result), quoted apart with a label.
func (l *Localizer) EventStory(e EventFacts) (string, []Quote) {
	f, quotes := l.eventFrame(e)
	return f.at(l, l.DateTime(e.At)), quotes
}

// eventFrame writes e's sentences with a hole where its time goes, and its quotes. The sentences read every fact
// of e but At, Outcome and Decision, which are only ever quoted: EventStories, which writes the frame once for
// all events that differ only in those, relies on it, and frameKey must name any fact a sentence comes to read.
func (l *Localizer) eventFrame(e EventFacts) (storyFrame, []Quote) {
	system := strings.TrimSpace(e.SystemName)
	if system == "" {
		system = l.T("event.someone")
	}
	aim := strings.TrimSpace(e.PurposeAim)
	outcome := strings.TrimSpace(e.Outcome)
	var quotes []Quote

	// what is the main clause; after is what follows it as whole sentences.
	var what string
	var after []string
	switch e.Action {
	case "training":
		what = l.T("event.training", system, l.data(e.Categories, "data.from"))
		if v := version(e.ModelVersion); v != "" {
			what = l.T("event.training.version", what, v)
		}
		// The aim is why the model exists, not why it learned: say it apart.
		if aim != "" {
			after = append(after, l.T("event.training.aim", aim))
		}
		aim = ""
	case "decision":
		what = l.T("event.decision", system, l.data(e.Categories, "data.from"))
		decision := strings.TrimSpace(e.Decision)
		if decision == "" {
			// The brand may have put the decision in the outcome only.
			decision, outcome = outcome, ""
		}
		if decision != "" {
			quotes = append(quotes, Quote{Label: l.T("event.quote.decision"), Text: decision})
		}
		if outcome == decision {
			outcome = ""
		}
		switch {
		case e.Review == "reviewed":
			after = append(after, l.T("event.decision.reviewed", l.Date(e.ReviewAt)))
		case e.Review == "pending":
			after = append(after, l.T("event.decision.pending", l.Date(e.ReviewAt)))
		case e.HumanReview:
			after = append(after, l.T("event.decision.review"))
		}
	case "generation":
		what = l.T("event.generation", system, l.data(e.Categories, ""))
	case "sharing":
		actor := strings.TrimSpace(e.Actor)
		if actor == "" {
			actor = l.T("event.sharing.someone")
		}
		what = l.T("event.sharing", system, l.data(e.Categories, ""), actor)
	case "agent_access":
		if e.Act != nil {
			what = l.agentAccess(e)
			break
		}
		agent := strings.TrimSpace(e.Actor)
		if agent == "" {
			agent = strings.TrimSpace(e.SystemName)
		}
		if agent != "" {
			what = l.T("event.agent_access", agent, l.data(e.Categories, ""))
		} else {
			what = l.T("event.agent_access.anonymous", l.data(e.Categories, ""))
		}
		if who := strings.TrimSpace(e.OnBehalfOf); who != "" {
			what = l.T("event.on_behalf", what, who)
		}
	default: // inference, and any action this version does not know yet
		what = l.T("event.inference", system, l.data(e.Categories, ""))
	}
	var out []string
	if aim != "" {
		// Why, in a sentence of its own: one long sentence per event read at a level of 53 to 55.
		out = append(out, sentence(l.T("event.aim", strings.TrimRight(aim, "."))))
	}
	for _, s := range after {
		out = append(out, sentence(s))
	}
	if outcome != "" {
		quotes = append(quotes, Quote{Label: l.T("event.quote.result"), Text: outcome})
	}
	f := storyFrame{what: what}
	if len(out) > 0 {
		f.rest = " " + strings.Join(out, " ")
	}
	// The first sentence is written once around a mark standing for the time, and cut there. Substituting the
	// time for the mark gives the very text written with the time: the message's verbs take their arguments
	// as they are, and sentence looks only at the end, where a time and the mark alike end in neither a space
	// nor a stop. A brand text holding the mark leaves the frame uncut, to be written again for each time.
	first := sentence(l.T("event.when", timeMark, what))
	if i := strings.Index(first, timeMark); i >= 0 && strings.Count(first, timeMark) == 1 {
		f = storyFrame{head: strings.Clone(first[:i]), tail: first[i+len(timeMark):] + f.rest, cut: true} // what and rest are in it
	}
	return f, quotes
}

// timeMark stands for a time in a sentence written before the time is known (storyFrame): control characters
// that no message holds, nor any brand text one would write.
const timeMark = "\x00\x01t\x01\x00"

// storyFrame is an event's sentences around the hole where its time goes.
type storyFrame struct {
	head, tail string // the sentences before and after the time, when cut
	cut        bool
	what, rest string // the first sentence's clause and the sentences after it, to write them again when not cut
}

// at fills the frame with the time told as dateTime (Localizer.DateTime).
func (f storyFrame) at(l *Localizer, dateTime string) string {
	if !f.cut {
		return sentence(l.T("event.when", dateTime, f.what)) + f.rest
	}
	return f.head + dateTime + f.tail
}

// data lists the categories as a noun phrase, marking sensitive ones, each
// item passed through the message wrap when wrap is not empty.
func (l *Localizer) data(cats []Category, wrap string) string {
	var items []string
	for _, c := range cats {
		p := strings.TrimSpace(c.Phrase)
		if p == "" {
			continue
		}
		if c.Sensitive {
			p = l.T("data.sensitive", p)
		}
		items = append(items, p)
	}
	if len(items) == 0 {
		items = []string{l.T("data.yours")}
	}
	if wrap != "" {
		for i, p := range items {
			items[i] = l.T(wrap, p)
		}
	}
	return l.List(items)
}

// version drops a leading "v" from "v7", which would read "version v7".
func version(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && v[1] >= '0' && v[1] <= '9' {
		return v[1:]
	}
	return v
}

// sentence ends s with a full stop unless brand text already ended it.
func sentence(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…':
		return s
	}
	return s + "."
}
