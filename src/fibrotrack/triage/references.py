"""The public pages the triage rules cite, as listed in clinical REFERENCE.md §4–§6.

One constant per page, so a rule's citation reads as a list of names and every address is written once.
"""

from __future__ import annotations

from ..knowledge.sources import Citation, Source

__all__ = ["cite"]

# Stroke: BE-FAST and FAST (§5)
KOB_BE_FAST = Source("KOB: neurologists' BE-FAST guide to stroke symptoms",
                     "https://www.kob.com/albuquerque-news/be-fast-neurologists-lay-out-guide-to-spotting-stroke-symptoms/5363071/?cat=500")
EASTSIDE_BE_FAST = Source("Eastside Neuro: BE-FAST, recognise the signs of stroke",
                          "https://www.eastsideneuroinstitute.org/articles/be-fast-recognize-the-signs-and-symptoms-of-stroke")
NHS_BARTON_FAST = Source("NHS Barton Family Practice: when stroke strikes, act F.A.S.T.",
                         "https://www.bartonfamilypractice.nhs.uk/2021/03/16/when-stroke-strikes-act-f-a-s-t/")
NHS_ASHFORD_STROKE = Source("Ashford & St Peter's NHS: recognising a stroke",
                            "https://ashfordstpeters.nhs.uk/recognising-a-stroke")
NWAS_STROKE = Source("North West Ambulance Service NHS: recognising stroke",
                     "http://www.nwas.nhs.uk/our-services/managing-clinical-conditions/recognising-a-stroke/recognising-stroke-in-other-people/")

# NICE NG127, suspected neurological conditions (§5)
NG127_SUMMARY = Source("NICE NG127 summary (nursing-notebook)",
                       "https://nursing-notebook.com/en-gb/simplepage.cfm?ID=x20190519193725527126&linkID=79765")
NG127_RECOMMENDATIONS = Source("NICE NG127 recommendations for adults",
                               "https://www.nice.org.uk/guidance/ng127/chapter/Recommendations-for-adults-aged-over-16")
NG127_FASCICULATION_GPNOTEBOOK = Source(
    "NICE NG127 on fasciculations (GPnotebook)",
    "https://gpnotebook.com/pages/neurology/fasciculation-or-fasciculations-in-adults-nice-guidance-suspected-neurological-conditions-recognition-and-referral")
NG127_FASCICULATION_NOTEBOOK = Source(
    "NICE NG127 on fasciculations and eyelid twitching (nursing-notebook)",
    "https://nursing-notebook.com/en-au/simplepage.cfm?ID=x20190521122012553900&linkID=79810")
NG127_ASHA = Source("NICE NG127 via ASHA evidence map (speech and swallowing)",
                    "https://apps.asha.org/EvidenceMaps/Articles/ArticleSummary/3bbbfac2-cabb-4f51-8f55-85f3910c8697")

# NICE NG42, motor neurone disease (§5)
NG42_MEDSCAPE = Source("Medscape UK summary of NICE NG42 (motor neurone disease)",
                       "https://www.medscape.co.uk/viewarticle/motor-neurone-disease-assessment-and-management-2022a10019b7")
NG42_HWE = Source("Herts & West Essex ICB motor neurone disease pathway",
                  "https://www.hweclinicalguidance.nhs.uk/clinical-pathways/motor-neurone-disease-mnd/")

# Other §5 sources
HEALTHGRADES_TWITCHES = Source("Healthgrades: muscle twitches",
                               "https://fe.prod.content.healthgrades.com/right-care/bones-joints-and-muscles/muscle-twitches")
ACCESSMEDICINE_AIRWAY = Source("AccessMedicine, Hospital Medicine: neuromuscular airway compromise",
                               "https://accessmedicine.mhmedical.com/content.aspx?bookid=1872&sectionid=146977837")
MERCK_FINDINGS = Source("Merck Manual: findings related to weakness suggesting a specific disorder",
                        "https://merckmanuals.com/en-ca/professional/multimedia/table/findings-related-to-weakness-suggesting-a-specific-disorder")
CLEVELAND_MS = Source("Cleveland Clinic: early signs of MS (copy at wockr.org)", "https://wockr.org/early-signs-of-ms")
BLACKBOXRX_FQ = Source("Fluoroquinolone boxed-warning text (BlackBoxRx)", "https://blackboxrx.com/app/display/424")
EMPR_FQ = Source("EMPR: fluoroquinolones gain boxed warning (FDA 2008)",
                 "https://www.empr.com/uncategorized/fluoroquinolones-gain-boxed-warning/")
GOODRX_STATIN = Source("GoodRx (via publicnow): statin muscle symptoms and dark urine",
                       "https://publicnow.com/view/F44F3309B252F295C898676AAC2567178F93D23A")
USPHARMACIST_MYOPATHY = Source("US Pharmacist: drug-induced myopathy",
                               "http://legacy.uspharmacist.com/oldformat.asp?url=newlook/files/Feat/myopathy.cfm&pub_id=8&article_id=444")
MEDLINEPLUS_TWITCHING = Source("MedlinePlus/A.D.A.M. muscle twitching, when to contact a provider (copy)",
                               "https://review.trendsmask.com/what-causes-muscle-twitching-86123.html")
HEALTHDAY_TWITCHING = Source("HealthDay summary of the NLM: why do my muscles twitch?",
                             "http://health.usnews.com/health-news/diet-fitness/bones-joints-and-muscles/articles/2009/07/27/health-tip-why-do-my-muscles-twitch")
ADAM_TWITCHING = Source("A.D.A.M. Medical Encyclopedia 003296: muscle twitching",
                        "https://default.adam.com/content.aspx?gid=003296&pid=1&productid=117")
NEUROLOGY_2017_BFS = Source("Neurology 2017 abstract: benign fasciculation syndrome cohort",
                            "https://n.neurology.org/content/88/16_Supplement/S45.007")

# Weakness versus fatigue (§4.2)
FPNOTEBOOK_WEAKNESS = Source("FPnotebook: muscle weakness", "https://fpnotebook.com/Rheum/Sx/MsclWkns.htm")
UPTODATE_WEAKNESS = Source("UpToDate: approach to the patient with muscle weakness",
                           "http://www.uptodate.com/contents/approach-to-the-patient-with-muscle-weakness")
MERCK_WEAKNESS = Source("Merck Manual Professional: weakness",
                        "https://www.merckmanuals.com/en-pr/professional/neurologic-disorders/symptoms-of-neurologic-disorders/weakness")
DJIBE_FIBROMYALGIA = Source("djibe/recommandations-medicales: fibromyalgie.md",
                            "https://github.com/djibe/recommandations-medicales")

FIBROTRACK_OWN_RULE = "fibrotrack's own conservative rule, not taken from a guideline."


def cite(section: str, *sources: Source, note: str | None = None) -> Citation:
    """Return a :class:`Citation` of ``sources`` from clinical REFERENCE.md ``section``."""
    return Citation(section, tuple(sources), note)
