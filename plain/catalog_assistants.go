package plain

// Messages of customers' own AI assistants: connecting one (the consent screen), the page that lists them and what
// they read, the confirmation of a change an assistant prepared, and /admin's count.
func init() {
	addTexts(map[string]text{
		"nav.assistants": {"AI assistants", "Assistants IA"},

		// The consent screen.
		"oauth.heading": { // assistant, brand
			"%s wants to connect to your %s AI page",
			"%s veut se connecter à votre page IA de %s",
		},
		"oauth.claim": { // assistant name, host it sends you back to
			"\"%s\" is the name this app gives itself: vitrine has not checked it. After you decide, you go back to %s.",
			"«\u00a0%s\u00a0» est le nom que cette application se donne\u00a0: vitrine ne l'a pas vérifié. Une fois votre choix fait, vous revenez sur %s.",
		},
		"oauth.can": {"If you say yes, it could:", "Si vous acceptez, elle pourra\u00a0:"},
		"oauth.scope.vitrine.read": {
			"read what AI systems did with your data: which ones, when, why and what they learned from it. Also your choices, and who looked at your data",
			"lire ce que les systèmes d'IA ont fait de vos données\u00a0: lesquels, quand, pourquoi et ce qu'ils en ont appris. Et aussi vos choix, et qui a consulté vos données",
		},
		"oauth.scope.vitrine.choices": {
			"change your choices, after asking you: each change happens only once you confirm it on this site",
			"modifier vos choix, après vous avoir demandé\u00a0: chaque changement n'a lieu qu'une fois que vous l'avez confirmé sur ce site",
		},
		"oauth.scope.offline_access": {
			"keep its access without asking you again each hour",
			"garder son accès sans vous redemander chaque heure",
		},
		"oauth.never": { // brand
			"It can never change a choice by itself or see anyone else's data. At %s, it reads only what your AI page shows. Every time it reads something, you see it on your page.",
			"Elle ne pourra jamais changer un choix d'elle-même ni voir les données de quelqu'un d'autre. Chez %s, elle ne lit que ce que montre votre page IA. Chaque fois qu'elle lit quelque chose, vous le voyez sur votre page.",
		},
		"oauth.duration": { // date
			"Access lasts until %s, unless you remove it sooner on your page \"AI assistants\".",
			"L'accès dure jusqu'au %s, sauf si vous le retirez avant sur votre page «\u00a0Assistants IA\u00a0».",
		},
		"oauth.allow":        {"Allow", "Autoriser"},
		"oauth.deny":         {"Don't allow", "Ne pas autoriser"},
		"oauth.signin.title": {"Open your AI page first", "Ouvrez d'abord votre page IA"},
		"oauth.signin.body": {
			"To connect an assistant you must be signed in to your AI page. Sign in to your account on the brand's website and open your AI page from there. This page then comes back and asks you to decide.",
			"Pour connecter un assistant, vous devez être connecté à votre page IA. Connectez-vous à votre compte sur le site de la marque et ouvrez votre page IA depuis ce compte. Cette page revient alors et vous demande de décider.",
		},
		"oauth.error.title": {"This assistant cannot connect", "Cet assistant ne peut pas se connecter"},
		"oauth.error.body": { // the technical reason, in English, for the app's makers
			"The app that sent you here is not set up right, so it cannot connect. Nothing of yours was shared. You can tell its makers this: %s.",
			"L'application qui vous a envoyé ici est mal réglée, elle ne peut donc pas se connecter. Rien de vos données n'a été partagé. Vous pouvez transmettre ceci à ses créateurs (en anglais)\u00a0: %s.",
		},

		// The customer's page of assistants.
		"assistants.title": {"AI assistants", "Assistants IA"},
		"assistants.intro": { // brand
			"You can let an AI assistant of your own, such as Claude or ChatGPT, ask what %s's AI systems did with your data. It reads what these pages show you, nothing more, and it cannot change anything unless you confirm it here.",
			"Vous pouvez laisser votre propre assistant IA, comme Claude ou ChatGPT, demander ce que les systèmes d'IA de %s ont fait de vos données. Il lit ce que ces pages vous montrent, rien de plus, et il ne peut rien changer sans que vous le confirmiez ici.",
		},
		"assistants.connect": {"Connect an AI assistant", "Connecter un assistant IA"},
		"assistants.step.add": {
			"In your assistant's settings, add a connector (it may be called a \"custom connector\" or an \"MCP server\") with the address below.",
			"Dans les réglages de votre assistant, ajoutez un connecteur (il peut s'appeler «\u00a0connecteur personnalisé\u00a0» ou «\u00a0serveur MCP\u00a0») avec l'adresse ci-dessous.",
		},
		"assistants.step.decide": {
			"Your assistant opens a page of this site. Check the assistant's name and what it asks for, then choose Allow.",
			"Votre assistant ouvre une page de ce site. Vérifiez le nom de l'assistant et ce qu'il demande, puis choisissez Autoriser.",
		},
		"assistants.step.ask": { // brand
			"Ask it, for example: \"What did %s's AI do with my data this month?\"",
			"Demandez-lui par exemple\u00a0: «\u00a0Qu'a fait l'IA de %s avec mes données ce mois-ci\u00a0?\u00a0»",
		},
		"assistants.address":   {"Address to give your assistant", "Adresse à donner à votre assistant"},
		"assistants.connected": {"Assistants you connected", "Les assistants que vous avez connectés"},
		"assistants.none":      {"You have not connected any assistant.", "Vous n'avez connecté aucun assistant."},
		"assistants.status.live": { // date connected, date access ends
			"Connected on %s. Access lasts until %s.",
			"Connecté le %s. L'accès dure jusqu'au %s.",
		},
		"assistants.status.revoked": {"You removed its access on %s.", "Vous lui avez retiré l'accès le %s."},
		"assistants.status.reused": { // date
			"Its access was ended on %s because its key was used twice, which can mean someone copied it. If it was you, connect it again.",
			"Son accès a pris fin le %s parce que sa clé a servi deux fois, ce qui peut vouloir dire que quelqu'un l'a copiée. Si c'était vous, connectez-le à nouveau.",
		},
		"assistants.status.erased":       {"Its access ended on %s, when your data was deleted.", "Son accès a pris fin le %s, quand vos données ont été supprimées."},
		"assistants.status.disconnected": {"It disconnected itself on %s.", "Il s'est déconnecté lui-même le %s."},
		"assistants.status.expired":      {"Its access ended on %s.", "Son accès a pris fin le %s."},
		"assistants.can.read":            {"It can read what your AI page shows.", "Il peut lire ce que montre votre page IA."},
		"assistants.can.choices": {
			"It can read what your AI page shows and prepare changes to your choices, which you confirm here.",
			"Il peut lire ce que montre votre page IA et préparer des changements de vos choix, que vous confirmez ici.",
		},
		"assistants.last_used": { // when, what
			"Last used on %s: it %s.",
			"Dernière utilisation le %s\u00a0: il a %s.",
		},
		"assistants.never_used": {"It has not read anything yet.", "Il n'a encore rien lu."},
		"assistants.revoke":     {"Remove %s", "Retirer %s"},
		"assistants.revoked":    {"%s no longer has access to your AI page.", "%s n'a plus accès à votre page IA."},
		"assistants.calls":      {"What your assistants read", "Ce que vos assistants ont lu"},
		"assistants.call": { // assistant, what it did, date and time
			"Your assistant %s %s on %s.",
			"Votre assistant %s a %s le %s.",
		},
		"assistants.manage": {"See and remove your AI assistants", "Voir et retirer vos assistants IA"},
		"assistants.back":   {"Back to your AI assistants", "Retour à vos assistants IA"},

		// What each tool call did, after "Your assistant X …" / "Votre assistant X a …".
		"assistants.tool.summary":         {"read your summary", "lu votre résumé"},
		"assistants.tool.list_uses":       {"read your activity", "lu votre activité"},
		"assistants.tool.explain_use":     {"read the details of one use of your data", "lu le détail d'une utilisation de vos données"},
		"assistants.tool.list_systems":    {"read the list of AI systems that used your data", "lu la liste des systèmes d'IA qui ont utilisé vos données"},
		"assistants.tool.system_story":    {"read what one AI system did with your data", "lu ce qu'un système d'IA a fait de vos données"},
		"assistants.tool.training_status": {"read which models learned from your data", "lu quels modèles ont appris de vos données"},
		"assistants.tool.list_choices":    {"read your choices", "lu vos choix"},
		"assistants.tool.receipts":        {"read the receipts of your choices", "lu les reçus de vos choix"},
		"assistants.tool.staff_access":    {"read who looked at your data", "lu qui a consulté vos données"},
		"assistants.tool.change_choice":   {"prepared a change of your choices for you to confirm", "préparé un changement de vos choix, à confirmer"},
		"assistants.tool.request_review":  {"prepared a request for a person to review a decision, for you to confirm", "préparé une demande d'examen d'une décision par une personne, à confirmer"},
		"assistants.tool.other":           {"read your AI page", "lu votre page IA"},

		// Confirming what an assistant prepared.
		"confirm.title": {"Confirm what your assistant prepared", "Confirmez ce que votre assistant a préparé"},
		"confirm.refuse": { // assistant, use, brand
			"Your assistant %s asks to turn this off: %s. If you confirm, %s stops using your data for it.",
			"Votre assistant %s demande de désactiver ceci\u00a0: %s. Si vous confirmez, %s cesse d'utiliser vos données pour cela.",
		},
		"confirm.grant": { // assistant, use, brand
			"Your assistant %s asks to turn this on: %s. If you confirm, %s may use your data for it.",
			"Votre assistant %s demande d'activer ceci\u00a0: %s. Si vous confirmez, %s pourra utiliser vos données pour cela.",
		},
		"confirm.review": { // assistant, brand, the decision in words
			"Your assistant %s asks for a person at %s to review this decision: %s",
			"Votre assistant %s demande qu'une personne de %s examine cette décision\u00a0: %s",
		},
		"confirm.yes.choice": {"Confirm the change", "Confirmer le changement"},
		"confirm.yes.review": {"Send the request", "Envoyer la demande"},
		"confirm.no":         {"Don't do it", "Ne pas le faire"},
		"confirm.done":       {"This was already decided: nothing more to do.", "Cela a déjà été décidé\u00a0: il n'y a plus rien à faire."},
		"confirm.expired":    {"This link has expired. Ask your assistant again if you still want it.", "Ce lien a expiré. Redemandez à votre assistant si vous le voulez toujours."},
		"confirm.cancelled":  {"Nothing was changed.", "Rien n'a été changé."},
		"confirm.ok.choice": { // assistant
			"Done: your choice is saved, and its receipt says that %s prepared it and you confirmed it.",
			"C'est fait\u00a0: votre choix est enregistré, et son reçu indique que %s l'a préparé et que vous l'avez confirmé.",
		},
		"confirm.ok.review": {"Done: your request for a review is sent.", "C'est fait\u00a0: votre demande d'examen est envoyée."},
		"confirm.same":      {"Your choice already says this: nothing was changed.", "Votre choix le dit déjà\u00a0: rien n'a été changé."},

		"assistants.no_training": { // brand
			"None of %s's AI systems learns from customers' data: no model was trained on yours.",
			"Aucun des systèmes d'IA de %s n'apprend des données des clients : aucun modèle n'a été entraîné sur les vôtres.",
		},
		"assistants.verify": { // JWKS URL
			"Each receipt is signed: its JSON form can be checked with the keys at %s.",
			"Chaque reçu est signé : sa forme JSON se vérifie avec les clés publiées à %s.",
		},
		"assistants.confirm_needed": {
			"Nothing has changed yet. Give the person this link: they open it, signed in, and confirm or not.",
			"Rien n'a encore changé. Donnez ce lien à la personne : elle l'ouvre, connectée, et confirme ou non.",
		},
		"history.by.agent": {"through an AI assistant you connected, once you confirmed it", "via un assistant IA que vous avez connecté, après votre confirmation"},
		"receipt.recorded.agent.named": { // assistant
			"You, confirming on this site a change your AI assistant %s prepared",
			"Vous, en confirmant sur ce site un changement préparé par votre assistant IA %s",
		},

		"admin.assistants": { // connected, calls
			"Customers' own AI assistants: %s connected, %s reads in the last 30 days.",
			"Assistants IA des clients\u00a0: %s connectés, %s lectures ces 30 derniers jours.",
		},
	})
}
