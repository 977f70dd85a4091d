package seed

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"vitrine/store"
)

// This file holds the fixed content of the demo: the two brands, their AI registries in English and French,
// what each system does to a customer's data (activities) and the rhythms of their customers' visits.

// Purpose slugs shared by the generator and the catalogue.
const (
	purposeTraining = "model-training"
	purposeSupport  = "customer-support"
)

// brandSpec is everything fixed about one demo brand.
type brandSpec struct {
	brand      store.Brand
	eventPfx   string // event ids: "ml-000001"
	extPfx     string // customer external ids: "C-" …
	extFirst   int    // … numbered from this (the persona's number)
	systems    []store.AISystem
	purposes   []store.Purpose
	categories []store.DataCategory
	learners   []learner  // in-house systems trained monthly
	activities []activity // what happens during a customer's visits, by weight
	fallback   int        // index in activities of one that never needs consent and cannot be refused
	channels   []weighted // channel of a visit
	hours      [2][24]float64
	dayWeight  func(t time.Time) float64
	consents   []consentRule
	share      float64 // share of customers and events, the rest going to the other brand
	eventShare float64
	brandLoc   string // locale of brand-written texts (outcomes, decisions)
	otherLoc   float64
	names      map[string]namePool // by locale
}

// learner is an in-house model retrained on the 1st of each month from customers who allowed training.
type learner struct {
	system string
	cats   []string
}

// activity is one kind of event a visit can produce.
type activity struct {
	system, purpose, action string
	cats                    []string
	weight                  float64
	channel                 string // fixed channel; empty means the visit's channel
	hour                    int    // > 0: a scheduled job that runs at this local hour on the day of the visit
	fill                    func(r *rand.Rand, c *custPlan, ev *store.EventInput)
}

// consentRule says how generated customers answer a purpose that asks for consent (or allows objection).
type consentRule struct {
	purpose  string
	grant    float64 // probability of saying yes when joining; ignored when objectOnly
	withdraw float64 // probability of changing one's mind later (withdraw a yes, or object)
	// objectOnly marks a legitimate-interest purpose: nothing is recorded at joining, a customer may object later.
	objectOnly bool
}

type weighted struct {
	v string
	w float64
}

type namePool struct{ first, last []string }

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func pickWeighted(r *rand.Rand, ws []weighted) string {
	var sum float64
	for _, w := range ws {
		sum += w.w
	}
	u := r.Float64() * sum
	for _, w := range ws {
		if u < w.w {
			return w.v
		}
		u -= w.w
	}
	return ws[len(ws)-1].v
}

// euros formats an amount in cents the French way: "64,90 €" (non-breaking spaces).
func euros(cents int) string {
	return fmt.Sprintf("%d,%02d\u00a0€", cents/100, cents%100)
}

// pounds formats an amount in pence the British way: "£1,042.10".
func pounds(pence int) string {
	whole := pence / 100
	s := fmt.Sprintf("%d", whole)
	if whole >= 1000 {
		s = fmt.Sprintf("%d,%03d", whole/1000, whole%1000)
	}
	return fmt.Sprintf("£%s.%02d", s, pence%100)
}

// guillemets quotes s the French way.
func guillemets(s string) string { return "«\u00a0" + s + "\u00a0»" }

var demoOrigins = []string{"http://127.0.0.1:8081", "http://localhost:8081"}

// Data category slugs (fideslang keys).
const (
	catPurchases = "user.behavior.purchase_history"
	catBrowsing  = "user.behavior.browsing_history"
	catSearches  = "user.behavior.search_history"
	catEmailUse  = "user.behavior"
	catEmail     = "user.contact.email"
	catLocation  = "user.location.imprecise"
	catSelfie    = "user.biometric"
	catCard      = "user.financial.credit_card"
	catAccount   = "user.financial.bank_account"
	catFinance   = "user.financial"
	catMessages  = "user.content.private"
	catDevice    = "user.device"
	catAge       = "user.demographic"
)

func category(slug string, sensitive bool, en, fr store.CategoryText) store.DataCategory {
	return store.DataCategory{Slug: slug, FidesKey: slug, Sensitive: sensitive, Registered: true,
		Texts: map[string]store.CategoryText{"en": en, "fr": fr}}
}

func maisonSpec() *brandSpec {
	const site = "https://maison-lumiere.example/ai/"
	systems := []store.AISystem{
		{
			Slug: "beauty-chat", Name: "Assistant beauté", Vendor: "Parlance AI", Deployment: store.DeployVendorTool,
			RiskLevel: "limited", Retention: "30 days", OwnerTeam: "Relation client", DocURL: site + "beauty-chat",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Beauty assistant",
					What: "A chat assistant that answers your beauty questions, such as which serum suits dry skin.",
					How:  "It is a chatbot made by Parlance AI. It reads your message and your past purchases, then writes an answer. It does not learn from your chats. You are always told that you are talking to an AI, and a person from our team can take over at any time.",
				},
				"fr": {
					Name: "Assistant beauté",
					What: "Un assistant de discussion qui répond à vos questions beauté, par exemple quel sérum convient à une peau sèche.",
					How:  "C'est un chatbot fourni par Parlance AI. Il lit votre message et vos achats passés, puis écrit une réponse. Il n'apprend pas de vos conversations. Vous savez toujours que vous parlez à une IA, et une personne de notre équipe peut prendre le relais à tout moment.",
				},
			},
		},
		{
			Slug: "product-recommender", Name: "Recommandations produits", Deployment: store.DeployInHouse, Learns: true,
			RiskLevel: "minimal", Retention: "13 months", OwnerTeam: "Équipe Data", DocURL: site + "product-recommender",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Product recommendations",
					What: "Suggests products you may like, on our website, in our app and in our emails.",
					How:  "It looks at what you bought and viewed, and at what people with similar tastes liked. We built it ourselves. Each month we train a new version on the last 3 months of data, only from customers who said yes to training.",
				},
				"fr": {
					Name: "Recommandations produits",
					What: "Vous suggère des produits qui pourraient vous plaire, sur notre site, dans notre appli et dans nos e-mails.",
					How:  "Il regarde ce que vous avez acheté et consulté, et ce qu'ont aimé des personnes aux goûts proches des vôtres. Nous l'avons créé nous-mêmes. Chaque mois, nous entraînons une nouvelle version avec les données des 3 derniers mois, seulement celles des clients qui ont accepté l'entraînement.",
				},
			},
		},
		{
			Slug: "search-ranking", Name: "Recherche du site", Vendor: "Quarry Search", Deployment: store.DeployVendorTool,
			RiskLevel: "minimal", Retention: "6 months", OwnerTeam: "E-commerce", DocURL: site + "search-ranking",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Site search",
					What: "Puts the most useful results first when you search our website or app.",
					How:  "It is a search tool made by Quarry Search. It uses the words you type and your recent searches to sort the results. The company that makes it built its model. We do not train it on your data.",
				},
				"fr": {
					Name: "Recherche du site",
					What: "Affiche d'abord les résultats les plus utiles quand vous faites une recherche sur notre site ou notre appli.",
					How:  "C'est un outil de recherche fourni par Quarry Search. Il utilise les mots que vous tapez et vos recherches récentes pour classer les résultats. Son modèle a été créé par l'entreprise qui le fournit. Nous ne l'entraînons pas avec vos données.",
				},
			},
		},
		{
			Slug: "email-send-time", Name: "Heure d'envoi des e-mails", Deployment: store.DeployInHouse, Learns: true,
			RiskLevel: "minimal", Retention: "13 months", OwnerTeam: "Marketing CRM", DocURL: site + "email-send-time",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Email send time",
					What: "Picks the time of day to send you our emails, so they arrive when you usually read them.",
					How:  "It looks at when you opened our past emails. We built it ourselves. Each month we train a new version on the last 3 months of email opens, only from customers who said yes to training. If you object, we send our emails at a standard time.",
				},
				"fr": {
					Name: "Heure d'envoi des e-mails",
					What: "Choisit l'heure à laquelle vous envoyer nos e-mails, pour qu'ils arrivent quand vous les lisez d'habitude.",
					How:  "Il regarde à quelle heure vous avez ouvert nos e-mails précédents. Nous l'avons créé nous-mêmes. Chaque mois, nous entraînons une nouvelle version avec les ouvertures des 3 derniers mois, seulement celles des clients qui ont accepté l'entraînement. Si vous vous y opposez, nous envoyons nos e-mails à une heure standard.",
				},
			},
		},
		{
			Slug: "fraud-screening", Name: "Contrôle anti-fraude", Vendor: "Vigil Payments", Deployment: store.DeployVendorTool,
			RiskLevel: "limited", AutomatedDecision: true, Retention: "13 months", OwnerTeam: "Paiements", DocURL: site + "fraud-screening",
			Texts: map[string]store.SystemText{
				"en": {
					Name:        "Fraud check at checkout",
					What:        "Checks each order at checkout to spot fraud, such as a stolen card. It decides on its own whether your order goes through or is held for a check.",
					How:         "It is a tool made by Vigil Payments. It compares your order with your usual orders, your card details, your device and your rough location. Most orders are approved in a second. A person always looks at an order that was held.",
					HumanReview: "If your order was held or cancelled, reply to the email we sent you, or call us on 01 23 45 67 89. A person from our payments team will look at your order again within 2 working days and tell you the result.",
					Decides:     "It gives each order a risk score. An order far from your usual ones, from a new device or from an unusual place scores higher. A low score lets the order through. A high score holds it until a person checks it. It never cancels an order on its own.",
				},
				"fr": {
					Name:        "Contrôle anti-fraude",
					What:        "Vérifie chaque commande au moment du paiement pour repérer la fraude, par exemple une carte volée. Il décide seul si votre commande passe ou si elle est mise en attente pour vérification.",
					How:         "C'est un outil fourni par Vigil Payments. Il compare votre commande avec vos commandes habituelles, votre carte, votre appareil et votre localisation approximative. La plupart des commandes sont acceptées en une seconde. Une personne examine toujours une commande mise en attente.",
					HumanReview: "Si votre commande a été mise en attente ou annulée, répondez à l'e-mail que nous vous avons envoyé, ou appelez-nous au 01 23 45 67 89. Une personne de notre équipe paiements réexaminera votre commande sous 2 jours ouvrés et vous donnera la réponse.",
					Decides:     "Il donne à chaque commande une note de risque. Une commande loin de vos habitudes, faite depuis un nouvel appareil ou un lieu inhabituel, a une note plus haute. Une note basse laisse passer la commande. Une note haute la met en attente jusqu'à ce qu'une personne la vérifie. Il n'annule jamais une commande seul.",
				},
			},
			Counterfactuals: true,
			Factors: []store.DecisionFactor{
				{Key: "amount_vs_usual", DataCategory: catPurchases, Labels: map[string]string{"en": "The amount compared with your usual orders", "fr": "Le montant comparé à vos commandes habituelles"}},
				{Key: "new_device", DataCategory: catDevice, Labels: map[string]string{"en": "An order from a device we had not seen", "fr": "Une commande depuis un appareil inconnu"}},
				{Key: "location", DataCategory: catLocation, Labels: map[string]string{"en": "Where the order came from", "fr": "L'endroit d'où venait la commande"}},
			},
		},
		{
			Slug: "support-triage", Name: "Tri du service client", Deployment: store.DeployInHouse,
			RiskLevel: "minimal", Retention: "2 years", OwnerTeam: "Relation client", DocURL: site + "support-triage",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Customer service sorting",
					What: "Reads your message to customer service and sends it to the right team, such as deliveries or returns.",
					How:  "It looks for key words in your message and checks your recent orders. A person always writes the answer. It makes no decision about you and does not learn from your messages.",
				},
				"fr": {
					Name: "Tri du service client",
					What: "Lit votre message au service client et l'envoie à la bonne équipe, par exemple livraisons ou retours.",
					How:  "Il repère des mots clés dans votre message et regarde vos dernières commandes. Une personne écrit toujours la réponse. Il ne prend aucune décision à votre sujet et n'apprend pas de vos messages.",
				},
			},
		},
		{
			Slug: "ad-audiences", Name: "Audiences publicitaires", Vendor: "Audiencia", Deployment: store.DeployVendorTool,
			RiskLevel: "minimal", Retention: "180 days", OwnerTeam: "Marketing", DocURL: site + "ad-audiences",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Ad audiences",
					What: "Puts customers into groups, such as skincare fans, so that we can show them our ads on Facebook and Instagram.",
					How:  "It is a tool made by Audiencia. It uses your purchases and your age range to choose your groups. It then sends a coded form of your email address to Meta Ads, which finds you on its apps. We only do this if you say yes.",
				},
				"fr": {
					Name: "Audiences publicitaires",
					What: "Range les clients dans des groupes, par exemple les amateurs de soins, pour leur montrer nos publicités sur Facebook et Instagram.",
					How:  "C'est un outil fourni par Audiencia. Il utilise vos achats et votre tranche d'âge pour choisir vos groupes. Il envoie ensuite une version codée de votre adresse e-mail à Meta Ads, qui vous retrouve sur ses applis. Nous le faisons seulement si vous êtes d'accord.",
				},
			},
		},
		{
			Slug: "virtual-try-on", Name: "Essayage virtuel", Vendor: "MirrorMe Labs", Deployment: store.DeployVendorTool,
			RiskLevel: "limited", Retention: "24 hours", OwnerTeam: "E-commerce", DocURL: site + "virtual-try-on",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Virtual try-on",
					What: "Shows how a lipstick or a foundation shade would look on you, using a selfie you take.",
					How:  "It is a tool made by MirrorMe Labs. It finds your lips, eyes and skin tone in your selfie and paints the product over them. It only starts when you say yes, each time. Your selfie is deleted within 24 hours and is never used to recognise you.",
				},
				"fr": {
					Name: "Essayage virtuel",
					What: "Vous montre à quoi ressemblerait un rouge à lèvres ou une teinte de fond de teint sur vous, à partir d'un selfie que vous prenez.",
					How:  "C'est un outil fourni par MirrorMe Labs. Il repère vos lèvres, vos yeux et votre teint sur le selfie et y applique le produit. Il ne démarre que si vous êtes d'accord, à chaque fois. Votre selfie est effacé sous 24 heures et ne sert jamais à vous reconnaître.",
				},
			},
		},
		{
			Slug: "shopbot", Name: "ShopBot assistant", Vendor: "ShopBot", Deployment: store.DeployExternalAgent,
			RiskLevel: "minimal", Retention: "", OwnerTeam: "E-commerce", DocURL: site + "shopbot",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "ShopBot assistant",
					What: "An AI shopping assistant that does not belong to Maison Lumière. You chose to connect it to your account, so it can read your orders to answer your questions.",
					How:  "Each time it reads your data on your behalf, we record it here. It can only read, not buy or change anything. You can disconnect it at any time in your account settings.",
				},
				"fr": {
					Name: "Assistant ShopBot",
					What: "Un assistant d'achat IA qui n'appartient pas à Maison Lumière. Vous avez choisi de le relier à votre compte, pour qu'il puisse lire vos commandes et répondre à vos questions.",
					How:  "Chaque fois qu'il consulte vos données en votre nom, nous l'indiquons ici. Il peut seulement lire, pas acheter ni modifier. Vous pouvez le déconnecter à tout moment dans les réglages de votre compte.",
				},
			},
		},
	}
	purposes := []store.Purpose{
		{
			Slug: "recommendations", LegalBasis: "consent", Refusable: true, DPV: "dpv:ServicePersonalisation", TCFPurpose: 6, FidesUse: "personalize.content",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Personal suggestions", Aim: "recommend products you may like",
					Explanation: "We use what you bought and viewed to suggest products that suit you. You can say no. You will still see our shop, just without suggestions chosen for you."},
				"fr": {Name: "Suggestions personnalisées", Aim: "vous recommander des produits qui pourraient vous plaire",
					Explanation: "Nous utilisons ce que vous avez acheté et consulté pour vous proposer des produits qui vous vont. Vous pouvez refuser. Vous verrez toujours notre boutique, simplement sans suggestions choisies pour vous."},
			},
		},
		{
			Slug: purposeTraining, LegalBasis: "consent", Refusable: true, IsTraining: true, DPV: "dpv:ServiceOptimisation", TCFPurpose: 10, FidesUse: "train_ai_system",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Training our AI models", Aim: "improve our suggestions and the timing of our emails",
					Explanation: "Two of our AI models learn from customers' data once a month. If you say yes, your data helps build the next version. If you later say no, new versions will not learn from you, but a version that already learned cannot forget. It is replaced within a few months."},
				"fr": {Name: "Entraînement de nos modèles d'IA", Aim: "améliorer nos suggestions et l'heure d'envoi de nos e-mails",
					Explanation: "Deux de nos modèles d'IA apprennent une fois par mois à partir des données des clients. Si vous acceptez, vos données servent à créer la version suivante. Si vous refusez plus tard, les nouvelles versions n'apprendront plus de vous, mais une version qui a déjà appris ne peut pas oublier. Elle est remplacée en quelques mois."},
			},
		},
		{
			Slug: "search", LegalBasis: "contract", DPV: "dpv:ServiceProvision", FidesUse: "essential.service",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Site search", Aim: "sort search results so the most useful come first",
					Explanation: "When you search our website, we need the words you type, and we use your recent searches, to show you results. This is part of the service you asked for."},
				"fr": {Name: "Recherche sur le site", Aim: "classer les résultats de recherche en mettant les plus utiles en premier",
					Explanation: "Quand vous faites une recherche sur notre site, nous avons besoin des mots que vous tapez, et nous utilisons vos recherches récentes, pour vous montrer des résultats. Cela fait partie du service que vous avez demandé."},
			},
		},
		{
			Slug: "beauty-advice", LegalBasis: "contract", DPV: "dpv:ServiceProvision", FidesUse: "essential.service",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Beauty advice", Aim: "answer your beauty questions",
					Explanation: "When you chat with our assistant, it uses your message and your past purchases to answer you. This is the service you asked for."},
				"fr": {Name: "Conseils beauté", Aim: "répondre à vos questions beauté",
					Explanation: "Quand vous discutez avec notre assistant, il utilise votre message et vos achats passés pour vous répondre. C'est le service que vous avez demandé."},
			},
		},
		{
			// Fraud checks rest on our legitimate interest; an objection would be overridden by the need to stop fraud (GDPR recital 47, Art. 21(1)),
			// so the page does not offer a switch, only a human review of the decision.
			Slug: "fraud-prevention", LegalBasis: "legitimate_interest", Refusable: false, DPV: "dpv:FraudPreventionAndDetection", FidesUse: "essential.fraud_detection",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Fraud prevention", Aim: "spot fraud and protect your payments",
					Explanation: "We check orders to stop stolen cards and fake accounts. This protects you and us, so it cannot be switched off. If a check goes wrong, you can ask a person to look again."},
				"fr": {Name: "Prévention de la fraude", Aim: "repérer la fraude et protéger vos paiements",
					Explanation: "Nous vérifions les commandes pour bloquer les cartes volées et les faux comptes. Cela vous protège, vous et nous, donc ce contrôle ne peut pas être désactivé. Si une vérification se trompe, vous pouvez demander à une personne de réexaminer la commande."},
			},
		},
		{
			Slug: purposeSupport, LegalBasis: "contract", DPV: "dpv:CustomerCare", FidesUse: "essential.service.operations.support",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Customer service", Aim: "help you with your orders and questions",
					Explanation: "When you contact us, or let an assistant contact us for you, we use your messages and your orders to help you."},
				"fr": {Name: "Service client", Aim: "vous aider avec vos commandes et vos questions",
					Explanation: "Quand vous nous contactez, ou qu'un assistant nous contacte pour vous, nous utilisons vos messages et vos commandes pour vous aider."},
			},
		},
		{
			Slug: "advertising", LegalBasis: "consent", Refusable: true, DPV: "dpv:PersonalisedAdvertising", TCFPurpose: 3, FidesUse: "marketing.advertising.profiling",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Ads on other websites", Aim: "show you our ads on other websites and apps",
					Explanation: "If you say yes, we put you in groups of customers with similar tastes and share a coded form of your email address with Meta Ads, so that you see our ads on Facebook and Instagram. You can say no at any time."},
				"fr": {Name: "Publicité sur d'autres sites", Aim: "vous montrer nos publicités sur d'autres sites et applis",
					Explanation: "Si vous acceptez, nous vous plaçons dans des groupes de clients aux goûts proches et nous partageons une version codée de votre adresse e-mail avec Meta Ads, pour que vous voyiez nos publicités sur Facebook et Instagram. Vous pouvez refuser à tout moment."},
			},
		},
		{
			Slug: "email-timing", LegalBasis: "legitimate_interest", Refusable: true, DPV: "dpv:DirectMarketing", FidesUse: "marketing.communications.email",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Email timing", Aim: "send our emails when you are most likely to read them",
					Explanation: "We use the times you open our emails to pick a good time for the next ones. We think this is reasonable, but you can object. We will then send them at a standard time."},
				"fr": {Name: "Heure d'envoi des e-mails", Aim: "vous envoyer nos e-mails au moment où vous avez le plus de chances de les lire",
					Explanation: "Nous utilisons les heures auxquelles vous ouvrez nos e-mails pour choisir un bon moment pour les suivants. Nous pensons que c'est raisonnable, mais vous pouvez vous y opposer. Nous les enverrons alors à une heure standard."},
			},
		},
		{
			Slug: "virtual-try-on", LegalBasis: "consent", Refusable: true, DPV: "dpv:ServicePersonalisation", FidesUse: "essential.service",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Virtual try-on", Aim: "show how products look on you",
					Explanation: "The try-on uses a selfie, which is sensitive data. We ask for your clear permission each time, use the photo only for the try-on, and delete it within 24 hours."},
				"fr": {Name: "Essayage virtuel", Aim: "vous montrer à quoi ressemblent les produits sur vous",
					Explanation: "L'essayage utilise un selfie, qui est une donnée sensible. Nous vous demandons une autorisation claire à chaque fois, nous utilisons la photo seulement pour l'essayage et nous l'effaçons sous 24 heures."},
			},
		},
	}
	categories := []store.DataCategory{
		category(catPurchases, false,
			store.CategoryText{Name: "Purchase history", Phrase: "your purchase history", Explanation: "What you bought from us, when, and for how much."},
			store.CategoryText{Name: "Historique d'achats", Phrase: "votre historique d'achats", Explanation: "Ce que vous avez acheté chez nous, quand, et pour quel montant."}),
		category(catBrowsing, false,
			store.CategoryText{Name: "Browsing on our site", Phrase: "your browsing on our site", Explanation: "The products and pages you looked at on our website and in our app."},
			store.CategoryText{Name: "Navigation sur notre site", Phrase: "votre navigation sur notre site", Explanation: "Les produits et les pages que vous avez regardés sur notre site et dans notre appli."}),
		category(catSearches, false,
			store.CategoryText{Name: "Searches", Phrase: "your searches", Explanation: "The words you typed in the search box on our website or app."},
			store.CategoryText{Name: "Recherches", Phrase: "vos recherches", Explanation: "Les mots que vous avez tapés dans la barre de recherche de notre site ou de notre appli."}),
		category(catEmailUse, false,
			store.CategoryText{Name: "Email activity", Phrase: "your email opens", Explanation: "Whether and when you opened our emails and clicked on their links."},
			store.CategoryText{Name: "Activité e-mail", Phrase: "vos ouvertures de nos e-mails", Explanation: "Si et quand vous avez ouvert nos e-mails et cliqué sur leurs liens."}),
		category(catEmail, false,
			store.CategoryText{Name: "Email address", Phrase: "your email address", Explanation: "The email address you gave us."},
			store.CategoryText{Name: "Adresse e-mail", Phrase: "votre adresse e-mail", Explanation: "L'adresse e-mail que vous nous avez donnée."}),
		category(catLocation, false,
			store.CategoryText{Name: "Approximate location", Phrase: "your approximate location", Explanation: "Your town or region, which we work out from where we deliver to or from your internet connection. Never your exact position."},
			store.CategoryText{Name: "Localisation approximative", Phrase: "votre localisation approximative", Explanation: "Votre ville ou votre région, déduite de votre adresse de livraison ou de votre connexion internet. Jamais votre position exacte."}),
		category(catSelfie, true,
			store.CategoryText{Name: "Selfie (face photo)", Phrase: "your selfie", Explanation: "A photo of your face. It is sensitive data: we only use it for the try-on, with your clear permission, and delete it within 24 hours."},
			store.CategoryText{Name: "Selfie (photo du visage)", Phrase: "votre selfie", Explanation: "Une photo de votre visage. C'est une donnée sensible. Nous l'utilisons seulement pour l'essayage, avec votre autorisation claire, et nous l'effaçons sous 24 heures."}),
		category(catCard, false,
			store.CategoryText{Name: "Payment card", Phrase: "your payment card details", Explanation: "The type of card, its country and the last 4 digits. Never the full number."},
			store.CategoryText{Name: "Carte de paiement", Phrase: "vos données de carte de paiement", Explanation: "Le type de carte, son pays et ses 4 derniers chiffres. Jamais le numéro complet."}),
		category(catMessages, false,
			store.CategoryText{Name: "Your messages", Phrase: "your messages", Explanation: "What you write to our chat assistant or to our customer service."},
			store.CategoryText{Name: "Vos messages", Phrase: "vos messages", Explanation: "Ce que vous écrivez à notre assistant ou à notre service client."}),
		category(catDevice, false,
			store.CategoryText{Name: "Device", Phrase: "your type of device", Explanation: "The kind of phone or computer and the browser you use."},
			store.CategoryText{Name: "Appareil", Phrase: "votre type d'appareil", Explanation: "Le type de téléphone ou d'ordinateur et le navigateur que vous utilisez."}),
		category(catAge, false,
			store.CategoryText{Name: "Age range", Phrase: "your age range", Explanation: "Your age group, such as 25 to 34, worked out from the birth date you gave us."},
			store.CategoryText{Name: "Tranche d'âge", Phrase: "votre tranche d'âge", Explanation: "Votre tranche d'âge, par exemple 25 à 34 ans, calculée à partir de la date de naissance que vous nous avez donnée."}),
	}

	searches := []string{"sérum", "rouge à lèvres", "fond de teint", "crème hydratante", "mascara", "parfum", "robe d'été",
		"écran solaire", "sac à main", "vernis", "shampoing", "palette yeux", "baume à lèvres", "escarpins"}
	recos := []string{"a suggéré %d produits", "a suggéré %d produits sur la page d'accueil", "a suggéré %d produits assortis à votre panier",
		"a choisi %d produits pour la newsletter"}
	chats := []string{"a répondu à une question sur les soins de la peau", "a conseillé une routine pour peau sèche",
		"a répondu à une question sur un fond de teint", "a proposé des idées de cadeaux", "a expliqué comment appliquer un sérum",
		"a répondu à une question sur un parfum", "a comparé deux crèmes solaires"}
	teams := []string{"Livraisons", "Retours", "Paiements", "Programme fidélité"}
	audiences := []string{"Soins du visage", "Parfums", "Maquillage", "Mode d'été", "Idées cadeaux"}

	activities := []activity{
		{system: "search-ranking", purpose: "search", action: store.ActionInference, cats: []string{catSearches, catBrowsing}, weight: 30,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) {
				ev.Outcome = fmt.Sprintf("a classé %d résultats pour %s", 6+r.IntN(55), guillemets(pick(r, searches)))
			}},
		{system: "product-recommender", purpose: "recommendations", action: store.ActionInference, cats: []string{catPurchases, catBrowsing}, weight: 28,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) {
				ev.Outcome = fmt.Sprintf(pick(r, recos), 3+r.IntN(6))
			}},
		{system: "beauty-chat", purpose: "beauty-advice", action: store.ActionGeneration, cats: []string{catMessages, catPurchases}, weight: 7,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) { ev.Outcome = pick(r, chats) }},
		{system: "email-send-time", purpose: "email-timing", action: store.ActionInference, cats: []string{catEmailUse, catEmail}, weight: 7,
			channel: "email", hour: 5,
			fill: func(_ *rand.Rand, c *custPlan, ev *store.EventInput) {
				ev.Outcome = fmt.Sprintf("a choisi d'envoyer la newsletter à %d\u00a0h", c.emailHour)
			}},
		{system: "fraud-screening", purpose: "fraud-prevention", action: store.ActionDecision, cats: []string{catCard, catDevice, catLocation}, weight: 6,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) {
				ev.HumanReview = true
				ev.Outcome = "a vérifié un paiement de " + euros(1490+r.IntN(150)*100+r.IntN(2)*90)
				ev.Decision = "commande acceptée"
				if r.IntN(100) < 2 {
					ev.Decision = "commande mise en attente pour vérification"
				}
			}},
		{system: "support-triage", purpose: purposeSupport, action: store.ActionInference, cats: []string{catMessages, catPurchases}, weight: 2,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) {
				ev.Outcome = "a transmis votre demande à l'équipe " + pick(r, teams)
			}},
		{system: "ad-audiences", purpose: "advertising", action: store.ActionSharing, cats: []string{catPurchases, catEmail, catAge}, weight: 4,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) {
				ev.Actor = "Meta Ads"
				ev.Outcome = "a ajouté votre profil à l'audience " + guillemets(pick(r, audiences))
			}},
	}

	return &brandSpec{
		brand: store.Brand{
			Slug: BrandMaison, Name: "Maison Lumière", DefaultLocale: "fr", Timezone: "Europe/Paris",
			Theme:        store.Theme{Primary: "#7a3b5e", Accent: "#c9a227"},
			PortalURL:    demoOrigins[0] + "/mon-compte/ia", // the demo site's address (handlers.DemoPortalPath)
			EmbedOrigins: demoOrigins, PrivacyEmail: "privacy@maison-lumiere.example",
		},
		eventPfx: "ml", extPfx: "C-", extFirst: 1001,
		systems: systems, purposes: purposes, categories: categories,
		learners: []learner{
			{system: "product-recommender", cats: []string{catPurchases, catBrowsing}},
			{system: "email-send-time", cats: []string{catEmailUse}},
		},
		activities: activities, fallback: 0,
		channels: []weighted{{"web", 55}, {"app", 38}, {"store", 7}},
		hours: [2][24]float64{
			// weekdays: lunch break and evening
			{1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 3, 3.5, 4, 4.5, 6.5, 6.5, 4.5, 4, 4, 4.5, 5.5, 7, 8, 8, 6, 3},
			// weekends: late mornings to evening
			{1.5, 0.8, 0.4, 0.2, 0.2, 0.2, 0.4, 0.8, 2, 4, 6, 7, 7, 6.5, 6.5, 7, 7, 6.5, 6.5, 7, 7.5, 7, 5, 3},
		},
		dayWeight: retailDay,
		consents: []consentRule{
			{purpose: "recommendations", grant: 0.88, withdraw: 0.05},
			{purpose: purposeTraining, grant: 0.64, withdraw: 0.14},
			{purpose: "advertising", grant: 0.45, withdraw: 0.10},
			{purpose: "email-timing", objectOnly: true, withdraw: 0.05},
		},
		share: 0.6, eventShare: 0.62,
		brandLoc: "fr", otherLoc: 0.15,
		names: map[string]namePool{"fr": frenchNames, "en": englishNames},
	}
}

func northwindSpec() *brandSpec {
	const site = "https://northwind-bank.example/ai/"
	systems := []store.AISystem{
		{
			Slug: "credit-limit", Name: "Credit limit decisions", Deployment: store.DeployInHouse, Learns: true,
			RiskLevel: "high", AutomatedDecision: true, Retention: "6 years", OwnerTeam: "Credit Risk", DocURL: site + "credit-limit",
			Texts: map[string]store.SystemText{
				"en": {
					Name:        "Credit limit decisions",
					What:        "Decides the limit on your credit card, when you apply and at regular reviews.",
					How:         "It looks at your income, your account transactions and how you have paid back in the past, and works out how much credit is safe for you. We built it ourselves. Each month we train a new version on the last 3 months of data, only from customers who said yes to training. It never uses your gender, your ethnic origin or where you were born.",
					HumanReview: "You can ask a person to look at any credit limit decision. Reply to the message that told you about it, or call 0800 123 4567. Someone from our credit team will review it, explain the reasons and tell you the result within 5 working days.",
					Decides:     "It starts from your income over the last 12 months. It then looks at how you used your account and whether you paid on time. Each of these moves the limit up or down. The limit it gives is the most you could pay back without trouble. It never looks at your gender, your ethnic origin or where you were born.",
				},
				"fr": {
					Name:        "Décisions de plafond de crédit",
					What:        "Décide du plafond de votre carte de crédit, quand vous faites une demande et lors des révisions régulières.",
					How:         "Il regarde vos revenus, les opérations de votre compte et la façon dont vous avez remboursé par le passé, puis calcule le crédit qui reste sûr pour vous. Nous l'avons créé nous-mêmes. Chaque mois, nous entraînons une nouvelle version avec les données des 3 derniers mois, seulement celles des clients qui ont accepté l'entraînement. Il n'utilise jamais votre genre, votre origine ethnique ni votre lieu de naissance.",
					HumanReview: "Vous pouvez demander à une personne d'examiner toute décision sur votre plafond. Répondez au message qui vous l'a annoncée, ou appelez le 0800 123 4567. Une personne de notre équipe crédit la réexaminera, vous expliquera les raisons et vous donnera la réponse sous 5 jours ouvrés.",
					Decides:     "Il part de vos revenus des 12 derniers mois. Il regarde ensuite comment vous utilisez votre compte et si vous avez payé à temps. Chaque point fait monter ou baisser le plafond. Le plafond donné est le plus haut que vous pourriez rembourser sans difficulté. Il ne regarde jamais votre genre, votre origine ethnique ni votre lieu de naissance.",
				},
			},
			Counterfactuals: true,
			Factors: []store.DecisionFactor{
				{Key: "income_12m", DataCategory: catFinance, Labels: map[string]string{"en": "Your regular income over 12 months", "fr": "Vos revenus réguliers sur 12 mois"}},
				{Key: "late_payments_12m", DataCategory: catAccount, Labels: map[string]string{"en": "Late payments in the last 12 months", "fr": "Retards de paiement des 12 derniers mois"}},
				{Key: "card_use", DataCategory: catAccount, Labels: map[string]string{"en": "How much of your limit you use", "fr": "La part de votre plafond que vous utilisez"}},
			},
		},
		{
			Slug: "fraud-scoring", Name: "Transaction fraud scoring", Vendor: "Argus Risk", Deployment: store.DeployVendorTool,
			RiskLevel: "limited", AutomatedDecision: true, Retention: "5 years", OwnerTeam: "Financial Crime", DocURL: site + "fraud-scoring",
			Texts: map[string]store.SystemText{
				"en": {
					Name:        "Transaction fraud scoring",
					What:        "Checks every card payment and transfer, in less than a second, to spot fraud. It can hold a payment until you confirm it was you.",
					How:         "It is a tool made by Argus Risk. It compares each payment with your usual spending, your device and the place you pay from. If something looks unusual, it holds the payment and we send you a message in the app.",
					HumanReview: "If a payment was held or your card was blocked, tap \"It was me\" in the app, or call 0800 123 4567 at any time. A person from our fraud team will check it straight away.",
				},
				"fr": {
					Name:        "Détection de fraude sur les paiements",
					What:        "Vérifie chaque paiement par carte et chaque virement, en moins d'une seconde, pour repérer la fraude. Il peut bloquer un paiement jusqu'à ce que vous confirmiez que c'était bien vous.",
					How:         "C'est un outil fourni par Argus Risk. Il compare chaque paiement avec vos dépenses habituelles, votre appareil et l'endroit d'où vous payez. Si quelque chose semble inhabituel, il bloque le paiement et nous vous envoyons un message dans l'appli.",
					HumanReview: "Si un paiement a été bloqué ou votre carte suspendue, touchez «\u00a0C'était moi\u00a0» dans l'appli, ou appelez le 0800 123 4567 à toute heure. Une personne de notre équipe fraude vérifiera tout de suite.",
				},
			},
		},
		{
			Slug: "banking-chat", Name: "Chat assistant", Vendor: "Clearline AI", Deployment: store.DeployVendorTool,
			RiskLevel: "limited", Retention: "90 days", OwnerTeam: "Customer Service", DocURL: site + "banking-chat",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Chat assistant",
					What: "A chat assistant in our app that answers questions about your account and helps with simple tasks, such as freezing a card.",
					How:  "It is a chatbot made by Clearline AI. It reads your message and the parts of your account it needs, then writes an answer. It does not learn from your chats. You are always told that you are talking to an AI, and you can ask for a person at any time.",
				},
				"fr": {
					Name: "Assistant de discussion",
					What: "Un assistant de discussion dans notre appli qui répond aux questions sur votre compte et aide pour des tâches simples, comme bloquer une carte.",
					How:  "C'est un chatbot fourni par Clearline AI. Il lit votre message et les parties de votre compte dont il a besoin, puis écrit une réponse. Il n'apprend pas de vos conversations. Vous savez toujours que vous parlez à une IA, et vous pouvez demander une personne à tout moment.",
				},
			},
		},
		{
			Slug: "spending-insights", Name: "Spending insights", Deployment: store.DeployInHouse, Learns: true,
			RiskLevel: "minimal", Retention: "13 months", OwnerTeam: "Digital Banking", DocURL: site + "spending-insights",
			Texts: map[string]store.SystemText{
				"en": {
					Name: "Spending insights",
					What: "Sorts your payments into categories, such as food or travel, and points out changes, such as a bill that went up.",
					How:  "It reads your account transactions and learns which shops belong to which category. We built it ourselves. Each month we train a new version on the last 3 months of data, only from customers who said yes to training.",
				},
				"fr": {
					Name: "Analyse de vos dépenses",
					What: "Range vos paiements par catégorie, par exemple courses ou voyages, et vous signale les changements, comme une facture qui augmente.",
					How:  "Il lit les opérations de votre compte et apprend quels magasins vont dans quelle catégorie. Nous l'avons créé nous-mêmes. Chaque mois, nous entraînons une nouvelle version avec les données des 3 derniers mois, seulement celles des clients qui ont accepté l'entraînement.",
				},
			},
		},
	}
	purposes := []store.Purpose{
		{
			// Banks must monitor payments for fraud and money laundering (PSD2, anti-money-laundering law): not a choice.
			Slug: "fraud-prevention", LegalBasis: "legal_obligation", DPV: "dpv:FraudPreventionAndDetection", FidesUse: "essential.fraud_detection",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Fraud prevention", Aim: "protect your account and your payments from fraud",
					Explanation: "The law requires banks to watch for fraud and money laundering. We check every payment, so this cannot be switched off. If a payment is held by mistake, you can ask a person to check it."},
				"fr": {Name: "Prévention de la fraude", Aim: "protéger votre compte et vos paiements contre la fraude",
					Explanation: "La loi oblige les banques à surveiller la fraude et le blanchiment d'argent. Nous vérifions chaque paiement, donc ce contrôle ne peut pas être désactivé. Si un paiement est bloqué par erreur, vous pouvez demander à une personne de le vérifier."},
			},
		},
		{
			Slug: "credit-decisions", LegalBasis: "contract", DPV: "sector-finance:CreditChecking", FidesUse: "essential.service",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Credit decisions", Aim: "decide how much credit we can safely lend you",
					Explanation: "When you have a credit card with us, we must check how much you can afford to borrow. This is part of your credit agreement. A computer makes the decision, and you can always ask a person to review it."},
				"fr": {Name: "Décisions de crédit", Aim: "décider du montant de crédit que nous pouvons vous prêter sans risque",
					Explanation: "Quand vous avez une carte de crédit chez nous, nous devons vérifier combien vous pouvez emprunter. Cela fait partie de votre contrat de crédit. Un ordinateur prend la décision, et vous pouvez toujours demander à une personne de la réexaminer."},
			},
		},
		{
			Slug: purposeSupport, LegalBasis: "contract", DPV: "dpv:CustomerCare", FidesUse: "essential.service.operations.support",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Customer service", Aim: "answer your questions about your account",
					Explanation: "When you ask us something, in the app or by phone, we use your message and your account to help you."},
				"fr": {Name: "Service client", Aim: "répondre à vos questions sur votre compte",
					Explanation: "Quand vous nous posez une question, dans l'appli ou par téléphone, nous utilisons votre message et votre compte pour vous aider."},
			},
		},
		{
			Slug: "spending-insights", LegalBasis: "consent", Refusable: true, DPV: "dpv:ServicePersonalisation", FidesUse: "personalize.content",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Spending insights", Aim: "help you understand and plan your spending",
					Explanation: "If you say yes, we sort your payments into categories and point out changes, such as a bill that went up. You can switch this off at any time."},
				"fr": {Name: "Analyse de vos dépenses", Aim: "vous aider à comprendre et à prévoir vos dépenses",
					Explanation: "Si vous acceptez, nous rangeons vos paiements par catégorie et nous vous signalons les changements, comme une facture qui augmente. Vous pouvez désactiver ce service à tout moment."},
			},
		},
		{
			Slug: purposeTraining, LegalBasis: "consent", Refusable: true, IsTraining: true, DPV: "dpv:ServiceOptimisation", TCFPurpose: 10, FidesUse: "train_ai_system",
			Texts: map[string]store.PurposeText{
				"en": {Name: "Training our AI models", Aim: "improve our credit decisions and spending insights",
					Explanation: "Two of our AI models learn from customers' data once a month. If you say yes, your data helps build the next version. If you later say no, new versions will not learn from you, but a version that already learned cannot forget. It is replaced within a few months."},
				"fr": {Name: "Entraînement de nos modèles d'IA", Aim: "améliorer nos décisions de crédit et l'analyse de vos dépenses",
					Explanation: "Deux de nos modèles d'IA apprennent une fois par mois à partir des données des clients. Si vous acceptez, vos données servent à créer la version suivante. Si vous refusez plus tard, les nouvelles versions n'apprendront plus de vous, mais une version qui a déjà appris ne peut pas oublier. Elle est remplacée en quelques mois."},
			},
		},
	}
	categories := []store.DataCategory{
		category(catAccount, false,
			store.CategoryText{Name: "Account transactions", Phrase: "your account transactions", Explanation: "The payments in and out of your account: amount, date and who was paid."},
			store.CategoryText{Name: "Opérations du compte", Phrase: "vos opérations bancaires", Explanation: "Les paiements qui entrent et sortent de votre compte\u00a0: montant, date et bénéficiaire."}),
		category(catCard, false,
			store.CategoryText{Name: "Card details", Phrase: "your card details", Explanation: "Which of your cards was used, and where. Never your PIN."},
			store.CategoryText{Name: "Informations de carte", Phrase: "vos informations de carte", Explanation: "Laquelle de vos cartes a servi, et où. Jamais votre code secret."}),
		category(catFinance, false,
			store.CategoryText{Name: "Income and repayments", Phrase: "your income and repayment record", Explanation: "The income you told us about and whether you paid back what you owed on time."},
			store.CategoryText{Name: "Revenus et remboursements", Phrase: "vos revenus et vos remboursements", Explanation: "Les revenus que vous nous avez déclarés et si vous avez remboursé à temps ce que vous deviez."}),
		category(catLocation, false,
			store.CategoryText{Name: "Approximate location", Phrase: "the place where you paid", Explanation: "The town or country of a payment. Never your exact position."},
			store.CategoryText{Name: "Localisation approximative", Phrase: "votre lieu de paiement", Explanation: "La ville ou le pays d'un paiement. Jamais votre position exacte."}),
		category(catDevice, false,
			store.CategoryText{Name: "Device", Phrase: "your device", Explanation: "The phone or computer you use to bank with us."},
			store.CategoryText{Name: "Appareil", Phrase: "votre appareil", Explanation: "Le téléphone ou l'ordinateur que vous utilisez pour vos opérations chez nous."}),
		category(catMessages, false,
			store.CategoryText{Name: "Your messages", Phrase: "your messages", Explanation: "What you write to our chat assistant."},
			store.CategoryText{Name: "Vos messages", Phrase: "vos messages", Explanation: "Ce que vous écrivez à notre assistant."}),
	}

	payments := []string{"card payment at a supermarket", "contactless payment at a café", "online payment", "transfer to a friend",
		"payment at a petrol station", "direct debit", "card payment at a pharmacy", "train ticket payment"}
	insights := []string{"sorted %d payments into categories", "built your weekly spending summary", "spotted that your energy bill went up",
		"found %d subscriptions you pay for", "warned you that your balance may run low before payday", "compared your spending with last month"}
	chats := []string{"answered a question about a card payment", "explained a direct debit", "helped you freeze your card",
		"answered a question about your overdraft", "helped you update your address", "explained when your salary will arrive",
		"answered a question about a transfer abroad"}

	activities := []activity{
		{system: "fraud-scoring", purpose: "fraud-prevention", action: store.ActionDecision, cats: []string{catAccount, catCard, catDevice, catLocation}, weight: 56,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) {
				ev.HumanReview = true
				amount := 150 + r.IntN(9000)
				if r.IntN(10) == 0 {
					amount = 10000 + r.IntN(90000)
				}
				ev.Outcome = "checked a " + pounds(amount) + " " + pick(r, payments)
				ev.Decision = "payment approved"
				if r.IntN(1000) < 12 {
					ev.Decision = "payment held until you confirmed it was you"
				}
			}},
		{system: "spending-insights", purpose: "spending-insights", action: store.ActionInference, cats: []string{catAccount}, weight: 22,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) {
				s := pick(r, insights)
				if strings.Contains(s, "%d") {
					s = fmt.Sprintf(s, 3+r.IntN(30))
				}
				ev.Outcome = s
			}},
		{system: "banking-chat", purpose: purposeSupport, action: store.ActionGeneration, cats: []string{catMessages, catAccount}, weight: 8,
			fill: func(r *rand.Rand, _ *custPlan, ev *store.EventInput) { ev.Outcome = pick(r, chats) }},
	}
	return &brandSpec{
		brand: store.Brand{
			Slug: BrandNorthwind, Name: "Northwind Bank", DefaultLocale: "en", Timezone: "Europe/London",
			Theme:        store.Theme{Primary: "#0b4f6c", Accent: "#20a39e"},
			PortalURL:    "https://northwind-bank.example/account/your-data-and-ai",
			EmbedOrigins: demoOrigins, PrivacyEmail: "privacy@northwind-bank.example",
		},
		eventPfx: "nw", extPfx: "N-", extFirst: 2001,
		systems: systems, purposes: purposes, categories: categories,
		learners: []learner{
			{system: "credit-limit", cats: []string{catAccount, catFinance}},
			{system: "spending-insights", cats: []string{catAccount}},
		},
		activities: activities, fallback: 0,
		channels: []weighted{{"app", 72}, {"web", 28}},
		hours: [2][24]float64{
			// weekdays: commute, lunch, evening
			{0.6, 0.3, 0.2, 0.2, 0.2, 0.4, 1.5, 4, 6, 4.5, 4, 4.5, 7, 6.5, 4.5, 4, 4.5, 6, 6.5, 6, 5, 4, 2.5, 1.2},
			// weekends
			{0.8, 0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 2.5, 4.5, 6, 7, 7, 6.5, 6, 6, 5.5, 5, 4.5, 4.5, 4, 3, 2, 1.2},
		},
		dayWeight: bankDay,
		consents: []consentRule{
			{purpose: "spending-insights", grant: 0.78, withdraw: 0.06},
			{purpose: purposeTraining, grant: 0.58, withdraw: 0.12},
		},
		share: 0.4, eventShare: 0.38,
		brandLoc: "en", otherLoc: 0.1,
		names: map[string]namePool{"fr": frenchNames, "en": englishNames},
	}
}

// retailDay weighs a calendar day for a beauty and fashion retailer: busier weekends, sales in January and
// late June, Valentine's and Mother's Day gifts, Black Friday and a December peak before Christmas, a quiet August.
func retailDay(t time.Time) float64 {
	w := [...]float64{1.15, 0.9, 0.9, 1, 1, 1.05, 1.2}[t.Weekday()]
	w *= [...]float64{0, 1.1, 0.9, 0.9, 0.95, 1, 1, 1.05, 0.75, 0.9, 0.95, 1.3, 1.75}[t.Month()]
	d := t.Day()
	switch t.Month() {
	case time.January:
		if d >= 7 && d <= 20 { // winter sales
			w *= 1.4
		}
	case time.February:
		if d >= 7 && d <= 14 {
			w *= 1.3
		}
	case time.May:
		if d >= 18 { // Mother's Day in France is usually the last Sunday of May
			w *= 1.3
		}
	case time.June:
		if d >= 24 { // summer sales
			w *= 1.4
		}
	case time.November:
		// Black Friday: the day after the fourth Thursday, and the weekend and Monday after it.
		if bf := blackFriday(t.Year()); d >= bf && d <= bf+3 {
			w *= 2.6
		}
	case time.December:
		switch {
		case d <= 22:
			w *= 1 + float64(d)/30
		case d == 24 || d == 25:
			w *= 0.5
		}
	}
	return w
}

func blackFriday(year int) int {
	first := time.Date(year, time.November, 1, 0, 0, 0, 0, time.UTC).Weekday()
	firstThu := 1 + (int(time.Thursday)-int(first)+7)%7
	return firstThu + 21 + 1
}

// bankDay weighs a calendar day for a retail bank: busy weekdays, quiet Sundays, a rise around payday at the
// end of the month and before Christmas.
func bankDay(t time.Time) float64 {
	w := [...]float64{0.65, 1.1, 1.05, 1.05, 1.05, 1.2, 0.85}[t.Weekday()]
	d := t.Day()
	switch {
	case d >= 25 && d <= 28:
		w *= 1.35
	case d == 1 || d == 2:
		w *= 1.15
	}
	switch t.Month() {
	case time.December:
		w *= 1.2
	case time.January:
		w *= 0.9
	case time.August:
		w *= 0.95
	}
	return w
}

var frenchNames = namePool{
	first: []string{"Léa", "Manon", "Chloé", "Inès", "Emma", "Jade", "Louise", "Alice", "Lina", "Sarah", "Julie", "Claire", "Sophie",
		"Élodie", "Mathilde", "Pauline", "Margaux", "Amina", "Aïcha", "Fatou", "Hugo", "Lucas", "Louis", "Nathan", "Thomas", "Julien",
		"Antoine", "Maxime", "Nicolas", "Karim", "Yanis", "Mehdi", "Théo", "Zoé", "Anaïs", "Océane", "Hélène", "Noémie"},
	last: []string{"Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
		"Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
		"Dupont", "Lambert", "Bonnet", "François", "Martinez", "Benali", "Diallo", "Nguyen", "Rousseau", "Blanc", "Guérin", "Faure",
		"Chevalier", "Haddad", "Lemaire"},
}

var englishNames = namePool{
	first: []string{"Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Sophie", "Ella", "Lily", "Freya", "Emily", "Chloe", "Priya",
		"Aisha", "Zara", "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Oscar", "Arthur", "James", "Samuel", "Ethan", "Rohan",
		"Kwame", "Daniel", "Tom", "Ben", "Ruth", "Hannah", "Niamh", "Callum", "Megan"},
	last: []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
		"Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan", "Hughes", "Edwards", "Lewis",
		"Ahmed", "Okafor", "Murphy", "Campbell", "Kelly", "Singh", "Chen", "Mensah", "O'Brien", "MacLeod"},
}
