package seed

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the brands' time zones must load on machines without a zone database

	"vitrine/store"
)

// plan is the whole demo decided in memory before anything is written: who the customers are, what they
// consented to and when, how many events each one gets and the handful of events written by hand.
// Regular events are not planned one by one: they are generated customer by customer while inserting.
type plan struct {
	opt    Options
	brands []*brandPlan
	total  int // events that will be inserted
}

// brandPlan is one brand's calendar, customers and budget.
type brandPlan struct {
	spec    *brandSpec
	idx     int
	loc     *time.Location
	days    []dayInfo // local calendar days of the window, oldest first
	start   []int64   // Unix time each day starts, then the end of the window
	cum     []float64 // cumulative day weights: cum[i] is the weight of days before day i
	hourCum [2][25]float64
	months  []int   // first day of each calendar month in the window, then len(days)
	runs    []int64 // monthly training runs: the 1st of the month at 02:00 local
	next    time.Time
	basis   map[string]string // purpose slug → legal basis
	learns  map[string]bool   // system slug → trained monthly
	actCum  []float64         // cumulative activity weights

	customers []*custPlan
	budget    int

	id        int64 // set once the brand is saved
	systemIDs map[string]int64
}

type dayInfo struct {
	y       int
	m       time.Month
	d       int
	weekend bool
}

// custPlan is one customer: identity, consent history and event budget.
type custPlan struct {
	brand     *brandPlan
	idx       int // 0 is the persona
	ext       string
	name      string
	email     string
	locale    string
	joinDay   int
	joinAt    int64
	weight    float64
	budget    int
	emailHour int
	consents  []consentPlan // in time order
	specials  []store.EventInput
	training  []store.EventInput
	regular   int // generated events on top of specials and training
	key       uint64
}

type consentPlan struct {
	purpose, state, method, actor string
	at                            int64
}

func newPlan(opt Options) (*plan, error) {
	p := &plan{opt: opt}
	now := opt.Now.UTC()
	y, m, d := now.Date()
	pr := rand.New(rand.NewPCG(uint64(opt.Seed), 0x76697472696e65)) // "vitrine"
	specs := []*brandSpec{maisonSpec(), northwindSpec()}

	nMaison := max(1, int(math.Round(float64(opt.Customers)*specs[0].share)))
	nNorth := max(1, opt.Customers-nMaison)
	eMaison := int(math.Round(float64(opt.Events) * specs[0].eventShare))
	counts := [][2]int{{nMaison, eMaison}, {nNorth, opt.Events - eMaison}}

	for i, spec := range specs {
		bp, err := newBrandPlan(spec, i, y, m, d)
		if err != nil {
			return nil, err
		}
		bp.budget = counts[i][1]
		bp.planCustomers(pr, counts[i][0])
		bp.allocate()
		for _, c := range bp.customers {
			c.planSpecials(rand.New(rand.NewPCG(uint64(opt.Seed), c.key^0x5eed)))
		}
		bp.planViolations(pr)
		for _, c := range bp.customers {
			c.planTraining()
			c.regular = max(0, c.budget-len(c.specials)-len(c.training))
			p.total += c.regular + len(c.specials) + len(c.training)
		}
		p.brands = append(p.brands, bp)
	}
	return p, nil
}

func newBrandPlan(spec *brandSpec, idx, y int, m time.Month, d int) (*brandPlan, error) {
	loc, err := time.LoadLocation(spec.brand.Timezone)
	if err != nil {
		return nil, fmt.Errorf("seed: time zone of %s: %w", spec.brand.Slug, err)
	}
	b := &brandPlan{spec: spec, idx: idx, loc: loc, basis: map[string]string{}, learns: map[string]bool{}, systemIDs: map[string]int64{}}
	end := time.Date(y, m, d, 0, 0, 0, 0, loc)
	first := time.Date(y-1, m, d, 0, 0, 0, 0, loc)
	b.cum = []float64{0}
	for t := first; t.Before(end); t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc) {
		wd := t.Weekday()
		b.days = append(b.days, dayInfo{y: t.Year(), m: t.Month(), d: t.Day(), weekend: wd == time.Saturday || wd == time.Sunday})
		b.start = append(b.start, t.Unix())
		b.cum = append(b.cum, b.cum[len(b.cum)-1]+spec.dayWeight(t))
		if t.Day() == 1 || len(b.months) == 0 {
			b.months = append(b.months, len(b.days)-1)
		}
	}
	b.start = append(b.start, end.Unix())
	b.months = append(b.months, len(b.days))
	for k := 0; k <= 13; k++ {
		t := time.Date(first.Year(), first.Month()+time.Month(k), 1, 2, 0, 0, 0, loc)
		if t.Before(first) {
			continue
		}
		if !t.Before(end) {
			b.next = t
			break
		}
		b.runs = append(b.runs, t.Unix())
	}
	for w := range 2 {
		for h := range 24 {
			b.hourCum[w][h+1] = b.hourCum[w][h] + spec.hours[w][h]
		}
	}
	for _, pu := range spec.purposes {
		b.basis[pu.Slug] = pu.LegalBasis
	}
	for _, l := range spec.learners {
		b.learns[l.system] = true
	}
	var sum float64
	for _, a := range spec.activities {
		sum += a.weight
		b.actCum = append(b.actCum, sum)
	}
	return b, nil
}

// at is a local wall-clock time on day i of the window; sec may run past midnight.
func (b *brandPlan) at(day, h, mi, sec int) time.Time {
	di := b.days[day]
	return time.Date(di.y, di.m, di.d, h, mi, sec, 0, b.loc)
}

// dayOf returns the index of the window day holding Unix time t.
func (b *brandPlan) dayOf(t int64) int {
	i, found := slices.BinarySearch(b.start, t)
	if !found {
		i--
	}
	return min(max(i, 0), len(b.days)-1)
}

// sampleDay draws a day in [d0, d1) in proportion to the brand's day weights.
func (b *brandPlan) sampleDay(r *rand.Rand, d0, d1 int) int {
	u := b.cum[d0] + r.Float64()*(b.cum[d1]-b.cum[d0])
	lo, hi := d0, d1-1
	for lo < hi {
		mid := (lo + hi) / 2
		if b.cum[mid+1] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func (b *brandPlan) sampleHour(r *rand.Rand, weekend bool) int {
	w := 0
	if weekend {
		w = 1
	}
	c := &b.hourCum[w]
	u := r.Float64() * c[24]
	for h := range 24 {
		if u < c[h+1] {
			return h
		}
	}
	return 23
}

// version is the label of the model version live at Unix time t ("" before the first run of the window).
func (b *brandPlan) version(t int64) string {
	n, _ := slices.BinarySearch(b.runs, t+1)
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (b *brandPlan) planCustomers(r *rand.Rand, n int) {
	spec := b.spec
	nd := len(b.days)
	for i := range n {
		c := &custPlan{brand: b, idx: i, key: uint64(b.idx+1)<<40 | uint64(i)}
		num := spec.extFirst + i
		c.ext = spec.extPfx + strconv.Itoa(num)
		c.locale = spec.brandLoc
		if r.Float64() < spec.otherLoc {
			c.locale = map[string]string{"fr": "en", "en": "fr"}[spec.brandLoc]
		}
		pool := spec.names[c.locale]
		first, last := pick(r, pool.first), pick(r, pool.last)
		c.name = first + " " + last
		c.email = fmt.Sprintf("%s.%s.%d@example.com", asciiFold(first), asciiFold(last), num)
		c.emailHour = pick(r, []int{7, 8, 12, 13, 18, 19, 20, 21})
		if r.IntN(4) > 0 { // most were already customers: they answered the consent banner in the window's first days
			c.joinDay = r.IntN(3)
		} else {
			c.joinDay = 21 + r.IntN(max(1, nd-60))
		}
		c.joinAt = b.at(c.joinDay, 8+r.IntN(14), r.IntN(60), r.IntN(60)).Unix()
		c.weight = math.Exp(0.9*r.NormFloat64()) * float64(nd-c.joinDay) / float64(nd)
		if r.IntN(100) < 3 { // a few heavy users
			c.weight *= 6
		}
		if i == 0 {
			b.persona(c)
		} else {
			c.planConsents(r)
		}
		b.customers = append(b.customers, c)
	}
}

// persona fills in Camille or Sam, the customers the README and the tests talk about.
func (b *brandPlan) persona(c *custPlan) {
	c.emailHour = 19
	switch b.spec.brand.Slug {
	case BrandMaison:
		c.name, c.email, c.locale = "Camille Martin", "camille.martin@example.com", "fr"
		c.joinDay = 0
		c.joinAt = b.at(0, 9, 41, 7).Unix()
		c.consent("recommendations", store.ConsentGranted, "web", "", c.joinAt)
		c.consent(purposeTraining, store.ConsentGranted, "web", "", c.joinAt+1)
		c.consent("advertising", store.ConsentRefused, "web", "", c.joinAt+2)
		// Half-way through the year she changes her mind about training (and only training).
		last := b.days[len(b.days)-1]
		refused := time.Date(last.y, last.m-6, last.d+1, 21, 14, 33, 0, b.loc)
		c.consent(purposeTraining, store.ConsentRefused, "web", "", refused.Unix())
	case BrandNorthwind:
		c.name, c.email, c.locale = "Sam Patel", "sam.patel@example.com", "en"
		c.joinDay = 2
		c.joinAt = b.at(2, 12, 30, 0).Unix()
		c.consent("spending-insights", store.ConsentGranted, "app", "", c.joinAt)
		c.consent(purposeTraining, store.ConsentGranted, "app", "", c.joinAt+1)
	}
}

func (c *custPlan) consent(purpose, state, method, actor string, at int64) {
	c.consents = append(c.consents, consentPlan{purpose: purpose, state: state, method: method, actor: actor, at: at})
	slices.SortStableFunc(c.consents, func(a, b consentPlan) int { return cmp.Compare(a.at, b.at) })
}

// planConsents draws a generated customer's choices: an answer for each consent purpose when joining, and
// sometimes a change of mind (or an objection to a legitimate-interest purpose) later in the year.
func (c *custPlan) planConsents(r *rand.Rand) {
	b := c.brand
	joinMethod := "web"
	if r.IntN(10) < 4 {
		joinMethod = "app"
	}
	for k, rule := range b.spec.consents {
		at := c.joinAt + int64(k)
		if !rule.objectOnly {
			state := store.ConsentRefused
			if r.Float64() < rule.grant {
				state = store.ConsentGranted
			}
			c.consent(rule.purpose, state, joinMethod, "", at)
			if state == store.ConsentRefused {
				continue
			}
		}
		if r.Float64() >= rule.withdraw {
			continue
		}
		lo, hi := c.joinDay+30, len(b.days)-10
		if hi <= lo {
			continue
		}
		day := lo + r.IntN(hi-lo)
		method, actor := pickWeighted(r, []weighted{{"web", 45}, {"app", 25}, {"widget", 20}, {"staff", 10}}), ""
		if method == "staff" {
			actor = map[string]string{"fr": "Service client", "en": "Customer Service"}[b.spec.brandLoc]
		}
		c.consent(rule.purpose, store.ConsentRefused, method, actor, b.at(day, 8+r.IntN(15), r.IntN(60), r.IntN(60)).Unix())
	}
}

// allowed reports whether the customer's consent at Unix time t lets the purpose be used, exactly as the
// store will judge it at insert: consent needs a "granted" in force, legitimate interest no "refused" in force.
func (c *custPlan) allowed(purpose string, t int64) bool {
	basis := c.brand.basis[purpose]
	if basis != "consent" && basis != "legitimate_interest" {
		return true
	}
	state := ""
	for _, cp := range c.consents {
		if cp.at > t {
			break
		}
		if cp.purpose == purpose {
			state = cp.state
		}
	}
	if basis == "consent" {
		return state == store.ConsentGranted
	}
	return state != store.ConsentRefused
}

// withdrawal returns when the customer refused a purpose after having granted it, or 0.
func (c *custPlan) withdrawal(purpose string) int64 {
	granted := false
	for _, cp := range c.consents {
		if cp.purpose != purpose {
			continue
		}
		if cp.state == store.ConsentGranted {
			granted = true
		} else if granted {
			return cp.at
		}
	}
	return 0
}

// allocate shares the brand's event budget: the persona gets a rich but bounded history, the others a skewed
// share (many light customers, a few heavy ones), with largest-remainder rounding so the total is exact.
func (b *brandPlan) allocate() {
	persona := b.customers[0]
	share, lo, hi := 0.045, 40, 1300
	if b.spec.brand.Slug == BrandNorthwind {
		share, lo, hi = 0.03, 30, 700
	}
	persona.budget = min(b.budget, max(lo, min(hi, int(math.Round(float64(b.budget)*share)))))
	if len(b.customers) == 1 {
		persona.budget = b.budget
		return
	}
	rest := b.budget - persona.budget
	others := b.customers[1:]
	var sum float64
	for _, c := range others {
		sum += c.weight
	}
	type frac struct {
		i int
		f float64
	}
	fracs := make([]frac, len(others))
	given := 0
	for i, c := range others {
		x := float64(rest) * c.weight / sum
		c.budget = int(x)
		given += c.budget
		fracs[i] = frac{i, x - float64(c.budget)}
	}
	slices.SortStableFunc(fracs, func(a, b frac) int { return cmp.Compare(b.f, a.f) })
	for k := 0; k < rest-given; k++ {
		others[fracs[k%len(fracs)].i].budget++
	}
}

// ev is a hand-written event of the customer.
func (c *custPlan) ev(system, purpose, action string, cats []string, at time.Time, channel, outcome string) store.EventInput {
	return store.EventInput{Customer: c.ext, System: system, Purpose: purpose, Action: action, DataCategories: cats,
		OccurredAt: at, Channel: channel, Outcome: outcome}
}

func (c *custPlan) add(ev store.EventInput) { c.specials = append(c.specials, ev) }

// weight is a factor's weight, for the personas' explanations.
func weight(w float64) *float64 { return &w }

// planSpecials writes the events that are not part of ordinary visits: the personas' stories, try-on sessions,
// an outside AI agent reading orders, and credit-limit reviews.
func (c *custPlan) planSpecials(r *rand.Rand) {
	b := c.brand
	nd := len(b.days)
	switch {
	case c.idx == 0 && b.spec.brand.Slug == BrandMaison:
		c.camille()
	case c.idx == 0 && b.spec.brand.Slug == BrandNorthwind:
		c.sam()
	case b.spec.brand.Slug == BrandMaison:
		if c.budget >= 12 && r.IntN(100) < 8 {
			day := max(c.joinDay+1, nd-1-r.IntN(300))
			t := b.at(day, 10+r.IntN(11), r.IntN(60), 0)
			c.consent("virtual-try-on", store.ConsentGranted, "app", "", t.Unix())
			for k := range 1 + r.IntN(3) {
				c.add(c.ev("virtual-try-on", "virtual-try-on", store.ActionInference, []string{catSelfie},
					t.Add(time.Duration(60+k*200+r.IntN(120))*time.Second), "app",
					fmt.Sprintf("a montré %d teintes de %s sur votre selfie", 2+r.IntN(4), pick(r, []string{"rouge à lèvres", "fond de teint", "fard à paupières"}))))
			}
		}
		if c.budget >= 12 && r.IntN(100) < 4 {
			for range 1 + r.IntN(3) {
				day := max(c.joinDay+1, nd-1-r.IntN(90))
				ev := c.ev("shopbot", purposeSupport, store.ActionAgentAccess, []string{catPurchases},
					b.at(day, 8+r.IntN(14), r.IntN(60), r.IntN(60)), "web", pick(r, shopbotOutcomes))
				ev.Actor, ev.Act = "ShopBot assistant", shopbotAct() // for the customer: the chain has no one before ShopBot
				c.add(ev)
			}
		}
		// Every twentieth customer had a support case handled by Acme's support agent, working for the brand's
		// support team: an agent the registry does not describe, which the coverage page flags. The days come from
		// the customer's place, not from r, so the rest of the customer's history stays as it was.
		if c.idx%20 == 3 {
			for k := range 2 {
				day := min(nd-1, max(c.joinDay+1, nd-1-(c.idx*7+k*3)%120))
				ev := c.ev("support-triage", purposeSupport, store.ActionAgentAccess, []string{catPurchases},
					b.at(day, 9+k, 15+c.idx%40, 0), "email", acmeOutcomes[k])
				ev.Actor, ev.Act = "support agent", acmeAct()
				c.add(ev)
			}
		}
	case b.spec.brand.Slug == BrandNorthwind:
		if c.budget < 6 {
			break
		}
		limit := pick(r, []int{500, 1000, 1500, 2000, 2500, 3000, 4000, 5000})
		day := max(c.joinDay+1, r.IntN(40)+1)
		if c.joinDay > 20 { // a new customer: the decision on the application
			day = c.joinDay + 1
			ev := c.ev("credit-limit", "credit-decisions", store.ActionDecision, []string{catAccount, catFinance},
				b.at(day, 9+r.IntN(10), r.IntN(60), r.IntN(60)), pick(r, []string{"app", "web"}), "decision on your credit card application")
			ev.Decision, ev.HumanReview = "credit limit set to "+poundsWhole(limit), true
			c.add(ev)
			day += 85 + r.IntN(10)
		}
		for ; day < nd; day += 86 + r.IntN(10) {
			decision := "credit limit kept at " + poundsWhole(limit)
			switch x := r.IntN(100); {
			case x < 22:
				limit += 500 * (1 + r.IntN(3))
				decision = "credit limit raised to " + poundsWhole(limit)
			case x < 30 && limit > 500:
				limit -= 500
				decision = "credit limit lowered to " + poundsWhole(limit)
			}
			ev := c.ev("credit-limit", "credit-decisions", store.ActionDecision, []string{catAccount, catFinance},
				b.at(day, 4, r.IntN(60), r.IntN(60)), "", "quarterly credit limit review")
			ev.Decision, ev.HumanReview = decision, true
			c.add(ev)
		}
	}
}

// AcmeAgentSub is the id of Acme's support agent in the demo's events: no AI system of the registry has it, so
// /admin/coverage lists it as an agent to register.
const AcmeAgentSub = "acme-support-agent"

// shopbotAct is the chain of ShopBot's reads: the customer's own assistant, acting for them.
func shopbotAct() *store.Delegation {
	return &store.Delegation{Sub: "shopbot", Name: "ShopBot assistant", Type: store.ActorCustomerAssistant}
}

// acmeAct is the chain of Acme's support agent: a vendor's agent acting for Maison Lumière's support team.
func acmeAct() *store.Delegation {
	return &store.Delegation{Sub: AcmeAgentSub, Name: "support agent", Type: store.ActorVendorAgent, Org: "Acme",
		Act: &store.Delegation{Sub: "maison-lumiere-support", Name: "support team", Type: store.ActorTeam, Org: "Maison Lumière"}}
}

var acmeOutcomes = []string{"a consulté votre commande pour répondre à votre demande", "a vérifié le suivi de votre colis"}

var shopbotOutcomes = []string{"a consulté vos 3 dernières commandes", "a vérifié où en est votre livraison",
	"a consulté votre dernière facture", "a vérifié l'état de votre retour", "a consulté vos points fidélité"}

// camille writes Camille Martin's story: a try-on session the day she allowed it, a shopping agent she
// connected lately, a delivery complaint that an unregistered system also read, an order held by the fraud
// check, and one share with Meta Ads although she had said no (a consent violation the privacy team must see).
func (c *custPlan) camille() {
	b := c.brand
	nd := len(b.days)

	try := nd - 58
	c.consent("virtual-try-on", store.ConsentGranted, "app", "", b.at(try, 15, 2, 10).Unix())
	for _, s := range []struct {
		mi, sec int
		outcome string
	}{
		{3, 5, "a montré 3 teintes de rouge à lèvres sur votre selfie"},
		{6, 40, "a montré 2 teintes de fond de teint sur votre selfie"},
		{11, 2, "a montré le rouge à lèvres Velours 12 sur votre selfie"},
	} {
		c.add(c.ev("virtual-try-on", "virtual-try-on", store.ActionInference, []string{catSelfie}, b.at(try, 15, s.mi, s.sec), "app", s.outcome))
	}

	for k, day := range []int{nd - 52, nd - 37, nd - 21, nd - 6} {
		ev := c.ev("shopbot", purposeSupport, store.ActionAgentAccess, []string{catPurchases},
			b.at(day, 18+k%3, 7+k*11, 30), "web", shopbotOutcomes[k])
		ev.Actor, ev.Act = "ShopBot assistant", shopbotAct() // for the customer: the chain has no one before ShopBot
		c.add(ev)
	}

	complaint := nd - 25
	c.add(c.ev("support-triage", purposeSupport, store.ActionInference, []string{catMessages, catPurchases},
		b.at(complaint, 10, 12, 0), "email", "a transmis votre demande à l'équipe Livraisons"))
	c.add(c.ev(unregisteredSystem, purposeSupport, store.ActionInference, []string{catMessages},
		b.at(complaint, 10, 12, 4), "email", "a classé le ton de votre message comme "+guillemets("mécontent")))

	held := nd - 200
	for i, d := range b.days {
		if d.m == time.December && d.d == 12 {
			held = i
		}
	}
	ev := c.ev("fraud-screening", "fraud-prevention", store.ActionDecision, []string{catCard, catDevice, catLocation},
		b.at(held, 20, 41, 13), "web", "commande de "+euros(18900)+" acceptée après vérification par une personne de l'équipe paiements")
	ev.Decision, ev.HumanReview = "commande mise en attente pour vérification", true
	ev.Explanation = &store.Explanation{
		Factors: []store.Factor{
			{Key: "amount_vs_usual", Direction: store.DirectionRaised, Weight: weight(0.6)},
			{Key: "new_device", Direction: store.DirectionRaised, Weight: weight(0.3)},
			{Key: "location", Direction: store.DirectionLowered, Weight: weight(0.1)},
		},
		Counterfactuals: []store.Counterfactual{{Texts: map[string]string{
			"fr": "Une commande de moins de 120 € depuis votre appareil habituel serait passée sans attente.",
			"en": "An order under €120 from your usual device would have gone through without a wait.",
		}}},
	}
	c.add(ev)

	share := c.ev("ad-audiences", "advertising", store.ActionSharing, []string{catPurchases, catEmail, catAge},
		b.at(nd-130, 3, 12, 40), "", "a ajouté votre profil à l'audience "+guillemets("Soins du visage"))
	share.Actor = "Meta Ads"
	c.add(share)
}

// sam writes Sam Patel's story: a credit card application, a quarterly review that Sam asked a person to look
// at (who raised the limit), later reviews, and a late-night payment held until Sam confirmed it.
func (c *custPlan) sam() {
	b := c.brand
	nd := len(b.days)
	credit := func(day, h, mi int, decision, outcome, channel string, x *store.Explanation) {
		ev := c.ev("credit-limit", "credit-decisions", store.ActionDecision, []string{catAccount, catFinance},
			b.at(day, h, mi, 9), channel, outcome)
		ev.Decision, ev.HumanReview, ev.Explanation = decision, true, x
		c.add(ev)
	}
	// The application came before the bank sent what counted; the reviews after it say.
	credit(3, 12, 41, "credit limit set to £1,500", "decision on your credit card application", "app", nil)
	credit(nd-250, 4, 17, "credit limit kept at £1,500", "a person reviewed it at your request and raised the limit to £2,500", "", &store.Explanation{
		Factors: []store.Factor{
			{Key: "income_12m", Direction: store.DirectionRaised, Weight: weight(0.5)},
			{Key: "card_use", Direction: store.DirectionLowered, Weight: weight(0.3)},
		},
	})
	credit(nd-160, 4, 22, "credit limit kept at £2,500", "quarterly credit limit review", "", &store.Explanation{
		Factors: []store.Factor{
			{Key: "income_12m", Direction: store.DirectionRaised, Weight: weight(0.5)},
			{Labels: map[string]string{"en": "Two late payments in 2025", "fr": "Deux retards de paiement en 2025"}, DataCategory: catAccount,
				Direction: store.DirectionLowered, Weight: weight(0.4)},
		},
		Counterfactuals: []store.Counterfactual{{Factor: "late_payments_12m", Value: "0",
			Results: map[string]string{"en": "a limit of £3,000", "fr": "un plafond de 3 000 £"}}},
	})
	credit(nd-70, 4, 9, "credit limit raised to £3,000", "quarterly credit limit review", "", &store.Explanation{
		Factors: []store.Factor{
			{Key: "income_12m", Direction: store.DirectionRaised, Weight: weight(0.6)},
			{Key: "late_payments_12m", Direction: store.DirectionLowered, Weight: weight(0.2)},
			{Key: "card_use", Direction: store.DirectionRaised, Weight: weight(0.2)},
		},
		Counterfactuals: []store.Counterfactual{{Texts: map[string]string{
			"en": "With no late payment in the last 12 months the limit would have been £4,000.",
			"fr": "Sans retard de paiement sur les 12 derniers mois, le plafond aurait été de 4 000 £.",
		}}},
	})

	ev := c.ev("fraud-scoring", "fraud-prevention", store.ActionDecision, []string{catAccount, catCard, catDevice, catLocation},
		b.at(nd-33, 23, 12, 51), "web", "checked a £640.00 online payment")
	ev.Decision, ev.HumanReview = "payment held until you confirmed it was you", true
	c.add(ev)
}

// unregisteredSystem is the slug of a system nobody put in the registry: its one event makes the store create
// it unregistered, so the privacy team's "gaps" view has something to show.
const unregisteredSystem = "sentiment-tagger"

// planViolations adds a few deliberate consent violations among generated customers who withdrew consent:
// a monthly training run that still used an old consent list, and an ad audience refreshed after a "no".
func (b *brandPlan) planViolations(r *rand.Rand) {
	others := b.customers[1:]
	if len(others) == 0 {
		return
	}
	off := r.IntN(len(others))
	trainLeft, adsLeft := 2, 1
	trainSys := b.spec.learners[0].system
	if b.spec.brand.Slug == BrandNorthwind {
		trainLeft, adsLeft = 1, 0
		trainSys = b.spec.learners[1].system
	}
	var trainCats []string
	for _, l := range b.spec.learners {
		if l.system == trainSys {
			trainCats = l.cats
		}
	}
	for k := range others {
		c := others[(off+k)%len(others)]
		if c.budget < 8 {
			continue
		}
		if w := c.withdrawal(purposeTraining); trainLeft > 0 && w != 0 {
			i, _ := slices.BinarySearch(b.runs, w+1)
			if i < len(b.runs) {
				ev := c.ev(trainSys, purposeTraining, store.ActionTraining, trainCats, time.Unix(b.runs[i]+c.runOffset(0), 0).In(b.loc), "", "")
				ev.ModelVersion = strconv.Itoa(i + 1)
				c.add(ev)
				trainLeft--
				continue
			}
		}
		if w := c.withdrawal("advertising"); adsLeft > 0 && w != 0 {
			day := b.dayOf(w) + 2 + r.IntN(5)
			if day < len(b.days) {
				ev := c.ev("ad-audiences", "advertising", store.ActionSharing, []string{catPurchases, catEmail, catAge},
					b.at(day, 3, r.IntN(60), r.IntN(60)), "", "a ajouté votre profil à l'audience "+guillemets("Parfums"))
				ev.Actor = "Meta Ads"
				c.add(ev)
				adsLeft--
			}
		}
	}
}

// runOffset spreads a monthly training run over its first hour, customer by customer.
func (c *custPlan) runOffset(learner int) int64 {
	return int64((c.idx*7+learner*1800)%3540) + 1
}

// planTraining adds one training event per monthly run of each in-house learner for which the customer had
// allowed training at that moment, linked to the version that run produced. A light customer's runs are
// thinned out (to at most a quarter of their events) so that small demos keep ordinary visits.
func (c *custPlan) planTraining() {
	b := c.brand
	for li, l := range b.spec.learners {
		for i, run := range b.runs {
			t := run + c.runOffset(li)
			if !c.allowed(purposeTraining, t) {
				continue
			}
			ev := c.ev(l.system, purposeTraining, store.ActionTraining, l.cats, time.Unix(t, 0).In(b.loc), "", "")
			ev.ModelVersion = strconv.Itoa(i + 1)
			c.training = append(c.training, ev)
		}
	}
	if limit := c.budget / 4; len(c.training) > limit {
		kept := make([]store.EventInput, 0, limit)
		for k := range limit {
			kept = append(kept, c.training[k*len(c.training)/limit])
		}
		c.training = kept
	}
}

func poundsWhole(n int) string {
	if n >= 1000 {
		return fmt.Sprintf("£%d,%03d", n/1000, n%1000)
	}
	return fmt.Sprintf("£%d", n)
}

// asciiFold lower-cases a name and keeps only ASCII letters, for e-mail addresses: "Élodie" → "elodie".
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case strings.ContainsRune("àâä", r):
			b.WriteByte('a')
		case strings.ContainsRune("éèêë", r):
			b.WriteByte('e')
		case strings.ContainsRune("îï", r):
			b.WriteByte('i')
		case strings.ContainsRune("ôö", r):
			b.WriteByte('o')
		case strings.ContainsRune("ùûü", r):
			b.WriteByte('u')
		case r == 'ç':
			b.WriteByte('c')
		}
	}
	return b.String()
}
