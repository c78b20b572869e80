"""``ehrwb gui FILE --screenshot PNG`` with EHRWB_SCREENSHOT_DOCKS="Capacity": the charts,
drawn only once the Capacity tab is in front, are in the picture, not empty chart areas."""

from __future__ import annotations

import time

from PySide6.QtGui import QImage

from tests.conftest import SAMPLES
from tests.ui.conftest import forget_changes
from workbench.ui import app, views


def test_the_capacity_screenshot_shows_the_charts(qtbot, catalog, tmp_path, monkeypatch):
    made = []
    build = app.build_window

    def keep(*args, **kwargs):  # the window the command renders, to look at after
        window = build(*args, **kwargs)
        qtbot.addWidget(window, before_close_func=forget_changes)
        made.append(window)
        return window

    monkeypatch.setattr(app, "build_window", keep)
    makers = views.chart_makers

    def slow(*args):  # as slow as the first drawing of a fresh process (matplotlib loads)
        def later(make):
            return lambda: (time.sleep(1.0), make())[1]
        return [later(make) for make in makers(*args)]

    monkeypatch.setattr(views, "chart_makers", slow)
    monkeypatch.setenv("EHRWB_SCREENSHOT_DOCKS", "Capacity")
    out = tmp_path / "capacity.png"
    assert app.run(catalog, str(SAMPLES / "academic-medical-center-ali.yaml"),
                   screenshot=str(out)) == 0
    window = made[0]
    view = window.capacity_view
    assert view.on_screen()
    for canvas in view.canvases:  # both charts drawn, at the size they are shown
        assert not canvas.pixmap().isNull()
        assert canvas.drawn_size() == canvas.size()
    # and they are in the picture: the chart area is not the blank background
    image = QImage(str(out))
    canvas = view.canvases[0]
    box = canvas.rect().translated(canvas.mapTo(window, canvas.rect().topLeft()))
    ratio = image.width() / window.width()
    colours = {image.pixel(int((box.left() + x) * ratio), int((box.top() + y) * ratio))
               for x in range(0, box.width(), 7) for y in range(0, box.height(), 7)}
    assert len(colours) > 3
