"""Starting the desktop app, or rendering its window to a PNG (``--screenshot``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from catalogs import Catalog


def _application() -> object:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName("ehrwb")
        app.setApplicationName("workbench")
    return app


def build_window(catalog: Catalog, path: Path | None, read_only: bool = False,
                 recover: bool = True) -> object:
    """The main window on ``path`` (the flagship sample when None). With ``recover``, once
    the event loop runs it offers what a crashed session left unsaved: for ``path``, or with
    no path for an untitled design and then the flagship."""
    from PySide6.QtCore import QTimer

    from ..model.io import load_design
    from ..samples import flagship_path
    from .main_window import MainWindow

    window = MainWindow(catalog, read_only=read_only)
    target = path or flagship_path()
    loaded = load_design(target, catalog)  # errors reach the CLI as located messages
    raw = target.read_bytes()
    if raw[:5] == b"%PDF-":  # the design attached to an exported document: never saved over it
        window.set_document(loaded.design, None)
    else:
        window.set_document(loaded.design, target, raw.decode("utf-8-sig"))
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
    window = build_window(catalog, Path(path) if path else None, read_only,
                          recover=not screenshot)
    if screenshot:
        from PySide6.QtCore import QCoreApplication

        window.show()  # type: ignore[attr-defined]
        window.live.wait()  # type: ignore[attr-defined]
        for _ in range(5):
            QCoreApplication.processEvents()
        window.view.first_view()  # type: ignore[attr-defined]
        QCoreApplication.processEvents()
        image = window.grab()  # type: ignore[attr-defined]
        if not image.save(screenshot):
            print(f"ehrwb: cannot write {screenshot}", file=sys.stderr)
            return 2
        window.autosave.stop()  # type: ignore[attr-defined]
        return 0
    window.show()  # type: ignore[attr-defined]
    return int(app.exec())  # type: ignore[attr-defined]
