import datetime

from seminars.dates import working_days_after, working_days_between


def test_working_days_count_monday_to_friday():
    friday = datetime.date(2026, 11, 27)

    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, datetime.date(2026, 11, 29)) == 0  # the weekend
    assert working_days_between(friday, datetime.date(2026, 11, 30)) == 1
    assert working_days_between(friday, datetime.date(2026, 12, 11)) == 10
    assert working_days_after(friday, 10) == datetime.date(2026, 12, 11)
