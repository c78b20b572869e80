"""Approve or reject, confirmed: the dialog names what is decided (the design, the revision,
the fingerprint) and takes the reviewer's private key, which signs the decision exactly as
``ehrwb approve`` does (workbench.model.signing). The key file's path is remembered."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..model.signing import KeyFileError, private_key_from_pem
from .widgets import with_browse

KEY_SETTING = "review/private_key"
MAX_KEY_BYTES = 64 * 1024


def settings() -> QSettings:
    return QSettings("ehrwb", "workbench")  # as files.py keeps the recent files


def read_key(path: str) -> Ed25519PrivateKey:
    """The private key in the PEM file ``path``; KeyFileError says in one line why not."""
    try:
        with open(path, "rb") as f:
            pem = f.read(MAX_KEY_BYTES)
    except OSError as exc:
        raise KeyFileError(f"cannot read the key: {exc.strerror or exc}") from None
    return private_key_from_pem(pem)


class ApproveDialog(QDialog):
    """'Approve <design>?' with the revision and fingerprint, the reviewer and the key file."""

    def __init__(self, decision: str, design_name: str, revision: str, fingerprint: str,
                 reviewer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        verb = "Approve" if decision == "approve" else "Reject"
        self.setWindowTitle(f"{verb} design")
        self.key: Ed25519PrivateKey | None = None
        what = QLabel(f"{verb} \u201c{design_name}\u201d?\n\n"
                      f"Revision: {revision}\n"
                      f"Fingerprint: {fingerprint[:16]}... (v2)\n"
                      f"Reviewer: {reviewer}\n\n"
                      f"The {'approval' if decision == 'approve' else 'rejection'} is signed "
                      "with your private key and recorded in the design's reviews; any later "
                      "change to the design makes it stop matching.")
        what.setTextFormat(Qt.TextFormat.PlainText)  # names come from files
        what.setWordWrap(True)
        what.setObjectName("what")
        self.what = what
        self.key_path = QLineEdit(str(settings().value(KEY_SETTING, "") or ""))
        self.key_path.setPlaceholderText("Your private key (PEM, from ehrwb keygen)")
        row = with_browse(self.key_path, "key", self._browse)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton(f"Sign and {verb.lower()}",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(QLabel("Private key file"))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        start = str(Path(self.key_path.text()).parent) if self.key_path.text() else ""
        name, _ = QFileDialog.getOpenFileName(self, "Private key", start,
                                              "PEM keys (*.pem);;All files (*)")
        if name:
            self.key_path.setText(name)

    def _sign(self) -> None:
        path = self.key_path.text().strip()
        if not path:
            self._refuse("Choose your private key file (ehrwb keygen writes one).")
            return
        try:
            self.key = read_key(path)
        except KeyFileError as exc:
            self._refuse(f"{Path(path).name}: {exc}")
            return
        settings().setValue(KEY_SETTING, path)
        self.accept()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
