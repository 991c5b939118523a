"""The evaluation app's pages: the public self-assessment at /tu-danh-gia/, the rubric screens under
/evaluation/, the dossiers under /ho-so/,
rounds, councils, scoring and decisions under /hoi-dong/."""

from django.urls import path

from ocop.evaluation.views import councils, dossiers, rubrics, self_assessment

app_name = "evaluation"
urlpatterns = [
    path("tu-danh-gia/", self_assessment.self_assessment_start, name="self_assessment"),
    path("tu-danh-gia/luu/", self_assessment.self_assessment_pending, name="self_assessment_pending"),
    path(
        "tu-danh-gia/<int:version_id>/", self_assessment.self_assessment_sheet, name="self_assessment_sheet"
    ),
    path(
        "tu-danh-gia/<int:version_id>/luu", self_assessment.self_assessment_save, name="self_assessment_save"
    ),
    path("evaluation/rubrics/", rubrics.rubric_list, name="rubric_list"),
    path("evaluation/rubrics/<int:version_id>/", rubrics.rubric_detail, name="rubric_detail"),
    path("evaluation/rubrics/<int:version_id>/copy", rubrics.rubric_copy, name="rubric_copy"),
    path("evaluation/rubrics/<int:version_id>/publish", rubrics.rubric_publish, name="rubric_publish"),
    path("evaluation/criteria/<int:criterion_id>/edit", rubrics.criterion_edit, name="criterion_edit"),
    path("evaluation/options/<int:option_id>/edit", rubrics.option_edit, name="option_edit"),
    path("ho-so/", dossiers.dossier_list, name="dossier_list"),
    path("ho-so/moi/", dossiers.dossier_start, name="dossier_start"),
    path("ho-so/<int:dossier_id>/", dossiers.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:dossier_id>/dang-ky", dossiers.dossier_registration, name="dossier_registration"),
    path("ho-so/<int:dossier_id>/tu-danh-gia", dossiers.dossier_answers, name="dossier_answers"),
    path("ho-so/<int:dossier_id>/minh-chung", dossiers.dossier_evidence_add, name="dossier_evidence_add"),
    path(
        "ho-so/<int:dossier_id>/minh-chung/<int:evidence_id>/bo",
        dossiers.dossier_evidence_remove,
        name="dossier_evidence_remove",
    ),
    path("ho-so/<int:dossier_id>/tep/<str:sha256>", dossiers.dossier_file, name="dossier_file"),
    path("ho-so/<int:dossier_id>/buoc/<str:action>", dossiers.dossier_step, name="dossier_step"),
    path("hoi-dong/", councils.council_home, name="council_home"),
    path("hoi-dong/dot/<int:round_id>/", councils.round_detail, name="round_detail"),
    path("hoi-dong/dot/<int:round_id>/ho-so", councils.round_assign, name="round_assign"),
    path("hoi-dong/dot/<int:round_id>/lap-hoi-dong", councils.council_form, name="council_form"),
    path("hoi-dong/dot/<int:round_id>/phien", councils.session_open, name="session_open"),
    path("hoi-dong/phien/<int:session_id>/co-mat", councils.session_attendance, name="session_attendance"),
    path("hoi-dong/phien/<int:session_id>/khoa", councils.session_close, name="session_close"),
    path(
        "hoi-dong/phien/<int:session_id>/ho-so/<int:dossier_id>/",
        councils.score_sheet,
        name="score_sheet",
    ),
    path("ho-so/<int:dossier_id>/quyet-dinh", councils.decision, name="decision"),
]
