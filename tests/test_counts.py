import pytest

from marsad.events import counts


@pytest.mark.parametrize(
    ("text", "dead", "hurt", "held"),
    [
        ("Rebels killed two soldiers near the bridge.", 2, None, None),
        ("Gunmen killed 1 soldier and 2 militants at the market.", 3, None, None),
        ("At least 5 people were killed and 12 wounded.", 5, 12, None),
        ("Between 3 and 5 villagers died in the raid.", 3, None, None),
        ("Dozens of people were killed in the fighting.", 12, None, None),
        ("The blast left seven people dead.", 7, None, None),
        ("Police arrested four suspects after the riot.", None, None, 4),
        ("A militant was arrested at a checkpoint.", None, None, 1),
        ("No casualties were reported.", 0, None, None),
        ("The bodies of three herders were found.", 3, None, None),
    ],
)
def test_counts(nlp, text, dead, hurt, held):
    span = nlp(text)[:]
    assert counts.fatalities(span) == dead
    assert counts.injuries(span) == hurt
    assert counts.arrests(span) == held


def test_word_number_reads_hyphenated_tens():
    assert counts.word_number("twenty-five") == 25
    assert counts.word_number("1,200") == 1200
    assert counts.word_number("militants") is None


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # ACLED: a figure-less report ("an unknown number", "a number of") is coded 10
        ("An unknown number of fighters were killed in the clashes.", 10),
        ("Rebels killed an unspecified number of soldiers.", 10),
        # small vague plurals take their smallest reading (3), added to the exact parts
        ("Some fighters were killed.", 3),
        ("Two policemen and several attackers were killed.", 5),
    ],
)
def test_vague_counts(nlp, text, dead):
    assert counts.fatalities(nlp(text)[:]) == dead
