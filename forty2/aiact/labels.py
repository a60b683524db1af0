"""Plain-language labels for EU AI Act results and risk profiles (Regulation (EU) 2024/1689), shared by the
register, the questionnaire and the API docs. Annex III points are summarised in Forty2's own words."""

from .validation import ANNEX_III_AREAS, ANNEX_III_LETTERS

TIER_LABELS = {
    "prohibited": "Prohibited",
    "high_risk": "High risk",
    "limited_risk": "Limited risk",
    "minimal_risk": "Minimal risk",
    "out_of_scope": "Out of scope",
}
#: The register's tier filter: every tier, plus systems never classified.
TIER_FILTER_CHOICES = [*TIER_LABELS.items(), ("unclassified", "Not classified")]

LEVEL_LABELS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low",
                "incomplete": "Incomplete"}

ROUTE_LABELS = {
    "annex_i": "Art. 6(1): safety component of a product under Annex I legislation",
    "annex_iii": "Art. 6(2): use listed in Annex III",
}
GPAI_LABELS = {"gpai": "General-purpose AI model (Art. 53)",
               "gpai_systemic_risk": "General-purpose AI model with systemic risk (Art. 53, 55)"}

#: Annex III points, paraphrased (the official text is in OJ L, 2024/1689, Annex III).
ANNEX_III_POINTS = {
    "1(a)": "Remote biometric identification (not mere identity verification)",
    "1(b)": "Biometric categorisation by sensitive or protected attributes",
    "1(c)": "Emotion recognition",
    "2": "Safety component in critical digital infrastructure, road traffic, or water, gas, heating or "
         "electricity supply",
    "3(a)": "Deciding access or admission to education and training",
    "3(b)": "Evaluating learning outcomes",
    "3(c)": "Assessing the level of education a person will receive or can access",
    "3(d)": "Monitoring students for prohibited behaviour during tests",
    "4(a)": "Recruitment and selection: targeted job ads, filtering applications, evaluating candidates",
    "4(b)": "Decisions on promotion, termination, task allocation; monitoring and evaluating workers",
    "5(a)": "Public authorities assessing eligibility for public benefits and services, including healthcare",
    "5(b)": "Creditworthiness and credit scores (detecting financial fraud is excluded)",
    "5(c)": "Risk assessment and pricing in life and health insurance",
    "5(d)": "Classifying emergency calls, dispatching emergency services, emergency patient triage",
    "6(a)": "Law enforcement: risk of a person becoming a victim of crime",
    "6(b)": "Law enforcement: polygraphs and similar tools",
    "6(c)": "Law enforcement: reliability of evidence",
    "6(d)": "Law enforcement: risk of offending or re-offending, not solely by profiling",
    "6(e)": "Law enforcement: profiling in detecting, investigating or prosecuting crime",
    "7(a)": "Migration and border control: polygraphs and similar tools",
    "7(b)": "Migration: security, irregular-migration or health risk of a person",
    "7(c)": "Migration: examining applications for asylum, visas and residence permits",
    "7(d)": "Migration: detecting, recognising or identifying people (not travel-document checks)",
    "8(a)": "Assisting judicial authorities in researching and interpreting facts and law",
    "8(b)": "Influencing the outcome of elections or referendums or voting behaviour",
}


def annex_iii_point_codes(area: str) -> list[str]:
    """Point codes of one Annex III area, in order (``["4(a)", "4(b)"]``; ``["2"]`` for point 2)."""
    number = ANNEX_III_AREAS.index(area) + 1
    letters = ANNEX_III_LETTERS[number]
    return [f"{number}({letter})" for letter in letters] if letters else [str(number)]


if {code for area in ANNEX_III_AREAS for code in annex_iii_point_codes(area)} != set(ANNEX_III_POINTS):
    raise ImportError("aiact/labels.py: the Annex III areas do not cover exactly the Annex III points")
