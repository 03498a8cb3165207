"""The finance office's files: one row per payment (booked by us, paid in advance, paid after
a claim, and money returned as a negative amount), for a range of days, each group its own
(organising/rules.py). Rows come from the ledger's entries alone, with the payee's name and
reference as frozen when the payment was recorded, so the same range gives the same rows.

One table with the same columns on every row, fees first and then expenses, each row saying
which it is and whether it is taxable: that is what a finance system's import (and a
spreadsheet's filter) takes; payroll filters the taxable rows."""

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from common.date_inputs import NativeDateInput
from common.spreadsheets import csv_download
from ledger.models import Purpose
from ledger.queries import payments, signed

from . import rules

DATE_HINT = "like 2026-04-01"


def financial_year(today):
    """The UK financial year (1 April to 31 March) that `today` is in."""
    first = today.year if today.month >= 4 else today.year - 1
    return datetime.date(first, 4, 1), datetime.date(first + 1, 3, 31)


def _day(label, which):
    return forms.DateField(
        label=label,
        error_messages={
            "required": f"Enter the {which} day of the range, {DATE_HINT}.",
            "invalid": f"Enter the {which} day as a real date, {DATE_HINT}.",
        },
        widget=NativeDateInput(attrs={"class": "form-control"}),
    )


class PaymentRangeForm(forms.Form):
    """Payments made from one day to another, both included."""

    start = _day("From", "first")
    end = _day("To", "last")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # a screen reader hears the message with the field
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(
                "The “To” date is before the “From” date: swap them, so that the range runs "
                "forwards."
            )
        return data


def chosen_range(request, *, today=None):
    """(form, (start, end) or None): this financial year unless the person chose days."""
    if "start" in request.GET or "end" in request.GET:
        form = PaymentRangeForm(request.GET)
        if form.is_valid():
            return form, (form.cleaned_data["start"], form.cleaned_data["end"])
        return form, None
    start, end = financial_year(today or timezone.localdate())
    return PaymentRangeForm(initial={"start": start, "end": end}), (start, end)


HEADER = [
    "Payment date",
    "Fee or expenses",
    "Taxable (payroll)",
    "Amount (GBP)",
    "Paid to",
    "Account reference",
    "Payment reference",
    "Payment",
    "Budget line",
    "Seminar",
    "What it was for",
    "Note",
]


def rows(entries, hidden_payees=frozenset()):
    """One row per payment entry: amounts as 31.20 (a Decimal to the penny, so a spreadsheet
    reads a number), returns negative; the payee hidden on the accounts in `hidden_payees`."""
    for entry in entries:
        account = entry.account
        yield [
            entry.paid_on.isoformat(),
            account.get_purpose_display(),
            "Yes" if account.purpose == Purpose.FEE else "No",
            signed(entry),
            rules.HIDDEN_PAYEE if account.pk in hidden_payees else entry.payee,
            account.reference,
            entry.payment_reference,
            entry.get_kind_display(),
            account.get_line_display(),
            account.seminar.number,
            account.description,
            entry.note,
        ]


def payment_entries(file, start, end):
    return payments(lines=file.lines, start=start, end=end).select_related("account__seminar")


def _page(request, form, status=200):
    return render(
        request,
        "organising/finance.html",
        {"form": form, "files": rules.finance_files(request.user)},
        status=status,
    )


def _finance_page(request):
    """The form, a short explanation, and a button for each file this person may take."""
    if not rules.finance_files(request.user):
        raise PermissionDenied
    form, _ = chosen_range(request)
    return _page(request, form)


finance_page = admin.site.admin_view(_finance_page)


def file_view(name):
    """The view of one finance file (by its URL's name in rules.FINANCE_FILES)."""
    [file] = [file for file in rules.FINANCE_FILES if file.name == name]

    def download(request):
        if not rules.may_take_finance_file(request.user, name):
            raise PermissionDenied
        form, period = chosen_range(request)
        if period is None:
            return _page(request, form)
        start, end = period
        return csv_download(
            f"{name}-{start.isoformat()}-to-{end.isoformat()}.csv",
            HEADER,
            rows(
                payment_entries(file, start, end).iterator(chunk_size=500),
                rules.accounts_with_hidden_payee(request.user, file.lines),
            ),
        )

    download.__name__ = download.__qualname__ = name.replace("-", "_")
    return admin.site.admin_view(download)
