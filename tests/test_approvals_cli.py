"""Issue 15, points 4 and 5, through the front door: the fingerprint follows meaning, not list
order, approvals recorded under the old fingerprint are re-checked against it, and approvals
are signed (ehrwb keygen / approve) and verified in validate's text and JSON and in the PDF."""

from __future__ import annotations

import copy
import io
import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import FLAGSHIP, MINIMAL, ROOT
from workbench.cli import main
from workbench.model.canonical import fingerprint_v1
from workbench.model.design import Approval
from workbench.model.io import loads_design
from workbench.model.signing import approval_message

AS_OF = ("--as-of", "2026-11-20")
TEST_KEY = ROOT / "tests" / "fixtures" / "keys" / "architecture-board.pem"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def design_data() -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data["waivers"] = [
        {"rule": "CMP-009", "target": "design", "justification": "DR test booked",
         "approver": "CISO", "expires": "2027-03-01"},
        {"rule": "CMP-006", "target": "odb", "justification": "BAA in signature",
         "approver": "CISO", "expires": "2027-03-01"}]
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def reordered(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for key in ("components", "links", "waivers"):
        out[key].reverse()
    out["placement"]["regions"][0]["zones"].reverse()
    return out


def approvals(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "validate", str(path), "--format", "json", "--fail-on",
                         "never", *AS_OF)
    assert code == 0, err
    return json.loads(out)["approvals"]


def json_fingerprint(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    code, out, err = run(capsys, "validate", str(path), "--format", "json", "--fail-on",
                         "never", *AS_OF)
    assert code == 0, err
    return json.loads(out)["design"]["fingerprint"]


def keygen(capsys: pytest.CaptureFixture[str], path: Path, name: str) -> dict[str, str]:
    code, out, err = run(capsys, "keygen", str(path), "--name", name)
    assert code == 0, err
    entry = yaml.safe_load(out)[0]
    assert set(entry) == {"name", "public_key"} and entry["name"] == name
    return entry


def trusting(data: dict[str, Any], *entries: dict[str, str]) -> dict[str, Any]:
    data.setdefault("policy", {})["trusted_approvers"] = list(entries)
    return data


# ---------------------------------------------------------------------------- point 4
def test_reordering_components_links_and_waivers_changes_neither_text_nor_fingerprint(
        capsys, tmp_path):
    one = write(tmp_path / "one.yaml", design_data())
    two = write(tmp_path / "two.yaml", reordered(design_data()))
    assert one.read_text() != two.read_text()
    assert json_fingerprint(capsys, one) == json_fingerprint(capsys, two)
    assert run(capsys, "fmt", str(one), str(two))[0] == 0
    assert one.read_text() == two.read_text()
    text = one.read_text()
    assert text.index("- id: citrix") < text.index("- id: odb")  # components sorted by id
    assert text.index("rule: CMP-006") < text.index("rule: CMP-009")  # waivers by rule


def test_a_real_change_still_changes_the_fingerprint(capsys, tmp_path):
    data = design_data()
    before = json_fingerprint(capsys, write(tmp_path / "a.yaml", data))
    data["components"][1]["count"] = 5
    assert json_fingerprint(capsys, write(tmp_path / "b.yaml", data)) != before


def test_an_approval_under_the_old_fingerprint_still_matches_and_survives_fmt(capsys,
                                                                             tmp_path):
    data = design_data()
    old = fingerprint_v1(loads_design(yaml.safe_dump(data, sort_keys=False)).design)
    data["reviews"] = {"approvals": [{"reviewer": "A. Board", "date": "2026-11-12T16:00:00Z",
                                      "decision": "approve", "fingerprint": old}]}
    path = write(tmp_path / "old.yaml", data)
    [record] = approvals(capsys, path)
    assert (record["fingerprint_version"], record["matches"], record["signature"]) == \
        (1, True, "unsigned")
    code, out, _ = run(capsys, "validate", str(path), "--fail-on", "never", *AS_OF)
    assert "A. Board, 2026-11-12: approved (fingerprint v1, still matches); unsigned" in out
    # fmt sorts the lists, which a version-1 fingerprint depends on: the approval is brought
    # forward to version 2 and goes on matching
    code, _, err = run(capsys, "fmt", str(path))
    assert code == 0 and "1 approval re-recorded under fingerprint v2" in err, err
    [record] = approvals(capsys, path)
    assert (record["fingerprint_version"], record["matches"]) == (2, True)
    assert record["fingerprint"] == json_fingerprint(capsys, path)
    # and reordering the file keeps it valid
    write(path, reordered(yaml.safe_load(path.read_text())))
    assert approvals(capsys, path)[0]["matches"] is True


def test_an_old_approval_of_another_design_does_not_match(capsys, tmp_path):
    data = design_data()
    data["reviews"] = {"approvals": [{"reviewer": "A. Board", "date": "2026-11-12T16:00:00Z",
                                      "decision": "approve", "fingerprint": "1" * 64}]}
    path = write(tmp_path / "old.yaml", data)
    assert approvals(capsys, path)[0]["matches"] is False
    assert run(capsys, "fmt", str(path))[0] == 0
    [record] = approvals(capsys, path)
    assert (record["fingerprint_version"], record["fingerprint"], record["matches"]) == \
        (1, "1" * 64, False)


# ---------------------------------------------------------------------------- point 5
def test_keygen_approve_validate_shows_a_verified_approval(capsys, tmp_path):
    entry = keygen(capsys, tmp_path / "board.pem", "architecture-board")
    assert stat.S_IMODE((tmp_path / "board.pem").stat().st_mode) == 0o600
    assert (tmp_path / "board.pem").read_text().startswith("-----BEGIN PRIVATE KEY-----")
    path = write(tmp_path / "d.yaml", trusting(reordered(design_data()), entry))
    code, _, err = run(capsys, "approve", str(path), "--key", str(tmp_path / "board.pem"),
                       "--reviewer", "R. Okafor", "--note", "Fine.", "--condition", "DR test.",
                       "--condition", "BAA filed.", *AS_OF)
    assert code == 0, err
    assert "approve by R. Okafor recorded" in err and "signed by architecture-board's key" in err
    assert run(capsys, "fmt", "--check", str(path))[0] == 0  # written in canonical form
    [record] = approvals(capsys, path)
    assert record == {"approver": "R. Okafor", "decision": "approve",
                      "date": "2026-11-20T00:00:00+00:00",
                      "fingerprint": json_fingerprint(capsys, path), "fingerprint_version": 2,
                      "matches": True, "signature": "verified", "key": "architecture-board"}
    saved = yaml.safe_load(path.read_text())["reviews"]["approvals"][0]
    assert saved["conditions"] == ["DR test.", "BAA filed."]
    assert saved["public_key"] == entry["public_key"]
    out = run(capsys, "validate", str(path), "--fail-on", "never", *AS_OF)[1]
    assert "R. Okafor, 2026-11-20: approved; signature verified (key of architecture-board)" \
        in out
    # a rejection is signed the same way
    assert run(capsys, "approve", str(path), "--key", str(tmp_path / "board.pem"),
               "--reviewer", "M. Chen", "--reject", *AS_OF)[0] == 0
    second = approvals(capsys, path)[1]
    assert (second["decision"], second["signature"]) == ("reject", "verified")


@pytest.mark.parametrize(("field", "value"), [
    ("fingerprint", "f" * 64), ("decision", "reject"), ("reviewer", "Someone Else"),
    ("note", "Approved without conditions."), ("conditions", [])])
def test_editing_a_signed_approval_by_hand_makes_it_invalid(capsys, tmp_path, field, value):
    entry = keygen(capsys, tmp_path / "board.pem", "board")
    path = write(tmp_path / "d.yaml", trusting(design_data(), entry))
    assert run(capsys, "approve", str(path), "--key", str(tmp_path / "board.pem"),
               "--reviewer", "R. Okafor", "--note", "Fine.", "--condition", "DR test.",
               *AS_OF)[0] == 0
    assert approvals(capsys, path)[0]["signature"] == "verified"
    data = yaml.safe_load(path.read_text())
    data["reviews"]["approvals"][0][field] = value
    write(path, data)
    assert approvals(capsys, path)[0]["signature"] == "invalid"


def test_an_approval_typed_by_hand_is_unsigned_and_one_by_an_unknown_key_is_unknown(
        capsys, tmp_path):
    trusted = keygen(capsys, tmp_path / "board.pem", "board")
    keygen(capsys, tmp_path / "stranger.pem", "stranger")
    path = write(tmp_path / "d.yaml", trusting(design_data(), trusted))
    assert run(capsys, "approve", str(path), "--key", str(tmp_path / "stranger.pem"),
               "--reviewer", "Mallory", *AS_OF)[0] == 0
    data = yaml.safe_load(path.read_text())
    current = data["reviews"]["approvals"][0]["fingerprint"]
    data["reviews"]["approvals"].append({"reviewer": "Typed In", "date": "2026-11-20T09:00:00Z",
                                         "decision": "approve", "fingerprint": current,
                                         "fingerprint_version": 2})
    write(path, data)
    records = approvals(capsys, path)
    assert [(r["approver"], r["matches"], r["signature"]) for r in records] == [
        ("Mallory", True, "unknown-key"), ("Typed In", True, "unsigned")]
    out = run(capsys, "validate", str(path), "--fail-on", "never", *AS_OF)[1]
    assert "Mallory, 2026-11-20: approved; signed by a key not in policy.trusted_approvers" in out
    assert "Typed In, 2026-11-20: approved; unsigned" in out


def test_the_pdf_prints_only_verified_approvals_and_lists_the_rest(capsys, tmp_path):
    """The flagship (no open error) recorded as approved, with its signed approval replaced
    by one typed in by hand for the same fingerprint: the cover does not say approved."""
    data = yaml.safe_load(FLAGSHIP.read_text())
    data["metadata"]["status"] = "approved"
    typed = {k: v for k, v in data["reviews"]["approvals"][0].items()
             if k not in ("public_key", "signature")}
    data["reviews"]["approvals"] = [{**typed, "reviewer": "Typed In"}]
    path = write(tmp_path / "d.yaml", data)

    def text() -> str:
        assert run(capsys, "export", str(path), "-o", str(tmp_path / "d.pdf"), *AS_OF)[0] == 0
        reader = PdfReader(io.BytesIO((tmp_path / "d.pdf").read_bytes()))
        return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))

    unsigned = text()
    assert "Unverified records" in unsigned
    assert "Typed In" in unsigned and "unsigned: typed into the file, not signed" in unsigned
    assert "no verified approval recorded in the design" in unsigned
    assert "APPROVED — by" not in unsigned  # the cover does not count it
    assert "NOT APPROVED — recorded status 'approved' has no verified approval of this design" \
        in unsigned and "(only 1 unverified record: unsigned)" in unsigned
    assert "Condition 1:" not in unsigned  # its conditions bind no one
    assert run(capsys, "approve", str(path), "--key", str(TEST_KEY), "--reviewer", "R. Okafor",
               "--condition", "Signed condition.", *AS_OF)[0] == 0
    signed = text()
    assert "APPROVED — by R. Okafor on 2026-11-20, this very design (fingerprint matches, " \
        "signature verified)" in signed
    assert "R. Okafor (key of architecture-board)" in signed
    assert "Condition 1: Signed condition." in signed
    assert "unsigned: typed into the file" in signed  # the hand-typed one is still listed


def test_the_flagship_carries_one_verified_approval_of_itself(capsys):
    [record] = approvals(capsys, FLAGSHIP)
    assert (record["matches"], record["signature"], record["fingerprint_version"]) == \
        (True, "verified", 2)
    assert record["key"] == "architecture-board"
    # the test key (tests/fixtures/keys) is the one the flagship trusts
    from workbench.model.signing import private_key_from_pem, public_key_text

    trusted = yaml.safe_load(FLAGSHIP.read_text())["policy"]["trusted_approvers"]
    assert trusted == [{"name": "architecture-board",
                        "public_key": public_key_text(private_key_from_pem(
                            TEST_KEY.read_bytes()))}]


def test_the_signed_message_is_the_documented_bytes():
    approval = Approval(reviewer="Zoë", date="2026-11-20T00:00:00Z", decision="approve",
                        fingerprint="a" * 64, note=None, conditions=["x"])
    assert approval_message(approval) == (
        'ehrwb-approval-v1\n{"conditions":["x"],"date":"2026-11-20T00:00:00+00:00",'
        '"decision":"approve","fingerprint":"' + "a" * 64 + '","fingerprint_version":2,'
        '"note":null,"reviewer":"Zoë"}').encode("utf-8")


# ---------------------------------------------------------------------------- bad input
def test_approve_with_a_bad_key_or_design_is_one_line_exit_2(capsys, tmp_path):
    path = write(tmp_path / "d.yaml", design_data())
    before = path.read_bytes()
    (tmp_path / "junk.pem").write_text("not a key\n")
    cases = [(str(tmp_path / "junk.pem"), str(path), "junk.pem: not a PEM private key"),
             (str(tmp_path / "none.pem"), str(path), "none.pem: cannot read the key"),
             (str(TEST_KEY), str(tmp_path / "missing.yaml"), "missing.yaml")]
    for key, design, says in cases:
        code, out, err = run(capsys, "approve", design, "--key", key, "--reviewer", "X", *AS_OF)
        assert code == 2 and out == "" and err.count("\n") == 1, err
        assert says in err, err
    assert path.read_bytes() == before
    broken = write(tmp_path / "broken.yaml", {**design_data(), "components": "odb"})
    code, _, err = run(capsys, "approve", str(broken), "--key", str(TEST_KEY), "--reviewer",
                       "X", *AS_OF)
    assert code == 2 and "components" in err and err.startswith(str(broken)), err
    code, _, err = run(capsys, "keygen", str(TEST_KEY))
    assert code == 2 and err.count("\n") == 1 and "exists" in err
    bad = trusting(design_data(), {"name": "board", "public_key": "not-base64"})
    code, _, err = run(capsys, "validate", str(write(tmp_path / "k.yaml", bad)))
    assert code == 2 and "policy.trusted_approvers[0].public_key" in err \
        and "not an Ed25519 public key" in err, err
