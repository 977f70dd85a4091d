// Package vocab holds the standard vocabularies a brand codes its purposes and kinds of data in: the W3C Data
// Privacy Vocabulary (DPV 2.1) purposes (core and finance sector), legal bases (core and EU GDPR), personal data
// categories (the pd extension) and AI terms (the ai extension, 2.2), the fideslang data uses and data categories
// with vitrine's mapping of those categories to DPV's, and the IAB TCF v2.2 purposes. It is a package of its own because these lists are data with a source and a version,
// refreshed from their publishers, and several parts of vitrine must agree on them: the registry file check
// (regfile), the admin forms that offer codes, and the tests that keep the demo honest.
//
// The lists are the files under data/, embedded in the binary (no call to a third party at run time). Each
// file's header names the repository, path and commit or publication it was taken from.
package vocab

import (
	"bufio"
	"embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/*.txt
var files embed.FS

// List is one vocabulary: its current terms, with where and when they were taken from.
type List struct {
	Name    string   // what the list is, "DPV purposes"
	Version string   // the vocabulary's version, "DPV 2.1"
	Source  string   // where the terms were taken from: repository, file, commit
	Terms   []string // the current terms, in the file's order
	set     map[string]bool
	gone    map[string]Replaced
	pairs   map[string]string // for a mapping: the term each key maps to
}

// Replaced is a term the vocabulary no longer offers as current, and the term that took its place.
type Replaced struct {
	Term    string
	By      string // the current term to use instead
	Removed bool   // gone from the vocabulary; false: still there, but deprecated
	Version string // the vocabulary's version that deprecated or removed it
}

// Has reports whether term is a current term of the list (exact, case included: codes are compared as written).
func (l *List) Has(term string) bool { return l.set[term] }

// Replacement tells whether term is one the vocabulary deprecated or removed, and what replaced it.
func (l *List) Replacement(term string) (Replaced, bool) {
	r, ok := l.gone[term]
	return r, ok
}

// Closest is the current term a typo away from term (a different case, or at most two letters changed), or ""
// when none is that close, so a message can say "did you mean" only when it is likely right.
func (l *List) Closest(term string) string {
	best, bestD := "", 3
	for _, t := range l.Terms {
		if strings.EqualFold(t, term) {
			return t
		}
		if d := distance(strings.ToLower(t), strings.ToLower(term), bestD); d < bestD {
			best, bestD = t, d
		}
	}
	return best
}

// The vocabularies, read from the embedded files once, when the program starts.
var (
	// DPVPurposes are the purposes of DPV 2.1's core namespace, written dpv:Term.
	DPVPurposes = mustLoad("data/dpv-purposes.txt")
	// DPVLegalBases are the legal bases of DPV 2.1's core namespace, written dpv:Term.
	DPVLegalBases = mustLoad("data/dpv-legal-bases.txt")
	// FidesDataUses are fideslang's default data uses.
	FidesDataUses = mustLoad("data/fideslang-data-uses.txt")
	// FidesDataCategories are fideslang's default data categories.
	FidesDataCategories = mustLoad("data/fideslang-data-categories.txt")
	// TCFPurposes are the IAB TCF v2.2 purposes: Terms[n-1] is the official name of purpose n.
	TCFPurposes = mustLoadTCF("data/tcf-purposes.txt")
	// DPVFinancePurposes are the purposes of DPV 2.1's finance sector extension, written sector-finance:Term:
	// sector-finance:CreditChecking, which left the core namespace in 2.1, is one.
	DPVFinancePurposes = mustLoad("data/dpv-sector-finance-purposes.txt")
	// DPVGDPRLegalBases are the legal bases of DPV 2.1's EU GDPR extension, written eu-gdpr:Term (eu-gdpr:A6-1-e is
	// GDPR Art. 6(1)(e)).
	DPVGDPRLegalBases = mustLoad("data/dpv-gdpr-legal-bases.txt")
	// DPVPersonalData are the personal data categories of DPV 2.1's pd extension, written pd:Term.
	DPVPersonalData = mustLoad("data/dpv-pd.txt")
	// DPVAI are the terms of DPV's AI extension (2.2, for ai:ModelTraining), written ai:Term.
	DPVAI = mustLoad("data/dpv-ai.txt")
	// FidesToPD is vitrine's mapping of fideslang data categories to DPV pd categories: Terms are "key pd:Term".
	FidesToPD = mustLoadMapping("data/fideslang-to-dpv-pd.txt", FidesDataCategories, DPVPersonalData)
)

// DPV namespaces, as DPV publishes them, for documents that write the terms above as IRIs.
const (
	DPVNamespace        = "https://w3id.org/dpv#"
	DPVPDNamespace      = "https://w3id.org/dpv/pd#"
	DPVAINamespace      = "https://w3id.org/dpv/ai#"
	DPVFinanceNamespace = "https://w3id.org/dpv/sector/finance#"
	DPVGDPRNamespace    = "https://w3id.org/dpv/legal/eu/gdpr#"
)

// PersonalData is the DPV term of a kind of data coded with fideslang key: the pd term mapped to the key, else
// to the nearest default key it extends, else dpv:PersonalData.
func PersonalData(key string) string {
	for k := key; k != ""; k = FidesDataCategories.Parent(k) {
		if t := FidesToPD.pairs[k]; t != "" {
			return t
		}
	}
	return "dpv:PersonalData"
}

// DPVPurpose reports whether term is a DPV 2.1 purpose vitrine reads: a core one (like dpv:ServicePersonalisation)
// or one of the finance sector extension (like sector-finance:CreditChecking).
func DPVPurpose(term string) bool { return DPVPurposes.Has(term) || DPVFinancePurposes.Has(term) }

// DPVLegalBasis reports whether term (like dpv:Consent) is a DPV 2.1 core legal basis.
func DPVLegalBasis(term string) bool { return DPVLegalBases.Has(term) }

// FidesDataUse reports whether key (like personalize.content) is a current fideslang default data use.
func FidesDataUse(key string) bool { return FidesDataUses.Has(key) }

// FidesDataCategory reports whether key (like user.behavior.purchase_history) is a current fideslang default
// data category.
func FidesDataCategory(key string) bool { return FidesDataCategories.Has(key) }

// TCFPurpose reports whether n is the number of a TCF v2.2 purpose (1 to 11).
func TCFPurpose(n int) bool { return n >= 1 && n <= len(TCFPurposes.Terms) }

// TCFName is the official name of TCF v2.2 purpose n, "" when there is none.
func TCFName(n int) string {
	if !TCFPurpose(n) {
		return ""
	}
	return TCFPurposes.Terms[n-1]
}

// Parent is the longest current term of l that key extends (user.behavior for user.behavior.wishlist), "" when
// none: fideslang lets an organisation add its own keys under the default ones.
func (l *List) Parent(key string) string {
	for i := strings.LastIndexByte(key, '.'); i > 0; i = strings.LastIndexByte(key, '.') {
		key = key[:i]
		if l.Has(key) {
			return key
		}
	}
	return ""
}

func mustLoad(name string) *List {
	l, err := load(name)
	if err != nil {
		panic(err) // the files are embedded: a malformed one is a build mistake, and the tests load every one
	}
	return l
}

// load reads a list file: "# name: …", "# version: …" and "# source: …" header lines, other comments, and one
// term a line; "deprecated K -> R (in V)" and "removed K -> R (in V)" lines name terms that are no longer current.
func load(name string) (*List, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("vocab: %w", err)
	}
	return parse(name, data)
}

// parse reads the text of a list file; name is for messages.
func parse(name string, data []byte) (*List, error) {
	l := &List{set: map[string]bool{}, gone: map[string]Replaced{}}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), ": ")
			switch {
			case ok && key == "name" && l.Name == "":
				l.Name = value
			case ok && key == "version" && l.Version == "":
				l.Version = value
			case ok && key == "source" && l.Source == "":
				l.Source = value
			}
		case strings.HasPrefix(line, "deprecated ") || strings.HasPrefix(line, "removed "):
			how, rest, _ := strings.Cut(line, " ")
			term, rest, ok1 := strings.Cut(rest, " -> ")
			by, version, ok2 := strings.Cut(rest, " (in ")
			if !ok1 || !ok2 || !strings.HasSuffix(version, ")") {
				return nil, fmt.Errorf("vocab: %s:%d: want %q", name, n, how+" KEY -> REPLACEMENT (in VERSION)")
			}
			l.gone[term] = Replaced{Term: term, By: by, Removed: how == "removed", Version: strings.TrimSuffix(version, ")")}
		default:
			if strings.ContainsAny(line, " \t") {
				return nil, fmt.Errorf("vocab: %s:%d: a term has no spaces: %q", name, n, line)
			}
			if l.set[line] {
				return nil, fmt.Errorf("vocab: %s:%d: %q is listed twice", name, n, line)
			}
			l.set[line] = true
			l.Terms = append(l.Terms, line)
		}
	}
	if l.Name == "" || l.Version == "" || l.Source == "" || len(l.Terms) == 0 {
		return nil, fmt.Errorf("vocab: %s needs name, version and source header lines and at least one term", name)
	}
	for _, r := range l.gone {
		if l.set[r.Term] || !l.set[r.By] {
			return nil, fmt.Errorf("vocab: %s: %s must not be current, and its replacement %s must be", name, r.Term, r.By)
		}
	}
	return l, nil
}

// mustLoadMapping reads a mapping file: the header lines of a list, then "KEY TERM" lines, each KEY a current term of
// from and each TERM a current term of to.
func mustLoadMapping(name string, from, to *List) *List {
	data, err := files.ReadFile(name)
	if err != nil {
		panic(fmt.Errorf("vocab: %w", err))
	}
	l, err := parseMapping(name, data, from, to)
	if err != nil {
		panic(err)
	}
	return l
}

// parseMapping reads the text of a mapping file; name is for messages.
func parseMapping(name string, data []byte, from, to *List) (*List, error) {
	var body strings.Builder
	pairs := map[string]string{}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			body.WriteString(line + "\n")
			continue
		}
		key, term, ok := strings.Cut(line, " ")
		switch {
		case !ok || strings.ContainsAny(term, " \t"):
			return nil, fmt.Errorf("vocab: %s:%d: want \"KEY TERM\": %q", name, n+1, line)
		case !from.Has(key):
			return nil, fmt.Errorf("vocab: %s:%d: %q is not a term of %s", name, n+1, key, from.Name)
		case !to.Has(term):
			return nil, fmt.Errorf("vocab: %s:%d: %q is not a term of %s", name, n+1, term, to.Name)
		}
		body.WriteString(key + "\n")
		pairs[key] = term
	}
	l, err := parse(name, []byte(body.String()))
	if err != nil {
		return nil, err
	}
	l.pairs = pairs
	return l, nil
}

// Mapped is the term key maps to in a mapping list, "" when it is not mapped.
func (l *List) Mapped(key string) string { return l.pairs[key] }

// mustLoadTCF reads the TCF file, whose lines are "N name", numbered from 1 without a gap.
func mustLoadTCF(name string) *List {
	data, err := files.ReadFile(name)
	if err != nil {
		panic(fmt.Errorf("vocab: %w", err))
	}
	l := &List{set: map[string]bool{}}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "#"); ok {
			key, value, ok := strings.Cut(strings.TrimSpace(rest), ": ")
			switch {
			case ok && key == "name" && l.Name == "":
				l.Name = value
			case ok && key == "version" && l.Version == "":
				l.Version = value
			case ok && key == "source" && l.Source == "":
				l.Source = value
			}
			continue
		}
		if line == "" {
			continue
		}
		num, text, _ := strings.Cut(line, " ")
		if n, err := strconv.Atoi(num); err != nil || n != len(l.Terms)+1 || text == "" {
			panic(fmt.Errorf("vocab: %s: %q is not purpose number %d and its name", name, line, len(l.Terms)+1))
		}
		l.Terms = append(l.Terms, text)
		l.set[text] = true
	}
	if l.Name == "" || l.Version == "" || l.Source == "" || len(l.Terms) == 0 {
		panic(fmt.Errorf("vocab: %s needs name, version and source header lines and at least one purpose", name))
	}
	return l
}

// distance is the Levenshtein distance between a and b, or limit when it is at least limit (the search stops
// early: only close terms matter).
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}

// LegalBasisDPV maps vitrine's legal bases (GDPR Art. 6(1)(a) to (f)) to their DPV term, for every document that
// names one: ai.json, the export and consent receipts. A public task is DPV's PublicInterest: DPV has no PublicTask.
var LegalBasisDPV = map[string]string{
	"consent": "dpv:Consent", "contract": "dpv:Contract", "legitimate_interest": "dpv:LegitimateInterest",
	"legal_obligation": "dpv:LegalObligation", "vital_interest": "dpv:VitalInterest", "public_task": "dpv:PublicInterest",
}
