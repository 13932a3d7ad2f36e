"""The mode picker lists the new models through the registry; Caser warns on untimed data."""

from core.samples import movie_night, seed_example
from gui.model_form import MODES, ModelForm


def test_new_models_are_in_the_picker_under_their_families():
    modes = dict(MODES)
    assert ("EASE", "ease") in modes["Collaborative filtering"]
    assert ("Matrix factorisation (ALS)", "als") in modes["Collaborative filtering"]
    assert [n for _, n in modes["Content-based"]] == ["content"]
    assert [n for _, n in modes["Hybrid"]] == ["hybrid"]
    assert "caser" in [n for _, n in modes["Neural"]]


def test_caser_says_it_needs_timestamps_when_the_table_has_none(qtbot):
    form = ModelForm()
    qtbot.addWidget(form)
    form.set_model("hybrid")
    assert form.field_widget("alpha") is not None
    form.set_model("caser")
    form.apply_suggestions(seed_example())  # no timestamps
    assert "no timestamps" in form.help.text()
    form.apply_suggestions(movie_night("small"))  # has timestamps
    assert "no timestamps" not in form.help.text()
