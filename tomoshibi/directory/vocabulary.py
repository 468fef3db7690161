"""Translated labels for the directory's and the referral engine's vocabularies.

The codes come from the pure engine (tomoshibi.directory.referral_engine) and the CSV;
this module only gives them words in the page's language. Other apps import
PREFECTURES (JIS code -> name) for their own forms.
"""

from django.utils.translation import gettext_lazy as _

PREFECTURES = {
    "01": _("Hokkaido"),
    "02": _("Aomori"),
    "03": _("Iwate"),
    "04": _("Miyagi"),
    "05": _("Akita"),
    "06": _("Yamagata"),
    "07": _("Fukushima"),
    "08": _("Ibaraki"),
    "09": _("Tochigi"),
    "10": _("Gunma"),
    "11": _("Saitama"),
    "12": _("Chiba"),
    "13": _("Tokyo"),
    "14": _("Kanagawa"),
    "15": _("Niigata"),
    "16": _("Toyama"),
    "17": _("Ishikawa"),
    "18": _("Fukui"),
    "19": _("Yamanashi"),
    "20": _("Nagano"),
    "21": _("Gifu"),
    "22": _("Shizuoka"),
    "23": _("Aichi"),
    "24": _("Mie"),
    "25": _("Shiga"),
    "26": _("Kyoto"),
    "27": _("Osaka"),
    "28": _("Hyogo"),
    "29": _("Nara"),
    "30": _("Wakayama"),
    "31": _("Tottori"),
    "32": _("Shimane"),
    "33": _("Okayama"),
    "34": _("Hiroshima"),
    "35": _("Yamaguchi"),
    "36": _("Tokushima"),
    "37": _("Kagawa"),
    "38": _("Ehime"),
    "39": _("Kochi"),
    "40": _("Fukuoka"),
    "41": _("Saga"),
    "42": _("Nagasaki"),
    "43": _("Kumamoto"),
    "44": _("Oita"),
    "45": _("Miyazaki"),
    "46": _("Kagoshima"),
    "47": _("Okinawa"),
}

KIND_LABELS = {
    "one_stop_center": _("One-stop centre for victims of sexual violence"),
    "hotline": _("Hotline"),
    "police": _("Police"),
    "government": _("Government service"),
    "ngo": _("Non-profit organisation"),
    "legal": _("Legal help"),
    "embassy": _("Embassy"),
    "womens_centre": _("Women's consultation support centre"),
}

STATUS_LABELS = {"active": _("Active"), "closed": _("Closed (no longer operating)")}

SERVES_LABELS = {
    "adults": _("Adults"),
    "minors": _("Children and young people under 18"),
    "men": _("Men and boys"),
    "lgbtq": _("LGBTQ people"),
    "foreigners": _("People from other countries"),
    "labor_trafficking": _("Forced labour and labour exploitation"),
    "digital_sexual_violence": _("Image abuse and online sexual violence"),
    "anonymous_reporting": _("Anonymous reports"),
    "visa_documents": _("Passport, visa and documents"),
    "legal_help": _("Legal help"),
}

CHANNEL_LABELS = {
    "phone": _("Phone"),
    "chat": _("Chat"),
    "line": _("LINE"),
    "email": _("E-mail"),
    "web": _("Website form"),
    "in_person": _("In person"),
}

# The channels of the contacts file (one way to reach a service each).
CONTACT_CHANNEL_LABELS = {
    "phone": _("Phone"),
    "line": _("LINE"),
    "web": _("Website form"),
    "chat": _("Chat"),
    "email": _("E-mail"),
    "visit": _("In person"),
}

AGE_LABELS = {"minor": _("Under 18"), "adult": _("18 or older"), "unknown": _("I would rather not say")}

DANGER_LABELS = {"yes": _("Yes, I am in danger now"), "no": _("No"), "unsure": _("I am not sure")}

GENDER_LABELS = {"female": _("Female"), "male": _("Male"), "other": _("Another gender")}

SITUATION_LABELS = {
    "sexual_violence": _("Sexual violence or assault"),
    "forced_sex_work": _("Forced or pressured to sell sex"),
    "debt": _("A debt I am made to pay off"),
    "documents_taken": _("My passport or ID was taken"),
    "image_abuse": _("Intimate images shared or used to threaten me"),
    "coerced_pornography": _("Pressured into pornography"),
    "labour_exploitation": _("Forced or exploited at work"),
    "visa_worry": _("Worried about my visa"),
    "domestic_violence": _("Violence from a partner or family member"),
    "other": _("Something else"),
}

LANGUAGE_NAMES = {
    "ja": _("Japanese"),
    "en": _("English"),
    "zh": _("Chinese"),
    "ko": _("Korean"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "tl": _("Filipino"),
    "th": _("Thai"),
    "vi": _("Vietnamese"),
    "km": _("Khmer"),
    "ne": _("Nepali"),
    "id": _("Indonesian"),
    "my": _("Burmese"),
    "mn": _("Mongolian"),
    "fr": _("French"),
    "si": _("Sinhala"),
    "ur": _("Urdu"),
    "bn": _("Bengali"),
}

REASON_TEXT = {
    "immediate_danger": _("You said you are in danger now. Call 110 first: the police come at once, day and night."),
    "danger_unsure": _("If you might be in danger now, call 110. It is free and open day and night."),
    "child_abuse_hotline": _(
        "You are under 18. 189 connects you to the child guidance centre near you. It is free, "
        "and you do not have to give your name."
    ),
    "if_under_18": _("If you are under 18, 189 connects you to the child guidance centre near you."),
    "for_minors": _("This service helps children and young people."),
    "sexual_violence_centre_nearby": _("This is the support centre for victims of sexual violence in your prefecture."),
    "sexual_violence_national_number": _(
        "#8891 connects you to the nearest support centre for victims of sexual violence, from anywhere in Japan."
    ),
    "no_centre_in_prefecture": _(
        "No centre for your prefecture is listed here, so #8891 is the way to reach the nearest one."
    ),
    "police_sexual_crime_line": _("#8103 is the police line for victims of sexual crimes."),
    "for_men": _("This line is for men and boys who have experienced sexual violence."),
    "image_abuse_support": _(
        "This group helps when intimate images or videos are shared, used to threaten you, or made under "
        "pressure, and helps to get them removed."
    ),
    "report_online_content": _("You can report illegal images or videos online here, so that they are removed."),
    "sexual_exploitation_support": _("This group helps people who are forced or pressured to sell sex."),
    "host_club_debt": _("This police desk in Tokyo helps people harmed by host clubs, including debts."),
    "anonymous_trafficking_report": _("You can report human trafficking here without giving your name."),
    "migrant_support": _("This network helps migrants with problems at work, taken passports and visa worries."),
    "immigration_information": _(
        "This is the information centre of the Immigration Services Agency, the immigration authority itself. "
        "You can ask about visas and residence in many languages without giving your name."
    ),
    "av_harm_one_stop": _(
        "One-stop support centres are where to turn under the AV Appearance Harm Act, also to cancel a contract "
        "or stop a video. #8891 connects you to the nearest one."
    ),
    "embassy_documents": _(
        "Your country's embassy can issue a new passport or travel document, even if yours was taken."
    ),
    "legal_help": _(
        "Houterasu (Japan Legal Support Center) tells you where to get legal advice. If you cannot afford a lawyer "
        "and meet its conditions, it offers a free consultation with one, and can pay a lawyer's fees for you, "
        "usually repaid in small monthly amounts."
    ),
    "legal_help_in_your_language": _("Houterasu's multilingual line explains legal help in your language."),
    "womens_centre": _(
        "The women's consultation support centre of your prefecture helps women and girls in difficulty, "
        "and can arrange a safe place to stay."
    ),
    "interpreters_available": _(
        "The police use interpreters: say the name of your language in English, for example “Tagalog, please”."
    ),
    "foreign_national": _("This service helps people from other countries who live in Japan."),
    "foreign_residents_support": _("This centre helps foreign residents with work and legal problems."),
    "domestic_violence_support": _("This service helps people hurt by a partner or a family member."),
    "police_consultation": _("#9110 is the police line for advice when it is not an emergency."),
    "lgbtq_friendly": _("They say that they support LGBTQ people."),
    "speaks_your_language": _("They say that they speak your language."),
    "languages_not_stated": _("Their languages are not stated: they may speak only Japanese."),
    "offers_your_channel": _("You can contact them in the way you prefer."),
    "open_out_of_hours": _("It is open now, outside usual office hours."),
    "minors_not_stated": _("Their listing does not say that they help people under 18."),
    "fallback_always_open": _("Nothing else on this list is open right now. 110 is always open."),
}


# The same reasons, addressed to a worker who screens for someone else (the screening result):
# the rights and numbers are the person's, the action is the worker's.
REASON_TEXT_FOR_WORKERS = {
    "immediate_danger": _("The person is in danger now. Call 110 first: the police come at once, day and night."),
    "danger_unsure": _("If the person might be in danger now, call 110. It is free and open day and night."),
    "child_abuse_hotline": _(
        "The person is under 18: tell the child guidance centre on 189. Anyone who finds a child in need of "
        "protection should tell them; the call is free, day and night."
    ),
    "if_under_18": _("If the person is under 18, tell the child guidance centre on 189."),
}


def label(mapping: dict, code: str):
    """The translated label of a code, or the code itself when the vocabulary does not know it."""
    return mapping.get(code, code)
