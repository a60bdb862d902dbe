"""Form fields and forms of the editors' screens: lists edited one item per line, partial dates."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AdminURLFieldWidget
from django.core.exceptions import ValidationError

from archive.admin.concurrency import VersionedForm
from archive.dates import parse_date
from archive.ingest import LANGUAGE_RULE, language_code
from archive.models import Article, Organisation, Precision


class LinesField(forms.CharField):
    """A list of strings (aliases, standfirst bullets, captions) edited as one per line.

    Lines are stripped and blank ones dropped; `unique` also drops repeats (aliases). A list whose
    items are single stripped lines comes back unchanged, so an untouched box is not a change.
    """

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def __init__(self, *, unique: bool = True, **kwargs) -> None:
        self.unique = unique
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(line) for line in value]
        lines = [stripped for line in str(value or "").splitlines() if (stripped := line.strip())]
        return list(dict.fromkeys(lines)) if self.unique else lines


# Precisions a typed date may say by its form ("2023", "June 2023"); a full date is a day.
_PARTIAL = (Precision.YEAR, Precision.MONTH)
_EXACTNESS = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def typed_precision(text: str) -> Precision:
    """YEAR for "2023", MONTH for "2023-06" or "June 2023", else DAY: what a date typed in the field says."""
    precision = parse_date(text or "", whole=True).precision
    return precision if precision in _PARTIAL else Precision.DAY


class PartialDateField(forms.DateField):
    """A date field that also takes a year or a month, for dates known only that far."""

    widget = AdminDateWidget

    def to_python(self, value):
        # The one date parser first ("2023", "June 2023", "20 June 2023", "June 20, 2023", which the field's own
        # formats refused), then the field's formats ("20/06/2023", the admin's calendar).
        if isinstance(value, str) and (parsed := parse_date(value, whole=True)).value is not None:
            return parsed.value
        return super().to_python(value)


def _is_web_address(url: str) -> bool:
    try:
        Article._meta.get_field("url").run_validators(url)
    except ValidationError:
        return False
    return True


class ArticleForm(VersionedForm):
    standfirst = LinesField(unique=False, label="Standfirst", help_text="Summary bullets, one per line.")
    captions = LinesField(unique=False, label="Captions", help_text="Photo captions, one per line.")
    published = PartialDateField(
        required=False,
        label="Published",
        help_text="A full date, a month (2023-06 or June 2023) or a year (2023): the precision follows "
        "what you type unless you choose one. Month and year dates are stored as the 1st.",
    )

    class Meta:
        model = Article
        fields = [
            *("title", "title_generated", "standfirst", "body", "is_published"),
            *("published", "precision", "date_text"),
            *("source", "url", "author", "author_bio", "dateline_place", "dateline_agency", "captions", "language"),
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "precision" in self.fields:
            self.fields["precision"].help_text = "How far the date is known. “Unknown” empties the date."
        self.cleared_url = ""  # a stored URL that was not a web address, cleared by this save
        self._stored_url = self.instance.url if self.instance.pk else ""
        if self._stored_url and not _is_web_address(self._stored_url):
            # Imported before imports checked URLs: refusing it would block every save of the article, so an
            # unchanged value is let through here and cleared in clean_url (a changed one is checked as usual).
            self.fields["url"] = forms.CharField(
                required=False,
                max_length=1000,
                label="URL",
                widget=AdminURLFieldWidget,
                help_text="The stored value is not a web address: saving clears it. Enter the right address "
                "if you know it.",
            )

    def clean_language(self) -> str:
        """The rule a JSON Lines import applies, so that an export of the article imports again ("French" did not)."""
        value = self.cleaned_data.get("language") or ""
        code = language_code(value or "en")
        if code is None:
            raise ValidationError(f"Enter {LANGUAGE_RULE} (“{value[:40]}” is not one).")
        return code

    def clean_url(self) -> str:
        value = self.cleaned_data.get("url") or ""
        if not self._stored_url or _is_web_address(self._stored_url):
            return value  # the usual URL field has checked it
        if value == self._stored_url:
            self.cleared_url = value
            return ""
        return Article._meta.get_field("url").formfield().clean(value)

    def clean(self):
        data = super().clean()
        if "published" in self.errors:
            return data
        published, precision = data.get("published"), data.get("precision") or Precision.UNKNOWN
        if precision == Precision.UNKNOWN and "precision" in self.changed_data and published is not None:
            # "Unknown" chosen means the date is not known: it goes (it was made the 1st of January, to the day).
            if "published" in self.changed_data:
                self.add_error(
                    "precision",
                    "“Unknown” empties the date, and you typed one: choose the precision of the date you typed, "
                    "or empty the date to make it unknown.",
                )
                return data
            published = None
        if published is None:
            precision = Precision.UNKNOWN
        else:
            typed = typed_precision(self.data.get(self.add_prefix("published"), ""))
            if "precision" in self.changed_data and _EXACTNESS.get(precision, -1) > _EXACTNESS[typed]:
                # "1987" with "Day" chosen was stored as 1 January 1987, to the day: a date no source gave.
                self.add_error(
                    "precision",
                    f"You typed a {typed}, and “{precision.capitalize()}” would invent the rest of the date: type the "
                    f"date to the {precision}, or choose “{typed.capitalize()}”.",
                )
                return data
            # A month or a year typed over the same day ("March 1987" over 1 March 1987) changes no date, only the
            # precision, so the date field does not count as changed.
            if "precision" not in self.changed_data and ("published" in self.changed_data or typed in _PARTIAL):
                precision = typed
            if precision == Precision.UNKNOWN:  # left at Unknown while a date was typed: the date says its precision
                precision = Precision.DAY
            if precision == Precision.MONTH:
                published = published.replace(day=1)
            elif precision == Precision.YEAR:
                published = published.replace(month=1, day=1)
        data["published"], data["precision"] = published, precision
        instance = self.instance
        redated = instance.pk and (published, precision) != (instance.published, instance.precision)
        if redated and "date_text" not in self.changed_data:
            data["date_text"] = ""  # the text the old date was read from says nothing of the editor's
        if "title" in self.changed_data and "title_generated" not in self.changed_data:
            data["title_generated"] = False  # an editor's title is no longer a generated one
        return data


class GazetteerForm(forms.ModelForm):
    aliases = LinesField(help_text="Other names to recognise in text, one per line.")


class OrganisationForm(GazetteerForm):
    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        was = self.instance.status if self.instance.pk else None
        if was == Organisation.Status.APPROVED and status != was:
            raise forms.ValidationError(
                "An approved organisation is merged into another or deleted, not made a proposal or rejected: its "
                "articles' tags would stay behind. Use “Merge into one…” or “Delete” on the list."
            )
        return status


class SourceForm(forms.ModelForm):
    aliases = LinesField(help_text="Other names files give this source (later imports follow them), one per line.")
