package plain

// The catalog keeps both languages of a message side by side, so a reviewer
// reads them together and a message cannot exist in one language only.
//
// House style, checked by the tests: short sentences, active voice, everyday
// words ("reason", not "purpose"; "the brand", not "the controller").
// French puts a no-break space (U+00A0) before ":", ";", "?" and "!", and
// groups digits with a narrow no-break space (U+202F, see Number).
// Apostrophes are straight ('), like the brand texts they sit beside.

// text is a plain message in each locale.
type text struct{ en, fr string }

func (t text) in(locale string) string {
	if locale == "fr" {
		return t.fr
	}
	return t.en
}

// pluralText is a plural message in each locale; see Localizer.N.
type pluralText struct{ en, fr forms }

func (p pluralText) in(locale string) forms {
	if locale == "fr" {
		return p.fr
	}
	return p.en
}

// texts are the plain messages. Arguments are listed after a key when the
// message takes any.
var texts = map[string]text{
	// Grammar used by List, DateTime and the sentences.
	"list.pair": {"%s and %s", "%s et %s"},                                     // all items but the last, last item
	"date.at":   {"%s at %s", "%s à %s"},                                       // date, time
	"date.zone": {"%s (time zone %s, UTC%s)", "%s (fuseau horaire %s, UTC%s)"}, // date and time, zone name, offset

	// Navigation.
	"nav.overview":  {"Overview", "Vue d'ensemble"},
	"nav.activity":  {"Activity", "Activité"},
	"nav.consents":  {"Your choices", "Vos choix"},
	"nav.access":    {"Who looked at your data", "Qui a consulté vos données"},
	"nav.skip":      {"Skip to main content", "Aller au contenu principal"},
	"nav.label":     {"Main menu", "Menu principal"},
	"nav.signed_in": {"Signed in as %s", "Connecté en tant que %s"}, // "Camille Martin · C-1001"
	"nav.sign_out":  {"Sign out", "Se déconnecter"},
	"lang.switch":   {"Français", "English"}, // names the other language, in that language
	"lang.name":     {"English", "Français"}, // names this language, in itself
	"footer.powered": {
		"Transparency page powered by vitrine",
		"Page de transparence réalisée avec vitrine",
	},

	// Overview page.
	"me.title":           {"Your data and AI at %s", "Vos données et l'IA chez %s"}, // brand name
	"summary.title":      {"In short", "En bref"},
	"me.systems.heading": {"The AI systems that used your data", "Les systèmes d'IA qui ont utilisé vos données"},
	"me.charts.heading":  {"Your data in charts", "Vos données en graphiques"},
	"me.recent.heading":  {"What happened most recently", "Ce qui s'est passé récemment"},
	"me.recent.all":      {"See all activity", "Voir toute l'activité"},

	// Charts and the tables that repeat their figures.
	"chart.activity.title":   {"Uses per month, by AI system", "Utilisations par mois, par système d'IA"},
	"chart.purposes.title":   {"Why your data was used", "Pourquoi vos données ont été utilisées"},
	"chart.categories.title": {"Which data was used", "Quelles données ont été utilisées"},
	"chart.table.show":       {"Show these figures as a table", "Afficher ces chiffres sous forme de tableau"},
	"table.month":            {"Month", "Mois"},
	"table.system":           {"AI system", "Système d'IA"},
	"table.purpose":          {"Reason", "Raison"},
	"table.category":         {"Data", "Données"},
	"table.count":            {"Uses", "Utilisations"},

	// AI system cards and pages.
	"system.vendor_tool":    {"A tool made by %s", "Un outil créé par %s"},              // vendor
	"system.in_house":       {"Built and trained by %s", "Conçu et entraîné par %s"},    // brand
	"system.external_agent": {"An AI agent outside %s", "Un agent d'IA extérieur à %s"}, // brand
	"system.vendor_unknown": {"another company", "une autre entreprise"},                // stands in for the vendor
	"system.who_unknown":    {"%s has not said yet.", "%s ne l'a pas encore dit."},      // brand; for a system nobody registered
	"system.who":            {"Who is behind it", "Qui est derrière"},
	"system.how_often":      {"How often", "Combien de fois"},
	"system.your_data":      {"What it did with your data", "Ce qu'il a fait de vos données"},
	"system.doc":            {"Read the technical details", "Lire la fiche technique"},
	"system.badge.learns":   {"Learns from your data", "Apprend de vos données"},
	"system.badge.uses":     {"Only uses your data", "Utilise seulement vos données"},
	"system.learns": {
		"Learns from your data: the model is trained on it",
		"Apprend de vos données\u00a0: le modèle est entraîné avec elles",
	},
	"system.uses_only": {
		"Only uses your data: it does not learn from it",
		"Utilise seulement vos données\u00a0: il n'apprend pas d'elles",
	},
	"system.last_used": {"Last used on %s", "Dernière utilisation le %s"}, // date
	"system.data_used": {"Which of your data it used", "Les données qu'il a utilisées"},
	"system.why":       {"Why it used your data", "Pourquoi il a utilisé vos données"},
	"system.more":      {"Read the full story of %s", "Tout savoir sur %s"}, // system name
	"system.how":       {"How it works", "Comment il fonctionne"},
	"system.what":      {"What it does", "Ce qu'il fait"},
	"system.risk.minimal": {
		"Low risk: the law sets no special rules for this kind of AI.",
		"Risque faible\u00a0: la loi ne fixe pas de règles particulières pour ce type d'IA.",
	},
	"system.risk.limited": {
		"Some risk: the law says you must be told when you deal with this kind of AI.",
		"Risque modéré\u00a0: la loi impose de vous dire quand vous avez affaire à ce type d'IA.",
	},
	"system.risk.high": {
		"High risk: the law sets strict rules for this kind of AI, and people must check its work.",
		"Risque élevé\u00a0: la loi fixe des règles strictes pour ce type d'IA, et des personnes doivent contrôler son travail.",
	},
	"system.automated_decision": {
		"This system makes decisions about you on its own, and they can matter a lot to you. " +
			"You can ask the brand for a person to look at a decision again. " +
			"You can also give your side of the story and challenge the decision.",
		"Ce système prend seul des décisions qui vous concernent, et elles peuvent compter beaucoup pour vous. " +
			"Vous pouvez demander à la marque qu'une personne revoie une décision. " +
			"Vous pouvez aussi donner votre point de vue et contester la décision.",
	},
	"system.models.heading": {"Model versions and your data", "Les versions du modèle et vos données"},
	"system.model.row":      {"Version %s, made on %s", "Version %s, créée le %s"},                        // version, date
	"system.model.next":     {"The next version is due on %s.", "La prochaine version est prévue le %s."}, // date
	"system.model.next_without_you": { // date
		"The next version, due on %s, will not learn from your data.",
		"La prochaine version, prévue le %s, n'apprendra pas de vos données.",
	},
	"system.model.cannot_remove": {
		"Once a model has learned from your data, your data cannot be taken back out of it. " +
			"If you say no to training, later versions will not learn from your data.",
		"Quand un modèle a appris de vos données, on ne peut plus les en retirer. " +
			"Si vous refusez l'entraînement, les versions suivantes n'apprendront pas de vos données.",
	},
	"system.unregistered": {
		"The brand has not described this AI system yet. We show it anyway, so that you see every use of your data.",
		"La marque n'a pas encore décrit ce système d'IA. Nous l'affichons quand même, pour que vous voyiez chaque utilisation de vos données.",
	},
	"system.timeline.heading": {"When it used your data", "Quand il a utilisé vos données"},
	"system.events.some": { // shown, "335 uses"
		"These are the %s most recent of its %s in the last 12 months.",
		"Voici les %s plus récentes de ses %s des 12 derniers mois.",
	},
	"system.events.all": {"See every use by %s in your activity", "Voir chaque utilisation par %s dans votre activité"}, // system
	"system.unnamed": { // brand; names a system nobody registered, which has no name of its own
		"an AI system %s has not described yet",
		"un système d'IA que %s n'a pas encore décrit",
	},

	// Activity page.
	"activity.title":          {"Every use of your data", "Toutes les utilisations de vos données"},
	"activity.filter.system":  {"AI system", "Système d'IA"},
	"activity.filter.purpose": {"Reason", "Raison"},
	"activity.filter.action":  {"What happened", "Ce qui s'est passé"},
	"activity.filter.from":    {"From", "Du"},
	"activity.filter.to":      {"To", "Au"},
	"activity.filter.apply":   {"Show", "Afficher"},
	"activity.filter.reset":   {"Clear filters", "Effacer les filtres"},
	"activity.any":            {"Any", "Indifférent"},
	"activity.next":           {"Older events", "Événements plus anciens"},
	"activity.prev":           {"Newer events", "Événements plus récents"},
	"activity.count.window":   {"The overview counts the last 12 months only.", "La vue d'ensemble ne compte que les 12 derniers mois."},
	"activity.first":          {"Back to newest", "Revenir aux plus récents"},
	"activity.pages":          {"Pages of your activity", "Pages de votre activité"},
	"activity.empty":          {"No use of your data matches these filters.", "Aucune utilisation de vos données ne correspond à ces filtres."},

	// Actions, as short labels.
	"action.inference":    {"Used your data", "A utilisé vos données"},
	"action.training":     {"Learned from your data", "A appris de vos données"},
	"action.decision":     {"Made a decision", "A pris une décision"},
	"action.generation":   {"Created content", "A créé du contenu"},
	"action.sharing":      {"Shared your data", "A partagé vos données"},
	"action.agent_access": {"An outside AI agent read your data", "Un agent d'IA extérieur a consulté vos données"},

	// Legal bases (GDPR Art. 6), explained.
	"basis.consent": {
		"Only if you say yes. You can change your mind at any time.",
		"Seulement si vous dites oui. Vous pouvez changer d'avis à tout moment.",
	},
	"basis.contract": {
		"Needed to give you the service you signed up for.",
		"Nécessaire pour vous fournir le service que vous avez choisi.",
	},
	"basis.legitimate_interest": {
		"The brand thinks it has a fair reason to do this without asking first. You can object.",
		"La marque estime avoir une bonne raison de le faire sans vous demander d'abord. Vous pouvez vous y opposer.",
	},
	"basis.legitimate_interest.fixed": { // a legitimate interest the brand does not let customers refuse
		"The brand thinks it has a reason strong enough to do this without asking you, such as keeping you safe.",
		"La marque estime avoir une raison assez forte pour le faire sans vous demander, par exemple pour vous protéger.",
	},
	"basis.legal_obligation": {
		"The law says the brand must do this.",
		"La loi oblige la marque à le faire.",
	},
	"basis.vital_interest": {
		"Needed to protect your life or someone else's.",
		"Nécessaire pour protéger votre vie ou celle de quelqu'un d'autre.",
	},
	"basis.public_task": {
		"Needed for a task in the public interest that the law gives the brand.",
		"Nécessaire pour une mission d'intérêt public que la loi confie à la marque.",
	},

	// Event notes.
	"event.violation": {
		"This should not have happened: you had not agreed to it. The brand's privacy team has been alerted.",
		"Cela n'aurait pas dû arriver\u00a0: vous n'aviez pas donné votre accord. L'équipe de la marque chargée de la vie privée a été prévenue.",
	},
	"event.sensitive": {
		"This is sensitive data: the law protects it more strictly.",
		"Ce sont des données sensibles\u00a0: la loi les protège davantage.",
	},

	// Pieces of EventSentence.
	"data.yours":           {"your data", "vos données"},
	"data.sensitive":       {"%s (sensitive data)", "%s (donnée sensible)"}, // data phrase
	"data.from":            {"%s", "de %s"},                                 // data phrase after "learned from"; French repeats "de" in a list
	"event.when":           {"On %s, %s", "Le %s, %s"},                      // date and time, what happened
	"event.someone":        {"an AI system", "un système d'IA"},
	"event.aim":            {"This was to %s", "C'était pour %s"}, // aim: a sentence of its own, so that each stays short
	"event.quote.result":   {"Result, in the brand's words:", "Résultat, dans les mots de la marque\u00a0:"},
	"event.quote.decision": {"Decision, in the brand's words:", "Décision, dans les mots de la marque\u00a0:"},
	"event.inference": { // system, data
		"%s used %s",
		"%s a utilisé %s",
	},
	"event.training": { // system, data (each item through data.from)
		"%s learned from %s",
		"%s a appris %s",
	},
	"event.training.version": { // what happened, version
		"%s to build version %s of its model",
		"%s pour créer la version %s de son modèle",
	},
	"event.training.aim": { // aim
		"The model uses what it learned to %s",
		"Le modèle se sert de ce qu'il a appris pour %s",
	},
	"event.decision": { // system, data
		"%s made an automatic decision about you, using %s",
		"%s a pris une décision automatique à votre sujet, à partir %s", // data items through data.from
	},
	"event.decision.review":   {"You can ask a person to review it.", "Vous pouvez demander qu'une personne la vérifie."},
	"event.decision.pending":  {"You asked a person to review it on %s.", "Vous avez demandé le %s qu'une personne la vérifie."},  // date
	"event.decision.reviewed": {"A person reviewed it on %s, as you asked.", "Une personne l'a vérifiée le %s, à votre demande."}, // date
	"event.generation": { // system, data
		"%s created content using %s",
		"%s a créé du contenu en utilisant %s",
	},
	"event.sharing": { // system, data, other party
		"%s shared %s with %s",
		"%s a partagé %s avec %s",
	},
	"event.sharing.someone": {"another company", "une autre entreprise"},
	"event.agent_access": { // agent name, data
		"an AI agent, %s, read %s",
		"un agent d'IA, %s, a consulté %s",
	},
	"event.agent_access.anonymous": {"an AI agent read %s", "un agent d'IA a consulté %s"}, // data
	"event.on_behalf":              {"%s on behalf of %s", "%s au nom de %s"},              // what happened, person

	// Pieces of Summary.
	"summary.none": { // window, brand name
		"%s, no AI system at %s used your data.",
		"%s, aucun système d'IA de %s n'a utilisé vos données.",
	},
	"summary.none.anonymous": { // window
		"%s, no AI system used your data.",
		"%s, aucun système d'IA n'a utilisé vos données.",
	},
	"summary.learned.it":     {"It learned from your data.", "Il a appris de vos données."},
	"summary.learned.it_not": {"It did not learn from your data.", "Il n'a pas appris de vos données."},

	// Error pages.
	"error.not_found.title": {"Page not found", "Page introuvable"},
	"error.not_found.body": {
		"We could not find this page. Check the link, or go back to your overview.",
		"Nous n'avons pas trouvé cette page. Vérifiez le lien, ou revenez à la vue d'ensemble.",
	},
	"error.unauthorized.title": {"This link no longer works", "Ce lien ne fonctionne plus"},
	"error.unauthorized.body": {
		"For your safety, each link works only once and for a short time. Go to your account page on the brand's website to get a new link.",
		"Pour votre sécurité, chaque lien ne marche qu'une fois et peu de temps. Allez sur la page de votre compte, sur le site de la marque, pour obtenir un nouveau lien.",
	},
	"error.server.title": {"Something went wrong", "Un problème est survenu"},
	"error.server.body": {
		"This is our fault, not yours. Please try again in a few minutes.",
		"C'est de notre faute, pas de la vôtre. Réessayez dans quelques minutes.",
	},
	"error.bad_request.title": {"We could not understand this request", "Nous n'avons pas compris cette demande"},
	"error.bad_request.body": {
		"Something in the link or the form was not right. Go back and try again.",
		"Quelque chose n'allait pas dans le lien ou le formulaire. Revenez en arrière et réessayez.",
	},

	// Internal details shown to staff only.
	"staff.event.ref": {"Event %s, received %s", "Événement %s, reçu le %s"}, // event id, date and time

	// Refused links and sessions: say what happened and how to get back in.
	"error.signed_out.title": {"Please open your link again", "Rouvrez votre lien"},
	"error.signed_out.body": {
		"You are not signed in, or your visit has ended. Go to your account page on the brand's website and open the link to this page again.",
		"Vous n'êtes pas connecté, ou votre visite est terminée. Allez sur la page de votre compte, sur le site de la marque, et rouvrez le lien vers cette page.",
	},
	"error.link_expired.title": {"This link has expired", "Ce lien a expiré"},
	"error.link_expired.body": {
		"For your safety, links work only for a short time. Go to your account page on the brand's website to get a new link.",
		"Pour votre sécurité, les liens ne marchent que peu de temps. Allez sur la page de votre compte, sur le site de la marque, pour obtenir un nouveau lien.",
	},
	"error.link_used.title": {"This link was already used", "Ce lien a déjà servi"},
	"error.link_used.body": {
		"For your safety, each link works only once. If you opened it before in this browser, go to your overview. If not, get a new link from your account page on the brand's website.",
		"Pour votre sécurité, chaque lien ne marche qu'une fois. Si vous l'avez déjà ouvert dans ce navigateur, allez à la vue d'ensemble. Sinon, demandez un nouveau lien sur la page de votre compte, sur le site de la marque.",
	},
	"error.link_invalid.title": {"This link does not work", "Ce lien ne fonctionne pas"},
	"error.link_invalid.body": {
		"We could not check this link. It may be cut short or changed. Go to your account page on the brand's website to get a new link.",
		"Nous n'avons pas pu vérifier ce lien. Il est peut-être coupé ou modifié. Allez sur la page de votre compte, sur le site de la marque, pour obtenir un nouveau lien.",
	},
	// The same refusals when vitrine knows the brand the link came from (its signature showed it): the brand is
	// named, and the page links to the brand's own address for a new link when it gave one.
	"signed_out.title":  {"You are signed out", "Vous êtes déconnecté"},
	"error.link.portal": {"Open my AI page on %s's website", "Ouvrir ma page IA sur le site de %s"}, // brand
	"error.signed_out.body.brand": { // brand
		"You are signed out. To see your page again, sign in to your account on %s's website and open your AI page from there. It gives you a new link.",
		"Vous êtes déconnecté. Pour revoir votre page, connectez-vous à votre compte sur le site de %s et ouvrez votre page IA depuis ce compte. Vous aurez un nouveau lien.",
	},
	"error.link_expired.body.brand": { // brand
		"For your safety, links work only for a short time. Sign in to your account on %s's website and open your AI page from there. It gives you a new link.",
		"Pour votre sécurité, les liens ne marchent que peu de temps. Connectez-vous à votre compte sur le site de %s et ouvrez votre page IA depuis ce compte. Vous aurez un nouveau lien.",
	},
	"error.link_used.body.brand": { // brand
		"For your safety, each link works only once. If you opened it before in this browser, go to your overview. If not, sign in to your account on %s's website and open your AI page from there. It gives you a new link.",
		"Pour votre sécurité, chaque lien ne marche qu'une fois. Si vous l'avez déjà ouvert dans ce navigateur, allez à la vue d'ensemble. Sinon, connectez-vous à votre compte sur le site de %s et ouvrez votre page IA depuis ce compte. Vous aurez un nouveau lien.",
	},
	"error.link_invalid.body.brand": { // brand
		"We could not check this link. It may be cut short or changed. Sign in to your account on %s's website and open your AI page from there. It gives you a new link.",
		"Nous n'avons pas pu vérifier ce lien. Il est peut-être coupé ou modifié. Connectez-vous à votre compte sur le site de %s et ouvrez votre page IA depuis ce compte. Vous aurez un nouveau lien.",
	},
	"error.forbidden.title": {"You cannot see this page", "Vous ne pouvez pas voir cette page"},
	"error.forbidden.body": {
		"Your account does not give you access to this page.",
		"Votre compte ne vous donne pas accès à cette page.",
	},
	"error.csrf.title": {"This form has expired", "Ce formulaire a expiré"},
	"error.csrf.body": {
		"For your safety, we did not save this change. Go back, reload the page and try again.",
		"Pour votre sécurité, nous n'avons pas enregistré ce changement. Revenez en arrière, rechargez la page et réessayez.",
	},
	"error.too_large.title": {"This is too big", "C'est trop gros"},
	"error.too_large.body": {
		"What you sent is larger than we accept. Send less at a time.",
		"Ce que vous avez envoyé est plus gros que ce que nous acceptons. Envoyez-en moins à la fois.",
	},
	"error.too_many.title": {"Too many tries", "Trop d'essais"},
	"error.too_many.body": {
		"Please wait a moment, then try again.",
		"Attendez un moment, puis réessayez.",
	},

	// Chart descriptions, read by screen readers and shown under each chart title.
	"chart.activity.summary": { // "12 times", "3 AI systems"
		"Your data was used %s by %s. The table below gives the numbers for each month.",
		"Vos données ont servi %s, pour %s. Le tableau ci-dessous donne les chiffres de chaque mois.",
	},
	"chart.purposes.summary": { // "for 5 different reasons"
		"Your data was used %s. The table below gives the number of uses for each one.",
		"Vos données ont servi %s. Le tableau ci-dessous donne le nombre d'utilisations pour chacune.",
	},
	"chart.categories.summary": { // "11 kinds of data were used"
		"%s. The table below gives the number of uses for each one.",
		"%s. Le tableau ci-dessous donne le nombre d'utilisations pour chacun.",
	},
	"chart.timeline.title": {"Uses of your data by %s, per month", "Utilisations de vos données par %s, par mois"}, // system name
	"table.total":          {"Total", "Total"},

	// System page extras.
	"system.no_use": {
		"This AI system has not used your data in the last 12 months.",
		"Ce système d'IA n'a pas utilisé vos données ces 12 derniers mois.",
	},
	"system.model.learned": { // version, date
		"Version %s, made on %s, learned from your data.",
		"La version %s, créée le %s, a appris de vos données.",
	},
	"system.model.without": { // version, date
		"Version %s, made on %s, did not learn from your data.",
		"La version %s, créée le %s, n'a pas appris de vos données.",
	},

	// Activity filters that could not be used.
	"activity.error.system":  {"We do not know this AI system, so we show all of them.", "Nous ne connaissons pas ce système d'IA : nous les montrons tous."},
	"activity.error.purpose": {"We do not know this reason, so we show all of them.", "Nous ne connaissons pas cette raison : nous les montrons toutes."},
	"activity.error.action":  {"We do not know this kind of use, so we show all of them.", "Nous ne connaissons pas ce type d'utilisation : nous les montrons tous."},
	"activity.error.date": { // field name
		"The date in \"%s\" is not a date we can read. Use the form day, month, year.",
		"La date dans « %s » n'est pas une date que nous savons lire. Utilisez la forme jour, mois, année.",
	},
	"activity.error.range": {
		"The start date is after the end date, so no date fits. Change one of them to see your activity.",
		"La date de début est après la date de fin\u00a0: aucune date ne convient. Changez l'une des deux pour voir votre activité.",
	},
}

// plurals are the plural messages; N passes the grouped count as the first
// argument, and a form may leave it out.
var plurals = map[string]pluralText{
	"system.uses": { // stands alone, under "How often"
		forms{"=0": "Has not used your data yet", "=1": "Used your data once", "other": "Used your data %s times"},
		forms{"=0": "N'a pas encore utilisé vos données", "=1": "A utilisé vos données une fois", "other": "A utilisé vos données %s fois"},
	},
	"activity.count.all": { // count, date of the first use
		forms{"=1": "One use of your data, on %[2]s.", "other": "%s uses of your data since %s."},
		forms{"=1": "Une utilisation de vos données, le %[2]s.", "other": "%s utilisations de vos données depuis le %s."},
	},
	"activity.count.filtered": {
		forms{"=0": "No use of your data matches these filters.", "=1": "One use of your data matches these filters.", "other": "%s uses of your data match these filters."},
		forms{"=0": "Aucune utilisation de vos données ne correspond à ces filtres.", "=1": "Une utilisation de vos données correspond à ces filtres.", "other": "%s utilisations de vos données correspondent à ces filtres."},
	},
	"count.uses": {
		forms{"=1": "only use", "other": "%s uses"},
		forms{"=1": "seule utilisation", "other": "%s utilisations"},
	},
	"count.kinds": {
		forms{"one": "%s kind of data was used", "other": "%s kinds of data were used"},
		forms{"one": "%s type de données a servi", "other": "%s types de données ont servi"},
	},
	"count.systems": {
		forms{"one": "%s AI system", "other": "%s AI systems"},
		forms{"one": "%s système d'IA", "other": "%s systèmes d'IA"},
	},
	"count.times": {
		forms{"=1": "once", "other": "%s times"},
		forms{"=1": "une fois", "other": "%s fois"},
	},
	"summary.window": {
		forms{"=1": "Over the last month", "other": "Over the last %s months"},
		forms{"=1": "Au cours du dernier mois", "other": "Au cours des %s derniers mois"},
	},
	"summary.systems": {
		forms{"one": "%s AI system used your data", "other": "%s AI systems used your data"},
		forms{"one": "%s système d'IA a utilisé vos données", "other": "%s systèmes d'IA ont utilisé vos données"},
	},
	"summary.uses": {
		forms{"=1": "once", "other": "%s times"},
		forms{"=1": "une fois", "other": "%s fois"},
	},
	"summary.reasons": {
		forms{"one": "for %s reason", "other": "for %s different reasons"},
		forms{"one": "pour %s raison", "other": "pour %s raisons différentes"},
	},
	"summary.learned": {
		forms{"=0": "None of them learned from your data.", "=1": "One of them learned from your data.", "other": "%s of them learned from your data."},
		forms{"=0": "Aucun d'eux n'a appris de vos données.", "=1": "L'un d'eux a appris de vos données.", "other": "%s d'entre eux ont appris de vos données."},
	},
	"summary.learned.all": { // the count is the number of systems
		forms{"=2": "Both of them learned from your data.", "other": "All of them learned from your data."},
		forms{"=2": "Les deux ont appris de vos données.", "other": "Ils ont tous appris de vos données."},
	},
}

// addTexts merges a surface's own messages into the catalog. Each surface (staff console, governance) keeps
// its messages in a file of its own so the catalog stays readable; a key defined twice is a programming error.
func addTexts(m map[string]text) {
	for k, v := range m {
		if _, dup := texts[k]; dup {
			panic("plain: message " + k + " defined twice")
		}
		texts[k] = v
	}
}

// addPlurals is addTexts for plural messages.
func addPlurals(m map[string]pluralText) {
	for k, v := range m {
		if _, dup := plurals[k]; dup {
			panic("plain: plural message " + k + " defined twice")
		}
		plurals[k] = v
	}
}
