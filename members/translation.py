import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import ReportingCycle, ReportQuestion, ReportSection


@register(ReportingCycle)
class ReportingCycleTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = {"en": ("title",)}


@register(ReportSection)
class ReportSectionTranslationOptions(TranslationOptions):
    fields = ("title", "guidance")
    required_languages = {"en": ("title",)}


@register(ReportQuestion)
class ReportQuestionTranslationOptions(TranslationOptions):
    fields = ("title", "guidance", "choices")
    required_languages = {"en": ("title",)}


simple_history.register(ReportingCycle)
simple_history.register(ReportQuestion)
