"""Chapter V general-purpose AI models: classification (Art. 51), provider duties (Art. 52-55), the open-source
exception (Art. 53(2), 54(6))."""

import pytest

from forty2.aiact.engine import classify

MODEL = {"is_ai_system": True, "role": "provider", "general_purpose_model": True}


def articles(result):
    return {o.article for o in result.obligations}


def test_art53_general_purpose_model_duties():
    result = classify(MODEL)
    assert result.gpai == "gpai"
    assert {"Art. 53(1)(a)", "Art. 53(1)(b)", "Art. 53(1)(c)", "Art. 53(1)(d)", "Art. 54(1)"} <= articles(result)
    assert not any(a.startswith("Art. 55") for a in articles(result))
    assert all(o.applies_from == "2025-08-02" for o in result.obligations if o.article.startswith("Art. 53"))


@pytest.mark.parametrize("flops", [1e25, 10**25, 9.99e24, 0])
def test_art51_2_compute_not_greater_than_1e25_is_not_presumed_systemic(flops):
    """Art. 51(2) presumes high impact when compute is *greater than* 10^25: exactly 10^25 does not count."""
    assert classify({**MODEL, "training_compute_flops": flops}).gpai == "gpai"


@pytest.mark.parametrize("flops", [1.0000001e25, 10**25 + 1, 3e25])
def test_art51_2_compute_greater_than_1e25_is_presumed_systemic(flops):
    result = classify({**MODEL, "training_compute_flops": flops})
    assert result.gpai == "gpai_systemic_risk"
    assert {"Art. 52(1)", "Art. 55(1)(a)", "Art. 55(1)(b)", "Art. 55(1)(c)", "Art. 55(1)(d)"} <= articles(result)


def test_art51_1_b_commission_designation_makes_it_systemic_whatever_the_compute():
    result = classify({**MODEL, "training_compute_flops": 1e20, "designated_systemic_risk": True})
    assert result.gpai == "gpai_systemic_risk"
    assert "Art. 51(1)(b)" in result.articles


def test_art51_systemic_answers_are_ignored_without_a_general_purpose_model():
    result = classify({"is_ai_system": True, "role": "provider", "training_compute_flops": 1e27,
                       "designated_systemic_risk": True})
    assert result.gpai is None
    assert articles(result) == {"Art. 4"}


def test_art53_2_open_source_model_is_exempt_from_documentation_duties():
    result = classify({**MODEL, "open_source_licence": True})
    assert result.gpai == "gpai"
    assert {"Art. 53(1)(c)", "Art. 53(1)(d)"} <= articles(result)
    assert not {"Art. 53(1)(a)", "Art. 53(1)(b)", "Art. 54(1)"} & articles(result)


def test_art53_2_open_source_exception_does_not_cover_systemic_risk():
    result = classify({**MODEL, "open_source_licence": True, "training_compute_flops": 2e25})
    assert {"Art. 53(1)(a)", "Art. 53(1)(b)", "Art. 55(1)(a)"} <= articles(result)


def test_art3_1_model_without_ai_system_is_out_of_scope_but_keeps_model_duties():
    """Tier classifies the use of an AI system; a model's Chapter V duties are reported regardless."""
    result = classify({"is_ai_system": False, "role": "provider", "general_purpose_model": True})
    assert result.tier == "out_of_scope"
    assert result.gpai == "gpai"
    assert "Art. 53(1)(a)" in articles(result)
    assert "Art. 4" not in articles(result)


def test_art53_deployer_of_a_system_built_on_a_model_has_no_model_duties():
    result = classify({**MODEL, "role": "deployer"})
    assert result.gpai == "gpai"
    assert not any(a.startswith("Art. 53") or a.startswith("Art. 55") for a in articles(result))


def test_art54_3_authorised_representative_of_model_provider():
    result = classify({**MODEL, "role": "authorised_representative"})
    assert "Art. 54(3)" in articles(result)


def test_art5_prohibited_system_keeps_its_models_chapter_v_duties():
    result = classify({**MODEL, "prohibited_practices": ["social_scoring"]})
    assert result.tier == "prohibited"
    assert {"Art. 5", "Art. 53(1)(c)"} <= articles(result)
