package plain

// Staff words about how deciding systems explain their decisions: the system form, the overview's figures and
// the coverage gaps.
func init() {
	addTexts(map[string]text{
		"admin.field.decides": {"How it decides", "Comment il décide"},
		"admin.field.decides.hint": {
			"Only for a system that decides on its own. Say what the steps are and what it weighs, in plain words.",
			"Seulement pour un système qui décide seul. Dites quelles sont les étapes et ce qu'il prend en compte, avec des mots simples.",
		},
		"admin.field.counterfactuals": {
			"We tell customers what would have changed a decision",
			"Nous disons aux clients ce qui aurait changé une décision",
		},
		"admin.field.counterfactuals.hint": {
			"Tick it when your events send this with each decision.",
			"Cochez si vos événements l'envoient avec chaque décision.",
		},
		"admin.factors.title": {"What it weighs", "Ce qu'il prend en compte"},
		"admin.factors.intro": {
			"You edit these factors in the registry file, with vitrine registry apply.",
			"Ces facteurs se modifient dans le fichier du registre, avec vitrine registry apply.",
		},
		"admin.factors.empty":       {"No factors yet.", "Aucun facteur pour l'instant."},
		"admin.factors.key":         {"Key", "Clé"},
		"admin.factors.label":       {"What customers read", "Ce que lisent les clients"},
		"admin.factors.category":    {"Kind of data", "Type de données"},
		"admin.factors.undescribed": {"not described yet", "pas encore décrit"},

		"admin.decisions.title":  {"Decisions sent with what counted", "Décisions envoyées avec ce qui a compté"},
		"admin.decisions.system": {"System", "Système"},
		"admin.decisions.column": {"With what counted, of all decisions", "Avec ce qui a compté, sur toutes les décisions"},
		"admin.decisions.share":  {"%s of %s (%s)", "%s sur %s (%s)"},
		"admin.decisions.empty":  {"No decisions yet.", "Aucune décision pour l'instant."},

		"admin.gap.decision_unexplained": {"Decisions sent without what counted", "Décisions envoyées sans ce qui a compté"},
		"admin.gap.decision_unexplained.why": {
			"Customers have the right to know the main reasons for a decision. Send the factors with each decision event.",
			"Les clients ont le droit de connaître les raisons principales d'une décision. Envoyez les facteurs avec chaque événement de décision.",
		},
		"admin.gap.no_decides": {"Deciding systems that do not say how they decide", "Systèmes qui décident sans dire comment"},
		"admin.gap.no_decides.why": {
			"Customers must be told, in plain words, how a decision about them is made.",
			"Les clients doivent savoir, avec des mots simples, comment une décision à leur sujet est prise.",
		},
		"admin.gap.unregistered_factor": {"Factors nobody described", "Facteurs que personne n'a décrits"},
		"admin.gap.unregistered_factor.why": {
			"Events name them, so customers see a code instead of words. Describe them in the registry file.",
			"Des événements les citent, donc les clients voient un code au lieu de mots. Décrivez-les dans le fichier du registre.",
		},
		"admin.gap.item.unregistered_factor": {
			"Factor %s of %s is sent in events but not described",
			"Le facteur %s de %s est envoyé dans des événements mais n'est pas décrit",
		},
	})
	addPlurals(map[string]pluralText{
		"admin.gap.item.decision_unexplained": {
			forms{"one": "%s decision of %s came without what counted: customers are told the brand did not say", "other": "%s decisions of %s came without what counted: customers are told the brand did not say"},
			forms{"one": "%s décision de %s est arrivée sans ce qui a compté\u00a0: les clients lisent que la marque ne l'a pas dit", "other": "%s décisions de %s sont arrivées sans ce qui a compté\u00a0: les clients lisent que la marque ne l'a pas dit"},
		},
	})
}
