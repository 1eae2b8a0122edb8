from django.urls import include, path

from .views import employer, officer, public

public_patterns: list = [
    path("", public.offer_list, name="public_list"),
    path("<int:pk>/", public.offer_detail, name="detail"),
]

employer_patterns: list = [
    path("", employer.dashboard, name="dashboard"),
    path("inscription/", employer.register, name="register"),
    path("collegues/inviter/", employer.colleague_invite, name="colleague_invite"),
    path("offres/nouvelle/", employer.offer_create, name="offer_create"),
    path("offres/import/", employer.offer_import, name="offer_import"),
    path("offres/import/modele.csv", employer.offer_import_template, name="offer_import_template"),
    path("offres/<int:pk>/", employer.offer_manage, name="offer_manage"),
    path("offres/<int:pk>/modifier/", employer.offer_edit, name="offer_edit"),
    path("offres/<int:pk>/action/", employer.offer_action, name="offer_action"),
    path("offres/<int:pk>/lu-dans-le-texte/", employer.offer_fact, name="offer_fact"),
    # The school's space (placement officers and admins).
    path("ecole/", officer.officer_dashboard, name="officer_dashboard"),
    path("ecole/offres/", officer.moderation_queue, name="moderation_queue"),
    path("ecole/offres/<int:pk>/moderer/", officer.offer_moderate, name="offer_moderate"),
    path("ecole/offres/a-coder/", officer.rome_queue, name="rome_queue"),
    path("ecole/offres/<int:pk>/metier/", officer.offer_code_rome, name="offer_code_rome"),
    path("ecole/employeurs/", officer.employer_list, name="employer_list"),
    path("ecole/employeurs/<int:pk>/", officer.employer_detail, name="employer_detail"),
    path("ecole/employeurs/<int:pk>/validation/", officer.employer_review, name="employer_review"),
    path(
        "ecole/employeurs/<int:pk>/partenariats/nouveau/", officer.partnership_edit, name="partnership_create"
    ),
    path(
        "ecole/employeurs/<int:pk>/partenariats/<int:partnership_pk>/",
        officer.partnership_edit,
        name="partnership_edit",
    ),
    path("ecole/employeurs/<int:pk>/echanges/", officer.interaction_create, name="interaction_create"),
    path("ecole/employeurs/<int:pk>/devenir-partenaire/", officer.prospect_convert, name="prospect_convert"),
    path("ecole/employeurs/<int:pk>/contacts/inviter/", officer.contact_invite, name="contact_invite"),
]

urlpatterns = [
    path("offres/", include((public_patterns, "offers"))),
    path("entreprise/", include((employer_patterns, "employers"))),
]
