package plain

// Messages of rights requests beyond consent and review: asking the brand to delete the customer's data, to pause
// its use, or to stop using it (GDPR Art. 17, 18, 21), told without article numbers; the notice of new answers
// on the overview; and the staff queue where the brand answers them.
func init() {
	addTexts(map[string]text{
		"nav.rights": {"Your requests", "Vos demandes"},

		"rights.title": {"Ask %s about your data", "Vos demandes à %s"},
		"rights.intro": {
			"You can ask %s to delete your data, to pause its use, or to stop using it. The law gives %s one month to answer you.",
			"Vous pouvez demander à %s de supprimer vos données, d'en mettre l'usage en pause ou de ne plus les utiliser. La loi donne un mois à %s pour vous répondre.",
		},
		"rights.ask.heading": {"What you can ask", "Ce que vous pouvez demander"},
		"rights.erase.title": {"Delete my data", "Supprimer mes données"},
		"rights.erase.explain": {
			"%s deletes the data it holds about you. The law makes it keep some data, such as bills. It tells you which.",
			"%s supprime les données qu'elle a sur vous. La loi l'oblige à en garder certaines, comme les factures. Elle vous dit lesquelles.",
		},
		"rights.restrict.title": {"Pause the use of my data", "Mettre en pause l'usage de mes données"},
		"rights.restrict.explain": {
			"%s keeps your data but stops using it for now. This helps while you check that your data is right.",
			"%s garde vos données mais cesse de s'en servir pour le moment. C'est utile le temps de vérifier qu'elles sont justes.",
		},
		"rights.object.title": {"Stop using my data", "Ne plus utiliser mes données"},
		"rights.object.explain": {
			"You tell %s you do not want it to use your data, for ads or to teach its AI. It must stop, unless it has a strong reason it can show you.",
			"Vous dites à %s que vous ne voulez plus qu'elle utilise vos données, pour la publicité ou pour entraîner son IA. Elle doit arrêter, sauf si elle a une raison forte à vous montrer.",
		},
		"rights.next": {
			"If you ask today, %s must answer you by %s. You will see each step on this page.",
			"Si vous demandez aujourd'hui, %s doit vous répondre au plus tard le %s. Vous verrez chaque étape sur cette page.",
		},
		"rights.message":       {"A few words to add (you may leave this empty)", "Quelques mots à ajouter (vous pouvez laisser vide)"},
		"rights.open":          {"You already asked. See your request.", "Vous avez déjà fait cette demande. Voir votre demande."},
		"rights.mine.heading":  {"Your requests", "Vos demandes"},
		"rights.request.erase": {"Your request to delete your data", "Votre demande pour supprimer vos données"},
		"rights.request.restrict": {
			"Your request to pause the use of your data", "Votre demande pour mettre en pause l'usage de vos données",
		},
		"rights.request.object": {"Your request to stop using your data", "Votre demande pour ne plus utiliser vos données"},
		"rights.received":       {"You sent it on %s.", "Vous l'avez envoyée le %s."},
		"rights.deadline":       {"%s must answer by %s.", "%s doit répondre au plus tard le %s."},
		"rights.deadline.past":  {"%s had to answer by %s.", "%s devait répondre au plus tard le %s."},
		"rights.late": {
			"%s is late. You can complain to the data protection authority of your country.",
			"%s est en retard. Vous pouvez vous plaindre auprès de l'autorité de protection des données de votre pays.",
		},
		"rights.status.received":    {"Received", "Reçue"},
		"rights.status.in_progress": {"In progress", "En cours"},
		"rights.status.extended":    {"More time needed", "Délai prolongé"},
		"rights.status.done":        {"Done", "Faite"},
		"rights.status.refused":     {"Refused", "Refusée"},
		"rights.step.received":      {"%s received your request.", "%s a reçu votre demande."},
		"rights.step.in_progress":   {"%s started to work on it.", "%s a commencé à s'en occuper."},
		"rights.step.extended":      {"%s needs more time, until %s.", "%s a besoin de plus de temps, jusqu'au %s."},
		"rights.step.done":          {"%s did what you asked.", "%s a fait ce que vous demandiez."},
		"rights.step.refused":       {"%s said no.", "%s a refusé."},
		"rights.your_words":         {"Your words:", "Vos mots\u00a0:"},
		"rights.answer":             {"The answer from %s:", "La réponse de %s\u00a0:"},
		"rights.reason":             {"The reason %s gives:", "La raison donnée par %s\u00a0:"},
		"rights.asked":              {"Your request is sent. %s must answer you by %s.", "Votre demande est envoyée. %s doit vous répondre au plus tard le %s."},
		"rights.error.again": {
			"You already have a request of this kind. Wait for the answer first.",
			"Vous avez déjà une demande de ce type. Attendez d'abord la réponse.",
		},
		"rights.error.long": {"Your message is too long. Write a shorter one.", "Votre message est trop long. Écrivez-en un plus court."},
		"rights.error.kind": {"Choose what you want to ask.", "Choisissez ce que vous voulez demander."},

		// The overview tells new answers at the next visit.
		"answers.heading":       {"New answers for you", "Nouvelles réponses pour vous"},
		"answers.review":        {"%s answered your request to check a decision.", "%s a répondu à votre demande de vérifier une décision."},
		"answers.rights.erase":  {"%s answered your request to delete your data.", "%s a répondu à votre demande pour supprimer vos données."},
		"answers.rights.object": {"%s answered your request to stop using your data.", "%s a répondu à votre demande pour ne plus utiliser vos données."},
		"answers.rights.restrict": {
			"%s answered your request to pause the use of your data.", "%s a répondu à votre demande pour mettre en pause l'usage de vos données.",
		},

		// What a staff visit saw or did, in the customer's list of visits and in the audit log.
		"access.page.rights":         {"your data requests", "vos demandes sur vos données"},
		"access.page.rights_request": {"a data request made for you", "une demande sur vos données faite pour vous"},
		"access.page.rights_answer":  {"the answer to your data request", "la réponse à votre demande sur vos données"},
		"staff.what.rights":          {"Data requests", "Demandes sur les données"},
		"staff.what.rights_request":  {"Made a data request", "A fait une demande sur les données"},
		"staff.what.rights_answer":   {"Answered a data request", "A répondu à une demande sur les données"},

		// The staff queue.
		"staff.nav.rights":              {"Data requests", "Demandes sur les données"},
		"staff.rights.title":            {"Data requests", "Demandes sur les données"},
		"staff.rights.filters":          {"Which requests", "Quelles demandes"},
		"staff.rights.filter.open":      {"Open", "Ouvertes"},
		"staff.rights.filter.overdue":   {"Late", "En retard"},
		"staff.rights.filter.done":      {"Answered", "Répondues"},
		"staff.rights.empty":            {"No requests here.", "Aucune demande ici."},
		"staff.rights.kind.erase":       {"delete the data", "supprimer les données"},
		"staff.rights.kind.restrict":    {"pause the use", "mettre l'usage en pause"},
		"staff.rights.kind.object":      {"stop the use", "arrêter l'usage"},
		"staff.rights.received":         {"Received %s", "Reçue le %s"},
		"staff.rights.deadline":         {"Answer by %s", "Répondre au plus tard le %s"},
		"staff.rights.overdue":          {"Late. The deadline has passed.", "En retard. Le délai est passé."},
		"staff.rights.status":           {"New status", "Nouvel état"},
		"staff.rights.note":             {"Answer or reason, which the customer reads", "Réponse ou raison, que le client lira"},
		"staff.rights.note.hint":        {"Needed to finish, to refuse or to take more time.", "Nécessaire pour finir, refuser ou prendre plus de temps."},
		"staff.rights.due":              {"New deadline, to take more time", "Nouveau délai, pour prendre plus de temps"},
		"staff.rights.submit":           {"Save", "Enregistrer"},
		"staff.rights.done":             {"Saved. The customer sees the new status.", "Enregistré. Le client voit le nouvel état."},
		"staff.rights.gone":             {"This request already has an answer.", "Cette demande a déjà une réponse."},
		"staff.rights.error.status":     {"This status cannot follow the current one.", "Cet état ne peut pas suivre l'état actuel."},
		"staff.rights.error.note":       {"Write the answer or reason the customer will read.", "Écrivez la réponse ou la raison que le client lira."},
		"staff.rights.error.long":       {"The answer is too long.", "La réponse est trop longue."},
		"staff.rights.error.deadline":   {"Choose a new deadline after the current one, at most three months after the request came.", "Choisissez un délai après l'actuel, au plus trois mois après la demande."},
		"admin.overview.rights_overdue": {"Data requests past their deadline: %s", "Demandes sur les données en retard\u00a0: %s"},
	})
}
