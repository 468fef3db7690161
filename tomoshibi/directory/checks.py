"""`tomoshibi directory check`: what a maintainer must fix before the directory can be trusted.

Pure Python (no Django), run on the CSV files themselves. A row is listed when:
- an active service has no contact that can be reached (no working link, number or address),
- a service or contact has no source, or its source is a blog, a news site, a wiki copy or an
  aggregator (an official page is required: `UNOFFICIAL_HOSTS` lists the hosts seen so far),
- its `last_checked` is empty or older than a year,
- a contact's value does not work for its channel or its hours do not follow the grammar.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from tomoshibi.directory import reach
from tomoshibi.directory.csvformat import Row, contact_from_row, parse_date, service_from_row
from tomoshibi.directory.referral_engine import contacts_for

STALE_AFTER = timedelta(days=365)
# Blogs, news sites, wiki copies, crowdfunding and aggregators (pages that copy numbers from
# elsewhere, or report them on one day): never a source.
UNOFFICIAL_HOSTS = (
    "ameblo.jp",
    "hatenablog.com",
    "hatenablog.jp",
    "note.com",
    "fc2.com",
    "livedoor.jp",
    "livedoor.blog",
    "blogspot.com",
    "wordpress.com",
    "medium.com",
    "goo.ne.jp",
    "wikipedia.org",
    "coopsapporo-cs.jp",
    "3rd-in.co.jp",
    "readyfor.jp",
    "congrant.com",
    "donation.yahoo.co.jp",
    "news.yahoo.co.jp",
    "infoseek.co.jp",
    "smt.docomo.ne.jp",
    "prepra.jp",
    "needs-you.com",
    "nhk.or.jp",
    "asahi.com",
    "mainichi.jp",
    "tokyo-np.co.jp",
    "kahoku.co.jp",
    "chibanippo.co.jp",
    "kobe-np.co.jp",
    "nagasaki-np.co.jp",
    "sanin-chuo.co.jp",
    "shigahochi.co.jp",
    "tsuyamaasahi.co.jp",
    "nwn.jp",
    "nankainn.com",
    "tbs.co.jp",
    "tottorizumu.com",
)


@dataclass(frozen=True)
class Problem:
    where: str  # "service nat-189" or "contact line 12 (nat-189)"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def unofficial(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in UNOFFICIAL_HOSTS) or "/blog" in urlsplit(url).path


def source_problems(where: str, source_url: str, last_checked: str, today: date) -> Iterable[Problem]:
    if not source_url:
        yield Problem(where, "no source_url")
    elif unofficial(source_url):
        yield Problem(where, f"source is a blog, news site or aggregator, not an official page: {source_url}")
    try:
        checked = parse_date(last_checked)
    except ValueError:
        yield Problem(where, f"last_checked is not YYYY-MM-DD: {last_checked!r}")
        return
    if checked is None:
        yield Problem(where, "never checked (no last_checked)")
    elif today - checked > STALE_AFTER:
        yield Problem(where, f"last checked {checked.isoformat()}, more than a year ago")


def contact_problems(row: Row, today: date) -> Iterable[Problem]:
    where = f"contact line {row.get('line', '?')} ({row['service_id']} {row['channel']})"
    try:
        reach.check_value(row["channel"], row["value"])
    except reach.ContactError as error:
        yield Problem(where, str(error))
    try:
        reach.check_hours(row["hours"])
    except reach.ContactError as error:
        yield Problem(where, str(error))
    yield from source_problems(where, row["source_url"], row["last_checked"], today)


def check_directory(service_rows: list[Row], contact_rows: list[Row], today: date) -> list[Problem]:
    """Every problem of the two files, services first, in file order."""
    by_service: dict[str, list[reach.Contact]] = {}
    for row in contact_rows:
        by_service.setdefault(row["service_id"], []).append(contact_from_row(row))
    services = {row["id"]: service_from_row(row, tuple(by_service.get(row["id"], ()))) for row in service_rows}
    problems: list[Problem] = []
    for row in service_rows:
        where = f"service {row['id']}"
        if row["status"] == "active" and not contacts_for(services[row["id"]], services)[0]:
            problems.append(Problem(where, "no reachable contact: it can never be recommended"))
        problems += source_problems(where, row["source_url"], row["last_checked"], today)
    unknown = sorted(set(by_service) - set(services))
    problems += [Problem(f"contacts of {service_id}", "no such service in the directory") for service_id in unknown]
    for row in contact_rows:
        problems += contact_problems(row, today)
    return problems
