package plain

// Words of an AI system's use case page: owners, reach, answers over time, wordings compared, the value note.
func init() {
	addTexts(map[string]text{
		"value.title":   {"Use case and value", "Cas d'usage et valeur"},
		"value.heading": {"%s: use case and value", "%s\u00a0: cas d'usage et valeur"}, // system
		"value.link":    {"Use case and value", "Cas d'usage et valeur"},
		"value.back":    {"Back to the system", "Retour au système"},

		"value.reach.title":    {"Whom it reached", "Qui il a touché"},
		"value.usage.caption":  {"Uses and uses without consent, per month", "Utilisations et utilisations sans accord, par mois"},
		"value.usage.none":     {"It used no data in the last 12 months.", "Il n'a utilisé aucune donnée ces 12 derniers mois."},
		"value.col.month":      {"Month", "Mois"},
		"value.col.uses":       {"Uses", "Utilisations"},
		"value.col.violations": {"Without consent", "Sans accord"},
		"value.col.yes":        {"Said yes", "Ont dit oui"},
		"value.col.no":         {"Said no", "Ont dit non"},
		"value.col.optin":      {"Opt-in rate", "Taux d'accord"},
		"value.col.objection":  {"Objection rate", "Taux d'opposition"},
		"value.col.wording":    {"Wording", "Texte"},
		"value.percent":        {"%d%%", "%d\u00a0%%"},

		"value.purpose.optin.heading":     {"Answers for %s", "Réponses pour %s"}, // purpose
		"value.purpose.optin.intro":       {"Each month, the choices customers made: the opt-in rate is the share of yes.", "Chaque mois, les choix des clients\u00a0: le taux d'accord est la part de oui."},
		"value.purpose.objection.heading": {"Objections to %s", "Oppositions à %s"}, // purpose
		"value.purpose.objection.intro":   {"Each month, the choices customers made: the objection rate is the share who said no.", "Chaque mois, les choix des clients\u00a0: le taux d'opposition est la part qui a dit non."},
		"value.answers.none":              {"No customer has answered in the last 12 months.", "Aucun client n'a répondu ces 12 derniers mois."},
		"value.wording.changed":           {"New wording", "Nouveau texte"},
		"value.wording.label":             {"Wording %d, from %s", "Texte %d, depuis le %s"},
		"value.wording.label_before":      {"Wording %d, until %s", "Texte %d, jusqu'au %s"},

		"value.compare.title":   {"Two wordings compared", "Deux textes comparés"},
		"value.compare.intro":   {"Each wording is read over %d days. For the older one, its last days. For the newer one, its first days. So neither gains from being in use longer.", "Chaque texte est lu sur %d jours. Pour l'ancien, ses derniers jours. Pour le nouveau, ses premiers jours. Ainsi, aucun ne gagne à durer plus longtemps."},
		"value.compare.same":    {"Pick two different wordings to compare them.", "Choisissez deux textes différents pour les comparer."},
		"value.compare.first":   {"First wording", "Premier texte"},
		"value.compare.second":  {"Second wording", "Second texte"},
		"value.compare.do":      {"Compare", "Comparer"},
		"value.compare.period":  {"Days read", "Jours lus"},
		"value.compare.dates":   {"%s to %s", "du %s au %s"},
		"value.compare.answers": {"Answers", "Réponses"},
		"value.compare.counts":  {"%s yes out of %s", "%s oui sur %s"},
		"value.compare.text":    {"Text (%s)", "Texte (%s)"}, // language
		"value.compare.too_few": {"Too few answers to compare: each wording needs at least %d. The rates below may be chance.", "Trop peu de réponses pour comparer\u00a0: il en faut au moins %d pour chaque texte. Les taux ci-dessous peuvent tenir du hasard."},

		"value.owners.title":          {"Owners and value", "Responsables et valeur"},
		"value.field.marketing_owner": {"Owner in marketing", "Responsable marketing"},
		"value.field.privacy_owner":   {"Owner in the privacy team", "Responsable vie privée"},
		"value.field.note":            {"Value", "Valeur"},
		"value.field.note.hint":       {"The return you expect from it and what you see. Only your team reads this.", "Ce que vous en attendez et ce que vous constatez. Seule votre équipe le lit."},
		"value.owner.none":            {"Nobody yet", "Personne pour l'instant"},
		"value.updated":               {"Last changed by %s on %s.", "Modifié par %s le %s."},
		"value.error.note_long":       {"Keep it under %d characters.", "Restez sous %d caractères."},
		"value.error.owner":           {"Choose a member of your team from the list.", "Choisissez une personne de votre équipe dans la liste."},
		"admin.notice.value.saved":    {"Saved.", "Enregistré."},
	})
	addPlurals(map[string]pluralText{
		"value.reach": {
			forms{"=0": "This month it has used no customer's data yet.", "=1": "This month it used the data of one customer.", "other": "This month it used the data of %s customers."},
			forms{"=0": "Ce mois-ci, il n'a encore utilisé les données d'aucun client.", "=1": "Ce mois-ci, il a utilisé les données d'un client.", "other": "Ce mois-ci, il a utilisé les données de %s clients."},
		},
	})
}
