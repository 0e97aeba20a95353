"""Properties of the working-day arithmetic (hypothesis), on the package's holidays and 调休 days
and on the database calendar of an initialised app: the same rules, whatever the calendar."""
import datetime as dt

from hypothesis import given, settings, strategies as st

from app.workdays import add_working_days, is_working_day, working_days_between

from .test_workdays import CAL

# 2003–2028: years with data (2004–2026) and years falling back to weekends on both sides.
days = st.dates(min_value=dt.date(2003, 6, 1), max_value=dt.date(2028, 6, 30))
counts = st.integers(min_value=0, max_value=60)


@given(days, counts, counts)
def test_adding_m_then_n_is_adding_m_plus_n(start, m, n):
    assert add_working_days(add_working_days(start, m, CAL), n, CAL) == add_working_days(start, m + n, CAL)


@given(days, counts, counts)
def test_more_working_days_never_end_earlier(start, m, n):
    low, high = sorted((m, n))
    assert add_working_days(start, low, CAL) <= add_working_days(start, high, CAL)


@given(days, days)
def test_a_later_start_never_ends_earlier(a, b):
    a, b = sorted((a, b))
    assert add_working_days(a, 3, CAL) <= add_working_days(b, 3, CAL)


@given(days, st.integers(min_value=1, max_value=60))
def test_never_lands_on_a_non_working_day(start, n):
    assert is_working_day(add_working_days(start, n, CAL), CAL)


@given(days, counts)
def test_working_days_between_undoes_add_working_days(start, n):
    end = add_working_days(start, n, CAL)
    assert working_days_between(start, end, CAL) == n
    assert working_days_between(end, start, CAL) == -n


@settings(max_examples=40, deadline=None)
@given(days, st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=30))
def test_the_database_calendar_keeps_the_same_rules(app, start, m, n):
    """The calendar ``flask qi init`` loaded answers like the package, one application context each."""
    with app.app_context():
        end = add_working_days(start, m + n)
        assert add_working_days(add_working_days(start, m), n) == end
        assert is_working_day(end) and working_days_between(start, end) == m + n
        assert end == add_working_days(start, m + n, CAL)
