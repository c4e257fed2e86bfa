from decimal import Decimal
from itertools import groupby

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.forms import SubmissionTokenForm
from common.markup import esc
from profiles.forms import ActionModelForm
from profiles.uploads import BANNER, ImageUploadField
from services.models import Category, Service
from services.selectors import SORTS, ServiceFilters

MAX_RATE = Decimal("100000")


class _GroupedByParent(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for parent, children in groupby(self.queryset, key=lambda category: category.parent):
            yield (parent.name, [self.choice(child) for child in children])


class LeafCategoryField(forms.ModelChoiceField):
    """Subcategories, grouped under their top-level category in the select."""

    iterator = _GroupedByParent

    def __init__(self, **kwargs):
        queryset = (
            Category.objects.leaves()
            .select_related("parent")
            .order_by("parent__position", "parent__name", "position", "name")
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, category):
        return category.name


class ServiceForm(ActionModelForm):
    category = LeafCategoryField(
        empty_label="Choose a category",
        help_text="The subcategory clients will find your service under.",
    )
    banner = ImageUploadField(
        rendition=BANNER,
        required=False,
        widget=forms.FileInput,
        help_text="Optional; without one, your profile banner is shown. "
        "JPEG, PNG or WebP, at most 5 MB.",
    )

    class Meta:
        model = Service
        fields = [
            "title",
            "category",
            "description",
            "hourly_rate",
            "starting_price",
            "engagement",
            "skills",
            "banner",
        ]
        labels = {"hourly_rate": "Hourly rate ($)", "starting_price": "Starting at ($)"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "hourly_rate": forms.NumberInput(attrs={"min": "1", "step": "0.01"}),
            "starting_price": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
            "engagement": forms.RadioSelect,
        }


class ServiceCreateForm(ServiceForm, SubmissionTokenForm):
    """A new service: sent twice, one service."""


class RateInput(forms.TextInput):
    """The browse filter's whole-dollar rate box; blank when there is no rate to show."""

    input_type = "number"

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<input type="number" name="{}" min="0" step="1" value="{}" id="{}">',
            name,
            "" if value is None else value,
            attrs.get("id", ""),
        )


class MenuSelect(forms.Select):
    """The browse filter's menus, rendered in Python. Django renders a template for every
    option, which costs milliseconds for the fifty-option category menu on every
    uncached list page; the markup is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}

        def option(option_value, label):
            selected = " selected" if str(option_value) in chosen else ""
            return f'<option value="{esc(option_value)}"{selected}>{esc(label)}</option>'

        options = []
        for group, choices in self.choices:
            if isinstance(choices, (list, tuple)):
                inner = "".join(option(v, label) for v, label in choices)
                options.append(f'<optgroup label="{esc(group)}">{inner}</optgroup>')
            else:
                options.append(option(group, choices))
        return mark_safe(
            f'<select name="{esc(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>'
            f"{''.join(options)}</select>"
        )


# Any bad rate, typed or negative or huge, is pointed out the same way.
_RATE_ERRORS = dict.fromkeys(
    ["invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits"],
    "Enter a number.",
)
# Only the rates a visitor types get an error shown; other bad values (from an edited
# query string) are dropped without a word.
_SHOWN_ERRORS = {"min_rate", "max_rate"}


class ServiceFilterForm(forms.Form):
    """The browse page's query string. Bad values are dropped, never a 500."""

    q = forms.CharField(required=False, max_length=200, label="Search", widget=forms.HiddenInput)
    category = forms.SlugField(required=False, label="Category", widget=MenuSelect)
    skill = forms.SlugField(required=False, widget=forms.HiddenInput)
    min_rate = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=MAX_RATE,
        decimal_places=2,
        label="Min $/hr",
        widget=RateInput,
        error_messages=_RATE_ERRORS,
    )
    max_rate = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=MAX_RATE,
        decimal_places=2,
        label="Max $/hr",
        widget=RateInput,
        error_messages=_RATE_ERRORS,
    )
    rating = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any rating"), ("4", "4★ & up"), ("3", "3★ & up"), ("2", "2★ & up")],
        label="Rating",
        widget=MenuSelect,
    )
    sort = forms.ChoiceField(
        required=False, choices=list(SORTS.items()), label="Sort by", widget=MenuSelect
    )

    def __init__(self, *args, **kwargs):
        # "filter_" ids: the page's search box above the filters is id_q.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        # A maximum below the minimum matches nothing, and at a million services looking
        # for that nothing walked a sort order to its end (0.8 s): pointed out, and only
        # the minimum applies.
        cleaned = super().clean()
        low, high = cleaned.get("min_rate"), cleaned.get("max_rate")
        if low is not None and high is not None and high < low:
            self.add_error("max_rate", "Enter a maximum no lower than the minimum.")
        return cleaned

    def valid_values(self) -> dict:
        """Every field that parsed; the ones that did not are left out."""
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value}
        values.pop("category", None)
        values.pop("skill", None)
        if "q" in values:
            values["q"] = " ".join(values["q"].split())
        return values

    def show(self, *, filters: ServiceFilters, tree: list[Category]) -> None:
        """Set the parsed form up to show the filters in effect, not what was typed: the
        page's category (from the path or the query), the sort used, the tidied query,
        blanks where a value did not parse; the category tree as the category menu; "Best
        match" only with a query; hidden fields only when they carry a value."""
        self.data = {
            "q": filters.q,
            "category": filters.category.slug if filters.category else "",
            "skill": filters.skill.slug if filters.skill else "",
            "min_rate": filters.min_rate,
            "max_rate": filters.max_rate,
            "rating": filters.rating or "",
            "sort": filters.effective_sort,
        }
        for name in set(self.errors) - _SHOWN_ERRORS:
            del self.errors[name]
        for name in ("q", "skill"):
            if not self.data[name]:
                del self.fields[name]
        self.fields["category"].widget.choices = [
            ("", "All categories"),
            *(
                (
                    top.name,
                    [
                        (top.slug, f"All of {top.name}"),
                        *((child.slug, child.name) for child in top.subcategories),
                    ],
                )
                for top in tree
            ),
        ]
        self.fields["sort"].choices = [
            (value, label) for value, label in SORTS.items() if value != "relevance" or filters.q
        ]


class HireRequestForm(SubmissionTokenForm):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=3000,
        help_text="What you need, by when, and anything the freelancer should know.",
    )
    budget = forms.DecimalField(
        required=False,
        min_value=1,
        max_value=1_000_000,
        decimal_places=2,
        label="Budget ($)",
        help_text="Optional.",
    )
