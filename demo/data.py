"""Building blocks of the demo region: invented employers, trades, offer texts.

Every company here is invented (no name comes from the real offers data set); the communes, ROME
appellations and skills are real rows of the reference tables, looked up by label at seed time.
"""

from decimal import Decimal

# Shared by every demo account: printed by `manage.py demo`, never used outside the demo.
DEMO_PASSWORD = "Tremplin-Lens-2026"  # noqa: S105 — a public demo password, printed on purpose
DEMO_EMAIL_SUFFIX = ".demo"

ADMIN_EMAIL = "admin@tremplin.demo"
OFFICER_EMAIL = "charge@tremplin.demo"
EMPLOYER_EMAIL = "employeur@tremplin.demo"
EMPLOYER2_EMAIL = "employeur2@tremplin.demo"
GRADUATE_EMAIL = "diplome@tremplin.demo"
TRAINER_EMAILS = ("formatrice.web@tremplin.demo", "formateur.numerique@tremplin.demo")

# Legal pay floors in 2026 (gross): SMIC 12,02 €/h, 1 823,03 €/month for 35 h;
# internship gratification 15 % of the social-security hourly ceiling (4,50 €/h).
SMIC_HOURLY = Decimal("12.02")
SMIC_MONTHLY = Decimal("1823.03")
GRATIFICATION_HOURLY = Decimal("4.50")

# (key, name, INSEE code, NAF code, size band, status, presentation)
# status: approved | pending | declined. The first two carry the demo employer accounts.
# fmt: off
EMPLOYERS = [
    ("terril", "Terril Numérique", "62498", "62.01Z", "10-49", "approved",
     "Agence web lensoise de 18 personnes : sites et applications métier pour les collectivités, "
     "les associations et les PME du bassin minier."),
    ("pixel", "Atelier Pixel Gohelle", "62510", "62.01Z", "0-9", "approved",
     "Studio de Liévin qui conçoit des applications mobiles et des boutiques en ligne pour les "
     "commerçants du Pas-de-Calais."),
    ("domotik", "Domotik'Artois", "62041", "43.21A", "10-49", "approved",
     "Installateur électricien spécialisé en maison connectée, KNX et pilotage énergétique des "
     "bâtiments tertiaires, intervenant sur l'Arrageois et le Ternois."),
    ("clic", "Clic & Dépannage Béthunois", "62119", "95.11Z", "0-9", "approved",
     "Boutique et atelier de réparation informatique au cœur de Béthune, avec un service "
     "d'assistance aux TPE et aux particuliers."),
    ("scarpe", "Scarpe Data Conseil", "59178", "62.02A", "10-49", "approved",
     "Cabinet douaisien de conseil en données : tableaux de bord, entrepôts de données et "
     "accompagnement des PME industrielles dans leurs projets décisionnels."),
    ("henin", "Hénin Habitat Connecté", "62427", "43.21A", "10-49", "approved",
     "Entreprise de rénovation électrique et de domotique pour les bailleurs sociaux et les "
     "particuliers de l'agglomération Hénin-Carvin."),
    ("beffroi", "Beffroi Logiciels", "59350", "58.29C", "50-249", "approved",
     "Éditeur lillois d'un logiciel de gestion pour les structures de l'économie sociale et "
     "solidaire, utilisé par 900 associations."),
    ("escaut", "Escaut Digital", "59606", "62.01Z", "10-49", "approved",
     "Entreprise de services numériques de Valenciennes : développement sur mesure, tierce "
     "maintenance applicative et hébergement."),
    ("filature", "Filature Web", "59512", "62.01Z", "50-249", "approved",
     "Agence e-commerce installée dans une ancienne filature de Roubaix, spécialiste des "
     "boutiques en ligne pour les marques textiles."),
    ("campus", "Campus Cité Apps", "59009", "62.01Z", "10-49", "approved",
     "Jeune entreprise de Villeneuve-d'Ascq qui développe des applications mobiles pour la "
     "santé et le sport."),
    ("somme", "Somme Numérique Solidaire", "80021", "94.99Z", "10-49", "approved",
     "Association amiénoise de médiation numérique : ateliers, permanences et accompagnement "
     "aux démarches en ligne dans les quartiers et les communes rurales."),
    ("usages", "Maison des Usages Numériques de Liévin", "62510", "88.99B", "10-49", "approved",
     "Tiers-lieu associatif : espace public numérique, fablab et accompagnement des habitants "
     "aux outils numériques."),
    ("corons", "Centre social Les Corons Connectés", "62065", "88.99B", "10-49", "approved",
     "Centre social d'Avion qui accompagne les familles, les seniors et les demandeurs d'emploi, "
     "avec un pôle numérique ouvert en 2024."),
    ("opale", "Logistique Opale Nord", "62193", "52.29A", "250+", "approved",
     "Prestataire logistique calaisien (entreposage, transport transmanche) dont la DSI de 25 "
     "personnes soutient six plateformes."),
    ("sante", "Groupe Santé Gohelle", "62498", "86.10Z", "250+", "approved",
     "Groupe de deux cliniques et d'un centre de rééducation du bassin lensois ; son service "
     "informatique gère 1 200 postes."),
    ("dunes", "Dunes & Data", "59183", "63.11Z", "10-49", "approved",
     "Hébergeur et intégrateur de données du littoral dunkerquois, au service des industriels "
     "du port."),
    ("maree", "Marée Tech Boulonnaise", "62160", "62.02A", "10-49", "approved",
     "Société de conseil et de développement pour la filière des produits de la mer : "
     "traçabilité, logiciels de criée, applications terrain."),
    ("audomar", "Audomar Électricité Domotique", "62765", "43.21A", "0-9", "approved",
     "Artisan électricien audomarois qui équipe maisons et commerces en domotique sans fil et "
     "en bornes de recharge."),
    ("carvin", "Carvin Réseaux & Maintenance", "62215", "95.11Z", "10-49", "approved",
     "Infogérance, maintenance de parcs informatiques et câblage réseau pour les PME et les "
     "mairies de l'Est du Pas-de-Calais."),
    ("bruay", "Bruay Smart Home", "62178", "43.21A", "0-9", "approved",
     "Jeune entreprise d'installation domotique (Home Assistant, Zigbee) et de sécurité pour les "
     "particuliers du Béthunois."),
    ("mines", "Mines de Code", "62528", "62.01Z", "0-9", "approved",
     "Start-up installée près de la base 11/19 : plateforme web de réservation pour les "
     "équipements sportifs et culturels."),
    ("tisserands", "Tisserands du Web", "59599", "73.11Z", "10-49", "approved",
     "Agence de communication de Tourcoing : sites vitrines, référencement et campagnes en "
     "ligne pour les commerçants de la métropole."),
    ("cambresis", "Cambrésis Informatique Services", "59122", "62.09Z", "10-49", "approved",
     "Prestataire informatique de proximité à Cambrai : assistance, sauvegardes, téléphonie et "
     "cybersécurité des petites entreprises."),
    ("picardie", "Picardie Soft Ingénierie", "80021", "62.02A", "50-249", "approved",
     "ESN amiénoise qui accompagne les collectivités et les mutuelles dans leurs projets web, "
     "data et cloud."),
    ("oise", "Oise Assistance Informatique", "60159", "62.09Z", "10-49", "approved",
     "Centre de services informatiques de Compiègne : support utilisateurs à distance pour une "
     "centaine de clients."),
    ("vermandois", "Vermandois Habitat Services", "02691", "68.32A", "50-249", "approved",
     "Gestionnaire de logements à Saint-Quentin qui accompagne ses locataires vers les services "
     "en ligne et équipe ses résidences de capteurs connectés."),
    ("sambre", "Sambre Énergie Domotique", "59392", "43.21A", "10-49", "approved",
     "Installateur de solutions de pilotage énergétique et de domotique pour l'habitat collectif "
     "du Val de Sambre."),
    ("mecatro", "Ateliers Mécatroniques de Harnes", "62413", "28.99B", "50-249", "approved",
     "Fabricant de machines spéciales pour l'agroalimentaire ; son équipe industrie 4.0 exploite "
     "les données des lignes de production."),
    ("noyelles", "Noyelles Distribution Services", "62624", "47.19B", "250+", "approved",
     "Enseigne régionale de distribution (12 magasins) dont le siège de Noyelles-Godault pilote "
     "la logistique, la donnée et le support des magasins."),
    ("citadelle", "Citadelle Formation Numérique", "62041", "85.59A", "10-49", "approved",
     "Organisme de formation arrageois aux usages du numérique pour les salariés et les "
     "demandeurs d'emploi."),
    ("marcq", "Marcq Conseil Digital", "59378", "70.22Z", "10-49", "pending",
     "Cabinet de conseil en transformation numérique des PME, créé en 2025."),
    ("oignies", "Oignies Médiation Numérique", "62637", "94.99Z", "0-9", "pending",
     "Association de quartier qui ouvre un point d'accès numérique et cherche ses premiers "
     "médiateurs."),
    ("armentieres", "Armentières Web Atelier", "59017", "62.01Z", "0-9", "pending",
     "Micro-agence de création de sites et d'applications, en cours de création."),
    ("laon", "Laonnois Numérique Rural", "02408", "94.99Z", "0-9", "pending",
     "Collectif d'habitants et d'élus qui monte un bus numérique itinérant dans le Laonnois."),
    ("lambersart", "Lambersart Immotique", "59328", "43.21A", "10-49", "declined",
     "Intégrateur de gestion technique de bâtiment."),
]

# fmt: on

DECLINE_REASON = (
    "Le SIRET indiqué correspond à un établissement fermé : merci de vous réinscrire avec le SIRET "
    "de l'établissement actif."
)

# Partnerships: employer key -> (kind, status, months since start, hires/year, internships/year, commitments)
# fmt: off
PARTNERSHIPS = {
    "terril": [("hiring", "active", 20, 2, 3, "Recruter deux diplômé·es par an et animer un atelier Symfony par promotion.")],
    "domotik": [
        ("internship", "active", 14, 0, 4, "Accueillir quatre stagiaires domotique par an, tuteur dédié."),
        ("alternance", "active", 8, 1, 0, "Un contrat d'apprentissage technicien domotique par rentrée."),
    ],
    "beffroi": [("hiring", "active", 26, 3, 2, "Trois recrutements par an, participation au jury de fin de formation.")],
    "escaut": [("alternance", "active", 11, 2, 0, "Deux alternants développeurs par an.")],
    "filature": [("project", "active", 6, 0, 0, "Fournir un projet réel par promotion (refonte d'une boutique en ligne).")],
    "somme": [("hiring", "active", 18, 2, 2, "Recruter des conseiller·es numériques formé·es à l'école.")],
    "usages": [("internship", "active", 30, 1, 6, "Six stages de référent numérique par an.")],
    "corons": [("mentoring", "active", 9, 0, 2, "Parrainage de deux apprenant·es par promotion.")],
    "sante": [("hiring", "active", 12, 2, 2, "Postes de technicien·ne support réservés aux diplômé·es en priorité.")],
    "carvin": [("internship", "active", 16, 1, 3, "Trois stagiaires support et réseau par an.")],
    "picardie": [("hiring", "suspended", 24, 2, 0, "Partenariat suspendu pendant la réorganisation de l'agence d'Amiens.")],
    "noyelles": [("alternance", "active", 5, 2, 0, "Deux alternants data et support par rentrée.")],
    "citadelle": [("mentoring", "ended", 36, 0, 0, "Mentorat des formateurs (convention 2023-2025, non renouvelée).")],
    "mines": [("project", "prospect", 1, 0, 1, "Projet de plateforme de réservation proposé aux apprenant·es.")],
    "pixel": [("internship", "prospect", 2, 0, 2, "Discussion en cours pour accueillir deux stagiaires mobiles.")],
    "mecatro": [("hiring", "active", 7, 1, 1, "Un data analyst junior par an, visite d'usine pour chaque promotion.")],
}

# fmt: on

INTERACTIONS = [
    (
        "call",
        "Point téléphonique avec la responsable RH : deux postes ouverts d'ici l'été, profils juniors acceptés.",
    ),
    (
        "meeting",
        "Rendez-vous sur site : visite des locaux, présentation des projets en cours et du tutorat prévu.",
    ),
    ("job_dating", "Job dating à l'école : {n} apprenant·es rencontré·es, {m} entretiens programmés."),
    ("email", "Envoi de la plaquette de la promotion et du calendrier des stages."),
    ("event", "Participation à la soirée des partenaires à Lens : témoignage d'un ancien stagiaire recruté."),
    ("call", "Relance après le stage : l'entreprise souhaite proposer une alternance à sa stagiaire."),
    ("meeting", "Bilan annuel du partenariat : objectifs tenus, renouvellement envisagé."),
    ("email", "Transmission de trois CV de diplômé·es disponibles, retour attendu sous dix jours."),
]

# --------------------------------------------------------------------------- trades
# Each trade: weight (share of offers), ROME appellation labels, title patterns, stacks (what the
# offer asks: title part, required skills, nice-to-have skills, sentence), missions, profile lines,
# contract weights and pay, remote weights. Skill names are labels or aliases of the taxonomy.

TRADES = {
    "web": {
        "weight": 30,
        "appellations": [
            "Développeur / Développeuse web",
            "Développeur / Développeuse full-stack",
            "Développeur / Développeuse back-end",
            "Développeur / Développeuse front-end",
        ],
        "titles": [
            "Développeur web {stack} (H/F)",
            "Développeuse / Développeur {stack} (H/F)",
            "Développeur full-stack {stack} junior (H/F)",
            "Développeur back-end {stack} (H/F)",
            "Développeur·se web {stack}",
        ],
        "stacks": [
            (
                "PHP / Symfony",
                ["PHP", "Symfony", "SQL"],
                ["Docker", "Vue.js", "Git"],
                "PHP 8 et Symfony 7, base MySQL, front en Twig et un peu de Vue.js",
            ),
            (
                "PHP / Laravel",
                ["PHP", "Laravel", "MySQL"],
                ["Vue.js", "Tailwind CSS", "Git"],
                "Laravel 11, MySQL, Livewire ou Vue.js selon les projets, Tailwind CSS",
            ),
            (
                "JavaScript / React",
                ["JavaScript", "React", "HTML", "CSS"],
                ["TypeScript", "Node.js", "Figma"],
                "React et TypeScript côté client, API Node.js, maquettes sous Figma",
            ),
            (
                "Vue.js",
                ["JavaScript", "Vue.js", "CSS"],
                ["TypeScript", "API REST", "Git"],
                "Vue.js 3 avec Pinia, API REST documentées, intégration continue GitLab",
            ),
            (
                "Python / Django",
                ["Python", "Django", "SQL"],
                ["PostgreSQL", "Docker", "API REST"],
                "Python 3, Django et Django REST Framework, PostgreSQL, conteneurs Docker",
            ),
            (
                "Node.js",
                ["JavaScript", "Node.js", "API REST"],
                ["MongoDB", "TypeScript", "Docker"],
                "Node.js et Express, MongoDB, API REST consommées par nos applications mobiles",
            ),
            (
                "WordPress",
                ["WordPress", "PHP", "HTML", "CSS"],
                ["optimisation des moteurs de recherche", "Accessibilité web"],
                "WordPress (thèmes et extensions sur mesure), PHP, HTML et CSS, bonnes pratiques SEO",
            ),
            (
                "Java / Spring",
                ["Java", "Spring", "SQL"],
                ["Angular", "Git", "tests logiciels"],
                "Java 21 et Spring Boot, Angular pour les écrans, PostgreSQL, tests automatisés",
            ),
        ],
        "missions": [
            "Développer de nouvelles fonctionnalités avec l'équipe, de la maquette à la mise en production",
            "Corriger les anomalies remontées par le support et les clients",
            "Écrire des tests automatisés et participer aux revues de code",
            "Concevoir et documenter des API REST",
            "Intégrer les maquettes en respectant l'accessibilité (RGAA) et le responsive",
            "Participer aux rituels agiles : point quotidien, démonstrations, rétrospectives",
            "Optimiser les performances et la sécurité des applications existantes",
            "Rédiger la documentation technique et accompagner la recette avec les clients",
            "Maintenir les sites de nos clients (mises à jour, sauvegardes, évolutions)",
        ],
        "profile": [
            "Vous sortez d'une formation de développeur web (titre professionnel DWWM ou équivalent) ou vous avez appris en autodidacte avec des projets à montrer.",
            "Vous aimez comprendre le besoin avant d'écrire du code et vous savez demander de l'aide.",
            "Un portfolio ou un dépôt Git de vos projets de formation sera regardé avec attention.",
            "Vous êtes curieux·se, rigoureux·se et à l'aise pour travailler en équipe.",
            "Une première expérience en entreprise (stage, alternance) est appréciée, pas exigée.",
        ],
        "soft": ["travailler en équipe", "Méthode AGILE", "Git", "anglais"],
        "contracts": {
            "CDI": 40,
            "CDD": 8,
            "APPRENTISSAGE": 14,
            "PROFESSIONNALISATION": 6,
            "STAGE": 18,
            "FREELANCE": 8,
            "INTERIM": 6,
        },
        "year": (26000, 36000),
        "remote": {"onsite": 30, "hybrid": 55, "full": 15},
    },
    "integration": {
        "weight": 7,
        "appellations": ["Intégrateur / Intégratrice web", "Webmaster développeur / Webmaster développeuse"],
        "titles": [
            "Intégrateur web {stack} (H/F)",
            "Intégratrice / Intégrateur web (H/F)",
            "Webmaster intégrateur {stack} (H/F)",
        ],
        "stacks": [
            (
                "HTML / CSS",
                ["HTML", "CSS", "JavaScript"],
                ["Figma", "Responsive design", "Accessibilité web"],
                "HTML5, CSS (Sass), JavaScript, maquettes Figma",
            ),
            (
                "Tailwind",
                ["HTML", "Tailwind CSS", "JavaScript"],
                ["Vue.js", "Figma", "Git"],
                "HTML, Tailwind CSS, Alpine.js ou Vue.js, Git",
            ),
            (
                "WordPress",
                ["WordPress", "HTML", "CSS"],
                ["PHP", "optimisation des moteurs de recherche"],
                "WordPress et Elementor, HTML/CSS, référencement naturel",
            ),
            (
                "e-commerce",
                ["HTML", "CSS", "Shopify"],
                ["PrestaShop", "JavaScript", "Canva"],
                "Shopify et PrestaShop, HTML/CSS, visuels sous Canva",
            ),
        ],
        "missions": [
            "Intégrer les maquettes graphiques en pages web accessibles et responsive",
            "Mettre à jour les contenus et les pages des sites de nos clients",
            "Vérifier la compatibilité entre navigateurs et sur mobile",
            "Préparer les visuels et optimiser le poids des images",
            "Suivre le référencement naturel et les performances des pages",
            "Former les clients à la mise à jour de leur site",
        ],
        "profile": [
            "Vous avez un œil pour le détail graphique et le souci de l'accessibilité.",
            "Vous connaissez les bases du HTML et du CSS et vous avez déjà mis un site en ligne.",
            "Vous êtes autonome dans l'organisation de vos tâches et à l'écoute des clients.",
        ],
        "soft": ["travailler en équipe", "UX/UI design", "communication"],
        "contracts": {"CDI": 30, "CDD": 15, "APPRENTISSAGE": 15, "STAGE": 25, "FREELANCE": 15},
        "year": (23000, 30000),
        "remote": {"onsite": 40, "hybrid": 50, "full": 10},
    },
    "mobile": {
        "weight": 10,
        "appellations": ["Développeur / Développeuse web mobile", "Développeur / Développeuse d'application"],
        "titles": [
            "Développeur mobile {stack} (H/F)",
            "Développeuse / Développeur d'applications mobiles {stack} (H/F)",
            "Développeur·se mobile {stack} junior (H/F)",
        ],
        "stacks": [
            (
                "Flutter",
                ["Flutter", "API REST", "Git"],
                ["Kotlin", "Swift (programmation informatique)", "Figma"],
                "Flutter et Dart, Firebase, API REST, publication sur les stores",
            ),
            (
                "React Native",
                ["React", "JavaScript", "API REST"],
                ["TypeScript", "Node.js", "tests logiciels"],
                "React Native et TypeScript, API Node.js, tests avec Jest",
            ),
            (
                "Kotlin",
                ["Kotlin", "Android", "API REST"],
                ["Java", "Git", "tests logiciels"],
                "Kotlin et Jetpack Compose sur Android, API REST",
            ),
            (
                "Swift",
                ["Swift (programmation informatique)", "iOS", "API REST"],
                ["Git", "UX/UI design"],
                "Swift et SwiftUI sur iOS, intégration d'API REST",
            ),
        ],
        "missions": [
            "Développer les écrans et les fonctionnalités de nos applications mobiles",
            "Connecter les applications aux API et gérer le mode hors connexion",
            "Publier les versions sur l'App Store et Google Play",
            "Corriger les anomalies remontées par les utilisateurs",
            "Participer à la conception avec la designeuse UX",
            "Écrire des tests et suivre la qualité des versions",
        ],
        "profile": [
            "Vous avez développé au moins une application mobile pendant votre formation ou sur votre temps libre.",
            "Vous aimez les interfaces soignées et vous pensez aux utilisateurs.",
            "Vous savez lire une documentation technique en anglais.",
            "Vous êtes à l'aise pour travailler en équipe et présenter votre travail.",
        ],
        "soft": ["travailler en équipe", "anglais", "Méthode AGILE"],
        "contracts": {"CDI": 40, "CDD": 10, "APPRENTISSAGE": 15, "STAGE": 20, "FREELANCE": 15},
        "year": (27000, 37000),
        "remote": {"onsite": 25, "hybrid": 55, "full": 20},
    },
    "mediation": {
        "weight": 18,
        "appellations": [
            "Médiateur / Médiatrice numérique",
            "Conseiller médiateur / Conseillère médiatrice en numérique",
            "Animateur / Animatrice d'espace public numérique",
            "Formateur / Formatrice informatique",
        ],
        "titles": [
            "Conseiller numérique (H/F)",
            "Médiatrice / Médiateur numérique (H/F)",
            "Référent numérique {stack} (H/F)",
            "Animateur d'espace public numérique (H/F)",
            "Conseiller·ère numérique — {stack}",
        ],
        "stacks": [
            (
                "démarches en ligne",
                ["médiation numérique", "utiliser Microsoft Office"],
                ["communication", "animation de formations"],
                "accompagnement aux démarches en ligne (CAF, France Travail, impôts), messagerie, bureautique",
            ),
            (
                "seniors",
                ["médiation numérique", "Techniques pédagogiques"],
                ["Canva", "communication"],
                "ateliers collectifs smartphone et tablette pour les seniors, prise en main des outils",
            ),
            (
                "jeunes",
                ["médiation numérique", "animation de formations"],
                ["Canva", "Animation de réseaux sociaux"],
                "ateliers pour les 16-25 ans : CV en ligne, réseaux sociaux, sécurité sur internet",
            ),
            (
                "entreprises",
                ["médiation numérique", "utiliser Microsoft Office", "animation de formations"],
                ["SharePoint", "Canva"],
                "accompagnement des salariés et des TPE : messagerie, outils collaboratifs, Office 365",
            ),
            (
                "fablab",
                ["médiation numérique", "Techniques pédagogiques"],
                ["Internet des objets", "Canva"],
                "animation du fablab : impression 3D, découpe laser, initiation à la programmation",
            ),
        ],
        "missions": [
            "Accueillir les habitants et les accompagner dans leurs démarches administratives en ligne",
            "Animer des ateliers collectifs (smartphone, messagerie, sécurité en ligne)",
            "Évaluer le niveau de chacun et proposer un parcours adapté",
            "Organiser des permanences dans les mairies et les centres sociaux du territoire",
            "Orienter les personnes vers les partenaires (CAF, France Travail, CCAS)",
            "Concevoir des supports pédagogiques simples et accessibles",
            "Suivre l'activité et rédiger le bilan des ateliers",
            "Participer au réseau régional des médiateurs numériques",
        ],
        "profile": [
            "Vous aimez transmettre et vous savez vous mettre à la place de personnes éloignées du numérique.",
            "Vous êtes patient·e, pédagogue et à l'aise à l'oral devant un groupe.",
            "Vous maîtrisez les outils numériques du quotidien et les principaux sites de démarches.",
            "Le permis B est souhaité pour les permanences itinérantes.",
            "Une certification Pix ou le titre de conseiller médiateur numérique est un plus.",
        ],
        "soft": ["communication", "pédagogie", "permis B", "travailler en équipe"],
        "contracts": {
            "CDI": 30,
            "CDD": 35,
            "APPRENTISSAGE": 10,
            "PROFESSIONNALISATION": 5,
            "STAGE": 15,
            "INTERIM": 5,
        },
        "year": (22000, 26000),
        "remote": {"onsite": 90, "hybrid": 10},
        "part_time": 0.3,
    },
    "domotique": {
        "weight": 15,
        "appellations": [
            "Technicien / Technicienne d'installation en domotique",
            "Domoticien / Domoticienne",
            "Technicien / Technicienne d'installation en domotique et immotique",
            "Technicien / Technicienne installation d'équipements connectés",
        ],
        "titles": [
            "Technicien domotique {stack} (H/F)",
            "Installateur KNX (H/F)",
            "Technicienne / Technicien maison connectée {stack} (H/F)",
            "Domoticien {stack} (H/F)",
            "Technicien d'installation domotique et immotique (H/F)",
        ],
        "stacks": [
            (
                "KNX",
                ["KNX", "électricité du bâtiment", "habilitation électrique"],
                ["Domotique", "réseaux informatiques"],
                "KNX (programmation ETS), éclairage, volets et chauffage pilotés, tableaux électriques",
            ),
            (
                "Home Assistant",
                ["Home Assistant", "Zigbee", "électricité du bâtiment"],
                ["Linux", "réseaux informatiques"],
                "Home Assistant, capteurs Zigbee et Z-Wave, box domotique, réseau Wi-Fi du logement",
            ),
            (
                "sans fil",
                ["Zigbee", "Z-Wave", "habilitation électrique"],
                ["Jeedom", "permis B"],
                "solutions sans fil Zigbee et Z-Wave, Jeedom, alarmes et caméras connectées",
            ),
            (
                "tertiaire",
                ["KNX", "automates programmables", "habilitation électrique"],
                ["Interprétation de schémas électriques ou électroniques", "réseaux informatiques"],
                "gestion technique de bâtiment, KNX et automates, supervision énergétique",
            ),
        ],
        "missions": [
            "Installer et câbler les équipements domotiques chez nos clients (éclairage, volets, chauffage)",
            "Programmer et paramétrer les scénarios selon le cahier des charges",
            "Mettre en service les installations et expliquer leur utilisation aux clients",
            "Diagnostiquer et dépanner les installations existantes",
            "Lire les plans et les schémas électriques, préparer le matériel des chantiers",
            "Tenir à jour les dossiers techniques des installations",
            "Conseiller les clients sur les économies d'énergie",
        ],
        "profile": [
            "Vous avez une formation en domotique ou en électricité et l'envie de travailler sur le terrain.",
            "L'habilitation électrique (B1V, BR) est exigée ou sera passée à l'arrivée.",
            "Le permis B est indispensable : les chantiers sont répartis sur le département.",
            "Vous êtes soigneux·se, ponctuel·le et vous aimez le contact avec les clients.",
        ],
        "soft": ["permis B", "travailler de manière autonome", "service clients"],
        "contracts": {
            "CDI": 45,
            "CDD": 10,
            "APPRENTISSAGE": 15,
            "PROFESSIONNALISATION": 5,
            "STAGE": 10,
            "INTERIM": 15,
        },
        "year": (23500, 30000),
        "remote": {"onsite": 100},
    },
    "support": {
        "weight": 14,
        "appellations": [
            "Technicien / Technicienne helpdesk",
            "Technicien / Technicienne support informatique",
            "Technicien / Technicienne de maintenance en informatique",
            "Technicien / Technicienne support de proximité en informatique",
        ],
        "titles": [
            "Technicien helpdesk (H/F)",
            "Technicien support informatique {stack} (H/F)",
            "Technicienne / Technicien de proximité (H/F)",
            "Support informatique niveau 1 {stack} (H/F)",
            "Technicien de maintenance informatique (H/F)",
        ],
        "stacks": [
            (
                "Windows",
                ["Windows", "Active Directory", "GLPI"],
                ["ITIL", "Windows Server"],
                "postes Windows 11, Active Directory, tickets sous GLPI, Office 365",
            ),
            (
                "réseau",
                ["réseaux informatiques", "Windows", "maintenance matérielle"],
                ["Linux", "Cisco"],
                "parc de 400 postes, switchs et bornes Wi-Fi, téléphonie IP",
            ),
            (
                "niveau 1",
                ["GLPI", "utiliser Microsoft Office", "Windows"],
                ["ITIL", "anglais"],
                "centre de services : téléphone, tickets GLPI, prise en main à distance",
            ),
            (
                "Linux",
                ["Linux", "réseaux informatiques", "Bash / Shell"],
                ["virtualisation", "Docker"],
                "serveurs Linux, virtualisation, scripts Bash, supervision",
            ),
        ],
        "missions": [
            "Prendre en charge les demandes des utilisateurs par téléphone, ticket ou sur place",
            "Installer et préparer les postes de travail, les imprimantes et les smartphones",
            "Diagnostiquer les pannes matérielles et logicielles",
            "Gérer les comptes utilisateurs et les droits d'accès",
            "Tenir à jour l'inventaire du parc et la base de connaissances",
            "Escalader les incidents complexes vers le niveau 2",
            "Participer aux déploiements et aux migrations",
        ],
        "profile": [
            "Vous avez le sens du service et vous savez expliquer simplement une manipulation.",
            "Vous connaissez Windows et les bases des réseaux ; une première expérience de support est un plus.",
            "Vous êtes méthodique et vous documentez ce que vous faites.",
            "Une certification ITIL Foundation est appréciée.",
        ],
        "soft": ["service clients", "communication", "anglais"],
        "contracts": {
            "CDI": 40,
            "CDD": 15,
            "APPRENTISSAGE": 10,
            "PROFESSIONNALISATION": 5,
            "STAGE": 10,
            "INTERIM": 20,
        },
        "year": (22500, 28000),
        "remote": {"onsite": 75, "hybrid": 25},
    },
    "data": {
        "weight": 10,
        "appellations": [
            "Data analyst",
            "Analyste décisionnel - Business Intelligence",
            "Développeur / Développeuse décisionnel - Business Intelligence",
        ],
        "titles": [
            "Data analyst {stack} (H/F)",
            "Analyste de données junior (H/F)",
            "Data analyst — {stack}",
            "Analyste décisionnel {stack} (H/F)",
        ],
        "stacks": [
            (
                "Power BI",
                ["SQL", "Power BI", "utiliser un logiciel de tableur"],
                ["Python", "ETL"],
                "SQL Server, Power BI, Excel, un peu de Python",
            ),
            (
                "Python",
                ["Python", "SQL", "pandas"],
                ["visualisation de données", "Git"],
                "Python (pandas), PostgreSQL, notebooks Jupyter, Metabase",
            ),
            (
                "Tableau",
                ["SQL", "Tableau", "statistiques"],
                ["Python", "ETL"],
                "entrepôt de données, SQL, Tableau, indicateurs de ventes",
            ),
            (
                "Looker",
                ["SQL", "Looker", "visualisation de données"],
                ["BigQuery", "Python"],
                "BigQuery, Looker Studio, Google Analytics",
            ),
        ],
        "missions": [
            "Construire et maintenir les tableaux de bord des équipes métier",
            "Écrire les requêtes SQL et fiabiliser les données sources",
            "Analyser les ventes, les stocks ou la production et présenter vos conclusions",
            "Automatiser les reportings aujourd'hui faits à la main",
            "Documenter les indicateurs et former les utilisateurs",
            "Participer aux projets de migration des données",
        ],
        "profile": [
            "Vous aimez les chiffres et vous savez raconter ce qu'ils disent à des non-spécialistes.",
            "Vous écrivez des requêtes SQL et vous avez déjà construit un tableau de bord.",
            "Vous êtes rigoureux·se et curieux·se du métier de l'entreprise.",
        ],
        "soft": ["statistiques", "communication", "anglais"],
        "contracts": {"CDI": 50, "CDD": 10, "APPRENTISSAGE": 15, "STAGE": 20, "FREELANCE": 5},
        "year": (28000, 38000),
        "remote": {"onsite": 20, "hybrid": 65, "full": 15},
    },
    "neighbours": {
        "weight": 8,
        "appellations": [
            "Testeur / Testeuse informatique",
            "Administrateur / Administratrice systèmes et réseaux",
            "UX - UI Designer",
            "Technicien / Technicienne informatique",
        ],
        "titles": [
            "Testeur logiciel {stack} (H/F)",
            "Administrateur systèmes et réseaux junior (H/F)",
            "UX/UI designer junior (H/F)",
            "Technicien informatique {stack} (H/F)",
        ],
        "stacks": [
            (
                "recette",
                ["tests logiciels", "Jira", "SQL"],
                ["Méthode AGILE", "API REST"],
                "cahiers de recette, Jira, tests automatisés Cypress",
            ),
            (
                "systèmes",
                ["Linux", "Windows Server", "réseaux informatiques"],
                ["virtualisation", "Docker", "Bash / Shell"],
                "Linux, Windows Server, VMware, sauvegardes Veeam",
            ),
            (
                "design",
                ["UX/UI design", "Figma"],
                ["HTML", "CSS", "Accessibilité web"],
                "Figma, prototypes, tests utilisateurs, design system",
            ),
            (
                "exploitation",
                ["Linux", "réseaux informatiques", "GLPI"],
                ["Bash / Shell", "ITIL"],
                "supervision, sauvegardes, exploitation des serveurs",
            ),
        ],
        "missions": [
            "Préparer et exécuter les plans de tests, suivre les anomalies",
            "Administrer les serveurs et les sauvegardes",
            "Concevoir des maquettes et les tester avec les utilisateurs",
            "Surveiller les traitements et les alertes de production",
            "Documenter les procédures d'exploitation",
        ],
        "profile": [
            "Vous êtes rigoureux·se et vous aimez comprendre comment les choses fonctionnent.",
            "Une première expérience (stage, projet de formation) dans le domaine est appréciée.",
            "Vous savez rendre compte clairement de votre travail.",
        ],
        "soft": ["travailler en équipe", "anglais"],
        "contracts": {"CDI": 45, "CDD": 15, "APPRENTISSAGE": 15, "STAGE": 15, "INTERIM": 10},
        "year": (25000, 33000),
        "remote": {"onsite": 40, "hybrid": 50, "full": 10},
    },
}

# Which trades each employer hires for (the first is the most frequent).
EMPLOYER_TRADES = {
    "terril": ["web", "integration", "mobile"],
    "pixel": ["mobile", "web", "integration"],
    "domotik": ["domotique"],
    "clic": ["support"],
    "scarpe": ["data", "web"],
    "henin": ["domotique"],
    "beffroi": ["web", "neighbours", "data", "support"],
    "escaut": ["web", "support", "neighbours"],
    "filature": ["web", "integration", "data"],
    "campus": ["mobile", "web"],
    "somme": ["mediation"],
    "usages": ["mediation"],
    "corons": ["mediation"],
    "opale": ["support", "data", "neighbours"],
    "sante": ["support", "mediation"],
    "dunes": ["data", "neighbours", "support"],
    "maree": ["web", "mobile", "data"],
    "audomar": ["domotique"],
    "carvin": ["support", "neighbours"],
    "bruay": ["domotique"],
    "mines": ["web", "mobile"],
    "tisserands": ["integration", "web"],
    "cambresis": ["support"],
    "picardie": ["web", "data", "neighbours"],
    "oise": ["support"],
    "vermandois": ["mediation", "domotique"],
    "sambre": ["domotique"],
    "mecatro": ["data", "support"],
    "noyelles": ["data", "support", "web"],
    "citadelle": ["mediation"],
    "marcq": ["web", "data"],
    "oignies": ["mediation"],
    "armentieres": ["web", "integration"],
    "laon": ["mediation"],
}

# Where the job is: mostly the employer's commune, sometimes a neighbouring agency or client site.
NEARBY = {
    "62498": ["62510", "62427", "62065", "62528", "62413"],
    "59350": ["59009", "59512", "59599", "59378", "59328"],
    "62041": ["62119", "62498"],
    "80021": ["80001", "60057"],
    "59606": ["59122", "59392"],
}

INTROS = [
    "{employer}, basée à {commune}, renforce son équipe.",
    "Rejoignez {employer} à {commune} !",
    "{employer} ({commune}) recrute dans le cadre de sa croissance.",
    "Chez {employer}, à {commune}, nous cherchons notre futur·e collègue.",
    "Pour accompagner de nouveaux projets, {employer} ouvre un poste à {commune}.",
]

BENEFITS = [
    "Tickets restaurant de 9 € pris en charge à 60 %",
    "Mutuelle d'entreprise prise en charge à 100 %",
    "Prime de transport et forfait mobilités durables (vélo, covoiturage)",
    "12 jours de RTT par an",
    "Horaires souples (arrivée entre 8 h et 9 h 30)",
    "Budget formation et certifications prises en charge",
    "Ordinateur portable et téléphone fournis",
    "Véhicule de service pour les interventions",
    "Comité social et économique (chèques vacances, billetterie)",
    "Prime d'intéressement annuelle",
    "Locaux à dix minutes à pied de la gare",
    "Tutorat par un·e collègue expérimenté·e pendant les trois premiers mois",
    "Locaux accessibles aux personnes à mobilité réduite",
]

INCLUSION = [
    "Nous étudions toutes les candidatures, y compris celles des personnes en reconversion ou sans diplôme.",
    "Poste ouvert aux personnes en situation de handicap (RQTH) : nous adaptons le poste si besoin.",
    "Les candidatures des diplômé·es de l'école du numérique de Lens sont les bienvenues.",
    "Pas de CV parfait attendu : parlez-nous de vos projets et de ce que vous aimez faire.",
]

DECLINE_OFFER_REASONS = [
    "Le salaire indiqué est inférieur au minimum conventionnel : merci de le corriger.",
    "La description ne précise pas les missions : complétez-la pour que les candidat·es s'y retrouvent.",
]

# Named contacts of the employers (no login), to make the CRM believable.
CONTACT_NAMES = [
    ("Camille", "Lefebvre", "Responsable des ressources humaines"),
    ("Julien", "Dubois", "Directeur technique"),
    ("Sarah", "Lemaire", "Gérante"),
    ("Mehdi", "Benali", "Chef de projet"),
    ("Aurélie", "Delattre", "Chargée de recrutement"),
    ("Thomas", "Vasseur", "Responsable informatique"),
    ("Nadia", "Boulanger", "Directrice"),
    ("Kevin", "Lecomte", "Responsable d'exploitation"),
    ("Élodie", "Caron", "Coordinatrice"),
    ("Yassine", "Haddad", "Responsable d'agence"),
    ("Pauline", "Wattez", "Assistante de direction"),
    ("Maxime", "Delcroix", "Responsable des travaux"),
]
