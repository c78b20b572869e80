"""The schema as editors use it: catalog values with their descriptions, a description and a
readable title on every property, examples, a stable $id published as docs/design.schema.json;
`ehrwb fmt` keeps a schema modeline; and the YAML language server (tools/package.json, npm)
completes SKUs and roles from it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import FIXTURES, ROOT, SAMPLES
from tests.test_cli import run
from workbench.model.io import loads_design
from workbench.model.schema import MODELINE, PROJECT_URL, SCHEMA_ID, design_json_schema

SERVER = ROOT / "tools" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
USER_CATALOG = FIXTURES / "catalog-user"


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, definition in schema["$defs"].items():
        for prop, value in definition.get("properties", {}).items():
            yield name, prop, value
    for prop, value in schema["properties"].items():
        yield "Design", prop, value


def _consts(node: Any) -> set[str]:
    """Every const value under ``node``."""
    if isinstance(node, dict):
        return ({node["const"]} if "const" in node else set()).union(
            *(_consts(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_consts(v) for v in node))
    return set()


def test_every_property_has_a_description_and_a_readable_title(catalog):
    schema = design_json_schema(catalog)
    props = list(_properties(schema))
    assert len(props) > 190
    assert [f"{m}.{p}" for m, p, v in props if not v.get("description")] == []
    titles = {p: v["title"] for _, p, v in props}
    assert titles["sku"] == "SKU" and titles["rpo_minutes"] == "RPO (minutes)"
    assert titles["peak_grefs_per_s"] == "Peak GRefs per second"
    assert titles["catalog_region"] == "Catalog region"
    assert schema["$defs"]["ComponentPlacement"]["title"] == "Component placement"


def test_catalog_references_offer_the_catalogs_values(catalog):
    schema = design_json_schema(catalog)
    props = schema["$defs"]["Component"]["properties"]
    assert _consts(props["sku"]) == set(catalog.skus)
    assert _consts(props["role"]) == set(catalog.roles)
    assert _consts(schema["$defs"]["Link"]["properties"]["kind"]) == set(catalog.link_kinds)
    assert _consts(schema["$defs"]["Region"]["properties"]["catalog_region"]) == \
        set(catalog.regions)
    assert _consts(schema["$defs"]["Storage"]["properties"]["tier"]) == \
        set(catalog.storage_tiers)
    odb = next(o for o in props["role"]["oneOf"] if o["const"] == "odb-production")
    assert odb["description"].startswith("Production ODB: ")
    assert props["sku"]["examples"] == list(catalog.skus)[:3]
    # the zones a region's zones may name are its catalog region's
    east = next(rule for rule in schema["$defs"]["Region"]["allOf"]
                if rule["if"]["properties"]["catalog_region"]["const"] == "azure-eastus")
    zone = east["then"]["properties"]["zones"]["items"]["properties"]["catalog_zone"]
    assert zone["anyOf"][0] == {"enum": list(catalog.regions["azure-eastus"].zones)}


def _as_meant(node):
    """A schema as JSON Schema reads it, whatever pydantic release wrote it: keys in order,
    ``allOf: [{$ref}]`` as ``$ref``, 8760.0 as 8760, no ``type`` beside a ``const``, and
    without ``propertyNames`` (the key length only newer releases write; the loader checks
    keys either way)."""
    if isinstance(node, dict):
        out = {k: _as_meant(v) for k, v in sorted(node.items()) if k != "propertyNames"}
        if "const" in out:  # older releases leave out the type a const already fixes
            out.pop("type", None)
        wrapped = out.get("allOf")
        if isinstance(wrapped, list) and len(wrapped) == 1 and set(wrapped[0]) == {"$ref"}:
            out.pop("allOf")
            out["$ref"] = wrapped[0]["$ref"]
            out = dict(sorted(out.items()))
        return out
    if isinstance(node, list):
        return [_as_meant(v) for v in node]
    return int(node) if isinstance(node, float) and node.is_integer() else node


def test_published_schema_has_a_stable_id_and_is_current():
    published = (ROOT / "docs" / "design.schema.json").read_text(encoding="utf-8")
    schema = design_json_schema()
    # as JSON Schema reads it: the releases pyproject allows write some parts differently
    assert _as_meant(json.loads(published)) == _as_meant(schema), \
        "docs/design.schema.json is stale: run `.venv/bin/ehrwb schema > docs/design.schema.json`"
    assert schema["$id"] == SCHEMA_ID == PROJECT_URL + "docs/design.schema.json"
    assert SCHEMA_ID.startswith("https://")
    validator = Draft202012Validator(schema)
    for example in schema["examples"]:  # an editor offers them: each is a design
        assert not list(validator.iter_errors(example))
        assert loads_design(yaml.safe_dump(example), "example.yaml").design
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["urls"]["Documentation"] == PROJECT_URL


def test_schema_command_takes_a_users_catalog(capsys):
    code, out, _ = run(capsys, "schema", "--catalog", str(USER_CATALOG))
    schema = json.loads(out)
    assert code == 0 and "$id" not in schema  # not the published schema
    assert "onprem-hcg-db-server" in _consts(schema["$defs"]["Component"]["properties"]["sku"])
    code, out, _ = run(capsys, "--catalog", str(USER_CATALOG), "schema")
    assert code == 0 and json.loads(out) == schema
    code, out, _ = run(capsys, "schema")
    assert "onprem-hcg-db-server" not in out and json.loads(out)["$id"] == SCHEMA_ID


def test_fmt_keeps_the_schema_modeline_and_comments(capsys, tmp_path):
    canonical = (SAMPLES / "community-hospital-shared.yaml").read_text()
    header = f"{MODELINE}{SCHEMA_ID}\n\n# Community hospital, shared tenancy\n"
    path = tmp_path / "design.yaml"
    path.write_text(header + canonical)
    assert run(capsys, "fmt", "--check", str(path))[0] == 0
    path.write_text(header + "\n\n" + canonical.replace("schema_version: 2\n", "") +
                    "schema_version: 2\n")
    assert run(capsys, "fmt", "--check", str(path))[0] == 1
    assert run(capsys, "fmt", str(path))[0] == 0
    assert path.read_text() == header + canonical


# ---------------------------------------------------------------------------- the real editor
class LanguageServer:
    """yaml-language-server over stdio: JSON-RPC with Content-Length headers; requests the
    server makes of the client (workspace/configuration...) are answered."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.proc = subprocess.Popen([shutil.which("node") or "node", str(SERVER), "--stdio"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.replies: dict[int, Any] = {}
        self.ready = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(out.read(length))
            if "id" in message and "method" in message:  # the server asks the client
                result = [self.settings.get(i.get("section", ""), None)
                          for i in message["params"]["items"]] \
                    if message["method"] == "workspace/configuration" else None
                self._send({"id": message["id"], "result": result})
            elif "id" in message:
                with self.ready:
                    self.replies[message["id"]] = message
                    self.ready.notify_all()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        with self.ready:
            # a bound on a hung server, not a measure of speed
            assert self.ready.wait_for(lambda: ident in self.replies, timeout=120), method
        reply = self.replies.pop(ident)
        assert "error" not in reply, reply
        return reply["result"]

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.reader.join(timeout=30)
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    pipe.close()


@pytest.fixture
def server(tmp_path):
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the YAML language server runs on it")
    if not SERVER.exists():
        pytest.skip("the YAML language server is not installed: run `make setup-test` (npm ci "
                    "in tools/, with npm)")
    settings = {"yaml": {"validate": True, "completion": True, "hover": True,
                         "schemaStore": {"enable": False}}}
    ls = LanguageServer(settings)
    ls.request("initialize", {
        "processId": os.getpid(), "rootUri": tmp_path.as_uri(),
        "capabilities": {"textDocument": {"completion": {"completionItem": {
            "documentationFormat": ["plaintext"]}}}, "workspace": {"configuration": True}}})
    ls.notify("initialized", {})
    ls.notify("workspace/didChangeConfiguration", {"settings": settings})
    yield ls
    ls.close()


def _labels_after(server: LanguageServer, uri: str, lines: list[str], key: str) -> set[str]:
    """The labels the server offers for the value of ``key:`` (on its own line of
    ``lines``), the cursor after the space."""
    line = next(n for n, text in enumerate(lines) if text.strip() == f"{key}:")
    character = len(lines[line]) + 1
    lines = [*lines[:line], lines[line] + " ", *lines[line + 1:]]
    server.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2 + line},
        "contentChanges": [{"text": "\n".join(lines) + "\n"}]})
    result = server.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
    items = result["items"] if isinstance(result, dict) else result
    return {item["label"] for item in items}


def test_the_yaml_language_server_completes_skus_and_roles(server, tmp_path, capsys):
    code, out, _ = run(capsys, "schema", "--catalog", str(USER_CATALOG))
    schema_file = tmp_path / "design.schema.json"
    schema_file.write_text(out)
    lines = [f"{MODELINE}{schema_file.as_uri()}", "schema_version: 2",
             "metadata: {name: Editor}",
             "requirements: {peak_grefs_per_s: 1000000, concurrent_users: 500, odb_size_tb: 4}",
             "components:", "  - id: odb", "    role:", "    sku:", "    placement: {site: hq}"]
    uri = (tmp_path / "design.yaml").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": "\n".join(lines) + "\n"}})
    skus = _labels_after(server, uri, lines, "sku")
    roles = _labels_after(server, uri, lines, "role")
    assert {"azure-ali-s224se", "onprem-hcg-db-server"} <= skus  # the user's catalog too
    assert {"odb-production", "hyperspace-presentation"} <= roles
    assert not skus & roles
