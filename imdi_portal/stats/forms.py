"""Forms of the statistical store."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from imdi_portal.stats import bilateral
from imdi_portal.stats.importing import registry


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=())
    file = forms.FileField(label=_("File"), help_text=_("CSV or XLSX, as published by the source."))
    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows"),
        required=False,
        help_text=_(
            "Load the valid rows and list the rejected ones in an error report. "
            "Otherwise one invalid row stops the whole file."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"), required=False, help_text=_("Check and count, write nothing.")
    )
    sex = forms.ChoiceField(
        label=_("Sex of the values"),
        required=False,
        choices=[
            ("", _("As the file says")),
            ("T", _("Both sexes")),
            ("M", _("Males")),
            ("F", _("Females")),
        ],
        help_text=_("Needed for files whose layout does not say it (UN DESA CSVs)."),
    )
    year = forms.RegexField(
        regex=r"^\d{4}$",
        label=_("Year of the values"),
        required=False,
        help_text=_("Needed for files that do not say it (a KNOMAD matrix without its title)."),
    )
    accept_revisions = forms.BooleanField(
        label=_("Accept revisions"),
        required=False,
        help_text=_(
            "Apply the file even if it revises many published values. Otherwise such an "
            "import stops for review before writing anything."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = registry.choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB, over the limit of %(limit).0f MB.")
                % {"size": upload.size / 1e6, "limit": settings.IMPORT_MAX_BYTES / 1e6}
            )
        return upload


class ExplorerForm(forms.Form):
    """How the explorer shows bilateral data: the side of the chosen countries and which
    counterparts (their total, one, the largest few). Every field may be left out."""

    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[
            (bilateral.AREA, _("the reporting areas")),
            (bilateral.COUNTERPART, _("the counterparts")),
        ],
    )
    counterparts = forms.ChoiceField(
        label=_("Counterparts"),
        required=False,
        choices=[
            (bilateral.TOTAL, _("All counterparts (total)")),
            (bilateral.ONE, _("One counterpart country")),
            (bilateral.TOP, _("The largest counterparts")),
        ],
    )
    top = forms.TypedChoiceField(
        label=_("How many of the largest"),
        required=False,
        coerce=int,
        empty_value=bilateral.DEFAULT_TOP,
        choices=[(n, str(n)) for n in bilateral.TOP_CHOICES],
    )
    counterpart = forms.CharField(
        label=_("Counterpart country"),
        required=False,
        max_length=8,
        validators=[
            RegexValidator(
                r"^\s*[A-Za-z0-9]{2,8}\s*$", _("Choose one country (an ISO3 code, e.g. PHL).")
            )
        ],
    )

    def clean_counterpart(self) -> str:
        return self.cleaned_data["counterpart"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("counterparts") == bilateral.ONE and not data.get("counterpart"):
            self.add_error("counterpart", _("Choose the counterpart country."))
        return data

    def choice(self) -> bilateral.Choice:
        """The checked choice (the defaults when the form was not sent)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        mode = data.get("counterparts") or bilateral.TOTAL
        return bilateral.Choice(
            direction=data.get("direction") or bilateral.AREA,
            mode=mode,
            top=data.get("top") or bilateral.DEFAULT_TOP,
            counterpart=data.get("counterpart", "") if mode == bilateral.ONE else "",
        )
