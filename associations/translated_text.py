"""Texts an association writes in French, with optional English and Arabic versions.

A field `description` may have `description_en` and `description_ar` beside it. A resident reads
the version in their language; where it is missing they read the French text, marked as French
(lang="fr") and with a note saying that it exists in French only.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language


@dataclass(frozen=True)
class TranslatedText:
    text: str
    language: str
    # True when the French text stands in for a missing translation.
    french_only: bool

    def __str__(self):
        return self.text


def translated_text(instance, field):
    language = get_language() or settings.LANGUAGE_CODE
    french = getattr(instance, field)
    if language == settings.LANGUAGE_CODE:
        return TranslatedText(french, language, False)
    translation = getattr(instance, f"{field}_{language}", "")
    if translation:
        return TranslatedText(translation, language, False)
    return TranslatedText(french, settings.LANGUAGE_CODE, bool(french))
