"""The sex a first name usually has, so "Mr. Trump" is not read as Melania Trump.

A gendered title on a lone surname ("Mr.", "Mrs.") picks among the known
people who carry that surname. Only a first name the gender-guesser list calls
plainly male or female counts; "mostly", androgynous and unknown names
rule nobody out.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector as detector  # 0.3 s to load: only when asked

    return detector.Detector(case_sensitive=False)


@lru_cache(maxsize=1 << 16)
def sex_of(first_name: str) -> str:
    """ "m", "f", or "" when the list does not say plainly."""
    if not first_name.isalpha():
        return ""
    guess = _detector().get_gender(first_name)
    return {"male": "m", "female": "f"}.get(guess, "")


def compatible(title_mark: str, sex: str) -> bool:
    """Whether a person of this sex ("m", "f", or "" when not known: ``sex_of`` of the
    first name, or what the person's names say) may be the one a titled surname names."""
    return title_mark not in ("m", "f") or not sex or sex == title_mark
