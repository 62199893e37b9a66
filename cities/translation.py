import simple_history
from django.conf import settings
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname

from .models import City, Cluster, MembershipCall, NetworkFigure


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "description", "image_alt", "sort_name")
    required_languages = {"en": ("name",)}


@register(Cluster)
class ClusterTranslationOptions(TranslationOptions):
    fields = ("name", "purpose", "description")
    required_languages = {"en": ("name",)}


@register(MembershipCall)
class MembershipCallTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}


@register(NetworkFigure)
class NetworkFigureTranslationOptions(TranslationOptions):
    fields = ("note",)


# History must be registered after the translation fields exist (TOOLCHAIN.md).
simple_history.register(
    City,
    excluded_fields=[
        "search_text",
        "search_doubled",
        "updated_at",
        "sort_name",
        *(
            build_localized_fieldname("sort_name", code)
            for code in settings.MODELTRANSLATION_LANGUAGES
        ),
    ],
)
simple_history.register(Cluster)
simple_history.register(MembershipCall)
simple_history.register(NetworkFigure)
