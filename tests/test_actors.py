from datetime import date

from marsad.events.actors import canonical_actor, default_actor, infer_country, load_actor_book

D = date(2020, 10, 3)


def test_dictionary_is_versioned():
    assert load_actor_book().version


def test_islamic_state_aliases_collapse_with_country_branch():
    names = {canonical_actor(t, "IQ", D).name for t in ["ISIS elements", "Daesh remnants", "IS fighters", "ISIL"]}
    assert names == {"Islamic State (Iraq)"}
    assert canonical_actor("Daesh", None, D).name == "Islamic State"
    assert canonical_actor("IS fighters", "IQ", D).inter == 2


def test_state_forces_named_by_period_with_unit_as_associate():
    a = canonical_actor("the Counter-Terrorism Service", "IQ", D)
    assert a.name == "Military Forces of Iraq (2018-)" and a.inter == 1
    assert a.assoc == "Iraqi Counter-Terrorism Service"
    assert canonical_actor("police", "NG", date(2020, 1, 1)).name == "Police Forces of Nigeria (2015-2023)"
    assert canonical_actor("Turkish troops", "SY", D).inter == 8


def test_generic_actors():
    assert canonical_actor("unknown gunmen", "AF", D).name == "Unidentified Armed Group (Afghanistan)"
    assert canonical_actor("a farmer", "ML", D).inter == 7
    assert default_actor("protester", "CL", D).name == "Protesters (Chile)"
    assert default_actor("rioter", "IN", D).inter == 5


def test_country_inference_from_demonyms():
    assert infer_country("Iraqi troops said the Iraqi army had moved.") == "IQ"
    assert infer_country("Nothing here names a country.") is None
    assert infer_country("anything", "sy") == "SY"


def test_armed_word_outranks_people_word():
    assert canonical_actor("a member of the local police", "IQ", D).kind == "police"
    assert canonical_actor("armed men", "IQ", D).kind == "unknown"
    assert canonical_actor("two farmers", "IQ", D).kind == "civilian"


def test_group_renamed_from_a_year_on():
    before = canonical_actor("Houthi forces", "YE", date(2014, 6, 1))
    after = canonical_actor("Houthi forces", "YE", date(2020, 6, 1))
    assert before.name == "Houthi Movement" and before.inter == 2
    assert after.name == "Military Forces of Yemen (2016-) Supreme Political Council" and after.inter == 1


def test_case_sensitive_acronyms_do_not_match_words():
    assert canonical_actor("NAF fighters", "UA", D).inter == 2
    assert canonical_actor("let them go", "PK", D) is None


def test_country_hint_yields_to_the_text():
    # a place read in the wrong country must not rename the actors: the text names Yemen's war
    assert infer_country("Pro-Houthi snipers opened fire on a farmer near the village.", "IL") == "YE"
    assert infer_country("Fighting broke out in Yemen near the port.", "IL") == "YE"
    # a demonym alone is weak: "Israeli airstrikes" in a Syrian story keep the hint
    assert infer_country("Israeli airstrikes hit positions near the town.", "SY") == "SY"
    assert infer_country("Troops patrolled the town.", "SY") == "SY"


def test_groups_written_as_acronyms_tell_the_country_they_fight_in() -> None:
    """"LNA forces", "the PMF's Badr Organization": the acronym as written (case matters: "lna" in
    running text is no group) says the country, as the group's full name does."""
    from marsad.events.actors import home_countries

    assert home_countries("rockets launched by LNA forces landed near Ain Zara") == {"LY": 1}
    assert home_countries("the PMF's Badr Organization arrested two suspects near Samarra") == {"IQ": 1}
    assert home_countries("the Libyan National Army advanced") == {"LY": 1}
    assert home_countries("an lna of words and a pmf file") == {}
