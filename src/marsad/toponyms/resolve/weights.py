"""The weights and cut-offs of toponym resolution, in one table.

A reading's rank is the gazetteer's match score (0-1) plus the nudges below; the country vote adds
up what every name says of the document's country. Each entry is one line of meaning; the code that
uses it cites the name, never the figure. Scores are on the gazetteer's 0-1 scale, distances in km,
populations in people.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WEIGHTS", "Weights"]


@dataclass(frozen=True)
class Weights:
    # -- The document's country (``_vote_country``) --
    hint_vote: float = 0.75  # the caller's country hint (``--country``, settings), as votes
    cluster_vote: float = 0.5  # each name read in the text's cluster of nearby towns, for its country
    home_vote: float = 0.6  # each armed group the text names whose home is one country ...
    home_vote_cap: int = 2  # ... counting at most this many groups
    country_name_vote: float = 1.0  # a country's own name, written bare, for that country
    container_area_vote: float = 0.1  # an area written around another name, for its area readings
    town_word_vote: float = 0.1  # a name written as a town ("Tikrit city"), for its town readings
    gazetteer_only_weight: float = 0.5  # a name only the gazetteer scan found counts this much ...
    demonym_weight: float = 0.15  # ... a demonym this much ...
    fuzzy_weight: float = 0.3  # ... a spelling variant this much more (times) ...
    container_weight: float = 1.5  # ... and a name written inside or around another this much more
    vote_temperature: float = 0.08  # softmax temperature of one name's vote between its countries
    near_spelling: int = 85  # rapidfuzz ratio for a variant to count as a spelling of its reading

    # -- Support from the other names (``coherence``) --
    within_admin1: float = 0.35  # the reading's province is written around the name
    named_admin1: float = 0.15  # the reading's province is named elsewhere in the text
    within_admin2: float = 0.25  # the reading's district is written around the name
    named_admin2: float = 0.1  # the reading's district is named elsewhere in the text

    # -- One name's readings (``_resolve``) --
    world_city_people: int = 500_000  # a town this big is a world city
    world_city_margin: int = 20  # ... when it is this many times bigger than every namesake
    world_city_bonus: float = 0.4  # rank added to the world city
    big_container_people: int = 50_000  # a town this big may be the area a name is written as
    held_bonus: float = 0.1  # a district that holds another name of the text
    area_first_bonus: float = 0.15  # an area reading of a name written as the area around another
    village_people: int = 10_000  # below this a town is a village
    alias_ratio: int = 75  # rapidfuzz ratio below which a reading's name is another name, not the written one
    alias_village_penalty: float = 0.1  # a village that has the name only as an alternate name
    alias_town_penalty: float = 0.15  # a town that has it so, where a bigger place has it as its own
    abroad_alias_penalty: float = 0.15  # a town abroad by an old or foreign name ("Salisbury" for Harare)
    big_town_area_penalty: float = 0.2  # an area named like a world city of its country is not meant
    named_country_bonus: float = 0.1  # a town in another country the text names
    homonym_state_bonus: float = 0.25  # a province named like a foreign country, in the document's country
    homonym_town_penalty: float = 0.3  # a town named like a country, far from the text's other places
    homonym_town_km: float = 60.0  # ... far meaning farther than this
    same_point_km: float = 1.0  # a village this near a placed town by another name is another place
    same_point_penalty: float = 0.1  # ... and loses this much
    near_km: float = 50.0  # a reading this near the text's placed towns ...
    near_bonus: float = 0.12  # ... gains this much
    nearish_km: float = 150.0  # a reading this near them ...
    nearish_bonus: float = 0.07  # ... gains this much, unless its country has a town of the name ...
    nearish_ratio: int = 50  # ... this many times bigger (populations under ``nearish_floor`` count as it)
    nearish_floor: int = 1_000
    abroad_own_name: float = 0.5  # least score of a town abroad read by its own name
    facility_city_people: int = 1_000_000  # a foreign city this big may name a square or street

    # -- Good enough to use (``acceptable``) --
    accept_no_country: float = 0.45  # least score with no document country
    accept_home: float = 0.6  # least score in the document's country
    accept_abroad: float = 0.4  # least score abroad ...
    abroad_people: int = 50_000  # ... for a town this big (areas, seas and regions need no size)

    # -- The document's province and neighbours (``geoparse``, ``_by_neighbours``) --
    admin_vote_area: float = 2.0  # an area reading's vote for its province (a town's: 1)
    admin_vote_container: float = 1.5  # times this for a name written inside or around another
    admin_lead_share: float = 0.6  # share of the votes that makes a province the story's
    demonym_score: float = 0.5  # score given to a demonym's country
    anchor_score: float = 0.75  # least score of a reading that anchors its neighbours
    anchor_km: float = 50.0  # a world city abroad yields to a namesake this near the anchors
    listed_city_people: int = 500_000  # "Washington, New York": a city this big starts a list
    namesake_km: float = 30.0  # a country's name is a town of that name this near the text's towns
    area_name_score: float = 0.6  # least score of an area reading whose names a name written inside it takes
    plain_town_people: int = 20_000  # a town this big is what a bare word the gazetteer scan found may name
    gazetteer_only_score: float = 0.55  # least score of a gazetteer-scan name kept with no document country

    # -- Clusters of nearby towns and written areas (``clusters.py``) --
    cluster_km: float = 40.0  # readings this near one another count as one area
    cluster_names: int = 3  # least number of names in a cluster
    cluster_score: float = 0.8  # score of a reading settled by the cluster
    town_reach_km: float = 30.0  # a name written inside a town lies this near its point ...
    area_reach_km: float = 150.0  # ... inside an area this near its point ...
    boundary_reach_km: float = 25.0  # ... or this far outside its boundary, where the gazetteer has one
    container_city_people: int = 1_000_000  # a city this big is kept whatever area is written around it


WEIGHTS = Weights()
