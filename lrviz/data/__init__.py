"""Built-in data sets and CSV files of labelled points (no Qt)."""
from .csvio import (
    MAX_ROWS,
    DataFileError,
    read_points_csv,
    read_table_csv,
    table_from_dict,
    table_to_dict,
    write_points_csv,
)
from .points import PointSet, PointSetError
from .datasets import (
    PRESETS_2D,
    Dataset,
    blobs_2d,
    circles,
    exam_results,
    hours_studied,
    make_preset,
    moons,
    noisy_xor,
    redundant_2d,
    sparse_100,
    sparse_holdout,
    spiral,
    study_and_sleep,
    three_class,
    xor,
)

__all__ = [
    "MAX_ROWS", "PRESETS_2D", "DataFileError", "Dataset", "blobs_2d", "circles", "exam_results",
    "hours_studied", "read_table_csv", "table_from_dict", "table_to_dict",
    "make_preset", "moons", "PointSet", "PointSetError", "noisy_xor", "read_points_csv", "redundant_2d", "sparse_100", "sparse_holdout",
    "spiral", "study_and_sleep", "three_class", "write_points_csv", "xor",
]
