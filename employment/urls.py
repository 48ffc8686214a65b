from django.urls import path

from . import views

app_name = "employment"
urlpatterns = [
    # the workshops of an establishment: the board and the month sheets
    path("etablissements/<int:pk>/ateliers/", views.board, name="board"),
    path("etablissements/<int:pk>/heures/", views.sheets, name="sheets"),
    path("ateliers/<int:pk>/heures/<int:year>/<int:month>/", views.sheet, name="sheet"),
    path("ateliers/<int:pk>/heures/<int:year>/<int:month>/valider/", views.sheet_validate, name="sheet_validate"),
    path("ateliers/<int:pk>/heures/<int:year>/<int:month>/rouvrir/", views.sheet_reopen, name="sheet_reopen"),
    path("ateliers/<int:pk>/heures/<int:year>/<int:month>/heures.csv", views.sheet_csv, name="sheet_csv"),
    path("ateliers/<int:pk>/heures/<int:year>/<int:month>/heures.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    # contracts within an insertion path
    path("personnes/<int:pk>/embauche/", views.hire, name="hire"),
    path("parcours/<int:pk>/", views.path_detail, name="path"),
    path("parcours/<int:pk>/renouvellement/", views.renew, name="renew"),
    path("parcours/<int:pk>/sortie/", views.path_exit, name="path_exit"),
    path("contrats/<int:pk>/fin-anticipee/", views.end_early, name="end_early"),
    # what the person does over time
    path("personnes/<int:pk>/activites/nouvelle/", views.activity_create, name="activity_create"),
    path("activites/<int:pk>/", views.activity_update, name="activity_update"),
    # AQI cohorts
    path("etablissements/<int:pk>/promotions/", views.cohorts, name="cohorts"),
    path("etablissements/<int:pk>/promotions/nouvelle/", views.cohort_create, name="cohort_create"),
    path("promotions/<int:pk>/", views.cohort_detail, name="cohort"),
    path("promotions/<int:pk>/candidatures/nouvelle/", views.candidate_create, name="candidate_create"),
    path("candidatures/<int:pk>/decision/", views.candidate_decide, name="candidate_decide"),
    path("candidatures/<int:pk>/inscription/", views.candidate_enrol, name="candidate_enrol"),
    path("stagiaires/<int:pk>/immersions/nouvelle/", views.immersion_create, name="immersion_create"),
    path("stagiaires/<int:pk>/examen/", views.member_exam, name="member_exam"),
    # TIG hosting
    path("etablissements/<int:pk>/tig/", views.tig_list, name="tig_list"),
    path("personnes/<int:pk>/tig/nouveau/", views.tig_create, name="tig_create"),
    path("tig/<int:pk>/", views.tig_detail, name="tig"),
    path("tig/<int:pk>/seances/nouvelle/", views.tig_session_create, name="tig_session_create"),
    path("tig/<int:pk>/absence/", views.tig_absence, name="tig_absence"),
    path("tig/<int:pk>/fin/", views.tig_complete, name="tig_complete"),
    path("tig/<int:pk>/embauche/", views.tig_hire, name="tig_hire"),
    # SOA sessions
    path("etablissements/<int:pk>/soa/", views.soa_sessions, name="soa_sessions"),
    path("etablissements/<int:pk>/soa/nouvelle/", views.soa_create, name="soa_create"),
    path("soa/<int:pk>/", views.soa_detail, name="soa"),
    path("soa/<int:pk>/participants/nouveau/", views.soa_enrol, name="soa_enrol"),
    path("participants-soa/<int:pk>/stages/nouveau/", views.soa_internship_create, name="soa_internship_create"),
    path("participants-soa/<int:pk>/fin/", views.soa_complete, name="soa_complete"),
]
