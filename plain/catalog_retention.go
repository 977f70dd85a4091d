package plain

// Messages of keeping only what is needed: how long the details of each use of a customer's data are kept per AI
// system (its retention), and what the brand kept, and why, when it erased a customer's data at their request.
func init() {
	addTexts(map[string]text{
		"retention.heading": {"How long we keep the details", "Combien de temps nous gardons le détail"},
		"retention.keep": { // system name, period ("13 months")
			"%s: we keep the details of each use for %s. After that only the count remains.",
			"%s\u00a0: nous gardons le détail de chaque utilisation pendant %s. Ensuite, seul le nombre reste.",
		},
		"retention.keep.system": { // period
			"We keep the details of each use for %s. After that only the count remains.",
			"Nous gardons le détail de chaque utilisation pendant %s. Ensuite, seul le nombre reste.",
		},
		"retention.until_erased": { // system name
			"%s: we keep the details of each use until you ask us to delete your data.",
			"%s\u00a0: nous gardons le détail de chaque utilisation jusqu'à ce que vous nous demandiez de supprimer vos données.",
		},
		"retention.until_erased.system": {
			"We keep the details of each use until you ask us to delete your data.",
			"Nous gardons le détail de chaque utilisation jusqu'à ce que vous nous demandiez de supprimer vos données.",
		},

		"erasure.heading": {"What we deleted and what we kept", "Ce que nous avons supprimé et ce que nous avons gardé"},
		"erasure.done": { // date
			"On %s we deleted your data, as you asked: every use of it, what we counted, your name and your e-mail.",
			"Le %s, nous avons supprimé vos données, comme vous l'avez demandé\u00a0: chaque utilisation, ce que nous avions compté, votre nom et votre e-mail.",
		},
		"erasure.kept.rights_requests": {
			"We kept your requests and our answers, this one too. They show that we did what you asked.",
			"Nous avons gardé vos demandes et nos réponses, celle-ci aussi. Elles montrent que nous avons fait ce que vous avez demandé.",
		},

		"staff.erased": { // date
			"This customer's data was deleted on %s at their request. We kept their consent choices, the record of staff visits and their requests, as the law requires.",
			"Les données de ce client ont été supprimées le %s à sa demande. Nous avons gardé ses choix de consentement, la trace des consultations et ses demandes, comme la loi l'exige.",
		},

		"admin.field.retention.hint": {
			"A number and a unit, such as 30 days, 13 months or 1 year. Older details of each use are deleted every day; the counts stay. Leave it empty to keep them.",
			"Un nombre et une unité, comme 30 jours, 13 mois ou 1 an. Le détail plus ancien de chaque utilisation est supprimé chaque jour\u00a0; les nombres restent. Laissez vide pour tout garder.",
		},
		"admin.error.retention": {
			"Write a number and a unit, such as 30 days, 13 months or 1 year.",
			"Écrivez un nombre et une unité, comme 30 jours, 13 mois ou 1 an.",
		},
	})
	addPlurals(map[string]pluralText{
		"retention.unit.hour":  {forms{"=1": "1 hour", "other": "%s hours"}, forms{"one": "%s heure", "other": "%s heures"}},
		"retention.unit.day":   {forms{"=1": "1 day", "other": "%s days"}, forms{"one": "%s jour", "other": "%s jours"}},
		"retention.unit.week":  {forms{"=1": "1 week", "other": "%s weeks"}, forms{"one": "%s semaine", "other": "%s semaines"}},
		"retention.unit.month": {forms{"=1": "1 month", "other": "%s months"}, forms{"one": "%s mois", "other": "%s mois"}},
		"retention.unit.year":  {forms{"=1": "1 year", "other": "%s years"}, forms{"one": "%s an", "other": "%s ans"}},
		"erasure.kept.consent_history": {
			forms{"other": "We kept the record of your consent choices, which the law requires us to keep as proof, for %s years."},
			forms{"other": "Nous avons gardé la trace de vos choix de consentement, que la loi nous oblige à garder comme preuve, pendant %s ans."},
		},
		"erasure.kept.staff_access": {
			forms{"other": "We kept the record of which of our staff looked at your data and why, which the law also requires, for %s years."},
			forms{"other": "Nous avons gardé la trace des membres de notre équipe qui ont consulté vos données et pourquoi, que la loi exige aussi, pendant %s ans."},
		},
	})
}
