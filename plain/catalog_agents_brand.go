package plain

// Messages of the brand's own AI agents: the admin page that lets an agent read the brand API with OAuth (client
// credentials), and the link to it beside the API keys. What the customer reads of an agent's visit is the
// agent_access sentence of the main catalog.
func init() {
	addTexts(map[string]text{
		"admin.nav.agents": {"AI agents", "Agents d'IA"},
		"admin.settings.agents": {
			"Your own AI agents can read this API with a secret of their own instead of a key. Customers see each of their reads.",
			"Vos propres agents d'IA peuvent lire cette API avec un secret à eux au lieu d'une clé. Les clients voient chacune de leurs lectures.",
		},
		"admin.settings.agents.link": {"Manage AI agents", "Gérer les agents d'IA"},
		"admin.notice.agent.revoked": {"The agent was stopped. Its tokens no longer work.", "L'agent a été arrêté. Ses jetons ne fonctionnent plus."},

		"admin.agents.title": {"AI agents", "Agents d'IA"},
		"admin.agents.intro": {
			"An AI agent of yours, such as a support assistant, can read your customers' usage and choices through the API. It gets a client id and a secret, and swaps them for a token that lasts an hour. It can only read, never write. Each time it reads a customer's data, the customer sees it on their page: which agent, when, and for what.",
			"Un agent d'IA à vous, comme un assistant du service client, peut lire l'usage et les choix de vos clients par l'API. Il reçoit un identifiant et un secret, qu'il échange contre un jeton valable une heure. Il peut seulement lire, jamais écrire. Chaque fois qu'il lit les données d'un client, le client le voit sur sa page\u00a0: quel agent, quand, et pour quoi.",
		},
		"admin.agents.none":      {"No AI agent can read the API yet.", "Aucun agent d'IA ne peut encore lire l'API."},
		"admin.agents.name":      {"Name", "Nom"},
		"admin.agents.name.hint": {"Customers read this name, for example \"Support assistant\".", "Les clients lisent ce nom, par exemple «\u00a0Assistant du service client\u00a0»."},
		"admin.agents.name.bad": { // max length
			"Use a name of at most %d characters, on one line.",
			"Utilisez un nom de %d caractères au plus, sur une ligne.",
		},
		"admin.agents.system":        {"AI system", "Système d'IA"},
		"admin.agents.system.hint":   {"The system of your registry this agent is. Customers read its description.", "Le système de votre registre qu'est cet agent. Les clients lisent sa description."},
		"admin.agents.system.pick":   {"Pick an AI system of your registry.", "Choisissez un système d'IA de votre registre."},
		"admin.agents.purpose":       {"Reason", "Raison"},
		"admin.agents.purpose.hint":  {"Why the agent reads customers' data. Customers read it too.", "Pourquoi l'agent lit les données des clients. Les clients la lisent aussi."},
		"admin.agents.purpose.pick":  {"Pick a reason of your registry.", "Choisissez une raison de votre registre."},
		"admin.agents.created":       {"Created", "Créé le"},
		"admin.agents.last_used":     {"Last used", "Dernière utilisation"},
		"admin.agents.never":         {"Never", "Jamais"},
		"admin.agents.state":         {"State", "État"},
		"admin.agents.live":          {"Working", "Actif"},
		"admin.agents.revoke":        {"Stop this agent", "Arrêter cet agent"},
		"admin.agents.revoked":       {"Stopped on %s", "Arrêté le %s"}, // date
		"admin.agents.gone":          {"No longer in the registry", "N'est plus dans le registre"},
		"admin.agents.add":           {"Add an AI agent", "Ajouter un agent d'IA"},
		"admin.agents.add.submit":    {"Add the agent", "Ajouter l'agent"},
		"admin.agents.admin_only":    {"Only an admin can add or stop an agent.", "Seul un administrateur peut ajouter ou arrêter un agent."},
		"admin.agents.no_registry":   {"Add an AI system and a reason for using data to your registry first: an agent needs one of each.", "Ajoutez d'abord un système d'IA et une raison d'utiliser les données à votre registre\u00a0: un agent a besoin de l'un et de l'autre."},
		"admin.agents.once":          {"Copy the secret now: it is shown only this once. vitrine keeps only a fingerprint of it.", "Copiez le secret maintenant\u00a0: il n'est montré qu'une fois. vitrine n'en garde qu'une empreinte."},
		"admin.agents.client_id":     {"Client id", "Identifiant du client"},
		"admin.agents.client_secret": {"Client secret", "Secret du client"},
		"admin.agents.curl":          {"The agent gets a token like this. It then sends the token in the Authorization header, after the word Bearer.", "L'agent obtient un jeton ainsi. Il envoie ensuite le jeton dans l'en-tête Authorization, après le mot Bearer."},
	})
}
