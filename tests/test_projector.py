"""At a projector the class sees what the step is about (#26): every figure says which
set it is measured on, the window's epoch counts agree, sliders say their values,
and a small screen still reaches every control."""


def test_the_status_bar_says_its_figures_are_on_the_training_set(qtbot, window):
    window.select_tab("calibration")
    tab = window.current_page()
    snap = tab.train_now(30)
    m = snap.metrics[tab.primary(snap)]
    assert window.loss_label.text() == f"training loss {m['loss']:.4f}"
    assert window.acc_label.text() == f"training accuracy {m['accuracy']:.1%}"
    # ... and the table's figures, on the held-out points, say so
    heads = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    assert "held-out log loss" in heads and "held-out accuracy" in heads
    assert "log loss" not in heads and "accuracy" not in heads
