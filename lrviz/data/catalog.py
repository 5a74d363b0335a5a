"""Real data sets shipped with the app, each with its story (no Qt).

Each is a small CSV file in ``lrviz/data/builtin/``, read by the same reader as
any table a user opens (``lrviz.data.table``).  ``REAL`` lists them: where they
come from, their licence, what one row is, and, for each tab where the set
teaches something, the columns that tab takes.  ``open_real(key, tab)`` gives
the ``Labelled`` data a tab shows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .table import read_table

FOLDER = Path(__file__).with_name("builtin")


@dataclass(frozen=True)
class RealSet:
    key: str
    title: str
    file: str
    row: str  # what one row is
    source: str  # who measured it, where it was published
    licence: str
    shipped_from: str  # the openly licensed package the file was taken from
    story: str  # what it teaches, in a sentence or two
    #: tab -> (feature columns, label column, the classes kept (empty: all))
    offers: dict = field(default_factory=dict)
    #: (value of the first feature, words) the pictures mark
    marks: tuple = ()

    @property
    def path(self):
        return FOLDER / self.file


REAL = {s.key: s for s in (
    RealSet(
        "challenger", "Challenger O-rings", "challenger.csv",
        "one space shuttle flight before 1986: the launch temperature (°F), how many of "
        "its six O-rings showed heat damage, and whether any did",
        "Dalal, Fowlkes & Hoadley, “Risk analysis of the space shuttle: pre-Challenger "
        "prediction of failure”, Journal of the American Statistical Association 84 "
        "(1989) 945–957",
        "facts (public domain); the 23 flights as that paper lists them",
        "typed in from the paper's table",
        "A straight line fitted to damage against temperature gives probabilities below "
        "0 and above 1; the sigmoid does not. Challenger was launched at 31 °F, far "
        "colder than any of these flights: the curve there is an extrapolation.",
        {"sigmoid": (["temperature_F"], "distress", ()),
         "decisions": (["temperature_F"], "distress", ())},
        marks=((31.0, "launch, 31 °F"),)),
    RealSet(
        "penguins", "Palmer penguins", "penguins.csv",
        "one adult penguin near Palmer Station, Antarctica (2007–2009): species, island, "
        "bill length and depth (mm), flipper length (mm), body mass (g), sex, year",
        "Gorman, Williams & Fraser, “Ecological sexual dimorphism and environmental "
        "variability within a community of Antarctic penguins (genus Pygoscelis)”, PLoS "
        "ONE 9(3) (2014) e90081; data collected by Kristen Gorman and the Palmer Station "
        "LTER; packaged by Horst, Hill & Gorman",
        "CC0 1.0 (public domain)",
        "the palmerpenguins package on PyPI (NA written as an empty cell)",
        "Three species from two bill measurements: softmax regression draws three "
        "regions. Adelie against Chinstrap overlap a little: good for calibration.",
        {"boundary": (["bill_length_mm", "bill_depth_mm"], "species", ()),
         "calibration": (["bill_length_mm", "bill_depth_mm"], "species",
                         ("Adelie", "Chinstrap"))}),
    RealSet(
        "breast_cancer", "Wisconsin diagnostic breast cancer", "breast_cancer.csv",
        "one fine-needle aspirate of a breast mass: 30 measurements of its cell nuclei "
        "(mean, error and worst of ten properties) and the diagnosis",
        "Street, Wolberg & Mangasarian, “Nuclear feature extraction for breast tumor "
        "diagnosis”, IS&T/SPIE Electronic Imaging 1905 (1993) 861–870; UCI Machine "
        "Learning Repository",
        "CC BY 4.0 (UCI)",
        "scikit-learn's bundled copy (BSD-3-Clause package)",
        "Thirty named features, many of them near-copies of each other: the L1 penalty "
        "picks a few by name; the weights are evidence with intervals; a missed "
        "malignant diagnosis costs far more than a false alarm.",
        {"sparsity": ([], "diagnosis", ()), "decisions": ([], "diagnosis", ())}),
    RealSet(
        "iris", "Iris", "iris.csv",
        "one iris flower: sepal and petal length and width (cm) and its species",
        "Fisher, “The use of multiple measurements in taxonomic problems”, Annals of "
        "Eugenics 7 (1936) 179–188; measured by Edgar Anderson; UCI Machine Learning "
        "Repository",
        "CC BY 4.0 (UCI)",
        "scikit-learn's bundled copy (BSD-3-Clause package)",
        "The classic: three species, fifty each. On the petals setosa stands apart and "
        "the other two touch.",
        {"boundary": (["petal_length_cm", "petal_width_cm"], "species", ())}),
)}


def offered(tab):
    """The real data sets that teach something in ``tab``, in catalog order."""
    return [s for s in REAL.values() if tab in s.offers]


def open_real(key, tab, max_classes=5):
    """The ``Labelled`` data ``tab`` shows of the real data set ``key`` (every numeric
    column when the tab names none)."""
    s = REAL[key]
    features, label, keep = s.offers[tab]
    table = read_table(s.path)
    features = features or [c for c in table.numeric() if c != label]
    data = table.choose(features, label, max_classes, only=keep)
    data.source, data.marks = s.title, s.marks
    return data


def help_html():
    """Help → Data sets: each set's story, rows, source and licence."""
    parts = []
    for s in REAL.values():
        tabs = ", ".join(s.offers)
        parts.append(f"<p><b>{s.title}</b> (<code>--dataset {s.key}</code>; tabs: {tabs}). "
                     f"A row is {s.row}. {s.story}<br><small>Source: {s.source}. Licence: "
                     f"{s.licence}. Shipped from {s.shipped_from}.</small></p>")
    return "".join(parts)
