"""The one vocabulary of codes shared by the directory, the referral engine, the help flow and consultations.

Pure Python (no Django): codes only. Their translated labels live in
tomoshibi.directory.vocabulary. The directory import refuses a file that lacks a
service the rules name (`NAMED_SERVICES`).
"""

AGES = ("minor", "adult", "unknown")
DANGERS = ("yes", "no", "unsure")
GENDERS = ("female", "male", "other")
SITUATIONS = (
    "sexual_violence",
    "forced_sex_work",
    "debt",
    "documents_taken",
    "image_abuse",
    "coerced_pornography",
    "labour_exploitation",
    "visa_worry",
    "domestic_violence",
    "other",
)
# The ways a person can choose to talk.
CHANNELS = ("phone", "chat", "line", "email", "in_person")
PREFECTURE_CODES = tuple(f"{number:02d}" for number in range(1, 48))

# The directory's own vocabulary (the CSV columns kind, channels, serves, status).
KINDS = ("one_stop_center", "hotline", "police", "government", "ngo", "legal", "embassy", "womens_centre")
SERVICE_CHANNELS = ("phone", "chat", "line", "email", "web", "in_person")
SERVES = (
    "adults",
    "minors",
    "men",
    "lgbtq",
    "foreigners",
    "labor_trafficking",
    "digital_sexual_violence",
    "anonymous_reporting",
    "visa_documents",
    "legal_help",
)
STATUSES = ("active", "closed")

# Services the rules name, by their stable directory id (the CSV `id`).
POLICE_EMERGENCY = "nat-police-110"
CHILD_ABUSE_HOTLINE = "nat-189"
ONE_STOP_NUMBER = "nat-onestop-8891"
POLICE_SEXUAL_CRIME_LINE = "nat-police-8103"
POLICE_CONSULTATION = "nat-police-9110"
PAPS = "ngo-paps"
INTERNET_HOTLINE_CENTER = "nat-ihc"
MIGRANTS_NETWORK = "ngo-smj"
IMMIGRATION_INFORMATION = "nat-isa-info-center"
FOREIGN_RESIDENTS_SUPPORT = "nat-fresc"
ANONYMOUS_REPORT_DIAL = "nat-tokumei-dial"
DV_CONSULTATION_PLUS = "nat-dv-plus"
DV_NAVI = "nat-dv-navi-8008"
# The women's consultation support centres' common short number (#8778): reaches a centre where the
# directory lists none for the person's prefecture.
WOMENS_CENTRE_NUMBER = "nat-womens-8778"
HOST_CLUB_DESK = "pol-13-mpd-host-club-desk"
LEGAL_SUPPORT = "nat-houterasu"
LEGAL_SUPPORT_MULTILINGUAL = "nat-houterasu-multilingual"
# Kinds of service the rules look for by kind rather than by id; the `emb-` and `wc-` id prefixes
# are how the bundled file marks embassies and women's consultation support centres as well.
EMBASSY_KIND, EMBASSY_PREFIX = "embassy", "emb-"
WOMENS_CENTRE_KIND, WOMENS_CENTRE_PREFIX = "womens_centre", "wc-"

# The services without which the rules cannot give their answers: an import lacking one fails.
NAMED_SERVICES = (
    POLICE_EMERGENCY,
    CHILD_ABUSE_HOTLINE,
    ONE_STOP_NUMBER,
    POLICE_SEXUAL_CRIME_LINE,
    POLICE_CONSULTATION,
    PAPS,
    INTERNET_HOTLINE_CENTER,
    IMMIGRATION_INFORMATION,
    ANONYMOUS_REPORT_DIAL,
    DV_CONSULTATION_PLUS,
    DV_NAVI,
    LEGAL_SUPPORT,
    LEGAL_SUPPORT_MULTILINGUAL,
)
# Services the rules name that a directory may lack: the bundled one holds them in data/pending.csv
# until an official page confirms a way to reach them, and their rules give nothing meanwhile.
NAMED_WHEN_CONFIRMED = (MIGRANTS_NETWORK, FOREIGN_RESIDENTS_SUPPORT, HOST_CLUB_DESK)
