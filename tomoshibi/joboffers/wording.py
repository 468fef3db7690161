"""What each sign is called, why it matters, what to ask, and what the law in Japan says, in every
language through the translation catalogues (data/indicators.toml holds the patterns and weights).

tests/test_signs.py fails when a sign of the data file has no wording here.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

LEVEL_NAMES = {
    "none": _("No signs seen"),
    "some_signs": _("Some signs"),
    "strong_signs": _("Strong signs"),
}

LEVEL_EXPLANATIONS = {
    "none": _(
        "We found none of the signs we look for. That does not make the offer safe: a trap can be written in "
        "other words. Ask the questions below all the same."
    ),
    "some_signs": _(
        "Some words of this offer are used in deceptive offers. They can have honest explanations: ask the "
        "questions below and get clear answers in writing before you pay, sign or travel."
    ),
    "strong_signs": _(
        "This offer has strong signs of deception or exploitation. Do not pay, sign, send your documents or "
        "travel before you talk to one of the organisations below."
    ),
}

TITLES = {
    "fees_charged": _("Fees charged to the worker"),
    "debt_for_travel": _("A debt for the job or the journey"),
    "documents_kept": _("Someone else keeps the passport or residence card"),
    "penalty_for_leaving": _("Penalties for leaving"),
    "vague_employer": _("The employer or the details are hidden"),
    "private_contact_only": _("Contact only through private or hidden channels"),
    "unrealistic_pay": _("Pay that is too good to be true"),
    "below_minimum_wage": _("Pay below the minimum wage"),
    "adult_work": _("Night entertainment, modelling or filming, with no experience needed"),
    "targets_minors": _("Aimed at people under 18"),
    "same_day_pay": _("Same-day cash pay stressed"),
    "housing_deductions": _("Housing tied to the job and paid from the wages"),
    "visa_mismatch": _("The visa does not allow this work"),
    "recruitment_for_crime": _("Recruitment for crime (“yami baito”)"),
    "secrecy": _("Asked to keep it secret"),
    "photos_requested": _("Photos or body measurements asked for"),
    "young_people_adult_work": _("Night entertainment, modelling or filming aimed at students or young people"),
    "large_fee": _("A large fee"),
}

WHY = {
    "fees_charged": _(
        "Honest employers do not make workers pay to get a job: under international labour standards the "
        "employer pays. A fee often becomes a debt that ties the worker to the job."
    ),
    "debt_for_travel": _(
        "A loan, or costs taken from your pay, can tie you to the job until it is repaid, and such debts are often "
        "made to grow."
    ),
    "documents_kept": _(
        "Without your passport or residence card you cannot leave, travel or show your status. Keeping them is one "
        "of the clearest signs of forced labour."
    ),
    "penalty_for_leaving": _(
        "Fines or “compensation” for leaving are used to stop people from quitting bad or dangerous work."
    ),
    "vague_employer": _(
        "If you cannot know who will employ you, or where, nobody can check the job, and nobody is responsible "
        "when it goes wrong."
    ),
    "private_contact_only": _(
        "Recruiters who move you to Telegram, Signal or private messages are hard to trace. Criminal groups recruit "
        "this way."
    ),
    "unrealistic_pay": _(
        "Very high pay for work that needs no experience is how deceptive offers draw people in. The real work or "
        "the real pay is often different."
    ),
    "below_minimum_wage": _(
        "The pay is less than the lowest wage allowed in Japan for an hour of work. Where the offer gives no hours, "
        "we counted a full-time day of 8 hours or a month of 173 hours."
    ),
    "adult_work": _(
        "Offers of easy, well-paid hostess, model, massage or filming work are a common way into sexual "
        "exploitation and pornography made under pressure."
    ),
    "targets_minors": _(
        "Offers aimed at high-school students or people under 18 are a known way into “JK business” and the sexual "
        "exploitation of children."
    ),
    "same_day_pay": _(
        "Same-day cash is stressed in recruitment for crime and in sex-industry adverts. It is not wrong in itself."
    ),
    "housing_deductions": _(
        "When the employer is also the landlord and takes the rent from your pay, losing the job means losing your "
        "home, and little pay may be left."
    ),
    "visa_mismatch": _(
        "Working on a visa that does not allow the work puts you at risk of arrest and removal, and employers use "
        "that fear to control people."
    ),
    "recruitment_for_crime": _(
        "“Easy, well-paid” jobs carrying parcels, collecting cash or selling bank accounts are how criminal groups "
        "recruit people for fraud and robbery. Once they have your ID, they threaten you and your family."
    ),
    "secrecy": _("Being told to hide a job from family or friends cuts you off from the people who could help."),
    "photos_requested": _(
        "Asking for face, full-body or swimsuit photos can be the first step to pressure or threats with images."
    ),
    "young_people_adult_work": _(
        "This is how “JK business” and pornography made under pressure recruit girls. For anyone under 18 such work "
        "is illegal for the employer, never for the young person."
    ),
    "large_fee": _(
        "A fee this large is usually paid with a loan, and a debt this size can keep a person in a job they cannot "
        "leave."
    ),
}

ASK = {
    "fees_charged": _(
        "Ask what each payment is for, who receives it, and whether it is in the contract. Get receipts."
    ),
    "debt_for_travel": _(
        "Ask how much will be taken from each month's pay, for how long, and what happens if you leave early."
    ),
    "documents_kept": _("Say that you will keep your own passport and residence card. If they insist, do not go."),
    "penalty_for_leaving": _(
        "Ask whether you can leave if the work is not as promised, and what you would have to pay."
    ),
    "vague_employer": _(
        "Ask for the company's full name, address and phone number, and a written contract in a language you read, "
        "before you pay or travel."
    ),
    "private_contact_only": _(
        "Ask for a company phone number and an office address, and look the company up yourself."
    ),
    "unrealistic_pay": _(
        "Ask how the pay is counted and what exactly the work is, and get it in writing before you start."
    ),
    "below_minimum_wage": _("Ask how many hours a day and a month the pay is for, and what is taken from it."),
    "adult_work": _(
        "Ask exactly what you would do, who the customers or viewers are, and whether any filming is sexual. You "
        "can refuse any shoot."
    ),
    "targets_minors": _("If you are under 18, do not go. Tell an adult you trust, or call 189."),
    "same_day_pay": _("Ask what the work is in detail and who the employer is."),
    "housing_deductions": _("Ask how much is taken for housing each month, and whether you may live elsewhere."),
    "visa_mismatch": _(
        "Ask which status of residence the job needs, and check it with the immigration information centre "
        "(listed below); you do not have to give your name."
    ),
    "recruitment_for_crime": _(
        "Do not send your ID and do not go. If you already have, call the police advice line #9110: the police "
        "protect people who step back."
    ),
    "secrecy": _("Tell someone you trust about the offer before you decide."),
    "photos_requested": _("Do not send photos before you have met the company at its office and read a contract."),
    "young_people_adult_work": _("Do not go. If you are under 18, call 189, or talk to an organisation below."),
    "large_fee": _("Ask who receives each part of the fee and why. Do not borrow to pay it before you have checked."),
}

LAW = {
    "fees_charged": _(
        "In Japan, an employment agency may not charge job seekers a fee (Employment Security Act, Art. 32-3; the "
        "few exceptions, such as entertainers and models, allow only a small registration fee and a capped share of "
        "the wages once the job has started), and an employer recruiting directly may take no payment from "
        "applicants (Art. 39). No one may make a technical intern or their family sign a contract with penalties "
        "or set damages, which covers “deposits” (Technical Intern Training Act, Art. 47)."
    ),
    "debt_for_travel": _(
        "An employer may not set off against your wages a loan or advance given on condition that you work "
        "(Labour Standards Act, Art. 17)."
    ),
    "documents_kept": _(
        "The company where a technical intern trains and the organisation that supervises them may not keep the "
        "intern's passport or residence card; doing so is a crime (Technical Intern Training Act, Art. 48). For "
        "other workers, the government's guidance tells employers not to keep them: your documents are yours."
    ),
    "penalty_for_leaving": _(
        "A work contract may not set fines or fixed damages for leaving (Labour Standards Act, Art. 16; for "
        "technical interns, Technical Intern Training Act, Art. 47)."
    ),
    "vague_employer": _(
        "Whoever recruits must state the working conditions clearly; false recruitment adverts are punished "
        "(Employment Security Act, Arts. 5-3 and 65)."
    ),
    "below_minimum_wage": _(
        "Every worker in Japan, whatever their nationality or visa, must be paid at least the regional minimum "
        "wage (Minimum Wage Act, Art. 4)."
    ),
    "adult_work": _(
        "If the work includes filming sexual videos: the contract must be in writing, filming may start only one "
        "month after you receive it, publication only four months after filming, and you can cancel the contract "
        "until one year after publication (AV Appearance Harm Act)."
    ),
    "targets_minors": _(
        "Nobody under 18 may work between 10 pm and 5 am (Labour Standards Act, Art. 61) or be made to "
        "entertain customers (Amusement Business Act, Art. 22); Tokyo bans employing them in “JK business”."
    ),
    "housing_deductions": _(
        "Anything taken from wages other than tax and social insurance needs a written agreement between the "
        "employer and the workers' majority union or representative (Labour Standards Act, Art. 24)."
    ),
    "visa_mismatch": _(
        "A foreign national may do only the work their status of residence allows (Immigration Control Act, Art. 19); "
        "an employer who makes someone work illegally commits a crime (Art. 73-2)."
    ),
    "recruitment_for_crime": _(
        "Taking part is a crime even if you were told the job was legal. The National Police Agency warns about "
        "exactly these adverts."
    ),
    "young_people_adult_work": _(
        "For anyone under 18, night work and entertaining customers are banned (Labour Standards Act, "
        "Art. 61; Amusement Business Act, Art. 22), making sexual images of them is a crime (Child "
        "Pornography Act, Art. 7), and so is putting a child in harmful work (Child Welfare Act, Art. 34)."
    ),
    "large_fee": _(
        "Employment agencies may not charge job seekers fees, with few exceptions, and employers recruiting directly "
        "may take none (Employment Security Act, Arts. 32-3 and 39); international standards say the employer pays "
        "all recruitment costs."
    ),
}


def title_languages() -> set[str]:
    """The site's languages, for the API's `lang`."""
    return {code for code, _name in settings.LANGUAGES}
