from django.urls import path

from .views import applications, curriculum, outcomes, reports

app_name = "placements"

urlpatterns = [
    # Applications: the officer's board, each side's own list, one application's page and its moves.
    path("", applications.board, name="board"),
    path("mes-candidatures/", applications.mine, name="mine"),
    path("recues/", applications.employer_board, name="employer_board"),
    path("<int:pk>/", applications.detail, name="application_detail"),
    path("<int:pk>/action/", applications.action, name="application_action"),
    path("<int:pk>/entretien/deplacer/", applications.interview_reschedule, name="interview_reschedule"),
    path("<int:pk>/cv/", applications.cv, name="application_cv"),
    path("postuler/<int:offer_id>/", applications.apply, name="apply"),
    path("proposer/<int:offer_id>/", applications.propose, name="propose"),
    # Placements: hires, internships, jobs found elsewhere (declared, then confirmed).
    path("placements/", outcomes.placements, name="placements"),
    path("placements/declarer/", outcomes.placement_declare, name="placement_declare"),
    path("placements/<int:pk>/confirmer/", outcomes.placement_confirm, name="placement_confirm"),
    # Outcome checks at end of training, +3 and +6 months; the graduate's e-mailed form.
    path("suivi/", outcomes.outcomes, name="outcomes"),
    path("suivi/<int:pk>/", outcomes.outcome_edit, name="outcome_edit"),
    path("suivi/reponse/<str:token>/", outcomes.outcome_form, name="outcome_form"),
    path("notifications/", outcomes.notifications, name="notifications"),
    # Reports: the funder report, skills demand vs supply, partnership follow-up.
    path("rapports/", reports.index, name="reports"),
    path("rapports/promotion/<int:cohort_id>/", reports.cohort_report, name="report_cohort"),
    path("rapports/annee/<int:year>/", reports.year_report, name="report_year"),
    path("rapports/competences/", reports.skills_demand, name="skills_demand"),
    path("rapports/partenaires/", reports.partners, name="partners"),
    # The curriculum read from the region (issue #14) and its XLSX.
    path("rapports/programme/", curriculum.curriculum, name="curriculum"),
    path("rapports/programme/export.xlsx", curriculum.curriculum_export, name="curriculum_export"),
]
