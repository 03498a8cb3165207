import contextlib
import contextvars

from django.db import DatabaseError, OperationalError, connections, models, router


class ConstraintsCheckedModel(models.Model):
    """A model whose constraint checks never mistake a database failure for an answer.

    Django checks a conditional UniqueConstraint and every CheckConstraint with a query
    (Q.check), and when that query fails it logs "Got a database error calling check()" and
    carries on as if the answer were known: a conditional UniqueConstraint then counts as
    violated (a person is told "this email already has a place" and nothing was saved), a
    CheckConstraint as met. Here a failed check is a failure to check: the DatabaseError is
    raised again, so the site answers "we could not save this just now" and keeps the input
    (common.middleware.DatabaseFailures). Every model form and every service's full_clean()
    comes through here.
    """

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        connection = connections[router.db_for_write(type(self), instance=self)]
        failures = []

        def remember_failure(execute, sql, params, many, context):
            try:
                return execute(sql, params, many, context)
            except DatabaseError as error:
                failures.append(error)
                raise

        # Outermost, so that it sees a failure wherever it comes from; the flag catches what
        # fails before a query runs (connecting, opening a cursor).
        connection.execute_wrappers.insert(0, remember_failure)
        failed_before, connection.errors_occurred = connection.errors_occurred, False
        try:
            super().validate_constraints(exclude=exclude)
        finally:
            connection.execute_wrappers.remove(remember_failure)
            failed_now = connection.errors_occurred
            connection.errors_occurred = failed_before or failed_now
            if failures:
                raise failures[0]
            if failed_now:
                raise OperationalError("The database failed while a constraint was checked.")


class TimeStampedModel(ConstraintsCheckedModel):
    """Every model records when it was created and last changed."""

    created = models.DateTimeField(auto_now_add=True, editable=False)
    updated = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class SeriesSettings(TimeStampedModel):
    """The series' one row of some settings (each model's constraint keeps it one, at pk 1):
    saved always as that row; current() reads it, or the defaults (unsaved) before anyone has
    edited them, or while the database cannot say (a form drawn again after a failed save)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        once = _read_once.get()
        if once is not None and cls in once:
            return once[cls]
        try:
            row = cls.objects.filter(pk=1).first() or cls(pk=1)
        except DatabaseError:
            return cls(pk=1)
        if once is not None:
            once[cls] = row
        return row


_read_once = contextvars.ContextVar("series_settings_read_once", default=None)


@contextlib.contextmanager
def settings_read_once():
    """Within the block, each SeriesSettings row is read once, however often current() is
    asked: for a job that writes many emails at once, each of which shows the settings."""
    token = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(token)


class URLField(models.URLField):
    """A URLField whose forms read 'example.org' as https://example.org (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
