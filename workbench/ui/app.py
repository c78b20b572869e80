"""Starting the desktop app, or rendering its window to a PNG (``--screenshot``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from catalogs import Catalog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName("ehrwb")
        app.setApplicationName("workbench")
    assert isinstance(app, QApplication)
    return app


def build_window(catalog: Catalog, path: Path | None, read_only: bool = False,
                 recover: bool = True, remember_layout: bool = True) -> MainWindow:
    """The main window on ``path`` (the flagship sample when None). With ``recover``, once
    the event loop runs it offers what a crashed session left unsaved: for ``path``, or with
    no path for an untitled design and then the flagship. With ``remember_layout`` the window
    opens at the size and dock layout the last one closed with, and saves its own."""
    from PySide6.QtCore import QTimer

    from ..model.session import read_design
    from ..samples import flagship_path
    from .main_window import MainWindow

    window = MainWindow(catalog, read_only=read_only, remember_layout=remember_layout)
    target = path or flagship_path()
    opened = read_design(target, catalog)  # errors reach the CLI as located messages
    window.set_document(opened.design, opened.path, opened.text)
    if recover and not read_only:
        def offer() -> None:
            if path is not None or not window.offer_recovery(None):
                window.offer_recovery(target)
        QTimer.singleShot(0, offer)
    return window


def run(catalog: Catalog, path: str | None, screenshot: str | None = None,
        read_only: bool = False) -> int:
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = _application()
    # a screenshot is the same picture whatever layout the user left
    window = build_window(catalog, Path(path) if path else None, read_only,
                          recover=not screenshot, remember_layout=not screenshot)
    if screenshot:
        from PySide6.QtCore import QCoreApplication

        window.show()
        assert window.live is not None and window.view is not None
        # EHRWB_SCREENSHOT_DOCKS="Compare variants,Decisions...": docks to bring to the front
        for title in os.environ.get("EHRWB_SCREENSHOT_DOCKS", "").split(","):
            if title.strip():
                window.raise_dock(title.strip())
        window.live.wait()
        for _ in range(5):
            QCoreApplication.processEvents()
        window.compare_panel.wait()  # a comparison on screen is drawn before the picture
        window.changes_panel.wait()  # and so is the plan of changes since approval
        for _ in range(5):
            QCoreApplication.processEvents()
        # the charts start drawing once the Capacity tab is in front: their pictures arrive
        # as queued signals after the drawing thread is done
        window.capacity_view.wait()
        for _ in range(5):
            QCoreApplication.processEvents()
        assert window.scene is not None
        window.scene.settle_links()  # a large design's links are laid out between events
        window.view.first_view()
        QCoreApplication.processEvents()
        image = window.grab()
        if not image.save(screenshot):
            print(f"ehrwb: cannot write {screenshot}", file=sys.stderr)
            return 2
        window.autosave.stop()
        return 0
    window.show()
    return app.exec()
