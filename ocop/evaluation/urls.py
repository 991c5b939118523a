"""The evaluation app's pages: the public self-assessment at /tu-danh-gia/, the rubric screens under
/evaluation/."""

from django.urls import path

from ocop.evaluation.views import rubrics, self_assessment

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
]
