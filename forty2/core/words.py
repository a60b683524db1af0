"""Small English rules the faces share when they build sentences from declarations (ISO/IEC 42001 7.4
communication: messages people read without stumbling): "a" or "an", and a label inside a sentence.

They live at the bottom layer so the records kit (``RecordType.article``), the history wording
(:mod:`forty2.web.history`) and templates apply the same rule.
"""

import re

#: letters whose spoken name starts with a vowel sound: "an SoA entry", "an MFA code", "a PDF"
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
#: initialisms said as a word, and words whose first sound is not their first letter's usual one
_SAID_AS_WORDS = frozenset({"NIST", "NATO", "GOV", "UNESCO", "OECD"})
_CONSONANT_SOUND = ("uni", "use", "usa", "usu", "uti", "eu", "one", "once")
_VOWEL_SOUND = ("hour", "honest", "honour", "honor", "heir")


def _initialism(word: str) -> bool:
    """``AI``, ``SoA``, ``ISO/IEC``: two or more capitals, read letter by letter (unless said as a word)."""
    core = re.sub(r"[^A-Za-z]", "", word.split("/")[0])
    return sum(1 for c in core if c.isupper()) >= 2 and core.upper() not in _SAID_AS_WORDS


def article(phrase: str) -> str:
    """"a" or "an" for ``phrase``, by its first sound: an AI system, a Contributor, an entry, an SoA entry, a
    user, an hour, an AIMS manager, a NIST function."""
    word = (phrase or "").strip().split(" ", 1)[0].strip("‘’'\"(")
    if not word:
        return "a"
    if word[0].isdigit():
        return "an" if re.match(r"(8|11|18|80|800)\b", word) else "a"
    if _initialism(word):
        return "an" if word[0].upper() in _VOWEL_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND):
        return "an"
    if lower.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """``"an SoA entry"``, ``"a Contributor"``."""
    return f"{article(phrase)} {phrase}"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Evidence request" → "evidence request"; initialisms and names that
    start with one keep their capitals ("AI system", "SoA entry", "EU AI Act")."""
    label = str(label or "")
    first = label.split(" ", 1)[0]
    if not first or _initialism(first) or first.upper() in _SAID_AS_WORDS:
        return label
    if sum(1 for word in label.split(" ")[1:] if word[:1].isupper()):  # a name: "Statement of Applicability"
        return label
    return label[:1].lower() + label[1:]
