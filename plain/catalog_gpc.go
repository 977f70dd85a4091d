package plain

// Messages of Global Privacy Control: what the browser's signal did on the customer's pages, the question before a
// yes that goes against it, and the brand's setting of what it turns off.
func init() {
	addTexts(map[string]text{
		"history.by.gpc": {"through your browser's Global Privacy Control signal", "par le signal Global Privacy Control de votre navigateur"},

		"gpc.badge.done": { // date
			"Your browser asked us not to share or sell your data; we did so on %s.",
			"Votre navigateur nous a demandé de ne pas partager ni vendre vos données\u00a0; nous l'avons fait le %s.",
		},
		"gpc.badge.off": { // list of uses
			"Turned off for this: %s. You can still say yes below.",
			"Désactivé pour cela\u00a0: %s. Vous pouvez toujours dire oui plus bas.",
		},
		"gpc.badge.already": {
			"Your browser asks us not to share or sell your data. Your choices already say no to that.",
			"Votre navigateur nous demande de ne pas partager ni vendre vos données. Vos choix y disent déjà non.",
		},
		"gpc.confirm.title": {"Your browser asks us not to share or sell your data", "Votre navigateur nous demande de ne pas partager ni vendre vos données"},
		"gpc.confirm.body": { // use
			"Your browser sends a signal called Global Privacy Control. It asks us not to share or sell your data. Saying yes to \"%s\" goes against it. Do you want to say yes anyway?",
			"Votre navigateur envoie un signal appelé Global Privacy Control. Il nous demande de ne pas partager ni vendre vos données. Dire oui à «\u00a0%s\u00a0» va contre ce signal. Voulez-vous dire oui quand même\u00a0?",
		},
		"gpc.confirm.yes":  {"Yes, allow \"%s\"", "Oui, autoriser «\u00a0%s\u00a0»"},
		"gpc.confirm.keep": {"No, keep it off", "Non, laisser désactivé"},

		"admin.gpc.title": {"Global Privacy Control", "Global Privacy Control"},
		"admin.gpc.intro": {
			"Some browsers send a signal, Global Privacy Control, that asks every site not to share or sell the person's data. When a customer's browser sends it on their page or in the widget, vitrine says no for them to the uses ticked here. It does so once, with a receipt, a change in your feed and a webhook, as if they had said no themselves. They can still say yes after they confirm it.",
			"Certains navigateurs envoient un signal, Global Privacy Control, qui demande à chaque site de ne pas partager ni vendre les données de la personne. Quand le navigateur d'un client l'envoie sur sa page ou dans le widget, vitrine dit non pour lui aux utilisations cochées ici. Il le fait une fois, avec un reçu, un changement dans votre flux et un webhook, comme si le client avait dit non lui-même. Le client peut toujours dire oui après l'avoir confirmé.",
		},
		"admin.gpc.legend":        {"Uses the signal turns off", "Utilisations que le signal désactive"},
		"admin.gpc.hint.default":  {"Ticked unless you choose otherwise: its codes say advertising or sharing of data (%s).", "Coché sauf choix contraire\u00a0: ses codes disent publicité ou partage de données (%s)."},
		"admin.gpc.hint.codes":    {"Its codes: %s.", "Ses codes\u00a0: %s."},
		"admin.gpc.hint.training": {"Training a model: ticked only if you choose it.", "Entraînement d'un modèle\u00a0: coché seulement si vous le choisissez."},
		"admin.gpc.tcf":           {"TCF %d", "TCF %d"},
		"admin.gpc.fixed":         {"Not listed, since customers cannot refuse them: %s.", "Non listées, car les clients ne peuvent pas les refuser\u00a0: %s."},
		"admin.gpc.none":          {"Customers cannot refuse any of your uses, so the signal has nothing to turn off.", "Les clients ne peuvent refuser aucune de vos utilisations\u00a0: le signal n'a rien à désactiver."},
		"admin.gpc.back":          {"Back to the settings", "Retour aux réglages"},
		"admin.notice.gpc.saved":  {"Saved: the next request with the signal follows it.", "Enregistré\u00a0: la prochaine requête avec le signal le suivra."},
		"admin.settings.gpc":      {"Choose which uses a customer's Global Privacy Control signal turns off.", "Choisissez les utilisations que le signal Global Privacy Control d'un client désactive."},
		"admin.settings.gpc.link": {"Set up Global Privacy Control", "Configurer Global Privacy Control"},
	})
}
