from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .services import max_upload_bytes


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} Mo"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        files = list(data) if isinstance(data, list | tuple) else [data]
        # Nothing sent (an empty list): the checks of one missing file apply ("required").
        return [cleaned for cleaned in (single(d, initial) for d in files or [None]) if cleaned]


class ImportForm(forms.Form):
    uploads = MultipleFileField(
        label="Fichiers",
        help_text="Une archive .zip, ou un ou plusieurs fichiers .csv du format d'échange v1.",
    )
    source = forms.CharField(
        label="Source",
        max_length=64,
        required=False,
        help_text="Nom de l'outil ou du fichier d'origine : les identifiants sont propres à chaque source.",
    )

    def clean_uploads(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["uploads"]
        limit = max_upload_bytes()
        total = sum(f.size or 0 for f in files)
        if total > limit:
            raise forms.ValidationError(
                f"Envoi trop volumineux : {megabytes(total)} pour {megabytes(limit)} au maximum. "
                "Compressez les fichiers dans une archive .zip ou importez-les en ligne de commande."
            )
        names = [PurePath(f.name or "").name for f in files]
        zips = [n for n in names if n.lower().endswith(".zip")]
        others = [n for n in names if not n.lower().endswith((".zip", ".csv"))]
        if others:
            raise forms.ValidationError(f"Seuls les fichiers .zip et .csv sont acceptés ({', '.join(others)}).")
        if zips and len(files) > 1:
            raise forms.ValidationError("Envoyez soit une seule archive .zip, soit des fichiers .csv.")
        if len(set(names)) != len(names):
            raise forms.ValidationError("Deux fichiers portent le même nom.")
        return files
