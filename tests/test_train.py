"""``marsad train`` and the learned sub-event model: training, probabilities, the blend with the rules,
saving and loading (no pickle; bad files are refused with E060)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.evaluation import read_coded
from marsad.events import learned
from tests.conftest import MARSAD, ROOT

CODED = ROOT / "tests" / "data" / "coded" / "events.csv"


@pytest.fixture(scope="module")
def model() -> learned.SubEventModel:
    rows = read_coded(CODED)
    return learned.train([r.text for r in rows], [r.sub_event_type or "" for r in rows])


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MARSAD_DATA_DIR": str(data_dir)}
    env.pop("MARSAD_MODEL", None)
    return subprocess.run([str(MARSAD), *args], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_features_are_words_bigrams_and_stems() -> None:
    f = learned.features("Gunmen attacked 12 villagers; gunmen fled.")
    assert {"w:gunmen", "w:attacked", "w:<n>", "b:attacked <n>", "b:<n> villagers", "s:attack", "s:villager"} <= set(f)
    assert len(f) == len(set(f))


def test_predict_proba_is_a_distribution_over_the_trained_types(model: learned.SubEventModel) -> None:
    probs = model.predict_proba("Hundreds of residents protested in the city demanding electricity.")
    assert set(probs) == set(model.classes) and len(model.classes) == 8
    assert sum(probs.values()) == pytest.approx(1.0)
    assert max(probs, key=probs.__getitem__) == "Peaceful protest"
    assert model.predict("Gunmen kidnapped five travellers on the road.") == "Abduction/forced disappearance"
    assert model.predict("Warplanes carried out air strikes on militant hideouts.") == "Air/drone strike"
    assert model.predict("Police arrested three suspects.") == "Arrests"


def test_blend_keeps_the_rules_scale_and_lets_the_model_decide_close_calls(model: learned.SubEventModel) -> None:
    text = "Gunmen kidnapped five travellers on the road."
    # The rules lean slightly to Attack; the model is sure of an abduction.
    blended = model.blend({"Attack": 4.0, "Abduction/forced disappearance": 3.5}, text)
    assert max(blended, key=blended.__getitem__) == "Abduction/forced disappearance"
    assert max(blended.values()) <= 4.0 and all(v > 0 for v in blended.values())
    # No rule score: no event, and the model is not asked to detect one.
    assert model.blend({}, text) == {}
    # Weight 0 gives the rules back unchanged.
    model0 = learned.SubEventModel(model.classes, model.vocab, model.weights, model.bias, weight=0.0)
    assert model0.blend({"Attack": 4.0, "Armed clash": 2.0}, text) == {"Attack": 4.0, "Armed clash": 2.0}


def test_save_load_roundtrip_is_json(model: learned.SubEventModel, tmp_path: Path) -> None:
    path = tmp_path / "sub" / "model.json"
    model.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == learned.FORMAT and data["version"] == learned.VERSION
    assert data["meta"]["texts"] == 36
    again = learned.load(path)
    text = "Iraqi soldiers clashed with militants near the river."
    assert again.classes == model.classes
    for k, v in model.predict_proba(text).items():
        assert again.predict_proba(text)[k] == pytest.approx(v, abs=1e-3)


@pytest.mark.parametrize("content,reason", [
    (None, "no such file"),
    ("not json", "not JSON"),
    ('{"format": "something-else"}', "not a marsad model"),
    ('{"format": "marsad-subevent-model", "version": 99}', "upgrade marsad"),
    ('{"format": "marsad-subevent-model", "version": 1, "classes": ["Armed clash"]}', "malformed"),
    ('{"format": "marsad-subevent-model", "version": 1, "classes": ["Skirmish"], "features": ["w:a"],'
     ' "weights": [[0.1]], "bias": [0.0]}', "unknown sub-event types"),
])  # fmt: skip
def test_load_refuses_bad_files(tmp_path: Path, content: str | None, reason: str) -> None:
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(MarsadError) as exc:
        learned.load(path)
    assert exc.value.code == "E060" and reason in str(exc.value)


def test_train_refuses_labels_that_are_not_acled_types() -> None:
    with pytest.raises(ValueError, match="Skirmish"):
        learned.train(["a text", "another"], ["Attack", "Skirmish"])


def test_cli_trains_with_a_held_out_split(tmp_path: Path) -> None:
    out = tmp_path / "my-model.json"
    p = run(["train", "--from", str(CODED), "--output", str(out), "--eval-split", "0.25"], tmp_path)
    assert p.returncode == 0, p.stderr
    assert "held-out accuracy: " in p.stdout and "on 9 rows" in p.stdout
    acc = float(p.stdout.split("held-out accuracy: ")[1].split()[0])
    assert 0.0 <= acc <= 1.0
    assert "trained on 27 rows" in p.stdout
    model = learned.load(out)
    assert model.meta["held_out_accuracy"] == pytest.approx(acc, abs=1e-3)
    assert model.meta["source"] == "events.csv"


def test_cli_default_output_and_bad_rows(tmp_path: Path) -> None:
    data = tmp_path / "coded.csv"
    data.write_text(
        "id,notes,sub_event_type\n"
        "1,Soldiers clashed with rebels near the town.,Armed clash\n"
        "2,Residents protested against power cuts.,Peaceful protest\n"
        "3,Gunmen shot dead a farmer.,Skirmish\n"
        "4,Protesters marched to the governor's office.,Peaceful protest\n"
        "5,Troops fought militants for hours.,Armed clash\n"
        "6,Nothing coded here.,\n",
        encoding="utf-8",
    )
    p = run(["train", "--from", str(data)], tmp_path)
    assert p.returncode == 0, p.stderr
    errors = p.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("error E061") for e in errors)
    assert "'Skirmish' is not an ACLED sub-event type" in p.stderr
    assert (tmp_path / "model.json").exists() and "trained on 4 rows" in p.stdout
    assert learned.load(tmp_path / "model.json").predict("Villagers protested outside the office.") == "Peaceful protest"


def test_cli_errors(tmp_path: Path) -> None:
    p = run(["train", "--from", str(tmp_path / "missing.csv")], tmp_path)
    assert p.returncode == 1 and p.stderr.startswith("error E011")
    empty = tmp_path / "empty.csv"
    empty.write_text("notes,sub_event_type\nOne row only.,Attack\n", encoding="utf-8")
    p = run(["train", "--from", str(empty)], tmp_path)
    assert p.returncode == 1 and "error E001" in p.stderr and "at least 2" in p.stderr
    p = run(["train", "--from", str(CODED), "--eval-split", "2"], tmp_path)
    assert p.returncode == 2 and "--eval-split" in p.stderr
