import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Award, AwardCycle, Criterion


@register(AwardCycle)
class AwardCycleTranslationOptions(TranslationOptions):
    fields = ("title", "description", "conference", "image_alt")
    required_languages = {"en": ("title",)}


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("name", "description", "guide_lowest", "guide_highest")
    required_languages = {"en": ("name",)}


@register(Award)
class AwardTranslationOptions(TranslationOptions):
    fields = ("citation",)


simple_history.register(AwardCycle)
simple_history.register(Award)
