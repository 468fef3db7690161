"""The hours parser: free text into structured hours, and 'open now?' with three answers."""

from datetime import datetime

import pytest

from tomoshibi.directory.hours import HOLIDAYS_CLOSED, HOLIDAYS_UNKNOWN, open_at, parse_hours

WEDNESDAY_11 = datetime(2026, 3, 4, 11, 0)
WEDNESDAY_18 = datetime(2026, 3, 4, 18, 0)
WEDNESDAY_20_30 = datetime(2026, 3, 4, 20, 30)
SATURDAY_11 = datetime(2026, 3, 7, 11, 0)
SUNDAY_11 = datetime(2026, 3, 8, 11, 0)
THURSDAY_11 = datetime(2026, 3, 5, 11, 0)
HOLIDAY_MONDAY_11 = datetime(2026, 1, 12, 11, 0)  # Coming of Age Day
NEW_YEAR_FRIDAY_11 = datetime(2027, 1, 1, 11, 0)
JANUARY_2ND_SATURDAY_11 = datetime(2027, 1, 2, 11, 0)
AUGUST_14_FRIDAY_11 = datetime(2026, 8, 14, 11, 0)
TUESDAY_17 = datetime(2026, 3, 3, 17, 0)

CASES = [
    # (hours text, is_24h, moment, expected open_now)
    ("24h/365", True, HOLIDAY_MONDAY_11, True),
    ("Reported as a 24h/365 consultation window in 2018; current hours not confirmed", None, WEDNESDAY_11, None),
    ("", None, WEDNESDAY_11, None),
    ("Seasonal (e.g., 22 Sep-23 Dec in 2023)", False, WEDNESDAY_11, None),
    ("Weekdays 08:30-17:15 (per 2011 page)", False, WEDNESDAY_11, True),
    ("Weekdays 08:30-17:15 (per 2011 page)", False, WEDNESDAY_18, False),
    ("Weekdays 08:30-17:15 (per 2011 page)", False, SATURDAY_11, False),
    ("Weekdays 08:30-17:15 (per 2011 page)", False, HOLIDAY_MONDAY_11, False),
    ("Mon & Wed 10:00-21:00; Tue/Thu/Fri 10:00-17:00 (2020)", False, WEDNESDAY_20_30, True),
    ("Mon & Wed 10:00-21:00; Tue/Thu/Fri 10:00-17:00 (2020)", False, THURSDAY_11, True),
    ("Mon & Wed 10:00-21:00; Tue/Thu/Fri 10:00-17:00 (2020)", False, SUNDAY_11, False),
    ("Mon & Wed 10:00-21:00; Tue/Thu/Fri 10:00-17:00 (2020)", False, HOLIDAY_MONDAY_11, None),
    ("10:00-16:00, closed Thu/Sun/holidays (at 2017 opening)", False, THURSDAY_11, False),
    ("10:00-16:00, closed Thu/Sun/holidays (at 2017 opening)", False, SATURDAY_11, True),
    ("10:00-16:00, closed Thu/Sun/holidays (at 2017 opening)", False, HOLIDAY_MONDAY_11, False),
    ("08:30-17:15 (per c.2017 page)", False, WEDNESDAY_11, None),
    ("08:30-17:15 (per c.2017 page)", False, WEDNESDAY_18, False),
    ("Mon-Sat 09:00-17:00 (excl. holidays/New Year)", False, SATURDAY_11, True),
    ("Mon-Sat 09:00-17:00 (excl. holidays/New Year)", False, JANUARY_2ND_SATURDAY_11, False),
    ("Tue & Fri 10:00-16:00 (excl. holidays, 13-15 Aug, 29 Dec-3 Jan); caller pays", False, AUGUST_14_FRIDAY_11, False),
    ("Tue & Fri 10:00-16:00 (excl. holidays, 13-15 Aug, 29 Dec-3 Jan); caller pays", False, NEW_YEAR_FRIDAY_11, False),
    ("Mon and Wed-Sat 09:00-16:00 (excl. holidays/New Year)", False, THURSDAY_11, True),
    ("Mon and Wed-Sat 09:00-16:00 (excl. holidays/New Year)", False, datetime(2026, 3, 3, 11, 0), False),
    ("Weekdays 09:00-20:00; Sat until 16:00 (per 2009 post)", False, SATURDAY_11, True),
    ("Weekdays 09:00-20:00; Sat until 16:00 (per 2009 post)", False, datetime(2026, 3, 7, 17, 0), False),
    ("10:00-16:00 weekdays (excl. weekends/holidays/New Year) at 2015 opening", False, SATURDAY_11, False),
    ("Mon/Wed/Sat 17:00-21:00 per pages (other pages list daily 17:00-21:00)", False, WEDNESDAY_18, True),
    ("Mon/Wed/Sat 17:00-21:00 per pages (other pages list daily 17:00-21:00)", False, TUESDAY_17, False),
    ("Phone weekdays 10:00-17:00; web form 24h", False, WEDNESDAY_18, False),
    ("Phone and e-mail 12:00-15:00; chat 12:00-22:00", False, WEDNESDAY_20_30, False),
    ("Daily 22:00-06:00", False, datetime(2026, 3, 5, 2, 0), True),
    ("Hours extended to 21:00 from FY2018", False, WEDNESDAY_11, None),
]


@pytest.mark.parametrize(("text", "is_24h", "moment", "expected"), CASES)
def test_it_answers_open_now_from_the_listed_hours(text, is_24h, moment, expected):
    assert open_at(parse_hours(text, is_24h), moment) is expected


def test_it_reads_weekdays_as_closed_on_national_holidays():
    assert parse_hours("Weekdays 09:00-17:00", False).holidays == HOLIDAYS_CLOSED
    assert parse_hours("Mon-Fri 09:00-17:00", False).holidays == HOLIDAYS_UNKNOWN


def test_it_never_turns_unreadable_hours_into_open():
    hours = parse_hours("Night outreach and free bus cafe; SNS consultation; shelter", None)
    assert not hours.known
    assert open_at(hours, WEDNESDAY_11) is None
