package plain

// Words of a decision's own page: what was decided, how the system decides, what counted, what would have
// changed it, and what the person can do about it.
func init() {
	addTexts(map[string]text{
		"decision.title":   {"A decision about you", "Une décision vous concernant"},
		"decision.heading": {"What %s decided", "Ce qu'a décidé %s"}, // system
		"decision.link":    {"Why this decision?", "Pourquoi cette décision\u00a0?"},
		"decision.back":    {"Back to %s", "Retour à %s"}, // system
		"decision.how.title": {
			"How %s decides", "Comment %s décide",
		}, // system
		"decision.how.none": {
			"%s has not told us how this system decides.",
			"%s ne nous a pas dit comment ce système décide.",
		}, // brand
		"decision.factors.title": {"What counted in your case", "Ce qui a compté dans votre cas"},
		"decision.factors.intro": {
			"%s says these were the main things that counted.",
			"%s dit que voici les principaux éléments qui ont compté.",
		}, // brand
		"decision.factors.none": {
			"%s did not tell us what counted in this decision. You can ask them below.",
			"%s ne nous a pas dit ce qui a compté dans cette décision. Vous pouvez le leur demander plus bas.",
		}, // brand
		"decision.factor.brand_words": {"In %s's words:", "Selon %s\u00a0:"}, // brand
		"decision.changes.title":      {"What would have changed it", "Ce qui l'aurait changée"},
		"decision.changes.none": {
			"%s did not say what would have changed this decision.",
			"%s n'a pas dit ce qui aurait changé cette décision.",
		}, // brand
		"decision.act.title": {"What you can do", "Ce que vous pouvez faire"},
		"decision.act.intro": {
			"A person at %s must answer each request within a month.",
			"Une personne de %s doit répondre à chaque demande dans un délai d'un mois.",
		}, // brand
		"decision.kind.review":                {"Ask a person to look at it again", "Demander qu'une personne la revoie"},
		"decision.kind.point_of_view":         {"Give your point of view", "Donner votre point de vue"},
		"decision.kind.contest":               {"Contest this decision", "Contester cette décision"},
		"decision.kind.review.what":           {"A person looks at the decision again and can change it.", "Une personne revoit la décision et peut la changer."},
		"decision.kind.point_of_view.what":    {"Tell them what you think. A person reads it and answers you.", "Dites-leur ce que vous en pensez. Une personne le lit et vous répond."},
		"decision.kind.contest.what":          {"Say why you think it is wrong. They must look again and answer you.", "Dites pourquoi elle vous semble fausse. Ils doivent la revoir et vous répondre."},
		"decision.kind.review.message":        {"What should they know? (optional)", "Que doit-elle savoir\u00a0? (facultatif)"},
		"decision.kind.point_of_view.message": {"Your point of view", "Votre point de vue"},
		"decision.kind.contest.message":       {"Why is the decision wrong?", "Pourquoi la décision est-elle fausse\u00a0?"},
		"decision.kind.send":                  {"Send", "Envoyer"},
		"decision.state.pending": {
			"You sent this on %s. %s must answer by %s.",
			"Vous l'avez envoyé le %s. %s doit répondre avant le %s.",
		}, // asked, brand, due
		"decision.state.late": {
			"You sent this on %s. %s should have answered by %s. You can complain to your data protection authority.",
			"Vous l'avez envoyé le %s. %s aurait dû répondre avant le %s. Vous pouvez vous plaindre auprès de l'autorité de protection des données.",
		}, // asked, brand, due
		"decision.state.sent":     {"You sent this on %s.", "Vous l'avez envoyé le %s."}, // date
		"decision.state.answered": {"%s answered on %s:", "%s a répondu le %s\u00a0:"},   // brand, date
		"decision.your_words":     {"What you wrote:", "Ce que vous avez écrit\u00a0:"},
		"decision.sent": {
			"Your request was sent. The answer will show here.",
			"Votre demande a été envoyée. La réponse s'affichera ici.",
		},
		"staff.reviews.explained":          {"What the customer is told counted", "Ce que le client lit sur ce qui a compté"},
		"staff.reviews.kind.review":        {"Asks a person to look again", "Demande qu'une personne revoie la décision"},
		"staff.reviews.kind.point_of_view": {"Gives their point of view", "Donne son point de vue"},
		"staff.reviews.kind.contest":       {"Contests the decision", "Conteste la décision"},
		"staff.reviews.due":                {"Answer by %s", "Répondre avant le %s"},                                               // date
		"staff.reviews.late":               {"Late: the answer was due by %s", "En retard\u00a0: il fallait répondre avant le %s"}, // date
		"decision.error.again":             {"You already sent this request about this decision.", "Vous avez déjà envoyé cette demande pour cette décision."},
		"decision.error.empty":             {"Write a few words first.", "Écrivez d'abord quelques mots."},
	})
}
