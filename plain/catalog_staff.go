package plain

// Messages of the staff console, and of the customer's list of staff visits ("access.*"), which tells the
// customer about the same records in their own words.
func init() {
	addTexts(map[string]text{
		// Frame and navigation of the console.
		"staff.console":     {"Staff console", "Espace équipe"},
		"staff.nav.label":   {"Staff menu", "Menu de l'équipe"},
		"staff.nav.search":  {"Find a customer", "Trouver un client"},
		"staff.nav.reviews": {"Review requests", "Demandes de vérification"},
		"staff.nav.audit":   {"Audit log", "Journal des consultations"},
		"staff.nav.admin":   {"AI registry", "Registre de l'IA"},
		"staff.nav.team":    {"Team", "Équipe"},
		"staff.signout":     {"Sign out", "Se déconnecter"},
		"staff.footer": {
			"Each time you open a customer's page, the customer is told, with your reason.",
			"Chaque fois que vous ouvrez la page d'un client, il en est informé, avec votre raison.",
		},

		// Roles, as words inside a sentence.
		"staff.role.support":   {"support", "service client"},
		"staff.role.marketing": {"marketing", "marketing"},
		"staff.role.privacy":   {"privacy team", "équipe vie privée"},
		"staff.role.admin":     {"admin", "administration"},
		"staff.role.platform":  {"platform admin", "administration de la plateforme"},
		"staff.platform":       {"All brands", "Toutes les marques"},

		// Sign-in.
		"staff.login.title":            {"Sign in to the staff console", "Connexion à l'espace équipe"},
		"staff.login.email":            {"Email address", "Adresse e-mail"},
		"staff.login.password":         {"Password", "Mot de passe"},
		"staff.login.submit":           {"Sign in", "Se connecter"},
		"staff.login.failed":           {"Wrong email or password.", "E-mail ou mot de passe incorrect."},
		"staff.error.signed_out.title": {"Please sign in again", "Reconnectez-vous"},
		"staff.error.signed_out.body": {
			"You are not signed in, or your session has ended. Sign in to the staff console again.",
			"Vous n'êtes pas connecté, ou votre session est terminée. Reconnectez-vous à l'espace équipe.",
		},

		// Banner on a customer's pages seen by staff.
		"staff.banner": { // role, customer, reason
			"Viewing as %s: %s. Reason: %s.",
			"Consultation en tant que %s\u00a0: %s. Raison\u00a0: %s.",
		},
		"staff.banner.back": {"Back to the staff console", "Retour à l'espace équipe"},

		// Search.
		"staff.search.title":  {"Find a customer", "Trouver un client"},
		"staff.search.label":  {"Email, name or customer number", "E-mail, nom ou numéro client"},
		"staff.search.hint":   {"Type any part of it. Capitals and accents do not matter.", "Tapez-en une partie. Les majuscules et les accents ne comptent pas."},
		"staff.search.submit": {"Search", "Chercher"},
		"staff.search.more": { // number shown
			"Only the first %s are shown. Type more to narrow the search.",
			"Seuls les %s premiers sont affichés. Tapez davantage pour affiner.",
		},
		"staff.search.prefix": {
			"With fewer than 3 characters, we show customers whose email, name or number starts with them.",
			"Avec moins de 3 caractères, nous montrons les clients dont l'e-mail, le nom ou le numéro commence par eux.",
		},
		"staff.search.since":  {"First seen on %s", "Vu pour la première fois le %s"}, // date of the customer's first use or choice
		"staff.search.noname": {"(no name given)", "(nom non renseigné)"},

		// Opening a customer: internal details and the reason.
		"staff.reason.heading": {"Open the page of %s", "Ouvrir la page de %s"}, // customer
		"staff.reason.details": {"What we know about this customer", "Ce que nous savons de ce client"},
		"staff.detail.id":      {"vitrine number", "Numéro vitrine"},
		"staff.detail.external": { // brand
			"Customer number at %s", "Numéro client chez %s",
		},
		"staff.detail.email":      {"Email address", "Adresse e-mail"},
		"staff.detail.name":       {"Name", "Nom"},
		"staff.detail.created":    {"First seen on", "Vu pour la première fois le"},
		"staff.detail.receipts":   {"Consent receipts", "Reçus de consentement"},
		"staff.detail.violations": {"Uses without consent", "Utilisations sans consentement"},
		"staff.reason.title":      {"Why are you opening this page?", "Pourquoi ouvrez-vous cette page\u00a0?"},
		"staff.reason.label":      {"Reason or ticket number", "Raison ou numéro de ticket"},
		"staff.reason.hint": {
			"The customer will read it. Use 3 to 500 characters.",
			"Le client la lira. Utilisez de 3 à 500 caractères.",
		},
		"staff.reason.submit":        {"Open the customer's page", "Ouvrir la page du client"},
		"staff.reason.error.missing": {"Give a reason of at least 3 characters.", "Donnez une raison d'au moins 3 caractères."},
		"staff.reason.error.long":    {"Keep the reason to 500 characters or fewer.", "La raison doit faire 500 caractères au plus."},
		"staff.reason.error.invalid": {"The reason has characters we cannot keep. Use plain text.", "La raison contient des caractères que nous ne pouvons pas garder. Utilisez du texte simple."},
		"staff.reason.expired":       {"You gave your reason more than 30 minutes ago. Give it again to go on.", "Vous avez donné votre raison il y a plus de 30 minutes. Donnez-la à nouveau pour continuer."},
		"staff.reason.current.title": {"You already gave a reason", "Vous avez déjà donné une raison"},
		"staff.reason.current":       {"Your reason at %s: %s", "Votre raison à %s\u00a0: %s"}, // time, reason
		"staff.reason.continue":      {"Go on to the customer's page", "Continuer vers la page du client"},

		// Review queue.
		"staff.reviews.title":         {"Review requests", "Demandes de vérification"},
		"staff.reviews.empty":         {"No review request is waiting.", "Aucune demande de vérification n'attend."},
		"staff.reviews.asked":         {"Asked on %s", "Demandée le %s"}, // date
		"staff.reviews.outcome":       {"Outcome of the review", "Résultat de la vérification"},
		"staff.reviews.submit":        {"Mark as reviewed", "Marquer comme vérifiée"},
		"staff.reviews.done":          {"Marked as reviewed. The customer can now read the outcome.", "Marquée comme vérifiée. Le client peut maintenant lire le résultat."},
		"staff.reviews.gone":          {"This request was already marked as reviewed.", "Cette demande a déjà été marquée comme vérifiée."},
		"staff.reviews.error.missing": {"Write the outcome, in at least 3 characters.", "Écrivez le résultat, en 3 caractères au moins."},
		"staff.reviews.error.long":    {"Keep the outcome to 2,000 characters or fewer.", "Le résultat doit faire 2\u202f000 caractères au plus."},
		"staff.reviews.intro": {
			"Customers asked for a person to check these automatic decisions. The oldest come first. The customer reads what you write.",
			"Des clients ont demandé qu'une personne vérifie ces décisions automatiques. Les plus anciennes viennent en premier. Le client lit ce que vous écrivez.",
		},
		"staff.reviews.outcome.hint": {
			"The customer reads this. Say what was checked and what was decided.",
			"Le client lit ce texte. Dites ce qui a été vérifié et ce qui a été décidé.",
		},
		"staff.reviews.method.web":    {"from their page", "depuis sa page"},
		"staff.reviews.method.widget": {"from the brand's website", "depuis le site de la marque"},
		"staff.reviews.method.staff":  {"by phone or email, noted by staff", "par téléphone ou e-mail, noté par l'équipe"},
		"staff.reviews.method.api":    {"from the brand's own systems", "depuis les systèmes de la marque"},

		// Audit log.
		"staff.audit.title": {"Audit log", "Journal des consultations"},
		"staff.audit.intro": {
			"Every look at a customer's pages by your brand's staff, newest first. The customers see these too.",
			"Chaque consultation des pages d'un client par l'équipe de votre marque, la plus récente en premier. Les clients les voient aussi.",
		},
		"staff.audit.filters":  {"Filter the log", "Filtrer le journal"},
		"staff.audit.agent":    {"Staff member", "Membre de l'équipe"},
		"staff.audit.anyone":   {"Anyone", "Tout le monde"},
		"staff.audit.when":     {"When", "Quand"},
		"staff.audit.customer": {"Customer", "Client"},
		"staff.audit.what":     {"What", "Quoi"},
		"staff.audit.reason":   {"Reason", "Raison"},
		"staff.audit.ref":      {"Visit", "Visite"},
		"staff.audit.empty":    {"No staff look matches these filters.", "Aucune consultation ne correspond à ces filtres."},
		"staff.audit.next":     {"Older entries", "Entrées plus anciennes"},
		"staff.audit.pages":    {"Pages of the log", "Pages du journal"},
		"staff.audit.error.agent": {
			"We do not know this staff member, so we show everyone.",
			"Nous ne connaissons pas ce membre de l'équipe\u00a0: nous montrons tout le monde.",
		},

		// What a staff member looked at or did, for the audit log.
		"staff.what.overview":        {"Overview", "Vue d'ensemble"},
		"staff.what.activity":        {"Activity", "Activité"},
		"staff.what.system":          {"System page: %s", "Page du système\u00a0: %s"}, // system name
		"staff.what.consents":        {"Choices", "Choix"},
		"staff.what.consents_change": {"Changed a choice", "A changé un choix"},
		"staff.what.receipt":         {"Consent receipt", "Reçu de consentement"},
		"staff.what.review_request":  {"Asked for a review", "A demandé une vérification"},
		"staff.what.access":          {"Who looked", "Qui a consulté"},
		"staff.what.review":          {"Answered a review request", "A répondu à une demande de vérification"},

		// Team.
		"staff.team.title":    {"Team", "Équipe"},
		"staff.team.name":     {"Name", "Nom"},
		"staff.team.role":     {"Role", "Rôle"},
		"staff.team.brand":    {"Brand", "Marque"},
		"staff.team.since":    {"Added on", "Ajouté le"},
		"staff.team.add":      {"Add a staff member", "Ajouter un membre de l'équipe"},
		"staff.team.password": {"First password", "Premier mot de passe"},
		"staff.team.password.hint": { // minimum length
			"At least %s characters. Share it in person or by phone, never by email.",
			"Au moins %s caractères. Transmettez-le en personne ou par téléphone, jamais par e-mail.",
		},
		"staff.team.submit":         {"Add", "Ajouter"},
		"staff.team.done":           {"%s can now sign in.", "%s peut maintenant se connecter."}, // email
		"staff.team.error.email":    {"Give a valid email address.", "Donnez une adresse e-mail valide."},
		"staff.team.error.password": {"The password needs at least %s characters.", "Le mot de passe doit faire au moins %s caractères."}, // minimum length
		"staff.team.error.role":     {"Choose a role.", "Choisissez un rôle."},
		"staff.team.error.brand":    {"Choose a brand.", "Choisissez une marque."},

		// The customer's list of staff visits.
		"access.title": {"Who looked at your data", "Qui a consulté vos données"},
		"access.intro": { // brand
			"Staff at %s can look at your page to help you. Each time, they must give a reason, and we show it here.",
			"L'équipe de %s peut consulter votre page pour vous aider. À chaque fois, elle doit donner une raison, et nous vous la montrons ici.",
		},
		"access.contact": { // email address
			"A question about a visit? Write to %s and give its reference.",
			"Une question sur une visite\u00a0? Écrivez à %s en donnant sa référence.",
		},
		"access.empty":        {"No staff member has looked at your page.", "Aucun membre de l'équipe n'a consulté votre page."},
		"access.team.support": {"A member of %s's support team", "Un membre du service client de %s"},      // brand
		"access.team.privacy": {"A member of %s's privacy team", "Un membre de l'équipe vie privée de %s"}, // brand
		"access.team.admin":   {"An administrator at %s", "Un administrateur de %s"},                       // brand
		"access.viewed":       {"%s viewed your page on %s.", "%s a consulté votre page le %s."},           // team, date
		"access.answered": { // team, date
			"%s answered your request for a person to check a decision, on %s.",
			"%s a répondu à votre demande de vérification d'une décision, le %s.",
		},
		"access.reason":        {"Reason given:", "Raison donnée\u00a0:"},
		"access.reason.review": {"Reason: you asked for a person to check a decision.", "Raison\u00a0: vous avez demandé qu'une personne vérifie une décision."},
		"access.seen":          {"What they looked at or did: %s.", "Ce qui a été consulté ou fait\u00a0: %s."},
		"access.page.overview": {"your overview", "votre vue d'ensemble"},
		"access.page.activity": {"your activity", "votre activité"},
		"access.page.system":   {"the page on %s", "la page sur %s"}, // system name
		"access.page.consents": {"your choices", "vos choix"},
		"access.page.consents_change": {
			"a change to your choices, made for you", "un changement de vos choix, fait pour vous",
		},
		"access.page.receipt": {"a receipt for one of your choices", "un reçu de l'un de vos choix"},
		"access.page.review_request": {
			"a request for a person to check a decision, made for you", "une demande de vérification d'une décision, faite pour vous",
		},
		"access.page.access": {"this list", "cette liste"},
		"access.page.other":  {"another page", "une autre page"},
		"access.ref":         {"Reference %s", "Référence %s"}, // visit number
		"access.all":         {"See every visit", "Voir toutes les visites"},
		"access.next":        {"Older visits", "Visites plus anciennes"},
		"access.first":       {"Back to the latest", "Revenir aux plus récentes"},
		"access.pager":       {"Pages of this list", "Pages de cette liste"},
	})
	addPlurals(map[string]pluralText{
		"staff.login.throttled": {
			forms{"=1": "Too many attempts. Try again in 1 minute.", "other": "Too many attempts. Try again in %s minutes."},
			forms{"one": "Trop d'essais. Réessayez dans %s minute.", "other": "Trop d'essais. Réessayez dans %s minutes."},
		},
		"staff.search.found": {
			forms{"=0": "No customer found.", "=1": "1 customer found.", "other": "%s customers found."},
			forms{"=0": "Aucun client trouvé.", "=1": "1 client trouvé.", "other": "%s clients trouvés."},
		},
		"staff.reviews.waiting": {
			forms{"=1": "1 review request is waiting for a person.", "other": "%s review requests are waiting for a person."},
			forms{"one": "%s demande de vérification attend une personne.", "other": "%s demandes de vérification attendent une personne."},
		},
	})
}
