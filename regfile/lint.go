package regfile

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"vitrine/plain"
	"vitrine/vocab"
)

// WarningPrefix starts the message of a problem that is advice: Lint reports it, but it does not make the file fail.
const WarningPrefix = "warning: "

// IsWarning reports whether the problem is advice (see WarningPrefix) rather than an error.
func (e LineError) IsWarning() bool { return strings.HasPrefix(e.Message, WarningPrefix) }

// MinReadingEase is the reading-ease score every customer-facing sentence should reach, in either language: 60 is
// plain language a school leaver reads easily (Flesch in English, Kandel–Moles in French).
const MinReadingEase = 60

// minScoredWords is the shortest text whose reading ease is scored. The formulas count syllables per word and
// words per sentence, and need a couple of sentences to mean anything: on a label or one short sentence a single
// long word ("ordinateur", "transactions") moves the score by 20 points or more, so such texts are not scored.
// Names, phrases and aims are labels that vitrine puts inside its own sentences, whose plainness the catalog
// tests check; they are never scored.
const minScoredWords = 15

// Lint checks a registry file offline, as a brand's CI would before shipping it: everything Parse checks, then
// what customers will read (every text in English and in French, in plain words) and the standard codes (DPV,
// TCF, fideslang) against the vocabularies of package vocab. It needs no database. The problems come sorted by
// line; a message that starts with WarningPrefix is advice. A file whose structure cannot be read (not YAML, an
// unknown field, a wrong type) gets only those problems, since its values cannot be told apart.
func Lint(data []byte) []LineError {
	f, errs := decode(data)
	if len(errs) == 0 {
		errs = validate(f)
		var root yaml.Node
		if yaml.Unmarshal(data, &root) == nil && len(root.Content) > 0 {
			l := linter{nodes: listNodes(root.Content[0])}
			l.systems(f.Systems)
			l.purposes(f.Purposes)
			l.categories(f.DataCategories)
			errs = append(errs, l.errs...)
		}
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return errs
}

// linter collects the problems Lint adds to Parse's, with the YAML nodes of each entry to find lines in.
type linter struct {
	nodes map[string][]*yaml.Node // "systems", "purposes", "data_categories": each entry's node, in the file's order
	errs  []LineError
}

func (l *linter) add(line int, format string, args ...any) {
	l.errs = append(l.errs, LineError{line, fmt.Sprintf(format, args...)})
}

// node is the i-th entry of a list, or nil when the file has fewer (it never has: decode read them all).
func (l *linter) node(list string, i int) *yaml.Node {
	if i < len(l.nodes[list]) {
		return l.nodes[list][i]
	}
	return nil
}

// listNodes finds the entries of each list, as decode reads them: a list given twice adds its entries after the
// first one's.
func listNodes(top *yaml.Node) map[string][]*yaml.Node {
	out := map[string][]*yaml.Node{}
	if top.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if v := deref(top.Content[i+1]); v.Kind == yaml.SequenceNode {
			out[top.Content[i].Value] = append(out[top.Content[i].Value], v.Content...)
		}
	}
	return out
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// lineAt is the line of the deepest key of path found under n (texts, then fr, then explanation), or of n itself:
// a problem points at the field when it is there, and at what should hold it when it is not.
func lineAt(n *yaml.Node, path ...string) int {
	n = deref(n)
	if n == nil {
		return 0
	}
	line := n.Line
	for _, key := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			break
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line, next = n.Content[i].Line, deref(n.Content[i+1])
				break
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line
}

// text is one customer-facing field of an entry in one locale.
type text struct {
	field, value string
	required     bool // needed in every language; the others are needed in a language once given in another
	scored       bool // a sentence whose reading ease is checked
}

// languages are the locales customers read, with their names for messages.
var languages = []struct{ code, name string }{{"en", "English"}, {"fr", "French"}}

// help says what each field holds, for "write … in French".
var help = map[string]string{
	"what":         "what the system does",
	"how":          "how it works",
	"human_review": "how to ask a person to review a decision",
	"decides":      "how it decides",
	"name":         "its name",
	"aim":          "what it is for",
	"explanation":  "the plain explanation",
	"phrase":       "the short phrase used in sentences (like \"your purchase history\")",
}

// texts checks an entry's texts: every required field in every language, every field given in one language also
// in the other, and every sentence in plain words. texts maps a locale to its fields; missing is what to write
// for a locale that has no text at all.
func (l *linter) texts(n *yaml.Node, path string, texts map[string][]text, missing string) {
	given := map[string]bool{}
	for _, fields := range texts {
		for _, t := range fields {
			if strings.TrimSpace(t.value) != "" {
				given[t.field] = true
			}
		}
	}
	for _, lang := range languages {
		fields, ok := texts[lang.code]
		if !ok {
			l.add(lineAt(n, "texts"), "%s.texts.%s is missing: write %s in %s, as customers read the page in either language",
				path, lang.code, missing, lang.name)
			continue
		}
		for _, t := range fields {
			value := strings.TrimSpace(t.value)
			if value == "" {
				if t.required || given[t.field] {
					l.add(lineAt(n, "texts", lang.code), "%s.texts.%s.%s is missing: write %s in %s", path, lang.code, t.field, help[t.field], lang.name)
				}
				continue
			}
			if !t.scored {
				continue
			}
			if r := plain.ReadingEase(lang.code, value); r.Words >= minScoredWords && r.Score < MinReadingEase {
				l.add(lineAt(n, "texts", lang.code, t.field), "%s.texts.%s.%s reads at %d (aim for %d or more: shorter sentences, everyday words)",
					path, lang.code, t.field, int(math.Floor(r.Score)), MinReadingEase)
			}
		}
	}
}

func (l *linter) systems(systems []System) {
	for i, s := range systems {
		n, path := l.node("systems", i), fmt.Sprintf("systems[%d]", i)
		texts := map[string][]text{}
		for loc, t := range s.Texts {
			fields := []text{{"what", t.What, true, true}, {"how", t.How, true, true}, {"human_review", t.HumanReview, false, true}}
			if s.AutomatedDecision { // validate already refuses decides on a system that does not decide
				fields = append(fields, text{"decides", t.Decides, false, true})
			}
			texts[loc] = fields
		}
		l.texts(n, path, texts, "what the system does and how it works")
	}
}

func (l *linter) purposes(purposes []Purpose) {
	for i, p := range purposes {
		n, path := l.node("purposes", i), fmt.Sprintf("purposes[%d]", i)
		texts := map[string][]text{}
		for loc, t := range p.Texts {
			texts[loc] = []text{{"name", t.Name, true, false}, {"aim", t.Aim, false, false}, {"explanation", t.Explanation, true, true}}
		}
		l.texts(n, path, texts, "its name and the plain explanation")
		l.refusal(n, path, p)
		if p.DPV != "" {
			l.dpv(lineAt(n, "dpv"), path, p.DPV)
		}
		if p.FidesUse != "" {
			l.fidesUse(lineAt(n, "fides_use"), path, p.FidesUse)
		}
		// tcf_purpose is checked by validate, against the same vocabulary.
	}
}

// refusal checks what refusable says against how vitrine reads it (handlers' refusable): consent can always be
// refused, which validate already requires the file to say. A legitimate interest may be refusable or not: the
// right to object (GDPR Art. 21) gives way to compelling grounds such as fraud prevention, and the customer page
// says "you cannot switch this off" with its own words for that case, so either is a choice the brand makes and
// nothing is reported. Under the other bases (contract, legal obligation, vital interest, public task) vitrine
// never offers a refusal, so refusable: true there promises customers something they will not find: a warning.
func (l *linter) refusal(n *yaml.Node, path string, p Purpose) {
	switch p.LegalBasis {
	case "consent", "legitimate_interest":
		return
	}
	if p.Refusable && oneOf(p.LegalBasis, bases) {
		l.add(lineAt(n, "refusable"), "%s%s.refusable is true, but customers cannot refuse a purpose whose legal basis is %s, and vitrine "+
			"will not offer them to: remove refusable, or give the legal basis that lets them refuse (consent or legitimate_interest)",
			WarningPrefix, path, p.LegalBasis)
	}
}

// dpv checks a purpose's DPV term.
func (l *linter) dpv(line int, path, term string) {
	v := vocab.DPVPurposes
	sector := "sector-finance:" + strings.TrimPrefix(term, "dpv:")
	switch {
	case vocab.DPVPurpose(term):
	case strings.HasPrefix(term, "dpv:") && vocab.DPVFinancePurposes.Has(sector):
		l.add(line, "%s.dpv %q moved to DPV's finance sector extension in %s: write %s", path, term, v.Version, sector)
	case vocab.DPVLegalBasis(term):
		l.add(line, "%s.dpv %q is a DPV legal basis, not a purpose: the legal basis goes in legal_basis; give here the DPV purpose, like dpv:ServiceProvision",
			path, term)
	case !strings.HasPrefix(term, "dpv:") && v.Has("dpv:"+term):
		l.add(line, "%s.dpv %q needs its prefix: write dpv:%s", path, term, term)
	case v.Closest(term) != "":
		l.add(line, "%s.dpv %q is not a purpose of %s; did you mean %s?", path, term, v.Version, v.Closest(term))
	default:
		l.add(line, "%s.dpv %q is not one of the %d core purposes of %s (dpv:…) nor of its finance sector extension (sector-finance:…); "+
			"use the closest purpose", path, term, len(v.Terms), v.Version)
	}
}

// fidesUse checks a purpose's fideslang data use: unlike a category, a data use is chosen from a list in the
// admin form, never typed, so an unknown one is an error.
func (l *linter) fidesUse(line int, path, key string) {
	v := vocab.FidesDataUses
	if v.Has(key) {
		return
	}
	if r, ok := v.Replacement(key); ok {
		l.add(line, "%s.fides_use %q %s: use %s", path, key, replacedWhen(r), r.By)
		return
	}
	if c := v.Closest(key); c != "" {
		l.add(line, "%s.fides_use %q is not a fideslang data use; did you mean %s?", path, key, c)
		return
	}
	l.add(line, "%s.fides_use %q is not a data use of %s; use one of its keys, like essential.service or personalize.content", path, key, v.Version)
}

func (l *linter) categories(categories []Category) {
	for i, c := range categories {
		n, path := l.node("data_categories", i), fmt.Sprintf("data_categories[%d]", i)
		texts := map[string][]text{}
		for loc, t := range c.Texts {
			texts[loc] = []text{{"name", t.Name, true, false}, {"phrase", t.Phrase, true, false}, {"explanation", t.Explanation, false, true}}
		}
		l.texts(n, path, texts, "its name and the short phrase used in sentences")
		if c.FidesKey != "" {
			l.fidesKey(lineAt(n, "fides_key"), path, c.FidesKey)
		}
	}
}

// fidesKey checks a category's fideslang key. A key fideslang replaced is an error, with what to use. An unknown
// key is only a warning: fideslang lets an organisation extend its taxonomy with custom categories (is_default
// false, parent_key the key's prefix), the admin form lets a brand type its own key, and whether the brand's Fides
// setup defines that key cannot be known offline. The warning says which default key it would extend, or which
// default key it is a typo of.
func (l *linter) fidesKey(line int, path, key string) {
	v := vocab.FidesDataCategories
	if v.Has(key) {
		return
	}
	if r, ok := v.Replacement(key); ok {
		l.add(line, "%s.fides_key %q %s: use %s", path, key, replacedWhen(r), r.By)
		return
	}
	if c := v.Closest(key); c != "" {
		l.add(line, "%s%s.fides_key %q is not a fideslang data category; did you mean %s? Keep it only if your Fides setup defines it",
			WarningPrefix, path, key, c)
		return
	}
	if p := v.Parent(key); p != "" {
		l.add(line, "%s%s.fides_key %q is not in %s's default categories: fine if your Fides setup defines it as a custom category under %s, "+
			"otherwise use a default key", WarningPrefix, path, key, v.Version, p)
		return
	}
	l.add(line, "%s%s.fides_key %q is not in %s's default categories and extends none of them: fine if your Fides setup defines it, "+
		"otherwise use a default key, like user.behavior.purchase_history", WarningPrefix, path, key, v.Version)
}

// replacedWhen says when fideslang replaced a key, for a message.
func replacedWhen(r vocab.Replaced) string {
	if r.Removed {
		return "was removed from fideslang in " + r.Version
	}
	return "is deprecated in fideslang since " + r.Version
}
