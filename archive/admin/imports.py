"""The admin page that imports uploaded files (.txt, .jsonl, .sgm) with the same importer as the command.

The upload size is checked from the request's Content-Length before anything reads the body, so an
oversized upload is refused with a message instead of being streamed to disk first. That is why the
view is CSRF-exempt at the URL and protects itself (`csrf_protect`) once the size is known to be fine.
A body Django cannot parse (a file name of thousands of characters, too many files) is answered on
this page with what to do, and what the import does is `archive.uploads`' job (it reports failures
per file), so the page never answers 500.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from archive.ingest import SUPPORTED_SUFFIXES
from archive.uploads import ensure_buffer_dir, import_uploads


def max_upload_bytes() -> int:
    """All files of one upload together (ARCHIVE_MAX_UPLOAD_BYTES, read from the environment by settings)."""
    return settings.ARCHIVE_MAX_UPLOAD_BYTES


def too_large_message(size: int, limit: int) -> str:
    return (
        f"The upload is {filesizeformat(size)}; the limit is {filesizeformat(limit)} in total. "
        "Upload fewer or smaller files at a time (or use the import_articles command for big batches)."
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs) -> None:
        accept = ",".join(s for s in SUPPORTED_SUFFIXES)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("allow_empty_file", True)  # the importer reports an empty file with the others
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


UNPARSEABLE_MESSAGE = (
    "The upload could not be read ({error}). A file name of more than a few hundred characters does this: "
    "give the file a shorter name and upload it again."
)


class UploadForm(forms.Form):
    files = MultipleFileField(label="Files")
    replace = forms.BooleanField(
        required=False,
        label="Replace earlier uploads of the same name",
        help_text="Update the articles imported from the latest earlier file of the same name, instead of "
        "importing a different file of that name beside them, and take the file's version of an article an editor "
        "changed (without this, the editor's is kept and the record reported).",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = (
            f"One or more {', '.join(SUPPORTED_SUFFIXES)} files, up to {filesizeformat(max_upload_bytes())} in "
            "total. Importing a file again changes nothing; a different file with a name used before is imported "
            "beside the earlier one unless you tick “Replace”. Reuters .sgm records are keyed by their NEWID and "
            "update their articles whatever the file's name, but never an editor's changes unless you tick “Replace”."
        )

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        total, limit = sum(f.size for f in files), max_upload_bytes()
        if total > limit:
            raise forms.ValidationError(too_large_message(total, limit))
        return files


def _render(
    model_admin, request: HttpRequest, form: UploadForm, *, result=None, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import files",
        "opts": model_admin.opts,
        "form": form,
        "error": error,
        "result": result,
    }
    return TemplateResponse(request, "admin/archive/import.html", context, status=status)


def import_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        length, limit = int(request.META.get("CONTENT_LENGTH") or 0), max_upload_bytes()
        if length > limit:  # refuse before the body is read
            return _render(model_admin, request, UploadForm(), error=too_large_message(length, limit), status=413)
        ensure_buffer_dir()  # Django buffers a large upload there while it reads the body
        try:
            return _protected_import(request, model_admin)
        except TooManyFilesSent:
            most = settings.DATA_UPLOAD_MAX_NUMBER_FILES
            message = f"At most {most:,} files can be uploaded at a time: upload them in smaller batches."
            return _render(model_admin, request, UploadForm(), error=message, status=400)
        except RequestDataTooBig as error:
            message = f"The upload was refused ({error}). Upload fewer files at a time."
            return _render(model_admin, request, UploadForm(), error=message, status=400)
        except MultiPartParserError as error:  # e.g. a part header over Django's 1,024 bytes
            message = UNPARSEABLE_MESSAGE.format(error=error)
            return _render(model_admin, request, UploadForm(), error=message, status=400)
    return _protected_import(request, model_admin)


@csrf_protect
def _protected_import(request: HttpRequest, model_admin) -> HttpResponse:
    if request.method != "POST":
        return _render(model_admin, request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(model_admin, request, form, status=400)
    result = import_uploads(form.cleaned_data["files"], replace=form.cleaned_data["replace"])
    return _render(model_admin, request, UploadForm(), result=result)
