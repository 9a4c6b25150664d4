"""Guideline rules of export tasks: what a complete, well-formed annotation looks like.

They run after the checks of offsets and cross references passed, so they can rely on every
relation naming existing regions and every attribute belonging to a labelled region.
"""

from __future__ import annotations

import re

from ..core import labels
from ..core.errors import GUIDELINES, Problem, define_error
from . import label_config as sc
from .annotated_task import Region, Task
from ..predictor.linking import link_problem
from .checks import kind, links

OVERLAP = define_error(
    "span-overlap",
    GUIDELINES,
    "two entity regions overlap (entities are flat)",
    "keep one of the overlapping entity regions",
)
ENTITY_ID_MISSING = define_error(
    "entity-id-missing", GUIDELINES, "an entity region has no entity_id", "fill in the region's entity id"
)
ENTITY_ID_MALFORMED = define_error(
    "entity-id-malformed",
    GUIDELINES,
    "an entity id is not lowercase ASCII words joined by hyphens (e.g. ipuk-fiestiandani)",
    "rewrite the id as lowercase-words-joined-by-hyphens",
)
ENTITY_LINK_MALFORMED = define_error(
    "entity-link-malformed",
    GUIDELINES,
    "an entity region's links are not kemendagri:<code of the region table>, agency:<id of the agency list> "
    "or wikidata:Q<number>, separated by spaces",
    "correct the links in the region's Links field, or clear it",
)
QUOTE_TYPE_MISSING = define_error(
    "quote-type-missing", GUIDELINES, "a QUOTE region has no quote_type", "choose direct or indirect"
)
SPEAKER_ID_MISSING = define_error(
    "speaker-entity-id-missing",
    GUIDELINES,
    "a QUOTE region has no speaker_entity_id",
    "fill in the entity id of the speaker",
)
QUOTE_WITHOUT_CUE = define_error(
    "quote-without-cue",
    GUIDELINES,
    "a QUOTE region has no cue relation",
    "label the cue verb as CUE and draw a cue relation to it",
)
QUOTE_CUES = define_error(
    "quote-multiple-cues",
    GUIDELINES,
    "a QUOTE region has more than one cue relation",
    "keep the cue relation to the verb that introduces the quote",
)
QUOTE_SPEAKERS = define_error(
    "quote-multiple-speakers",
    GUIDELINES,
    "a QUOTE region has more than one speaker relation",
    "keep the speaker relation to the nearest explicit PERSON mention",
)
CUE_ORPHAN = define_error(
    "cue-without-quote",
    GUIDELINES,
    "a CUE region is the target of no cue relation",
    "draw the cue relation from its QUOTE, or delete the CUE region",
)

ENTITY_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
REQUIRED_ATTRIBUTES = {
    sc.ENTITY: ((sc.ENTITY_ID, ENTITY_ID_MISSING),),
    labels.QUOTE_LABEL: ((sc.QUOTE_TYPE, QUOTE_TYPE_MISSING), (sc.SPEAKER_ENTITY_ID, SPEAKER_ID_MISSING)),
    labels.CUE_LABEL: (),
}


def check_guidelines(tasks: list[Task], _documents: dict[str, str]) -> list[Problem]:
    """Flat entities, filled attributes, one cue and speaker per quote."""
    problems: list[Problem] = []
    for task in tasks:
        covering: Region | None = None
        for region in sorted(
            (r for r in task.regions if kind(r) == sc.ENTITY), key=lambda r: (r.start, r.end)
        ):
            if covering is not None and region.start < covering.end:
                problems.append(
                    task.problem(
                        OVERLAP,
                        f"[{region.start}, {region.end}) overlaps region {covering.id} "
                        f"[{covering.start}, {covering.end})",
                        region.id,
                    )
                )
            if covering is None or region.end > covering.end:
                covering = region
        cue_targets = {
            head.id for quote in task.regions for head in links(task, quote.id, labels.CUE_RELATION)
        }
        for region in task.regions:
            problems.extend(_required_attributes(task, region, cue_targets))
    return problems


def _required_attributes(task: Task, region: Region, cue_targets: set[str]) -> list[Problem]:
    problems = []
    for control, error in REQUIRED_ATTRIBUTES[kind(region)]:
        value = task.value(region.id, control)
        if value is None:
            problems.append(
                task.problem(error, f"{region.label} region {region.text!r} has no {control}", region.id)
            )
        elif control != sc.QUOTE_TYPE and not ENTITY_ID_PATTERN.fullmatch(value):
            problems.append(
                task.problem(ENTITY_ID_MALFORMED, f"{control} {value!r} is not a slug", region.id)
            )
    for link in (task.value(region.id, sc.ENTITY_LINK) or "").split() if kind(region) == sc.ENTITY else ():
        why = link_problem(link)
        if why:
            problems.append(task.problem(ENTITY_LINK_MALFORMED, f"link {link!r}: {why}", region.id))
    if region.label == labels.QUOTE_LABEL:
        cues = len(links(task, region.id, labels.CUE_RELATION))
        speakers = len(links(task, region.id, labels.SPEAKER_RELATION))
        if cues == 0:
            problems.append(task.problem(QUOTE_WITHOUT_CUE, "the QUOTE has no cue relation", region.id))
        if cues > 1:
            problems.append(task.problem(QUOTE_CUES, f"the QUOTE has {cues} cue relations", region.id))
        if speakers > 1:
            problems.append(
                task.problem(QUOTE_SPEAKERS, f"the QUOTE has {speakers} speaker relations", region.id)
            )
    if region.label == labels.CUE_LABEL and region.id not in cue_targets:
        problems.append(task.problem(CUE_ORPHAN, "no QUOTE points to this CUE", region.id))
    return problems
