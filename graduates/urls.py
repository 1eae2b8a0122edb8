from django.urls import path

from .views import employer, graduate, officer, privacy, trainer

app_name = "graduates"

urlpatterns = [
    # The graduate's own space.
    path("", graduate.profile, name="profile"),
    path("profil/modifier/", graduate.profile_edit, name="profile_edit"),
    path("cv/", graduate.cv_upload, name="cv_upload"),
    path("cv/supprimer/", graduate.cv_delete, name="cv_delete"),
    path("cv/telecharger/", graduate.cv_download, name="cv_download"),
    path("competences/ajouter/", graduate.skill_add, name="skill_add"),
    path("competences/<int:pk>/", graduate.skill_action, name="skill_action"),
    path("projets/nouveau/", graduate.project_edit, name="project_create"),
    path("projets/<int:pk>/", graduate.project_edit, name="project_edit"),
    path("projets/<int:pk>/supprimer/", graduate.project_delete, name="project_delete"),
    path("visibilite/", graduate.visibility, name="visibility"),
    path("mes-donnees.json", graduate.export, name="export"),
    # Personal data (RGPD): the full export, who viewed the profile, erasure; the public notice.
    path("mes-donnees.zip", privacy.export_zip, name="export_zip"),
    path("mes-donnees/consultations/", privacy.profile_views, name="profile_views"),
    path("mes-donnees/effacement/", privacy.erasure, name="erasure"),
    path("mes-donnees/effacement/annuler/", privacy.erasure_cancel, name="erasure_cancel"),
    path("confidentialite/", privacy.privacy_notice, name="privacy"),
    path("ecole/effacements/", privacy.erasure_list, name="erasure_list"),
    path("ecole/effacements/<int:pk>/", privacy.erasure_decide, name="erasure_decide"),
    # The school.
    path("ecole/promotions/", officer.cohort_list, name="cohort_list"),
    path("ecole/promotions/<int:pk>/", officer.cohort_board, name="cohort_board"),
    path("ecole/promotions/<int:pk>/modifier/", officer.cohort_edit, name="cohort_edit"),
    path("ecole/promotions/<int:pk>/import/", officer.cohort_import, name="cohort_import"),
    path(
        "ecole/promotions/<int:pk>/import/modele.csv",
        officer.cohort_import_template,
        name="cohort_import_template",
    ),
    path("ecole/promotions/<int:pk>/inviter/", officer.cohort_invite, name="cohort_invite"),
    path("ecole/diplomes/<int:pk>/", officer.graduate_detail, name="officer_graduate"),
    path("ecole/diplomes/<int:pk>/inviter/", officer.graduate_invite, name="graduate_invite"),
    path("ecole/diplomes/<int:pk>/competences/", officer.skill_confirm, name="skill_confirm"),
    path("ecole/diplomes/<int:pk>/cv/", officer.graduate_cv, name="officer_graduate_cv"),
    # Trainers: their cohorts and skills, without entry characteristics.
    path("formation/", trainer.cohort_list, name="trainer_cohorts"),
    path("formation/promotions/<int:pk>/", trainer.cohort_detail, name="trainer_cohort"),
    path("formation/diplomes/<int:pk>/", trainer.graduate_detail, name="trainer_graduate"),
    path("formation/diplomes/<int:pk>/competences/", trainer.skill_confirm, name="trainer_skill_confirm"),
    # Employers.
    path("profils/", employer.graduate_list, name="employer_list"),
    path("profils/<int:pk>/", employer.graduate_detail, name="employer_detail"),
]
