from datetime import date

from marsad.events.dates import find_dates

MON = date(2020, 10, 5)  # a Monday


def first(text: str, ref: date = MON):
    found = find_dates(text, ref)
    return (found[0].value, found[0].precision) if found else None


def test_weekday_is_most_recent_on_or_before_publication():
    assert first("Gunmen struck on Saturday.") == (date(2020, 10, 3), 1)
    assert first("Troops moved in on Monday.") == (MON, 1)
    assert first("It happened last Monday.") == (date(2020, 9, 28), 1)


def test_month_day_never_after_publication():
    assert first("The raid began on September 30th.") == (date(2020, 9, 30), 1)
    assert first("The raid began on 3 November.") == (date(2019, 11, 3), 1)
    assert find_dates("Elections are due on 3 June 2021.", MON) == []


def test_relative_phrases():
    assert first("Shelling was heard overnight.") == (date(2020, 10, 4), 1)
    assert first("Two men were shot yesterday.") == (date(2020, 10, 4), 1)
    assert first("Clashes broke out last week.") == (date(2020, 10, 1), 2)
    assert first("Earlier this month a convoy was hit.")[1] == 3


def test_explicit_forms_and_bracketed_date_beats_weekday():
    assert first("On 3 May 2020, police fired tear gas.", date(2020, 5, 10)) == (date(2020, 5, 3), 1)
    assert first("05/02/2014: A bomb exploded.", date(2018, 1, 1)) == (date(2014, 5, 2), 1)
    found = find_dates("a spokesman said Monday (October 5th).", MON)
    assert [f.text for f in found] == ["October 5th"]
    assert first("Between 1 and 3 May 2020, fighting went on.", date(2020, 5, 10)) == (date(2020, 5, 2), 2)
