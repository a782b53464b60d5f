"""What a printed report cites, each item once: passages of the source report, numbered, and the
instruments the questions name, with their UN document symbols and the short text of each
provision cited.

The catalogue names secondary frameworks as short strings ("Outer Space Treaty, Art. IX");
INSTRUMENTS below turns them into full titles. A string no instrument claims is printed as it
stands, so a new catalogue never loses a reference. The short texts are summaries written for
the annex, not the authentic texts.
"""

import re
from dataclasses import dataclass, field

from assessment.catalogue import SeedReference
from assessment.report import Report

_ROMAN = r"\b([IVX]+)\b"


@dataclass(frozen=True)
class Instrument:
    title: str
    symbol: str
    prefixes: tuple[str, ...]
    provisions: dict[str, str] = field(default_factory=dict)
    pattern: str = _ROMAN  # how a provision id is written after the prefix

    def claims(self, ref: str) -> bool:
        return ref.startswith(self.prefixes)

    def texts(self, label: str) -> str:
        ids = dict.fromkeys(m.group(1) for m in re.finditer(self.pattern, label))
        return " ".join(f"{self.provisions[i]}" for i in ids if i in self.provisions)


OST = "Outer Space Treaty"
LTS = "COPUOS LTS Guideline"
SDM = "UN Space Debris Mitigation Guideline"

INSTRUMENTS: tuple[Instrument, ...] = (
    Instrument(
        "Charter of the United Nations (1945)",
        "1 UNTS XVI",
        ("UN Charter",),
        {
            "2(4)": "Members refrain from the threat or use of force against the territorial "
            "integrity or political independence of any State."
        },
        r"Art\. (\d\(\d\))",
    ),
    Instrument(
        "Treaty on Principles Governing the Activities of States in the Exploration and Use of "
        "Outer Space, including the Moon and Other Celestial Bodies (Outer Space Treaty, 1967)",
        "A/RES/2222 (XXI), annex; 610 UNTS 205",
        (OST,),
        {
            "III": "Activities are carried on in accordance with international law, including "
            "the Charter of the United Nations.",
            "IV": "No nuclear weapons or other weapons of mass destruction in orbit; the Moon "
            "and other celestial bodies are used exclusively for peaceful purposes.",
            "V": "Astronauts are envoys of mankind; States inform others of phenomena that could "
            "endanger astronauts.",
            "VI": "States bear international responsibility for national activities, including "
            "those of non-governmental entities, which require authorization and continuing "
            "supervision.",
            "VII": "A launching State is internationally liable for damage caused by its space "
            "objects.",
            "VIII": "The State of registry retains jurisdiction and control over its space "
            "objects.",
            "IX": "Activities are conducted with due regard to the corresponding interests of "
            "all other States; a State that has reason to believe an activity would cause "
            "potentially harmful interference undertakes appropriate international "
            "consultations before proceeding.",
            "XI": "States inform the Secretary-General, the public and the scientific community, "
            "as far as feasible, of the nature, conduct, locations and results of their "
            "activities.",
        },
    ),
    Instrument(
        "Convention on International Liability for Damage Caused by Space Objects (1972)",
        "A/RES/2777 (XXVI), annex; 961 UNTS 187",
        ("Liability Convention",),
        {
            "II": "Absolute liability for damage on the surface of the Earth or to aircraft in "
            "flight.",
            "III": "Liability based on fault for damage caused elsewhere, including in outer "
            "space.",
        },
    ),
    Instrument(
        "Convention on Registration of Objects Launched into Outer Space (1975)",
        "A/RES/3235 (XXIX), annex; 1023 UNTS 15",
        ("Registration Convention",),
        {
            "IV": "The State of registry furnishes the Secretary-General, as soon as "
            "practicable, the designator, date and place of launch, basic orbital parameters "
            "and general function of each space object, and reports objects no longer in orbit."
        },
    ),
    Instrument(
        "General Assembly resolution 62/101 (2007): Recommendations on enhancing the practice of "
        "States and international intergovernmental organizations in registering space objects",
        "A/RES/62/101",
        ("UNGA res. 62/101",),
    ),
    Instrument(
        "General Assembly resolution 75/36 (2020): Reducing space threats through norms, rules "
        "and principles of responsible behaviours",
        "A/RES/75/36",
        ("UNGA res. 75/36",),
    ),
    Instrument(
        "General Assembly resolution 76/231 (2021): Reducing space threats through norms, rules "
        "and principles of responsible behaviours (establishing the open-ended working group)",
        "A/RES/76/231",
        ("UNGA res. 76/231",),
    ),
    Instrument(
        "General Assembly resolution 77/41 (2022): Destructive direct-ascent anti-satellite "
        "missile testing",
        "A/RES/77/41",
        ("UNGA res. 77/41",),
    ),
    Instrument(
        "Report of the Group of Governmental Experts on Transparency and Confidence-Building "
        "Measures in Outer Space Activities (2013)",
        "A/68/189",
        ("GGE report on TCBMs",),
    ),
    Instrument(
        "Guidelines for the Long-term Sustainability of Outer Space Activities of the "
        "Committee on the Peaceful Uses of Outer Space (2019)",
        "A/74/20, annex II",
        (LTS,),
        {
            "A.1": "Adopt, revise and amend national regulatory frameworks.",
            "A.3": "Supervise national space activities.",
            "A.4": "Ensure the equitable, rational and efficient use of the radio frequency "
            "spectrum and orbital regions.",
            "A.5": "Enhance the practice of registering space objects.",
            "B.1": "Provide updated contact information and share information on space objects "
            "and orbital events.",
            "B.2": "Improve the accuracy of orbital data and the practice of sharing it.",
            "B.3": "Promote the collection, sharing and dissemination of space debris "
            "monitoring information.",
            "B.4": "Perform conjunction assessment during all orbital phases of controlled flight.",
            "B.5": "Develop practical approaches for pre-launch conjunction assessment.",
            "B.8": "Design and operate space objects so that they can be tracked and "
            "identified, whatever their size.",
            "B.9": "Address the risks of the uncontrolled re-entry of space objects.",
            "B.10": "Observe precautions when using laser beams passing through airspace.",
        },
        r"\b([AB]\.\d+)\b",
    ),
    Instrument(
        "Space Debris Mitigation Guidelines of the Committee on the Peaceful Uses of Outer "
        "Space (2007), endorsed by General Assembly resolution 62/217",
        "A/62/20, annex; A/RES/62/217",
        (SDM,),
        {
            "1": "Limit debris released during normal operations.",
            "3": "Limit the probability of accidental collision in orbit.",
            "4": "Avoid intentional destruction and other harmful activities.",
            "5": "Minimize the potential for post-mission break-ups from stored energy.",
            "6": "Limit the long-term presence of spacecraft and stages in low Earth orbit "
            "after their mission.",
            "7": "Limit the long-term interference of spacecraft and stages with the "
            "geostationary region after their mission.",
        },
        r"\b(\d)\b",
    ),
    Instrument(
        "International Code of Conduct against Ballistic Missile Proliferation (Hague Code of "
        "Conduct, 2002)",
        "A/57/724",
        ("Hague Code of Conduct",),
    ),
    Instrument(
        "Constitution of the International Telecommunication Union (1992)",
        "",
        ("ITU Constitution",),
        {
            "45": "Stations are established and operated so as not to cause harmful "
            "interference to the radio services of other Members."
        },
        r"Art\. (\d+)",
    ),
    Instrument(
        "Radio Regulations of the International Telecommunication Union", "", ("ITU Radio",)
    ),
    Instrument(
        "Inter-Agency Space Debris Coordination Committee, Space Debris Mitigation Guidelines",
        "IADC-02-01",
        ("IADC",),
    ),
)


@dataclass(frozen=True)
class CitedProvision:
    label: str
    text: str


@dataclass(frozen=True)
class CitedInstrument:
    title: str
    symbol: str
    cited: tuple[CitedProvision, ...]


def _key(seed: SeedReference) -> tuple[str, str, str]:
    return (seed.panel, seed.heading, seed.quote)


@dataclass(frozen=True)
class Citations:
    passages: tuple[SeedReference, ...]
    instruments: tuple[CitedInstrument, ...]

    def number(self, seed: SeedReference) -> int:
        """The passage's number in the annex, from 1."""
        keys = [_key(p) for p in self.passages]
        return keys.index(_key(seed)) + 1


def _provision(instrument: Instrument, ref: str) -> CitedProvision | None:
    rest = ref
    for prefix in instrument.prefixes:
        if ref.startswith(prefix):
            rest = ref[len(prefix) :].lstrip("s ,")  # "Guidelines B.1 and B.2" → "B.1 and B.2"
    if not rest or rest.startswith("("):
        return None  # the instrument as a whole: its title says it
    return CitedProvision(rest, instrument.texts(rest))


def _instruments(refs: list[str]) -> tuple[CitedInstrument, ...]:
    out = []
    claimed: set[str] = set()
    for instrument in INSTRUMENTS:
        mine = [r for r in refs if instrument.claims(r)]
        if not mine:
            continue
        claimed.update(mine)
        provisions = [p for p in (_provision(instrument, r) for r in mine) if p]
        order = list(instrument.provisions)

        def rank(p: CitedProvision, order: list[str] = order) -> tuple[int, str]:
            found = [
                order.index(i)
                for i in order
                if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", p.label)
            ]
            return (min(found, default=len(order)), p.label)

        unique = {p.label: p for p in sorted(provisions, key=rank)}
        out.append(CitedInstrument(instrument.title, instrument.symbol, tuple(unique.values())))
    others = sorted((r for r in refs if r not in claimed), key=str.casefold)
    out.extend(CitedInstrument(r, "", ()) for r in others)
    return tuple(out)


def build_citations(report: Report) -> Citations:
    """Every passage and instrument the report cites, once each, in order of first citation."""
    passages: dict[tuple[str, str, str], SeedReference] = {}
    for section in report.sections:
        passages.setdefault(_key(section.source), section.source)
        for line in section.answers:
            passages.setdefault(_key(line.seed), line.seed)
    refs = list(report.secondary_references)
    return Citations(tuple(passages.values()), _instruments(refs))
