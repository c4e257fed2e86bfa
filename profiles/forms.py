from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.forms import SubmissionTokenForm, VersionField
from profiles.models import Profile, Skill, User, name_without_address
from profiles.selectors import DIRECTORY_SORTS
from profiles.uploads import AVATAR, BANNER, COVER, ImageUploadField, PdfUploadField


class UserCreationForm(auth_forms.AdminUserCreationForm):
    """The admin's "add user" form, by email instead of username."""

    class Meta:
        model = User
        fields = ["email", "name"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = [
            "email",
            "password",
            "name",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        ]


NAME_HELP = "Shown on your reviews and hire requests. Your email address never is."


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, asking for the name others will see (the adapter stores it)."""

    name = forms.CharField(
        label="Display name",
        max_length=User._meta.get_field("name").max_length,
        validators=[name_without_address],
        help_text=NAME_HELP,
    )
    field_order = ["name", "email", "password1", "password2"]

    def try_save(self, request):
        """allauth tells a taken address apart in `clean()`; one taken between `clean()`
        and the insert (a sign-up of the same address at the same instant) fails on the
        unique index instead. That one answers as a sequential sign-up of a taken address
        does while the winner's confirmation mail holds the address's mail cooldown
        (ACCOUNT_RATE_LIMITS["confirm_email"]): no account, no mail, the same "verify your
        email" redirect. (Going on through allauth's taken-address flow would race the
        winner for that cooldown, and could cost the new account its confirmation mail.)"""
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            if not User.objects.filter(email__iexact=self.cleaned_data["email"]).exists():
                raise
            self.account_already_exists = True
            return None, get_adapter(request).respond_email_verification_sent(request, None)


class UserNameForm(forms.Form):
    name = forms.CharField(
        label="Display name",
        max_length=User._meta.get_field("name").max_length,
        validators=[name_without_address],
        help_text=NAME_HELP,
    )


class SkillNamesField(forms.CharField):
    """Skills typed as a comma-separated list; duplicates (by case) are dropped."""

    max_skills = 15

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", "Separate skills with commas, e.g. News Writing, Editing.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(skill) for skill in value)
        return value

    def clean(self, value):
        value = super().clean(value)
        names, seen = [], set()
        for raw in value.split(","):
            name = " ".join(raw.split())
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        if len(names) > self.max_skills:
            raise ValidationError(f"Choose at most {self.max_skills} skills.")
        if too_long := [n for n in names if len(n) > Skill._meta.get_field("name").max_length]:
            raise ValidationError(f"“{too_long[0][:30]}…” is too long for a skill.")
        return names


class ActionModelForm(forms.ModelForm):
    """A ModelForm that only checks input: an action applies the changes and validates the
    model (so the instance is left untouched here). Its skills are edited by name, and it
    carries the row's version so that the action can refuse a stale edit."""

    skills = SkillNamesField()
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["skills"] = [skill.name for skill in self.instance.skills.all()]
            self.initial["version"] = self.instance.updated_at

    @classmethod
    def for_row(cls, row):
        """An unbound form showing `row` as stored."""
        return cls(instance=row)

    def _post_clean(self):
        pass

    def changes(self):
        """The cleaned values the action should apply (files included), skills and version
        apart."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"skills", "version"}
        }


class ProfileCreateForm(forms.ModelForm, SubmissionTokenForm):
    class Meta:
        model = Profile
        fields = ["display_name", "headline"]
        labels = {"display_name": "Name shown to clients"}
        help_texts = {"headline": "One line clients see first, e.g. “Investigative journalist”."}


class ProfileForm(ActionModelForm):
    # Plain file inputs: removing an upload is a button of its own on the page.
    avatar = ImageUploadField(
        rendition=AVATAR, required=False, label="Photo", widget=forms.FileInput
    )
    banner = ImageUploadField(rendition=BANNER, required=False, widget=forms.FileInput)
    resume = PdfUploadField(required=False, widget=forms.FileInput)

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "about",
            "country",
            "city",
            "hourly_rate",
            "availability",
            "away_until",
            "skills",
            "avatar",
            "banner",
            "resume",
            "resume_visibility",
        ]
        labels = {"display_name": "Name shown to clients", "hourly_rate": "Hourly rate ($)"}
        widgets = {
            "about": forms.Textarea(attrs={"rows": 8}),
            "away_until": forms.DateInput(attrs={"type": "date"}),
            "hourly_rate": forms.NumberInput(attrs={"min": "1", "step": "0.01"}),
        }

    def clean(self):
        return _away_needs_a_date(self, super().clean())


def _away_needs_a_date(form, cleaned):
    if cleaned.get("availability") == Profile.Availability.AWAY and not cleaned.get("away_until"):
        form.add_error("away_until", "Say until when you are away.")
    return cleaned


class ProfileAdminForm(forms.ModelForm):
    """A profile in the admin, which only superusers may edit: its files go through the
    dashboard's own fields (images re-encoded, resumes checked) and the edit through the
    dashboard's action (ProfileAdmin.save_model)."""

    avatar = ImageUploadField(rendition=AVATAR, required=False, label="Photo")
    banner = ImageUploadField(rendition=BANNER, required=False)
    # No "Currently: <link>": a resume has no public address (see ProfileAdmin.resume_on_file).
    resume = PdfUploadField(required=False, widget=forms.FileInput)

    class Meta:
        model = Profile
        fields = [*ProfileForm.Meta.fields]

    def clean(self):
        return _away_needs_a_date(self, super().clean())


class ArticleForm(SubmissionTokenForm):
    title = forms.CharField(max_length=150)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=50_000,
        help_text="Markdown: **bold**, *italic*, [links](https://example.com), # headings, lists.",
    )
    cover = ImageUploadField(
        rendition=COVER, required=False, label="Cover image", widget=forms.FileInput
    )
    version = VersionField()

    @classmethod
    def initial_for(cls, article) -> dict:
        """The form's starting values for an existing article."""
        return {
            "title": article.title,
            "body": article.body,
            "cover": article.cover,
            "version": article.updated_at,
        }

    @classmethod
    def for_row(cls, row):
        """An unbound form showing the article `row` as stored."""
        return cls(initial=cls.initial_for(row))


# --- The freelancer directory -----------------------------------------------------------

DIRECTORY_MAX_RATE = 100_000
# Any bad rate, typed or negative or huge, is pointed out the same way; other bad values
# (from an edited query string) are dropped without a word.
_RATE_ERRORS = dict.fromkeys(
    ["invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits"],
    "Enter a number.",
)
_SHOWN_ERRORS = {"min_rate", "max_rate"}


def _rate_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        required=False,
        min_value=0,
        max_value=DIRECTORY_MAX_RATE,
        decimal_places=2,
        label=label,
        widget=forms.NumberInput(attrs={"min": "0", "step": "1"}),
        error_messages=_RATE_ERRORS,
    )


class DirectoryFilterForm(forms.Form):
    """The directory's query string. Bad values are dropped, never a 500."""

    q = forms.CharField(required=False, max_length=200, label="Search", widget=forms.HiddenInput)
    skill = forms.SlugField(required=False, max_length=70, label="Skill", widget=forms.Select)
    min_rate = _rate_field("Min $/hr")
    max_rate = _rate_field("Max $/hr")
    availability = forms.ChoiceField(
        required=False,
        choices=[("", "Any availability"), *Profile.Availability.choices],
        label="Availability",
    )
    country = forms.CharField(required=False, max_length=60, label="Country", widget=forms.Select)

    sort = forms.ChoiceField(
        required=False, choices=list(DIRECTORY_SORTS.items()), label="Sort by"
    )

    def __init__(self, *args, **kwargs):
        # "filter_" ids: the page's search box above the filters is id_q.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        # A text field drawn as a menu: its length limit is checked here, and `maxlength`
        # is not valid HTML on a select.
        for name in ("skill", "country"):
            self.fields[name].widget.attrs.pop("maxlength", None)

    def valid_values(self) -> dict:
        """Every field that parsed, tidied; the ones that did not are left out. The skill
        is left to the view, which looks it up."""
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value}
        values.pop("skill", None)
        for name in ("q", "country"):
            if name in values:
                values[name] = " ".join(values[name].split())
        return values

    def show(self, *, filters, choices) -> None:
        """Set the parsed form up to show the filters in effect, not what was typed: the
        sort used, blanks where a value did not parse, the skill and country menus (with
        the value in effect even if no public profile has it now), "Best match" only with
        a query, the hidden query only when there is one."""
        self.data = {
            "q": filters.q,
            "skill": filters.skill.slug if filters.skill else "",
            "min_rate": filters.min_rate,
            "max_rate": filters.max_rate,
            "availability": filters.availability,
            "country": filters.country,
            "sort": filters.effective_sort,
        }
        for name in set(self.errors) - _SHOWN_ERRORS:
            del self.errors[name]
        if not filters.q:
            del self.fields["q"]
        skills = list(choices.skills)
        if filters.skill and (filters.skill.slug, filters.skill.name) not in skills:
            skills.append((filters.skill.slug, filters.skill.name))
        self.fields["skill"].widget.choices = [("", "Any skill"), *skills]
        countries = list(choices.countries)
        if filters.country:
            wanted = filters.country.casefold()
            shown = next((c for c in countries if c.casefold() == wanted), None)
            if shown is None:
                countries.append(shown := filters.country)
            self.data["country"] = shown
        self.fields["country"].widget.choices = [
            ("", "Anywhere"),
            *((country, country) for country in countries),
        ]
        self.fields["sort"].choices = [
            (value, label)
            for value, label in DIRECTORY_SORTS.items()
            if value != "relevance" or filters.q
        ]
