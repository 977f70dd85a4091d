package plain

// Messages of registry changes as customers read them ("what changed since your last visit").
func init() {
	addTexts(map[string]text{
		"changes.heading":             {"What changed since your last visit", "Ce qui a changé depuis votre dernière visite"},
		"changes.heading.first":       {"What changed recently", "Ce qui a changé récemment"},
		"changes.system.created":      {"On %s, %s started using %s.", "Le %s, %s a commencé à utiliser %s."},                                          // date, brand, system
		"changes.system.vendor":       {"On %s, %s started using %s, a tool made by %s.", "Le %s, %s a commencé à utiliser %s, un outil créé par %s."}, // date, brand, system, vendor
		"changes.system.retired":      {"On %s, %s stopped using %s.", "Le %s, %s a cessé d'utiliser %s."},                                             // date, brand, system
		"changes.system.restored":     {"On %s, %s started using %s again.", "Le %s, %s a recommencé à utiliser %s."},                                  // date, brand, system
		"changes.system.learns":       {"On %s, %s changed %s: it now learns from customers' data.", "Le %s, %s a modifié %s\u00a0: il apprend maintenant des données des clients."},
		"changes.purpose.created":     {"On %s, %s added a new reason to use data: %s.", "Le %s, %s a ajouté une nouvelle raison d'utiliser les données\u00a0: %s."}, // date, brand, purpose
		"changes.system.what":         {"On %s, %s changed %s: %s.", "Le %s, %s a modifié %s\u00a0: %s."},                                                            // date, brand, system, what changed
		"changes.purpose.what":        {"On %s, %s changed the reason \"%s\": %s.", "Le %s, %s a modifié la raison «\u00a0%s\u00a0»\u00a0: %s."},                     // date, brand, purpose, what changed
		"changes.part.what":           {"what it does", "ce qu'il fait"},
		"changes.part.how":            {"how it works", "comment il fonctionne"},
		"changes.part.human_review":   {"how to ask a person to check its decisions", "comment demander à une personne de vérifier ses décisions"},
		"changes.part.decides":        {"how it decides", "comment il décide"},
		"changes.part.learns_no_more": {"it no longer learns from customers' data", "il n'apprend plus des données des clients"},
		"changes.part.decides_now":    {"it now makes decisions on its own", "il prend maintenant des décisions seul"},
		"changes.part.risk":           {"how risky it is judged", "le niveau de risque qui lui est donné"},
		"changes.part.deployment":     {"how it reaches your data", "la façon dont il accède à vos données"},
		"changes.part.doc":            {"its documentation", "sa documentation"},
		"changes.part.retention":      {"how long it keeps data", "combien de temps il garde les données"},
		"changes.part.vendor":         {"it now comes from %s", "il vient maintenant de %s"},
		"changes.part.needs_consent":  {"it now needs your consent", "il faut maintenant votre accord"},
		"changes.part.basis":          {"the rule that allows it", "la règle qui l'autorise"},
		"changes.part.can_refuse":     {"you can now say no", "vous pouvez maintenant dire non"},
		"changes.part.cannot_refuse":  {"you can no longer say no to it", "vous ne pouvez plus le refuser"},
		"changes.part.training":       {"it now trains AI models", "elle sert maintenant à entraîner des modèles d'IA"},
		"changes.part.words":          {"how it is explained", "la façon dont elle est expliquée"},
		"changes.what":                {"What it does: %s", "Ce qu'il fait\u00a0: %s"},
	})
}
