"""The one dialog that turns any table into data for a tab: a preview of the file,
then the feature columns (as many as the tab takes) and the label column.

``TableDialog(table, spec)`` shows ``table`` (a ``lrviz.data.table.Table``);
``spec`` is the tab's ``TableSpec`` (how many features, how many classes).  The
dialog does not read the columns: its owner does that in the background once
``accepted`` is emitted, from ``chosen()``.  OK is enabled only for a choice the
tab can take; the line under the lists says why not.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QVBoxLayout,
)

from .forms import fit_columns, read_only_table, set_cell


class TableDialog(QDialog):
    def __init__(self, table, spec, parent=None, choice=None):
        super().__init__(parent)
        self.table, self.spec = table, spec
        self.setWindowTitle(f"Open {table.where}")
        self.setAttribute(Qt.WA_DeleteOnClose)
        about = QLabel(f"<b>{_escape(table.where)}</b>: {table.describe()}. "
                       f"{spec.ask()}")
        about.setWordWrap(True)
        about.setTextFormat(Qt.RichText)
        self.preview = read_only_table(QTableWidget(len(table.preview), len(table.columns)))
        self.preview.setHorizontalHeaderLabels(
            [c if k == "number" else f"{c} ({k})" for c, k in zip(table.columns, table.kinds)])
        for i, row in enumerate(table.preview):
            for j, text in enumerate(row[:len(table.columns)]):
                set_cell(self.preview, i, j, text)
        fit_columns(self.preview)
        self.preview.setMinimumHeight(160)
        self.features = QListWidget()
        self.features.setToolTip("Tick the columns the model learns from (numbers only)")
        for c, k in zip(table.columns, table.kinds):
            item = QListWidgetItem(c if k == "number" else f"{c} ({k}: cannot be a feature)")
            item.setData(Qt.UserRole, c)
            flags = Qt.ItemIsUserCheckable | (Qt.ItemIsEnabled if k == "number" else Qt.NoItemFlags)
            item.setFlags(flags)
            item.setCheckState(Qt.Unchecked)
            self.features.addItem(item)
        self.label = QComboBox()
        self.label.setToolTip("The column that says each row's class: text (yes/no, a "
                              "species) or numbers")
        self.label.addItems(table.columns)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(spec.features_words(), self.features)
        form.addRow("label", self.label)
        layout = QVBoxLayout(self)
        for w in (about, self.preview):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        features, label = choice or guess(table, spec)
        self.set_choice(features, label)
        self.features.itemChanged.connect(self._check)
        self.label.currentTextChanged.connect(self._check)
        self._check()
        self.resize(760, 560)

    def set_choice(self, features, label):
        for i in range(self.features.count()):
            item = self.features.item(i)
            on = item.data(Qt.UserRole) in features and bool(item.flags() & Qt.ItemIsEnabled)
            item.setCheckState(Qt.Checked if on else Qt.Unchecked)
        if label is not None:
            self.label.setCurrentText(label)
        self._check()

    def chosen(self):
        """(feature column names, label column name)."""
        ticked = [self.features.item(i).data(Qt.UserRole) for i in range(self.features.count())
                  if self.features.item(i).checkState() == Qt.Checked]
        return ticked, self.label.currentText()

    def _check(self, *_):
        features, label = self.chosen()
        problem = self.spec.problem(features, label)
        self.problem.setText(problem or f"{len(features)} feature(s), label {label}.")
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(not problem)


def guess(table, spec):
    """A first choice: the table's only sensible reading, else its first numeric columns
    (as many as the tab takes, at most) and its last text column (else last column)."""
    obvious = table.obvious(spec.most) if spec.least == spec.most else None
    if obvious is not None:
        return obvious
    texts = [c for c, k in zip(table.columns, table.kinds) if k == "text"]
    label = texts[0] if texts else table.columns[-1]
    numeric = [c for c in table.numeric() if c != label]
    return numeric[:spec.most], label


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
