from django import forms

from common.forms import SubmissionTokenForm
from reviews.models import Report

# One star first: the arrow keys then go up the scale to the right, as the stars read.
STAR_CHOICES = [(n, f"{n} star{'s' if n > 1 else ''}") for n in range(1, 6)]


class StarRating(forms.RadioSelect):
    """Radio buttons drawn as stars by includes/_form.html (widget_type "starrating") and
    CSS alone: a native radio group, so Tab, the arrow keys and Space work as always."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "star-rating__input", **(attrs or {})}, choices)


def _stars_field(label):
    return forms.TypedChoiceField(label=label, choices=STAR_CHOICES, coerce=int, widget=StarRating)


class ReviewForm(SubmissionTokenForm):
    rating = _stars_field("Overall")
    communication = _stars_field("Communication")
    quality = _stars_field("Quality of work")
    value = _stars_field("Value for money")
    text = forms.CharField(
        label="Your review",
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=5000,
        help_text="What was the job, and how did it go? At least 20 characters.",
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="Your public reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )


class ReportForm(SubmissionTokenForm):
    """A report of a review, a service or a profile (the label names which)."""

    category = forms.ChoiceField(
        label="What kind of problem is it?",
        choices=Report.Category.choices,
        widget=forms.RadioSelect,
        required=False,  # "Something else" when none is chosen
    )
    reason = forms.CharField(
        label="What is wrong with this review?",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=2000,
        help_text="Staff read every report. Say which rule the review breaks.",
    )

    def __init__(self, *args, what: str = "review", **kwargs):
        super().__init__(*args, **kwargs)
        if what != "review":
            self.fields["reason"].label = f"What is wrong with this {what}?"
            self.fields[
                "reason"
            ].help_text = f"Staff read every report. Say which rule the {what} breaks."


class AppealForm(SubmissionTokenForm):
    text = forms.CharField(
        label="Why is the decision wrong?",
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=3000,
        help_text="What the staff may have missed, and what you have changed if anything. "
        "At least 20 characters.",
    )
