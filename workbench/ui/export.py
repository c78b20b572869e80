"""Exporting the PDF on a worker thread (the window never freezes)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from catalogs import Catalog

from ..model.design import Design


class _Signals(QObject):
    finished = Signal(bool, str)


class ExportJob(QRunnable):
    def __init__(self, design: Design, catalog: Catalog, target: Path) -> None:
        super().__init__()
        self.design, self.catalog, self.target = design, catalog, target
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        from exports.document import export_pdf

        try:
            export_pdf(self.design, self.catalog, self.target)
        except Exception as exc:
            self.signals.finished.emit(False, f"{self.target}: {exc}")
            return
        self.signals.finished.emit(True, f"exported {self.target}")
