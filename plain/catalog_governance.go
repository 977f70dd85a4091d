package plain

// Messages of registry changes as customers read them ("what changed since your last visit").
func init() {
	addTexts(map[string]text{
		"changes.heading":         {"What changed since your last visit", "Ce qui a changé depuis votre dernière visite"},
		"changes.heading.first":   {"What changed recently", "Ce qui a changé récemment"},
		"changes.system.created":  {"On %s, %s started using %s.", "Le %s, %s a commencé à utiliser %s."},                                          // date, brand, system
		"changes.system.vendor":   {"On %s, %s started using %s, a tool made by %s.", "Le %s, %s a commencé à utiliser %s, un outil créé par %s."}, // date, brand, system, vendor
		"changes.system.retired":  {"On %s, %s stopped using %s.", "Le %s, %s a cessé d'utiliser %s."},                                             // date, brand, system
		"changes.system.restored": {"On %s, %s started using %s again.", "Le %s, %s a recommencé à utiliser %s."},                                  // date, brand, system
		"changes.system.updated":  {"On %s, %s updated what it tells you about %s.", "Le %s, %s a mis à jour ce qu'il vous dit sur %s."},           // date, brand, system
		"changes.system.learns":   {"On %s, %s changed %s: it now learns from customers' data.", "Le %s, %s a modifié %s\u00a0: il apprend maintenant des données des clients."},
		"changes.purpose.created": {"On %s, %s added a new reason to use data: %s.", "Le %s, %s a ajouté une nouvelle raison d'utiliser les données\u00a0: %s."}, // date, brand, purpose
		"changes.purpose.updated": {"On %s, %s changed the rules for this reason: %s.", "Le %s, %s a changé les règles de cette raison\u00a0: %s."},
		"changes.what":            {"What it does: %s", "Ce qu'il fait\u00a0: %s"},
	})
}
