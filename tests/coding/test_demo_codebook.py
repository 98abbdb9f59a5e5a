"""The demo codebook holds the paper's themes as a valid tree and loads once."""

from __future__ import annotations

from coding.demo import demo_codebook_load
from coding.models import Code


def test_the_demo_codebook_loads_the_papers_themes_once(cstudy):
    demo_codebook_load(study=cstudy)
    demo_codebook_load(study=cstudy)
    names = set(Code.objects.filter(study=cstudy).values_list("name", flat=True))
    assert {
        "Avoiding error-prone manual steps",
        "Restoring a previous state",
        "Robust automated deployment pipeline",
        "Effort for a first version",
    } <= names
    assert Code.objects.get(key="benefit-rollback").parent.key == "benefit"
    assert (
        Code.objects.filter(study=cstudy).count() == 11
    )  # 1 + 5 benefits, 1 + 3 limitations, context
