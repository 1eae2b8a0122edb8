"""Fixed data of the simulated region: places, the three trades' skills, texts, habits."""

from .docs import BIKE_FOOT, CAR, PUBLIC_TRANSPORT

# (insee, name, lat, lon, weight for offers, weight for graduates). Graduates live mostly in the
# mining basin around the school in Lens; offers concentrate in the Lille metropolis.
PLACES = (
    ("59350", "Lille", 50.63172, 3.04783, 22, 2),
    ("59512", "Roubaix", 50.68798, 3.18258, 5, 1),
    ("59599", "Tourcoing", 50.72544, 3.15883, 4, 1),
    ("59009", "Villeneuve-d'Ascq", 50.63244, 3.15353, 6, 1),
    ("59378", "Marcq-en-Barœul", 50.67533, 3.10094, 3, 0),
    ("59560", "Seclin", 50.54629, 3.03440, 2, 1),
    ("62498", "Lens", 50.43743, 2.82106, 6, 14),
    ("62510", "Liévin", 50.42428, 2.77292, 2, 8),
    ("62065", "Avion", 50.40390, 2.82659, 1, 5),
    ("62427", "Hénin-Beaumont", 50.40923, 2.95900, 3, 6),
    ("62624", "Noyelles-Godault", 50.41797, 2.99358, 2, 2),
    ("62413", "Harnes", 50.45169, 2.90336, 1, 4),
    ("62250", "Courrières", 50.45320, 2.94633, 1, 3),
    ("62215", "Carvin", 50.48952, 2.94858, 1, 3),
    ("62637", "Oignies", 50.46445, 2.99307, 1, 2),
    ("62907", "Libercourt", 50.48203, 2.99971, 0, 2),
    ("62895", "Wingles", 50.49519, 2.85777, 1, 3),
    ("62771", "Sallaumines", 50.42043, 2.86000, 0, 4),
    ("62528", "Loos-en-Gohelle", 50.45679, 2.78573, 1, 3),
    ("62386", "Grenay", 50.44968, 2.74513, 0, 2),
    ("62563", "Mazingarbe", 50.46842, 2.72581, 1, 2),
    ("62186", "Bully-les-Mines", 50.44511, 2.71911, 0, 3),
    ("62119", "Béthune", 50.52889, 2.64242, 4, 4),
    ("62178", "Bruay-la-Buissière", 50.49032, 2.55205, 1, 4),
    ("62041", "Arras", 50.28990, 2.76587, 6, 3),
    ("59178", "Douai", 50.38232, 3.09146, 5, 4),
    ("59606", "Valenciennes", 50.35887, 3.51568, 6, 1),
    ("59172", "Denain", 50.32997, 3.38986, 1, 1),
    ("59017", "Armentières", 50.69138, 2.87972, 2, 1),
    ("59295", "Hazebrouck", 50.72630, 2.53864, 1, 0),
    ("62765", "Saint-Omer", 50.76798, 2.26335, 2, 0),
    ("59183", "Dunkerque", 51.03072, 2.33752, 4, 0),
    ("62193", "Calais", 50.95021, 1.87576, 2, 0),
    ("62160", "Boulogne-sur-Mer", 50.72713, 1.60756, 2, 0),
    ("59122", "Cambrai", 50.17028, 3.24221, 2, 0),
    ("80021", "Amiens", 49.90095, 2.29007, 6, 0),
    ("60057", "Beauvais", 49.43655, 2.08616, 2, 0),
    ("02691", "Saint-Quentin", 49.84723, 3.27769, 2, 0),
)

# Skill groups of the three trades (id -> label), with their broader group and track.
TAXONOMY = {
    "dev": {
        "langages_web": {
            "html": "HTML",
            "css": "CSS",
            "javascript": "JavaScript",
            "typescript": "TypeScript",
            "php": "PHP",
            "python": "Python",
        },
        "frameworks_js": {"react": "React", "vuejs": "Vue.js", "angular": "Angular", "nodejs": "Node.js"},
        "frameworks_php": {"symfony": "Symfony", "laravel": "Laravel", "wordpress": "WordPress"},
        "frameworks_python": {"django": "Django", "flask": "Flask"},
        "mobile": {
            "flutter": "Flutter",
            "kotlin": "Kotlin",
            "swift": "Swift",
            "react_native": "React Native",
        },
        "bases_de_donnees": {
            "sql": "SQL",
            "postgresql": "PostgreSQL",
            "mysql": "MySQL",
            "mongodb": "MongoDB",
        },
        "devops": {"git": "Git", "docker": "Docker", "linux": "Linux", "ci_cd": "intégration continue"},
        "api": {"api_rest": "API REST", "graphql": "GraphQL"},
        "design": {"figma": "Figma", "ux_ui": "UX/UI"},
        "qualite": {"tests_unitaires": "tests unitaires", "jest": "Jest"},
    },
    "referent": {
        "bureautique": {"word": "Word", "excel": "Excel", "google_workspace": "Google Workspace"},
        "mediation": {
            "accompagnement_usagers": "accompagnement des usagers",
            "demarches_en_ligne": "démarches administratives en ligne",
            "animation_ateliers": "animation d'ateliers",
            "pix": "Pix",
        },
        "support": {
            "support_informatique": "support informatique",
            "maintenance_pc": "maintenance de postes",
            "windows": "Windows",
            "reseaux_locaux": "réseaux locaux",
        },
        "communication": {
            "reseaux_sociaux": "réseaux sociaux",
            "canva": "Canva",
            "redaction_web": "rédaction web",
        },
        "securite_numerique": {"cybersecurite": "cybersécurité", "rgpd": "RGPD"},
    },
    "domotique": {
        "protocoles": {"knx": "KNX", "zigbee": "Zigbee", "zwave": "Z-Wave", "mqtt": "MQTT"},
        "plateformes": {
            "home_assistant": "Home Assistant",
            "jeedom": "Jeedom",
            "raspberry_pi": "Raspberry Pi",
        },
        "electricite": {
            "habilitation_electrique": "habilitation électrique",
            "cablage": "câblage",
            "electricite_batiment": "électricité du bâtiment",
        },
        "surete": {
            "alarme": "alarme",
            "videosurveillance": "vidéosurveillance",
            "controle_acces": "contrôle d'accès",
        },
        "automatismes": {"automatisme": "automatisme", "reseaux_ip": "réseaux IP"},
    },
}
TRANSVERSAL = {
    "travail_equipe": "travail en équipe",
    "relation_client": "relation client",
    "anglais": "anglais",
}

TITLES = {
    "dev": [
        "Développeur web",
        "Développeuse / développeur front-end",
        "Développeur full stack",
        "Développeur mobile",
    ],
    "referent": ["Conseiller numérique", "Référent numérique", "Technicien support", "Médiateur numérique"],
    "domotique": ["Technicien domotique", "Installateur maison connectée", "Technicien courants faibles"],
}
FILLER = [
    "Vous rejoindrez une équipe à taille humaine",
    "Nous accompagnons nos clients de la région depuis 15 ans",
    "Poste basé dans nos locaux avec possibilité d'évolution",
    "Tickets restaurant et mutuelle",
    "Une première expérience en stage est bienvenue",
    "Vous aimez apprendre et partager",
]
CV_FILLER = [
    "Formation de l'école du numérique de Lens",
    "Motivé, curieux et ponctuel",
    "Expérience en restauration et en logistique",
    "Permis B",
    "Bénévole dans une association de quartier",
    "Projet de fin de formation réalisé en équipe",
]
CONTRACTS_BY_TRACK = {
    "dev": (["cdi", "cdd", "alternance", "stage", "interim"], [0.4, 0.15, 0.3, 0.1, 0.05]),
    "referent": (["cdi", "cdd", "alternance", "stage", "interim"], [0.25, 0.4, 0.2, 0.1, 0.05]),
    "domotique": (["cdi", "cdd", "alternance", "stage", "interim"], [0.35, 0.15, 0.25, 0.05, 0.2]),
}
TRACK_SHARE_OFFERS = {"dev": 0.55, "referent": 0.25, "domotique": 0.20}
TRACK_SHARE_GRADS = {"dev": 0.5, "referent": 0.3, "domotique": 0.2}
SPEED_KMH = {CAR: 50.0, PUBLIC_TRANSPORT: 22.0, BIKE_FOOT: 13.0}
FIXED_MIN = {CAR: 5.0, PUBLIC_TRANSPORT: 15.0, BIKE_FOOT: 0.0}
