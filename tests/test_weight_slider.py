"""Issue 12: the hybrid's CF weight α is a 0–1 slider with its number beside it in the form."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from core.models import MODELS, model_class
from core.models.params import param, param_specs
from gui.model_form import ModelForm, WeightSlider


def test_only_a_closed_zero_to_one_range_may_be_a_slider():
    with pytest.raises(ValueError, match="slider=True needs the range"):
        param(0.5, label="w", help="h", minimum=0, maximum=2, slider=True)
    with pytest.raises(ValueError, match="slider=True needs the range"):
        param(0.5, label="w", help="h", minimum=0, maximum=1, exclusive_maximum=True,
              slider=True)
    spec = {pf.name: pf.spec for pf in param_specs(model_class("hybrid").Config)}
    assert spec["alpha"].slider and (spec["alpha"].minimum, spec["alpha"].maximum) == (0, 1)


def test_sliders_are_exactly_the_flagged_fields(qtbot):
    form = ModelForm()
    qtbot.addWidget(form)
    for name in MODELS:
        form.set_model(name)
        for pf in param_specs(model_class(name).Config):
            widget = form.field_widget(pf.name)
            assert isinstance(widget, WeightSlider) == pf.spec.slider, (name, pf.name)
    form.set_model("mlp")
    assert isinstance(form.field_widget("dropout"), QLineEdit)  # [0, 1) rate, not a blend weight


def test_alpha_slider_shows_its_number_beside_it_and_round_trips(qtbot, shown_form):
    form = shown_form("hybrid", 360, 500)
    box = form.field_widget("alpha")
    assert (box.slider.minimum(), box.slider.maximum()) == (0, 100)
    assert form.params()["alpha"] == pytest.approx(0.7) and box.number.text() == "0.70"

    form.set_params({"alpha": 0.35})
    assert form.params()["alpha"] == pytest.approx(0.35) and box.number.text() == "0.35"
    assert isinstance(form.params()["alpha"], float)
    model_class("hybrid").Config(**form.params())  # core accepts what the slider gives

    with qtbot.waitSignal(form.changed):
        box.slider.setFocus()
        qtbot.keyClick(box.slider, Qt.Key.Key_End)
    assert form.params()["alpha"] == 1.0 and box.number.text() == "1.00"

    slider_at = box.slider.mapTo(form, QPoint(0, 0))
    number_at = box.number.mapTo(form, QPoint(0, 0))
    assert number_at.x() >= slider_at.x() + box.slider.width()  # beside it, to the right
    assert abs((number_at.y() + box.number.height() / 2)
               - (slider_at.y() + box.slider.height() / 2)) <= 4  # on the same line
    assert box.slider.width() >= 80 and box.number.isVisible()
    label = form.params_layout.labelForField(box)
    assert label is not None and label.text() == "CF weight (α)"
