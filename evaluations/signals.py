"""Signals other apps listen to. The workflow cannot import ``reports`` (import direction
reports → evaluations), so it announces what happened and ``reports`` acts on it."""

from django.dispatch import Signal

# Sent once the submission is committed — outside any lock, by ``transaction.on_commit`` — with
# ``evaluation`` (the submitted report). ``reports.apps`` connects the store of its PDF.
report_submitted = Signal()
