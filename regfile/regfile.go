// Package regfile reads and writes a brand's AI registry as a YAML file, so privacy and marketing teams can keep
// the registry in git, review changes as diffs, and apply them with one command: registry as code.
package regfile

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"vitrine/store"
	"vitrine/vocab"
)

// File is the registry as a team edits it.
type File struct {
	Brand          string     `yaml:"brand"`
	Systems        []System   `yaml:"systems"`
	Purposes       []Purpose  `yaml:"purposes"`
	DataCategories []Category `yaml:"data_categories"`
}

// System is an AI system in the file.
type System struct {
	Slug              string                `yaml:"slug"`
	Name              string                `yaml:"name"`
	Vendor            string                `yaml:"vendor,omitempty"`
	Deployment        string                `yaml:"deployment"`
	Learns            bool                  `yaml:"learns"`
	RiskLevel         string                `yaml:"risk_level"`
	AutomatedDecision bool                  `yaml:"automated_decision"`
	Retention         string                `yaml:"retention,omitempty"`
	OwnerTeam         string                `yaml:"owner_team,omitempty"`
	Status            string                `yaml:"status"`
	DocURL            string                `yaml:"doc_url,omitempty"`
	Texts             map[string]SystemText `yaml:"texts"`
	// Counterfactuals says the brand sends, with each decision, what would have changed it.
	Counterfactuals bool `yaml:"counterfactuals,omitempty"`
	// Factors are what a deciding system may weigh, as customers will read them. The file is the truth: a
	// factor taken out of the file is taken out of the registry.
	Factors []Factor `yaml:"factors,omitempty"`
	line    int
}

// Factor is one thing a deciding system may weigh, with its words in each locale.
type Factor struct {
	Key          string            `yaml:"key"`
	DataCategory string            `yaml:"data_category,omitempty"` // slug of the data category it comes from
	Labels       map[string]string `yaml:"labels,omitempty"`
	line         int
}

// SystemText is a system's plain words in one locale.
type SystemText struct {
	Name        string `yaml:"name,omitempty"` // the system's name in this locale; the system's name when empty
	What        string `yaml:"what"`
	How         string `yaml:"how"`
	HumanReview string `yaml:"human_review,omitempty"`
	Decides     string `yaml:"decides,omitempty"` // how a deciding system decides, in general, in plain words
}

// Purpose is a purpose in the file.
type Purpose struct {
	Slug       string                 `yaml:"slug"`
	LegalBasis string                 `yaml:"legal_basis"`
	Refusable  bool                   `yaml:"refusable"`
	IsTraining bool                   `yaml:"is_training,omitempty"`
	DPV        string                 `yaml:"dpv,omitempty"`
	TCFPurpose int                    `yaml:"tcf_purpose,omitempty"`
	FidesUse   string                 `yaml:"fides_use,omitempty"`
	Texts      map[string]PurposeText `yaml:"texts"`
	line       int
}

// PurposeText is a purpose's plain words in one locale.
type PurposeText struct {
	Name        string `yaml:"name"`
	Aim         string `yaml:"aim,omitempty"`
	Explanation string `yaml:"explanation"`
}

// Category is a data category in the file.
type Category struct {
	Slug      string                  `yaml:"slug"`
	Sensitive bool                    `yaml:"sensitive"`
	FidesKey  string                  `yaml:"fides_key,omitempty"`
	Texts     map[string]CategoryText `yaml:"texts"`
	line      int
}

// CategoryText is a category's plain words in one locale.
type CategoryText struct {
	Name        string `yaml:"name"`
	Phrase      string `yaml:"phrase"`
	Explanation string `yaml:"explanation,omitempty"`
}

// LineError is a problem in the file, at a line a person can go to.
type LineError struct {
	Line    int
	Message string
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Message) }

// Export writes the brand's registered entries as a File, sorted by slug so exports diff cleanly.
func Export(brandSlug string, reg *store.Registry) File {
	f := File{Brand: brandSlug, Systems: []System{}, Purposes: []Purpose{}, DataCategories: []Category{}}
	for _, s := range reg.SystemOrder {
		if !s.Registered {
			continue
		}
		x := System{Slug: s.Slug, Name: s.Name, Vendor: s.Vendor, Deployment: s.Deployment, Learns: s.Learns, RiskLevel: s.RiskLevel,
			AutomatedDecision: s.AutomatedDecision, Retention: s.Retention, OwnerTeam: s.OwnerTeam, Status: s.Status, DocURL: s.DocURL,
			Texts: map[string]SystemText{}, Counterfactuals: s.Counterfactuals}
		for l, t := range s.Texts {
			x.Texts[l] = SystemText{Name: t.Name, What: t.What, How: t.How, HumanReview: t.HumanReview, Decides: t.Decides}
		}
		x.Factors = exportFactors(s.Factors)
		f.Systems = append(f.Systems, x)
	}
	for _, p := range reg.PurposeOrder {
		if !p.Registered {
			continue
		}
		x := Purpose{Slug: p.Slug, LegalBasis: p.LegalBasis, Refusable: p.Refusable, IsTraining: p.IsTraining, DPV: p.DPV,
			TCFPurpose: p.TCFPurpose, FidesUse: p.FidesUse, Texts: map[string]PurposeText{}}
		for l, t := range p.Texts {
			x.Texts[l] = PurposeText{Name: t.Name, Aim: t.Aim, Explanation: t.Explanation}
		}
		f.Purposes = append(f.Purposes, x)
	}
	for _, id := range reg.CategoryOrderIDs {
		d := reg.Categories[id]
		if !d.Registered {
			continue
		}
		x := Category{Slug: d.Slug, Sensitive: d.Sensitive, FidesKey: d.FidesKey, Texts: map[string]CategoryText{}}
		for l, t := range d.Texts {
			x.Texts[l] = CategoryText{Name: t.Name, Phrase: t.Phrase, Explanation: t.Explanation}
		}
		f.DataCategories = append(f.DataCategories, x)
	}
	sort.Slice(f.Systems, func(i, j int) bool { return f.Systems[i].Slug < f.Systems[j].Slug })
	return f
}

// exportFactors is the registered factors, sorted by key; factors only seen in events are not the brand's
// description, so they stay out of the file (and the coverage page asks for them). None gives nil, as a file
// without factors parses, so that an export applies as no change.
func exportFactors(in []store.DecisionFactor) []Factor {
	var out []Factor
	for _, d := range in {
		if !d.Registered {
			continue
		}
		x := Factor{Key: d.Key, DataCategory: d.DataCategory}
		for l, v := range d.Labels {
			if v == "" {
				continue
			}
			if x.Labels == nil {
				x.Labels = map[string]string{}
			}
			x.Labels[l] = v
		}
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Marshal writes a File as YAML with a header comment.
func Marshal(f File) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# vitrine registry of " + f.Brand + ". Edit, then: vitrine registry apply --brand " + f.Brand + " FILE (dry run; add --yes to apply).\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("regfile: encode: %w", err)
	}
	return b.Bytes(), nil
}

// factorKeyRe is what a factor key may look like: brands send it in events, so it stays a plain slug.
var factorKeyRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,99}$`)

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)

var (
	deployments = []string{store.DeployVendorTool, store.DeployInHouse, store.DeployExternalAgent}
	risks       = []string{"minimal", "limited", "high"}
	statuses    = []string{"active", "retired"}
	bases       = []string{"consent", "contract", "legitimate_interest", "legal_obligation", "vital_interest", "public_task"}
	locales     = []string{"en", "fr"}
)

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// Parse reads a registry file strictly: unknown fields, wrong types and invalid values are all reported with
// their line, and a file with any error yields no File, so an apply changes nothing.
func Parse(data []byte) (File, []LineError) {
	f, errs := decode(data)
	if len(errs) == 0 {
		errs = validate(f)
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return File{}, errs
	}
	return f, nil
}

// decode reads the file's structure (fields, types), leaving the values to validate, so that Lint can look at
// the values of a file whose values are wrong.
func decode(data []byte) (File, []LineError) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return File{}, []LineError{yamlError(err)}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return File{}, []LineError{{Line: 1, Message: "the file must be a mapping with brand, systems, purposes and data_categories"}}
	}
	var f File
	var errs []LineError
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, val := top.Content[i], top.Content[i+1]
		switch key.Value {
		case "brand":
			f.Brand = val.Value
		case "systems":
			errs = append(errs, decodeList(val, "systems", func(n *yaml.Node) error {
				var s System
				if err := strictDecode(n, &s); err != nil {
					return err
				}
				s.line = n.Line
				factorLines(n, &s)
				f.Systems = append(f.Systems, s)
				return nil
			})...)
		case "purposes":
			errs = append(errs, decodeList(val, "purposes", func(n *yaml.Node) error {
				var p Purpose
				if err := strictDecode(n, &p); err != nil {
					return err
				}
				p.line = n.Line
				f.Purposes = append(f.Purposes, p)
				return nil
			})...)
		case "data_categories":
			errs = append(errs, decodeList(val, "data_categories", func(n *yaml.Node) error {
				var c Category
				if err := strictDecode(n, &c); err != nil {
					return err
				}
				c.line = n.Line
				f.DataCategories = append(f.DataCategories, c)
				return nil
			})...)
		default:
			errs = append(errs, LineError{key.Line, fmt.Sprintf("unknown field %q (expected brand, systems, purposes, data_categories)", key.Value)})
		}
	}
	return f, errs
}

// factorLines gives each of the system's factors the line of its entry, so a problem names the factor's line and
// not only the system's; an empty factors list counts as none.
func factorLines(n *yaml.Node, s *System) {
	if len(s.Factors) == 0 {
		s.Factors = nil
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "factors" || n.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range n.Content[i+1].Content {
			if j < len(s.Factors) {
				s.Factors[j].line = item.Line
			}
		}
	}
	for j := range s.Factors {
		if s.Factors[j].line == 0 {
			s.Factors[j].line = s.line
		}
	}
}

func decodeList(n *yaml.Node, field string, each func(*yaml.Node) error) []LineError {
	if n.Kind != yaml.SequenceNode {
		return []LineError{{n.Line, field + " must be a list"}}
	}
	var errs []LineError
	for _, item := range n.Content {
		if err := each(item); err != nil {
			le := yamlError(err)
			if le.Line == 0 {
				le.Line = item.Line
			}
			errs = append(errs, le)
		}
	}
	return errs
}

// strictDecode decodes one node, refusing fields the struct does not know (a typo must not be silently lost).
func strictDecode(n *yaml.Node, v any) error {
	out, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(out))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		// Lines in the error are relative to the node; shift them to the file.
		return shiftLines(err, n.Line-1)
	}
	return nil
}

var lineRe = regexp.MustCompile(`line (\d+): (.*)`)

func shiftLines(err error, by int) error {
	var parts []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if m := lineRe.FindStringSubmatch(l); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			parts = append(parts, fmt.Sprintf("line %d: %s", n+by, m[2]))
		}
	}
	if len(parts) == 0 {
		return err
	}
	return fmt.Errorf("%s", strings.Join(parts, "\n"))
}

func yamlError(err error) LineError {
	if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return LineError{n, strings.TrimPrefix(m[2], "yaml: ")}
	}
	return LineError{0, strings.TrimPrefix(err.Error(), "yaml: ")}
}

func validate(f File) []LineError {
	var errs []LineError
	bad := func(line int, format string, args ...any) {
		errs = append(errs, LineError{line, fmt.Sprintf(format, args...)})
	}
	seen := map[string]int{}
	for _, s := range f.Systems {
		if !slugRe.MatchString(s.Slug) {
			bad(s.line, "system slug %q must be lowercase letters, digits, - _ . (like product-recommender)", s.Slug)
		}
		if l, dup := seen["s:"+s.Slug]; dup {
			bad(s.line, "system %q is already defined at line %d", s.Slug, l)
		}
		seen["s:"+s.Slug] = s.line
		if strings.TrimSpace(s.Name) == "" {
			bad(s.line, "system %q needs a name", s.Slug)
		}
		if !oneOf(s.Deployment, deployments) {
			bad(s.line, "system %q: deployment must be one of %s", s.Slug, strings.Join(deployments, ", "))
		}
		if !oneOf(s.RiskLevel, risks) {
			bad(s.line, "system %q: risk_level must be one of %s", s.Slug, strings.Join(risks, ", "))
		}
		if !oneOf(s.Status, statuses) {
			bad(s.line, "system %q: status must be active or retired", s.Slug)
		}
		if _, err := store.ParseRetention(s.Retention); err != nil {
			bad(s.line, "system %q: retention: %v", s.Slug, err)
		}
		if s.DocURL != "" {
			if u, err := url.Parse(s.DocURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				bad(s.line, "system %q: doc_url must be an http(s) address", s.Slug)
			}
		}
		for l := range s.Texts {
			if !oneOf(l, locales) {
				bad(s.line, "system %q: texts has locale %q; use en or fr", s.Slug, l)
			}
		}
		validateDecisions(s, bad)
	}
	for _, p := range f.Purposes {
		if !slugRe.MatchString(p.Slug) {
			bad(p.line, "purpose slug %q must be lowercase letters, digits, - _ .", p.Slug)
		}
		if l, dup := seen["p:"+p.Slug]; dup {
			bad(p.line, "purpose %q is already defined at line %d", p.Slug, l)
		}
		seen["p:"+p.Slug] = p.line
		if !oneOf(p.LegalBasis, bases) {
			bad(p.line, "purpose %q: legal_basis must be one of %s", p.Slug, strings.Join(bases, ", "))
		}
		if p.LegalBasis == "consent" && !p.Refusable {
			bad(p.line, "purpose %q rests on consent, so the customer must be able to refuse it: set refusable: true", p.Slug)
		}
		if p.TCFPurpose != 0 && !vocab.TCFPurpose(p.TCFPurpose) {
			bad(p.line, "purpose %q: tcf_purpose must be a TCF v2.2 purpose number from 1 to 11", p.Slug)
		}
		for l := range p.Texts {
			if !oneOf(l, locales) {
				bad(p.line, "purpose %q: texts has locale %q; use en or fr", p.Slug, l)
			}
		}
	}
	for _, c := range f.DataCategories {
		if !slugRe.MatchString(c.Slug) {
			bad(c.line, "data category slug %q must be lowercase letters, digits, - _ . (like user.behavior.purchase_history)", c.Slug)
		}
		if l, dup := seen["c:"+c.Slug]; dup {
			bad(c.line, "data category %q is already defined at line %d", c.Slug, l)
		}
		seen["c:"+c.Slug] = c.line
	}
	return errs
}

// validateDecisions checks what the file says about how a system decides: only a deciding system says it, and
// each factor has a plain key, once, and words in every language the system is described in, since customers
// read the factor where they read the system.
func validateDecisions(s System, bad func(int, string, ...any)) {
	if !s.AutomatedDecision {
		if len(s.Factors) > 0 {
			bad(s.Factors[0].line, "system %q: factors are only for a system that makes automated decisions (automated_decision: true)", s.Slug)
		}
		for _, l := range sortedKeys(s.Texts) {
			if strings.TrimSpace(s.Texts[l].Decides) != "" {
				bad(s.line, "system %q: texts.%s.decides is only for a system that makes automated decisions (automated_decision: true)", s.Slug, l)
			}
		}
		return
	}
	seen := map[string]int{}
	for _, f := range s.Factors {
		if !factorKeyRe.MatchString(f.Key) {
			bad(f.line, "system %q: factor key %q must be lowercase letters, digits, - _ (like late_payments)", s.Slug, f.Key)
		}
		if l, dup := seen[f.Key]; dup {
			bad(f.line, "system %q: factor %q is already listed at line %d", s.Slug, f.Key, l)
		} else {
			seen[f.Key] = f.line
		}
		for _, l := range sortedKeys(s.Texts) {
			if strings.TrimSpace(f.Labels[l]) == "" {
				bad(f.line, "system %q: factor %q needs a label in %s, like the system's texts", s.Slug, f.Key, l)
			}
		}
		for l := range f.Labels {
			if !oneOf(l, locales) {
				bad(f.line, "system %q: factor %q has a label in locale %q; use en or fr", s.Slug, f.Key, l)
			}
		}
		if f.DataCategory != "" && !slugRe.MatchString(f.DataCategory) {
			bad(f.line, "system %q: factor %q: data_category %q is not a data category slug", s.Slug, f.Key, f.DataCategory)
		}
	}
}

// Check compares the file with the brand's registry, for what Parse alone cannot know: a factor's
// data_category must be a category the file or the registry describes (or has seen). Call it after Parse, before
// Plan; Apply calls it too and refuses a file it finds problems in.
func Check(reg *store.Registry, f File) []LineError {
	known := map[string]bool{}
	for _, c := range f.DataCategories {
		known[c.Slug] = true
	}
	if reg != nil {
		for slug := range reg.CategoryBySlug {
			known[slug] = true
		}
	}
	var errs []LineError
	for _, s := range f.Systems {
		for _, x := range s.Factors {
			if x.DataCategory != "" && !known[x.DataCategory] {
				errs = append(errs, LineError{x.line, fmt.Sprintf("system %q: factor %q: data_category %q is neither in the file nor in the registry",
					s.Slug, x.Key, x.DataCategory)})
			}
		}
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
