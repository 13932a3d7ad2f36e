"""CLI arguments and saved models that used to exhaust memory, crash or write empty files."""

import csv

import pytest

from core.cli import main
from core.coverage import check_coverage
from core.errors import ModelError
from core.models import create_model
from core.persistence import save_model
from tests.model_files import small_table


@pytest.fixture
def data_csv(tmp_path):
    path = tmp_path / "d.csv"
    rows = ["user,item"] + [f"u{u},m{(u * 3 + j) % 7}" for u in range(6) for j in range(3)]
    path.write_text("\n".join(rows) + "\n")
    return path


def _rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_huge_k_is_clamped_to_the_number_of_items_with_a_note(data_csv, tmp_path, capsys):
    out = tmp_path / "recs.csv"
    code = main(["recommend", "--data", str(data_csv), "--model", "popularity",
                 "--k", "1000000000", "--out", str(out)])
    assert code == 0
    assert "--k 1,000,000,000 is more than the 7 items; using 7" in capsys.readouterr().err
    rows = _rows(out)
    assert len(rows) == 6 * 4  # each user has 3 of the 7 items: 4 unseen ones each


def test_evaluate_clamps_k_too(data_csv, capsys):
    code = main(["evaluate", "--data", str(data_csv), "--model", "popularity",
                 "--k", "1000000000", "--json"])
    assert code == 0
    assert "using 7" in capsys.readouterr().err


def test_a_model_trained_on_other_data_is_an_error_naming_unknown_ids(tmp_path, data_csv, capsys):
    model = create_model("popularity").fit(small_table())
    saved = save_model(model, tmp_path / "m.zip")
    out = tmp_path / "recs.csv"
    code = main(["recommend", "--data", str(data_csv), "--load", str(saved), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "trained on other data" in err and "'m0'" in err
    assert not out.exists()


def test_partial_overlap_names_examples_of_unknown_ids():
    data = small_table()
    model = create_model("popularity").fit(data)
    other = small_table(seed=2, n_users=25, n_items=18)
    note = check_coverage(model, other)
    assert "5 user(s)" in note and "'u20'" in note
    assert "item(s) it cannot recommend" in note


def test_a_model_without_fold_in_and_no_known_user_is_an_error():
    data = small_table()
    model = create_model("popularity").fit(data)
    type(model).supports_fold_in = False
    try:
        renamed = data.copy()
        renamed.user_ids = [f"x{u}" for u in data.user_ids]
        renamed._rebuild_indexes()
        with pytest.raises(ModelError, match="none of the table's 20 users"):
            check_coverage(model, renamed)
    finally:
        del type(model).supports_fold_in


def test_out_empty_is_refused(data_csv, capsys):
    assert main(["recommend", "--data", str(data_csv), "--model", "popularity",
                 "--out", ""]) == 2
    assert "--out needs a file name" in capsys.readouterr().err
