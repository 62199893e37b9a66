"""How the portal's own forms look: Bootstrap 5's class on every widget, and `is-invalid` on
a field with an error. The one way to style a public form: `BootstrapFormMixin` first among
the form's bases. (The admin's forms keep the admin's styles; allauth's are styled in their
templates.)"""

from django import forms
from django.forms.boundfield import BoundField

CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def bootstrap_class(widget):
    if isinstance(widget, CHECK_WIDGETS):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BootstrapBoundField(BoundField):
    """Adds the classes when the field is rendered, so that fields a form adds in its
    constructor are styled too, and a field is marked invalid once it has an error."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        classes = (attrs.get("class") or widget.attrs.get("class") or "").split()
        for name in (bootstrap_class(widget), "is-invalid" if self.errors else ""):
            if name and name not in classes:
                classes.append(name)
        # The class before the id, as the markup has always had it.
        others = {key: value for key, value in attrs.items() if key != "class"}
        return super().build_widget_attrs({"class": " ".join(classes), **others}, widget)


class BootstrapFormMixin:
    bound_field_class = BootstrapBoundField
