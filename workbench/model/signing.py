"""Signed approvals: who approved (or rejected) which design, in a form that cannot be forged.

An approval in ``reviews.approvals`` may carry an Ed25519 signature (``signature``) and the
signer's public key (``public_key``), both in standard base64 (the key as its 32 raw bytes).
The signature is over the approval's *message*: the UTF-8 bytes of

    ehrwb-approval-v1\\n

followed by the JSON object (keys sorted, separators ``,`` and ``:``, no spaces, non-ASCII
characters written as themselves, no trailing newline) of

    {"conditions": [...], "date": "<ISO 8601 date and time, as Python's isoformat writes it>",
     "decision": "approve"|"reject", "fingerprint": "<64 hex digits>",
     "fingerprint_version": 1|2, "note": "<text>"|null, "reviewer": "<text>"}

so editing any of these (the fingerprint, the decision, the name, the date, the note or a
condition) breaks the signature. The design's ``policy.trusted_approvers`` (a name and a public
key each) says whose signatures count.

:func:`check_approvals` is the one verification: every view (``ehrwb validate``, the PDF, the
workbench) shows what it returns. Each approval's signature is

- ``verified``: signed, by a key in ``policy.trusted_approvers``, and the signature verifies;
- ``invalid``: signed by a trusted key, but the signature does not verify (the approval was
  edited after signing) or is not well formed;
- ``unknown-key``: signed by a key that ``policy.trusted_approvers`` does not name (whether
  or not its signature verifies, it proves nothing to this design's readers);
- ``unsigned``: no signature (typed into the file by hand, or recorded before signing).

and, separately, whether it ``matches`` the design (canonical.approval_matches).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .canonical import approval_matches
from .design import Approval, Design

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

# cryptography is imported by the functions that sign or verify, not with the module: most
# designs carry no signed approval, and ehrwb validate starts 10 ms sooner without it

SignatureStatus = Literal["verified", "invalid", "unknown-key", "unsigned"]
MESSAGE_PREFIX = b"ehrwb-approval-v1\n"


def approval_message(approval: Approval) -> bytes:
    """The exact bytes an approval's signature is over (see the module docstring)."""
    fields = {"conditions": list(approval.conditions), "date": approval.date.isoformat(),
              "decision": approval.decision, "fingerprint": approval.fingerprint,
              "fingerprint_version": approval.fingerprint_version, "note": approval.note,
              "reviewer": approval.reviewer}
    return MESSAGE_PREFIX + json.dumps(fields, sort_keys=True, separators=(",", ":"),
                                       ensure_ascii=False).encode("utf-8")


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key as ``policy.trusted_approvers`` and approvals write it: base64 of its 32
    raw bytes."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign_approval(approval: Approval, key: Ed25519PrivateKey) -> Approval:
    """The approval with ``public_key`` and ``signature`` set by ``key``."""
    signature = key.sign(approval_message(approval))
    return approval.model_copy(update={"public_key": public_key_text(key),
                                       "signature": base64.b64encode(signature).decode("ascii")})


def new_private_key() -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """PEM, PKCS #8, unencrypted: keep the file to yourself (ehrwb keygen writes it 0600)."""
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


class KeyFileError(ValueError):
    """A private key file that cannot be used: the message says why, in one line."""


def private_key_from_pem(data: bytes) -> Ed25519PrivateKey:
    """The Ed25519 private key of a PEM (PKCS #8, unencrypted) file's bytes."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise KeyFileError("the key is encrypted with a password; ehrwb reads unencrypted "
                        "PKCS #8 PEM keys (ehrwb keygen writes one)") from None
    except (ValueError, binascii.Error):
        raise KeyFileError("not a PEM private key (ehrwb keygen writes one)") from None
    except Exception as exc:  # the library's own errors for damaged keys
        raise KeyFileError(f"not a usable PEM private key ({type(exc).__name__})") from None
    if not isinstance(key, Ed25519PrivateKey):
        kind = type(key).__name__.lstrip("_")
        raise KeyFileError(f"not an Ed25519 key (a {kind}); approvals are signed with Ed25519 "
                           "(ehrwb keygen writes one)")
    return key


def _decoded(text: str | None, size: int) -> bytes | None:
    if text is None:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        return None
    return raw if len(raw) == size else None


def signature_status(design: Design, approval: Approval) -> tuple[SignatureStatus, str | None]:
    """The approval's signature status and, when its key is trusted, the name
    ``policy.trusted_approvers`` gives the key."""
    if approval.signature is None and approval.public_key is None:
        return "unsigned", None
    trusted = {t.public_key: t.name for t in design.policy.trusted_approvers}
    key_raw = _decoded(approval.public_key, 32)
    name = None
    if key_raw is not None:
        name = next((n for k, n in trusted.items() if _decoded(k, 32) == key_raw), None)
    if key_raw is None or name is None:
        return ("unknown-key", None) if key_raw is not None else ("invalid", None)
    signature = _decoded(approval.signature, 64)
    if signature is None:
        return "invalid", name
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(key_raw).verify(signature,
                                                           approval_message(approval))
    except (InvalidSignature, ValueError):
        return "invalid", name
    return "verified", name


@dataclass(frozen=True)
class ApprovalCheck:
    """One recorded approval (or rejection) as every view shows it."""

    index: int  # in reviews.approvals
    approval: Approval
    matches: bool  # recorded on this very design (under its fingerprint version)
    signature: SignatureStatus
    key_name: str | None  # the trusted approver's name for the key, when trusted

    @property
    def verified(self) -> bool:
        return self.signature == "verified"

    @property
    def match_words(self) -> str:
        """'yes', 'yes (fingerprint v1, still matches)' or 'NO - design changed'."""
        if not self.matches:
            return "NO - design changed"
        if self.approval.fingerprint_version == 1:
            return "yes (fingerprint v1, still matches)"
        return "yes"

    @property
    def state_words(self) -> str:
        """'approved (fingerprint v1, still matches)', 'rejected', 'approved, design changed
        since'..."""
        done = "approved" if self.approval.decision == "approve" else "rejected"
        if not self.matches:
            return f"{done}, design changed since"
        return f"{done} (fingerprint v1, still matches)" \
            if self.approval.fingerprint_version == 1 else done

    @property
    def signature_words(self) -> str:
        """'signature verified (architecture-board)', 'unsigned', 'signature invalid'..."""
        if self.signature == "unsigned":
            return "unsigned"
        if self.signature == "unknown-key":
            return "signed by a key not in policy.trusted_approvers"
        return f"signature {self.signature} (key of {self.key_name})"

    def line(self) -> str:
        """One line for the text report."""
        a = self.approval
        return (f"{a.reviewer}, {a.date.date().isoformat()}: {self.state_words}; "
                f"{self.signature_words}")

    def to_json(self) -> dict[str, Any]:
        a = self.approval
        return {"approver": a.reviewer, "decision": a.decision, "date": a.date.isoformat(),
                "fingerprint": a.fingerprint, "fingerprint_version": a.fingerprint_version,
                "matches": self.matches, "signature": self.signature, "key": self.key_name}


def check_approvals(design: Design) -> list[ApprovalCheck]:
    """Every recorded approval of ``design``, in the file's order, with whether it matches the
    design and its signature status: the one verification every view shows."""
    out = []
    for n, approval in enumerate(design.reviews.approvals):
        status, name = signature_status(design, approval)
        out.append(ApprovalCheck(n, approval, approval_matches(design, approval), status, name))
    return out
