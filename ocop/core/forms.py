"""Form fields every app's forms share."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Day first, as Vietnamese write it, then ISO (what <input type="date"> and the API send).
DAY_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"


class DayInput(forms.DateInput):
    """A day typed and shown as dd/mm/yyyy in a text box, whatever the browser's language.

    ``<input type="date">`` shows and takes the day in the order of the browser's locale: an official whose
    browser is in American English would read 03/07/2026 as the 7th of March and type it that way. A text
    box with a pattern and a hint reads the same everywhere; the server parses both dd/mm/yyyy and ISO.
    """

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "pattern": DAY_PATTERN,
            "placeholder": _("ngày/tháng/năm"),
            "autocomplete": "off",
            "size": 10,
            "maxlength": 10,
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")

    def format_value(self, value: Any) -> str | None:
        """A day day-first, also one typed as ISO that the form sends back to be corrected."""
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                return value  # shown as typed, to be corrected
        formatted: str | None = super().format_value(value)
        return formatted


class DayField(forms.DateField):
    """A day as dd/mm/yyyy (or ISO) in every language; the error says which form it expects."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Ngày/tháng/năm, ví dụ 25/12/2026."))
        super().__init__(**kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, ``max_files`` at most: the list of uploads, each a ``FileField``'s.

    The count is refused before any file is read; what each file holds is checked by the caller
    (``ocop.core.private_files.check_upload``), which names the file it refuses.
    """

    widget = MultipleFileInput

    def __init__(self, *, max_files: int, **kwargs: Any) -> None:
        self.max_files = max_files
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Tối đa %(limit)s tệp mỗi lần gửi."), code="too_many", params={"limit": self.max_files}
            )
        return [super(MultipleFileField, self).clean(file, initial) for file in files]
