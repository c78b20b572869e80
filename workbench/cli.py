"""The ``ehrwb`` command (PRODUCT.md section 5).

Exit codes: 0 nothing at or above the --fail-on threshold (or the command succeeded);
1 findings at or above it (``validate``) or a file not in canonical form (``fmt --check``);
2 an input cannot be read, with a message naming the file and the line/column or field.
A bug in the workbench itself exits 3 with a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from . import __version__

# Nothing heavier than the standard library is imported before a command runs: `ehrwb --help`
# costs one interpreter start (PyYAML, pydantic, networkx, reportlab and matplotlib come with the
# commands that need them; tests/test_cli.py holds this).
STDIN = "-"  # the path that means standard input (catalogs.reading.STDIN)

if TYPE_CHECKING:  # the analysis is imported by the commands that use it (a fast start)
    from .analysis.after_failure import TierAfterFailure
    from .analysis.scenarios import Scenario

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """An option's value cannot be used: one line on standard error, exit 2."""


_FILE_HELP = "a design file, a PDF exported by ehrwb, or - for standard input"
_FILES_HELP = "design files, folders (searched for designs), PDFs exported by ehrwb, or - " \
    "for standard input"
_REVISION_HELP = "a design file, a PDF exported by ehrwb, - for standard input, or a git " \
    "revision REV:PATH (e.g. HEAD~1:design.yaml)"


def _as_of_option(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date waiver expiry and DR-test "
                   f"age are judged at (default: {default})")


def _variant_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--variant", metavar="NAME", help="analyse the variant NAME the design file "
                   "holds (its changes applied to the base)")


def _designs_only_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--designs-only", action="store_true", help="pass over named files that "
                   "are not designs (no top-level schema_version), as folders do: for "
                   "pre-commit, which names every YAML file")


def _output_options(p: argparse.ArgumentParser, quiet: str) -> None:
    p.add_argument("-o", "--output-file", metavar="OUT", help="write the output to OUT "
                   "(replaced whole, never left half-written) instead of standard output")
    p.add_argument("-q", "--quiet", action="store_true", help=quiet)


def _settings_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", help="the settings file (default: the nearest "
                   "ehrwb.toml, .ehrwb.toml or pyproject.toml with [tool.ehrwb], from each "
                   "design's folder up)")
    p.add_argument("--no-config", action="store_true", help="use no settings file")
    p.add_argument("--select", action="append", default=[], metavar="CODES",
                   help="only these rules: ids or families, comma-separated (repeatable; "
                   "replaces the settings' select)")
    p.add_argument("--ignore", action="append", default=[], metavar="CODES",
                   help="not these rules: ids or families, comma-separated (repeatable; adds "
                   "to the settings' ignore)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ehrwb", description="EHR Topology Workbench: design, check and document where an "
        "Epic-class EHR runs.")
    parser.add_argument("--version", action="version", version=f"ehrwb {__version__}")
    parser.add_argument("--catalog", action="append", default=[], metavar="DIR",
                        help="a folder of your own catalog YAML, read after the built-in one "
                        "(repeatable; the EHRWB_CATALOG_PATH setting adds more)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="the desktop workbench (the flagship sample when no file)")
    p.add_argument("file", nargs="?")
    p.add_argument("--screenshot", metavar="PNG", help="render the main window to PNG and exit")

    p = sub.add_parser("review", help="the desktop workbench, read-only, for reviewers")
    p.add_argument("file")
    p.add_argument("--screenshot", metavar="PNG", help="render the main window to PNG and exit")

    p = sub.add_parser("validate", help="check designs; exit 1 when findings reach --fail-on, "
                       "2 when a file cannot be read")
    p.add_argument("files", nargs="+", metavar="FILE", help=_FILES_HELP)
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default=None,
                   help="the lowest severity that fails the run (default: the settings' "
                   "fail-on, else error)")
    _as_of_option(p, "today")
    _variant_option(p)
    _output_options(p, "only the findings, one line each (file:line:column: RULE severity: "
                    "...)")
    _settings_options(p)
    p.add_argument("--baseline", metavar="FILE", help="leave out the findings this baseline "
                   "records (default: the settings' baseline)")
    p.add_argument("--write-baseline", metavar="FILE", help="record this run's findings (not "
                   "the waived ones) as the baseline in FILE and exit 0")
    _designs_only_option(p)

    p = sub.add_parser("scenarios", help="the failure-scenario table: lose each component, "
                       "zone and region")
    p.add_argument("files", nargs="+", metavar="FILE", help=_FILES_HELP)
    p.add_argument("--format", choices=["text", "json"], default="text")
    _output_options(p, "no heading lines")
    p.add_argument("--capacity", action="store_true", help="also each tier's capacity after "
                   "each failure beside normal operation (JSON: capacity_after, by scenario id)")
    _as_of_option(p, "today")
    _variant_option(p)

    p = sub.add_parser("export", help="the PDF design document (the design attached)")
    p.add_argument("file", help=_FILE_HELP)
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4")
    _as_of_option(p, "the design's metadata.effective_date, else the newest date the file "
                  "records, so that the PDF depends only on the file")
    _variant_option(p)
    p.add_argument("--since", metavar="OLD", help="the approved revision (a design file, a PDF "
                   "exported by ehrwb or a git revision such as HEAD~1:design.yaml): the "
                   "document lists the changes since it and their effect")

    p = sub.add_parser("diff", help="the plan of a design change: elements added, removed and "
                       "changed, and the effect on capacity, availability, RPO/RTO, cost and "
                       "findings; exit 0 no design change, 1 changed, 2 an input error")
    p.add_argument("old", nargs="?", metavar="OLD", help=f"{_REVISION_HELP} (the baseline)")
    p.add_argument("new", nargs="?", metavar="NEW", help=_REVISION_HELP)
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    _as_of_option(p, "today")
    p.add_argument("--git-driver", nargs="+", metavar="ARG", help="git's external-diff "
                   "arguments (path old-file old-hex old-mode new-file new-hex new-mode): "
                   "git config diff.ehrwb.command 'ehrwb diff --git-driver'")

    p = sub.add_parser("fmt", help="rewrite designs in canonical form")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="design files or folders (searched for designs; - alone: standard "
                   "input to standard output)")
    p.add_argument("--check", action="store_true",
                   help="only report whether each file is canonical (exit 1 if one is not)")
    p.add_argument("-q", "--quiet", action="store_true", help="say nothing about files "
                   "already canonical")
    _designs_only_option(p)

    p = sub.add_parser("variant", help="design variants: derive the counterpart in the other "
                       "tenancy")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("derive", help="map every component of the other tenancy to the "
                           "nearest catalog SKU of TENANCY for its role, as a variant")
    p.add_argument("file", help="a design file")
    p.add_argument("--to", required=True, choices=["shared", "dedicated"], dest="tenancy")
    p.add_argument("--name", metavar="NAME", help="the variant's name (default: the tenancy)")
    p.add_argument("-o", "--output", metavar="OUT.yaml", help="write the complete counterpart "
                   "design to OUT instead of adding the variant to FILE")

    p = sub.add_parser("compare", help="set designs side by side: capacity, the tenancy's "
                       "ceiling and the year demand reaches it, availability, RPO/RTO, "
                       "findings and cost")
    p.add_argument("files", nargs="+", metavar="FILE", help="two or more designs (the first is "
                   "the baseline), or one design: its base beside every variant it holds")
    p.add_argument("--format", choices=["text", "json"], default="text")
    _as_of_option(p, "today")

    p = sub.add_parser(
        "propose", help="the cheapest design that passes every rule for the requirements, "
        "laid out, with the search explained; exit 1 with one line when no catalog SKU can "
        "meet them",
        description="Omitted requirements come from --from FILE, else the catalog's defaults. "
        "The proposal records its choices as decisions and keeps runner-ups as variants "
        "(ehrwb compare OUT).")
    p.add_argument("-o", "--output", metavar="OUT.yaml", required=True,
                   help="where the proposed design goes (never over an existing design "
                   "unless --force)")
    p.add_argument("--force", action="store_true", help="replace OUT when it exists")
    p.add_argument("--from", dest="start", metavar="FILE", help="a design whose requirements, "
                   "sites, compliance record and metadata the proposal starts from (and is "
                   "compared with), or a file with only a requirements: section")
    g = p.add_argument_group("requirements")
    g.add_argument("--users", type=int, metavar="N", help="peak concurrent clinical users")
    g.add_argument("--peak-grefs", type=int, metavar="N", help="peak GRefs/s at the "
                   "production ODB (default: from the users)")
    g.add_argument("--odb-tb", type=float, metavar="TB", help="production ODB size (default: "
                   "from the users)")
    g.add_argument("--growth", type=float, metavar="PCT", help="demand growth a year (0)")
    g.add_argument("--horizon", type=int, metavar="YEARS", help="planning horizon (5)")
    g.add_argument("--base-year", type=int, metavar="YEAR", help="the year the peak was "
                   "measured")
    g.add_argument("--site", action="append", default=[], metavar="NAME=USERS[:KIND]",
                   help="a site with its users (repeatable; KIND hospital, clinic, office or "
                   "data-center); the users add up to --users")
    g.add_argument("--availability", type=float, metavar="PCT", help="availability target "
                   "of the clinical path (99.95)")
    g.add_argument("--survive", choices=["component", "zone", "region"],
                   help="the largest loss the design must survive (zone)")
    g.add_argument("--rpo-minutes", type=float, metavar="N", help="recovery point "
                   "objective (15)")
    g.add_argument("--rto-minutes", type=float, metavar="N", help="recovery time "
                   "objective (240)")
    g.add_argument("--headroom", type=float, metavar="PCT", help="utilisation at peak above "
                   "which capacity is short (75)")
    g = p.add_argument_group("where and on what")
    g.add_argument("--tenancy", choices=["cheapest", "dedicated", "shared"],
                   default="cheapest", help="database hosts' tenancy (cheapest that passes)")
    g.add_argument("--regions", type=_listed, metavar="ID[,ID]", default=[],
                   help="catalog regions: production, then DR (default: searched)")
    g.add_argument("--providers", type=_listed, metavar="ID,...", default=[],
                   help="allowed providers (default: any)")
    g.add_argument("--jurisdictions", type=_listed, metavar="CC,...", default=[],
                   help="where PHI may be (US)")
    g.add_argument("--commitment", choices=["payg", "1y", "3y"], help="the prices the "
                   "cost is judged at (payg)")
    g = p.add_argument_group("the organisation's records (the compliance rules read them)")
    g.add_argument("--name", help="the design's name")
    g.add_argument("--organisation")
    g.add_argument("--owner")
    g.add_argument("--revision")
    g.add_argument("--effective-date", metavar="YYYY-MM-DD")
    g.add_argument("--last-dr-test", metavar="YYYY-MM-DD")
    g.add_argument("--criticality-analysis", metavar="YYYY-MM-DD")
    g.add_argument("--emergency-access", metavar="TEXT", help="the break-glass procedure")
    g.add_argument("--baa-signed", type=_listed, metavar="PROVIDER,...", default=[],
                   help="providers whose BAA the organisation has signed: recorded for the "
                   "services the proposal holds PHI on")
    g.add_argument("--baa-confirmed", type=_listed, metavar="SERVICE,...", default=[],
                   help="services the provider confirmed in writing are in the BAA's scope")
    p.add_argument("--fail-on", choices=["info", "warning", "error"], default="info",
                   help="the least severity of finding that rejects a design (info: a "
                   "proposal has no finding at all)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    _as_of_option(p, "today")

    p = sub.add_parser("keygen", help="write a new Ed25519 private key for signing approvals "
                       "and print its public key for policy.trusted_approvers")
    p.add_argument("output", metavar="OUT.pem", help="where the private key goes (PEM, PKCS #8, "
                   "readable by you alone); an existing file is left as it is")
    p.add_argument("--name", default="NAME", help="the name to print in the trusted_approvers "
                   "line")

    p = sub.add_parser("approve", help="record a signed approval (or rejection) of the design "
                       "in FILE")
    p.add_argument("file", help="a design file (the approval is written back into it)")
    p.add_argument("--key", required=True, metavar="KEY.pem", help="your private key (ehrwb "
                   "keygen)")
    p.add_argument("--reviewer", required=True, metavar="NAME", help="who approves, as the "
                   "record shows it")
    p.add_argument("--reject", action="store_true", help="record a rejection instead")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--condition", action="append", default=[], metavar="TEXT",
                   help="a condition the approval is subject to (repeatable)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date recorded (midnight UTC; "
                   "default: now)")

    p = sub.add_parser("schema", help="print the JSON Schema (draft 2020-12) of the design "
                       "file, with the catalog's roles, SKUs, link kinds, regions, zones and "
                       "storage tiers as the values editors offer")
    p.add_argument("--catalog", action="append", default=[], dest="schema_catalog",
                   metavar="DIR", help="a folder of your own catalog YAML whose entries the "
                   "schema offers too (repeatable; as ehrwb --catalog DIR schema)")

    p = sub.add_parser("rules", help="list the rules with their metadata")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")

    p = sub.add_parser("catalog", help="list the catalog with the source of every figure")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")

    p = sub.add_parser("completion", help="print the shell completion script for bash, zsh or "
                       "fish (docs/in-a-repository.md says where it goes)")
    p.add_argument("shell", choices=["bash", "zsh", "fish"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with _collector_paused() as resume:
        parser = _parser()
        args = parser.parse_args(argv)
        if args.command is None:  # plain `ehrwb` opens the app on the flagship...
            if not has_display() or not has_gui():  # ...where there is a screen and Qt
                parser.print_help()
                return EXIT_OK
            args = parser.parse_args([*(argv or []), "gui"])
        if args.command not in _PAUSED:
            resume()
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from catalogs.errors import InputError

    try:
        return int(_COMMANDS[args.command](args))
    except (InputError, UsageError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(one_line(f"ehrwb: internal error: {type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL


# Qt platforms that need no window system (QT_QPA_PLATFORM, before any ':options').
_HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb",
                       "vkkhrdisplay"}


def one_line(text: str) -> str:
    from catalogs.errors import one_line

    return one_line(text)


def has_display() -> bool:
    """Whether Qt can open a window here, decided without importing Qt (which aborts the
    process when it cannot)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if platform in _HEADLESS_PLATFORMS or sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


GUI_EXTRA = "pip install 'ehr-topology-workbench[gui]'"


def has_gui() -> bool:
    """Whether the desktop workbench's Qt is installed (the ``gui`` extra), found without
    importing it."""
    from importlib.util import find_spec

    return find_spec("PySide6") is not None


def _app(args: argparse.Namespace, read_only: bool) -> int:
    if not has_gui():
        print(f"ehrwb {args.command}: the desktop workbench needs the gui extra: {GUI_EXTRA}",
              file=sys.stderr)
        return EXIT_INPUT
    if not args.screenshot and not has_display():
        print(f"ehrwb {args.command}: no display: set DISPLAY (or WAYLAND_DISPLAY) or use "
              "--screenshot", file=sys.stderr)
        return EXIT_INPUT
    if args.file == STDIN:
        print(f"ehrwb {args.command}: the desktop workbench opens files, not standard input",
              file=sys.stderr)
        return EXIT_INPUT
    from .ui.app import run

    return run(_catalog(args), args.file, args.screenshot, read_only=read_only)


def _as_of(args: argparse.Namespace) -> Any:
    """The --as-of date, or None when not given; a bad date is an input error (exit 2)."""
    from .clock import parse_as_of

    if args.as_of is None:
        return None
    try:
        return parse_as_of(args.as_of)
    except ValueError as exc:
        raise UsageError(f"ehrwb {args.command}: {exc}") from None


def _catalog(args: argparse.Namespace) -> Any:
    from catalogs import load_catalog

    return load_catalog(args.catalog)


def cmd_gui(args: argparse.Namespace) -> int:
    return _app(args, read_only=False)


def cmd_review(args: argparse.Namespace) -> int:
    return _app(args, read_only=True)


def _picked(args: argparse.Namespace, loaded: Any) -> Any:
    """The design a command analyses: the file's, or its --variant applied."""
    from .model.variants import apply_variant

    if args.variant is None:
        return loaded.design
    return apply_variant(loaded.design, args.variant, source=loaded.name)


# Commands that read a design, analyse it, print and exit: see _collector_paused.
_PAUSED = frozenset({"validate", "scenarios"})


@contextmanager
def _collector_paused() -> Iterator[Callable[[], None]]:
    """The collector paused while the command line is parsed and, for the commands in _PAUSED,
    on to their last line: while they import their modules (some 75 collections, 13 ms, that
    free next to nothing), read the design and build the large acyclic analysis, all of which
    is then frozen (``gc.freeze``) before the collector resumes: the command prints the result
    and exits, so the full collection that would otherwise walk all of it finds nothing to
    free. Other commands (the app above all) call the function given to resume it at once."""
    enabled = gc.isenabled()
    resumed = False

    def resume() -> None:
        nonlocal resumed
        resumed = True
        if enabled:
            gc.enable()

    gc.disable()
    try:
        yield resume
    finally:
        if not resumed:
            gc.freeze()
            resume()


class _RunSettings:
    """The settings, catalog and rules each design of a run is checked with: the nearest
    settings file of each design's folder (or --config, or none with --no-config) with the
    command line's --select/--ignore, each file read once."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._found: dict[str, Any] = {}  # folder -> settings file (None: none)
        self._read: dict[Any, tuple[Any, Any, tuple[Any, ...]]] = {}

    def _path(self, file: str) -> Any:
        """The settings file that applies to ``file`` (None: none)."""
        from validators.settings import design_folder, find_settings

        args = self.args
        if getattr(args, "no_config", False):
            return None
        if getattr(args, "config", None):
            return args.config
        folder = design_folder(file)
        if folder not in self._found:
            self._found[folder] = find_settings(folder)
        return self._found[folder]

    def for_file(self, file: str) -> tuple[Any, Any, tuple[Any, ...]]:
        """(settings, catalog, rules) for ``file``."""
        path = self._path(file)
        if path not in self._read:
            self._read[path] = self._load(path)
        return self._read[path]

    def catalog_for(self, file: str) -> Any:
        """The catalog for ``file`` (its settings' catalog folders, then --catalog), for a
        command that runs no rules: the rules and user rules are not loaded."""
        from catalogs import load_catalog
        from validators.settings import Settings, load_settings

        path = self._path(file)
        if path in self._read:
            return self._read[path][1]
        settings = load_settings(path) if path else Settings()
        return load_catalog([*settings.catalogs, *self.args.catalog])

    def _load(self, path: Any) -> tuple[Any, Any, tuple[Any, ...]]:
        from .api import checking_setup  # the Python API's validate() checks with the same

        args = self.args
        return checking_setup(path, getattr(args, "select", []), getattr(args, "ignore", []),
                              args.catalog)

    def rules_used(self) -> tuple[Any, ...]:
        """Every rule of the run (built-in and each settings file's user rules), by id."""
        from validators.registry import all_rules

        by_id = {r.id: r for r in all_rules()}
        for _, _, rules in self._read.values():
            by_id.update((r.id, r) for r in rules)
        return tuple(by_id[k] for k in sorted(by_id))


def _emit(args: argparse.Namespace, text: str) -> bool:
    """Print ``text``, or write it whole to --output-file; False when that cannot be written
    (said in one line)."""
    target = getattr(args, "output_file", None)
    if not target:
        sys.stdout.write(text)
        return True
    return _emit_to(target, text)


def _emit_to(target: str, text: str) -> bool:
    """Write ``text`` to ``target`` atomically; False (said in one line) when it cannot be."""
    from pathlib import Path

    from .model.io import write_target, write_text_atomic

    return _written(target, lambda: write_text_atomic(write_target(Path(target)), text,
                                                       keep_backup=False, report=True))


def cmd_validate(args: argparse.Namespace) -> int:
    from catalogs.errors import InputError
    from validators.baseline import Baseline, baseline_text
    from validators.batch import Checked, exit_status, render_json, render_text
    from validators.engine import validate
    from validators.sarif import sarif_log

    from .model.gather import design_files
    from .model.io import load_design

    as_of = _as_of(args)
    files = design_files(args.files, args.designs_only)
    run = _RunSettings(args)
    baselines: dict[str, Any] = {}
    results: list[Checked] = []
    for file in files:
        try:
            settings, catalog, rules = run.for_file(file)
            baseline_file = args.baseline or (str(settings.baseline) if settings.baseline
                                              and not args.write_baseline else None)
            if baseline_file and baseline_file not in baselines:
                baselines[baseline_file] = Baseline.read(baseline_file)
            loaded = load_design(file, catalog)
            report = validate(_picked(args, loaded), catalog, source=file, as_of=as_of,
                              variant=args.variant, settings=settings, rules=rules)
            results.append(Checked.of(file, loaded, report,
                                      baselines.get(baseline_file) if baseline_file else None,
                                      args.fail_on or settings.fail_on or "error"))
        except InputError as exc:  # said here unless the JSON or SARIF of the run carries it
            if args.format == "text" or args.format == "sarif" and len(files) == 1:
                print(str(exc), file=sys.stderr)
            results.append(Checked(file, error=exc))
    if args.write_baseline:
        from pathlib import Path

        target = Path(args.write_baseline)
        text = baseline_text(target.parent, ((r.path, r.report.findings) for r in results
                                             if r.report is not None))
        if not _emit_to(args.write_baseline, text):
            return EXIT_INPUT
        count = sum(not f.waived for r in results if r.report for f in r.report.findings)
        print(f"{args.write_baseline}: {count} finding{'s' if count != 1 else ''} recorded "
              "as the baseline", file=sys.stderr)
        return EXIT_INPUT if any(r.report is None for r in results) else EXIT_OK
    if args.format == "sarif":  # a file that cannot be read is a result there too (exit 2)
        out = json.dumps(sarif_log(results, run.rules_used()), indent=2) + "\n"
    elif args.format == "json":
        if len(files) == 1 and results[0].report is None:
            print(str(results[0].error), file=sys.stderr)
            return EXIT_INPUT
        out = json.dumps(render_json(results), indent=2, ensure_ascii=False) + "\n"
    else:
        out = render_text(results, quiet=args.quiet)
    if not _emit(args, out):
        return EXIT_INPUT
    return exit_status(results)


def cmd_scenarios(args: argparse.Namespace) -> int:
    """Each file's scenario table (JSON: one file as it always was; several as
    ``{"files": [{"path", ...}], "summary": {"files", "unreadable"}}``); an unreadable file
    is said on standard error and makes the exit status 2."""
    from catalogs.errors import InputError

    from .model.gather import design_files

    as_of = _as_of(args)
    files = design_files(args.files)
    run = _RunSettings(args)
    texts: list[str] = []
    datas: list[dict[str, Any]] = []
    unreadable = 0
    for file in files:
        try:
            data, text = _scenarios_of(args, file, run.catalog_for(file), as_of)
        except InputError as exc:
            print(str(exc), file=sys.stderr)
            unreadable += 1
            datas.append({"path": file, "error": {"problems": [p.to_json()
                                                                for p in exc.problems]}})
            continue
        datas.append({"path": file, **data})
        texts.append(text)
    if args.format == "json":
        if len(files) == 1:
            if unreadable:
                return EXIT_INPUT
            datas[0].pop("path")
            out = json.dumps(datas[0], indent=2) + "\n"
        else:
            out = json.dumps({"files": datas, "summary": {"files": len(files),
                                                          "unreadable": unreadable}},
                             indent=2) + "\n"
    else:
        out = "\n".join(texts)
    if not _emit(args, out):
        return EXIT_INPUT
    return EXIT_INPUT if unreadable else EXIT_OK


def _scenarios_of(args: argparse.Namespace, file: str, catalog: Any,
                  as_of: Any) -> tuple[dict[str, Any], str]:
    """One design's scenarios: the JSON document and the text table."""
    from .analysis.after_failure import capacity_after
    from .analysis.run import analyse
    from .model import units
    from .model.io import load_design

    design = _picked(args, load_design(file, catalog))
    analysis = analyse(design, catalog, as_of)
    scenarios = analysis.scenarios
    ratings = analysis.flow_networks.ratings  # what no failure changes, worked out once
    after = {s.id: capacity_after(analysis.facts, analysis.topology, analysis.capacity, s,
                                  ratings) for s in scenarios.scenarios} if args.capacity else {}
    data = {"design": design.metadata.name, "variant": args.variant,
            "as_of": analysis.facts.as_of.isoformat(),
            **scenarios.to_json(),
            "availability": analysis.availability.to_json()}
    if args.capacity:
        data["capacity_after"] = {sid: [t.to_json() for t in tiers]
                                  for sid, tiers in after.items()}
    if args.format == "json":
        return data, ""
    path = analysis.availability
    variant = f", variant {args.variant}" if args.variant else ""
    out = [f"{design.metadata.name}{variant}  ({file})",
           f"clinical path availability {100 * path.availability:.4f} % (target "
           f"{path.target_pct:g} %), {path.downtime_minutes_per_month:,.1f} min of downtime a "
           f"month; must survive the loss of one {scenarios.survivable_domain} (marked *)", "",
           f"  {'scenario':<56} {'served':>7} {'RPO':>9} {'RTO':>9}  what happens"]

    for s in scenarios.scenarios:
        mark = "*" if s.kind == scenarios.survivable_domain else " "
        what = "; ".join(s.failover) or "nothing fails over"
        if s.breaks:
            what += "  BREAKS " + ", ".join(s.breaks)
            if s.bottleneck:
                what += f" (bottleneck {', '.join(s.bottleneck[:4])}" + \
                        (", ..." if len(s.bottleneck) > 4 else "") + ")"
        out.append(f"{mark} {s.label[:56]:<56} {s.served_pct:>6.1f}% "
                   f"{units.minutes(s.rpo_minutes, none='lost'):>9} "
                   f"{units.minutes(s.rto_minutes):>9}  {what}")
        if s.reason:
            out.append(f"  {'':<56} {'':>7} {'':>9} {'':>9}  why: {s.reason}")
    spofs = analysis.single_points_of_failure
    out += ["", "single points of failure: " + (", ".join(spofs) or "none")]
    out += [f"accepted platform risk: {r.component}, {r.reason}"
            for r in analysis.platform_redundant]
    within = scenarios.within_domain()
    broken = [s for s in within if s.breaks]
    out += ["", f"{len(scenarios.scenarios)} scenarios; {len(within)} within the survivable "
                f"domain, {len(broken)} of them break a requirement"]
    if args.capacity:
        out += _capacity_after_text(scenarios.scenarios, scenarios.survivable_domain, after)
    if args.quiet:  # the table alone: no heading lines
        out = out[3:]
    return data, "\n".join(out) + "\n"


def _capacity_after_text(scenarios: list[Scenario], survivable: str,
                         after: dict[str, list[TierAfterFailure]]) -> list[str]:
    """Each scenario's tiers after the failure beside normal (``scenarios --capacity``), in
    the table every view prints (analysis.after_failure.outcome_rows)."""
    from .analysis.after_failure import OUTCOME_HEADER, outcome_rows

    rows = {sid: outcome_rows(tiers) for sid, tiers in after.items()}
    widths = [max([len(h), *(len(r[i]) for table in rows.values() for r in table)])
              for i, h in enumerate(OUTCOME_HEADER)]

    def line(cells: tuple[str, ...]) -> str:
        return "    " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = ["", "capacity after each failure beside normal: utilization at peak of the judged "
               "(low-end) capacity,",
           "the years demand goes over the headroom limit and runs out of capacity (normal -> "
           "after the failure)", "", line(OUTCOME_HEADER)]
    for s in scenarios:
        mark = "*" if s.kind == survivable else " "
        out += [f"{mark} {s.label}", *(line(r) for r in rows[s.id])]
    return out


def cmd_export(args: argparse.Namespace) -> int:
    from exports.document import Revision, export_pdf

    from .clock import document_as_of
    from .model.io import load_design
    from .model.revisions import load_revision

    if args.file != STDIN and _same_file(args.file, args.output):
        print(f"{args.output}: is the input of this export; it is left as it is (choose "
              "another -o)", file=sys.stderr)
        return EXIT_INPUT
    if args.file == STDIN and args.since == STDIN:
        raise UsageError("ehrwb export: standard input (-) can be the design or --since, not "
                         "both")
    as_of = _as_of(args)
    catalog = _catalog(args)
    design = _picked(args, load_design(args.file, catalog))
    since = None
    if args.since is not None:  # the same variant of the earlier revision, when one is picked
        earlier = load_revision(args.since, catalog)
        since = Revision(earlier.name, _picked(args, earlier))
    when = document_as_of(design, as_of)
    if not _written(args.output, lambda: export_pdf(design, catalog, args.output, args.paper,
                                                    as_of, args.variant, since)):
        return EXIT_INPUT
    print(f"{args.output}: written, judged as of {when.describe()}", file=sys.stderr)
    return EXIT_OK


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _written(target: str, write: Callable[[], None]) -> bool:
    """Run ``write``; on failure say so in one line naming ``target`` and return False."""
    from .model.io import WriteRefused

    try:
        write()
    except WriteRefused as exc:
        print(one_line(f"{target}: {exc.strerror}"), file=sys.stderr)
        return False
    except OSError as exc:
        print(one_line(f"{target}: cannot write: {exc.strerror or exc}"), file=sys.stderr)
        return False
    return True


def cmd_rules(args: argparse.Namespace) -> int:
    from validators.docs import rules_json, rules_markdown
    from validators.registry import all_rules

    if args.format == "json":
        sys.stdout.write(json.dumps(rules_json(all_rules()), indent=2) + "\n")
    else:
        sys.stdout.write(rules_markdown(all_rules()))
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    """Each file in turn, one line each on standard error; the exit status is the worst of
    them (2 a file cannot be read or written, 1 a file is not canonical under --check)."""
    from catalogs.errors import InputError

    if STDIN in args.files and len(args.files) > 1:
        print("ehrwb fmt: - (standard input) is formatted alone, not with other files",
              file=sys.stderr)
        return EXIT_INPUT
    from .model.gather import design_files

    worst = EXIT_OK
    try:
        files = design_files(args.files, args.designs_only)
    except InputError as exc:  # a folder with no design: said, and the others still done
        print(str(exc), file=sys.stderr)
        worst = EXIT_INPUT
        files = design_files([f for f in args.files if f == STDIN or not os.path.isdir(f)
                              or f not in {p.file for p in exc.problems}],
                             args.designs_only)
    for file in files:
        try:
            code = _fmt_one(file, args.check, args.quiet)
        except InputError as exc:
            print(str(exc), file=sys.stderr)
            code = EXIT_INPUT
        worst = max(worst, code)
    return worst


def _fmt_one(file: str, check: bool, quiet: bool = False) -> int:
    from pathlib import Path

    from catalogs.reading import input_name, read_input

    from .model.canonical import brought_forward, dump_design
    from .model.io import PDF_MAGIC, loads_design, write_text_atomic
    from .model.schema import leading_comments

    name = input_name(file)
    raw = read_input(file, name)  # read once: the comparison below is with these bytes
    if raw.startswith(PDF_MAGIC):
        print(f"{name}: is a PDF document; fmt rewrites design files only, and the PDF is "
              "left as it is", file=sys.stderr)
        return EXIT_INPUT
    loaded = loads_design(raw, name, check=False)
    # the comments the file starts with stay (a yaml-language-server $schema modeline)
    text = leading_comments(raw) + dump_design(loaded.design)
    if file == STDIN and not check:  # a filter: the canonical text to standard output
        sys.stdout.write(text)
        return EXIT_OK
    if raw == text.encode("utf-8"):
        if not quiet:
            print(f"{name}: already canonical", file=sys.stderr)
        return EXIT_OK
    if check:
        print(f"{name}: would reformat (run 'ehrwb fmt {file}')", file=sys.stderr)
        return EXIT_FINDINGS
    if not _written(file, lambda: write_text_atomic(Path(file), text, keep_backup=False)):
        return EXIT_INPUT
    note = f" (migrated from schema_version {loaded.schema_version_read})" \
        if loaded.migrated else ""
    forward = brought_forward(loaded.design).reviews.approvals
    moved = sum(a is not b for a, b in zip(forward, loaded.design.reviews.approvals,
                                           strict=True))
    if moved:
        note += f" ({moved} approval{'s' if moved != 1 else ''} re-recorded under fingerprint " \
                "v2: the design is the one approved)"
    print(f"{name}: reformatted{note}", file=sys.stderr)
    return EXIT_OK


def cmd_variant(args: argparse.Namespace) -> int:
    """``variant derive``: the counterpart as a variant added to (or replaced in) FILE, or with
    -o the complete counterpart design written to OUT; one line per mapped component and per
    component it could not map on standard output."""
    from .model.derive import derive
    from .model.io import load_design, save_design
    from .model.variants import apply_variant, with_variant

    command = f"ehrwb variant {args.action}"
    if args.output is None and args.file == STDIN:
        raise UsageError(f"{command}: standard input cannot take the variant back: give -o OUT")
    if args.output is not None and args.file != STDIN and _same_file(args.file, args.output):
        raise UsageError(f"{args.output}: is the input of {command}; it is left as it is (leave "
                         "out -o to add the variant to it)")
    catalog = _catalog(args)
    loaded = load_design(args.file, catalog)
    derivation = derive(loaded.design, catalog, args.tenancy, args.name)
    if not derivation.variant.changes:
        raise UsageError(f"{loaded.name}: nothing to map to {args.tenancy}: no component runs "
                         f"on a {derivation.source} SKU that the catalog can replace"
                         + (f" ({len(derivation.unmapped)} could not be mapped)"
                            if derivation.unmapped else ""))
    design = loaded.design.model_copy(update={
        "variants": with_variant(loaded.design, derivation.variant)})
    target = args.output or args.file
    written = apply_variant(design, derivation.variant.name) if args.output else design
    sys.stdout.write(f"{loaded.name}: " + "\n".join(derivation.lines()) + "\n")
    if not _written(target, lambda: save_design(written, target, keep_backup=False)):
        return EXIT_INPUT
    what = "the counterpart design" if args.output else \
        f"variant '{derivation.variant.name}' ({args.tenancy})"
    print(f"{target}: written, {what}", file=sys.stderr)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """The designs (or one design's base and variants) side by side; exit 0 once compared."""
    from validators.compare import Candidate, candidates_of, compare

    from .model.io import load_design

    as_of = _as_of(args)
    catalog = _catalog(args)
    loaded = [load_design(file, catalog) for file in args.files]
    if len(loaded) == 1:
        design = loaded[0].design
        if not design.variants:
            raise UsageError(f"ehrwb compare: {args.files[0]} holds no variants: give two or "
                             "more designs, or add one with ehrwb variant derive "
                             f"{args.files[0]} --to shared|dedicated")
        candidates = candidates_of(design, args.files[0])
    else:
        candidates = [Candidate(file, one.design, file) for file, one in
                      zip(args.files, loaded, strict=True)]
    comparison = compare(candidates, catalog, as_of)
    if args.format == "json":
        sys.stdout.write(json.dumps(comparison.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(comparison.render_text())
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """The plan from OLD to NEW; exit 0 when there is no design change, 1 when there is. Under
    --git-driver, git's external-diff calling convention (and exit 0 either way: git takes any
    other status as the driver failing)."""
    from validators.plan import make_plan

    from .model.revisions import load_revision

    if args.git_driver is not None:
        if args.old is not None:
            raise UsageError("ehrwb diff: --git-driver takes git's arguments alone")
        return _git_driver(args)
    if args.old is None or args.new is None:
        raise UsageError("ehrwb diff: give OLD and NEW (design files, exported PDFs or git "
                         "revisions such as HEAD~1:design.yaml)")
    if args.old == STDIN and args.new == STDIN:
        raise UsageError("ehrwb diff: standard input (-) can be OLD or NEW, not both")
    as_of = _as_of(args)
    catalog = _catalog(args)
    old, new = load_revision(args.old, catalog), load_revision(args.new, catalog)
    plan = make_plan(old.design, new.design, catalog, as_of, (old.name, new.name),
                     sources=(old.name, new.name))
    _print_plan(plan, args.format)
    return EXIT_OK if plan.same else EXIT_FINDINGS


def _print_plan(plan: Any, form: str) -> None:
    render = {"json": plan.render_json, "markdown": plan.render_markdown}.get(form,
                                                                              plan.render_text)
    sys.stdout.write(render())


def _git_driver(args: argparse.Namespace) -> int:
    """git's external diff (diff.ehrwb.command): ``path old-file old-hex old-mode new-file
    new-hex new-mode``, two more (new path, rename line) for a rename, the path alone for an
    unmerged file; /dev/null stands for a side that does not exist."""
    from validators.plan import make_plan

    from .model.revisions import load_as

    argv = args.git_driver
    if len(argv) == 1:
        sys.stdout.write(f"{argv[0]}: unmerged; ehrwb diff compares it once the conflict is "
                         "resolved\n")
        return EXIT_OK
    if len(argv) not in (7, 9):
        raise UsageError(f"ehrwb diff --git-driver: git passes 7 arguments (path old-file "
                         f"old-hex old-mode new-file new-hex new-mode), not {len(argv)}")
    path, old_file, old_hex, _, new_file, new_hex, _ = argv[:7]
    new_path = argv[7] if len(argv) == 9 else path
    sys.stdout.write(f"ehrwb diff a/{path} b/{new_path}\n")
    if old_file == os.devnull or new_file == os.devnull:
        sys.stdout.write(f"{'new' if old_file == os.devnull else 'deleted'} design file\n")
        return EXIT_OK
    as_of = _as_of(args)
    catalog = _catalog(args)
    old = load_as(old_file, f"a/{path}", catalog)
    new = load_as(new_file, f"b/{new_path}", catalog)
    plan = make_plan(old.design, new.design, catalog, as_of,
                     (f"a/{path} ({_short_hex(old_hex)})", f"b/{new_path} "
                      f"({_short_hex(new_hex)})"))
    _print_plan(plan, args.format)
    return EXIT_OK


def _short_hex(object_id: str) -> str:
    """A blob's abbreviated id, or 'working tree' for the file itself (git's null id)."""
    return "working tree" if object_id.strip("0.") == "" else object_id[:7]


def _listed(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def _requirements_file(path: str, catalog: Any) -> tuple[Any, dict[str, Any]]:
    """The design in ``path`` ('-': standard input), or the ``requirements:`` section of a file
    that has no ``metadata:`` (a requirements file): (design, {}) or (None, requirements)."""
    from catalogs.errors import InputError
    from catalogs.reading import input_name, read_bytes, read_input

    from .model.io import parse_located

    name = input_name(path)
    located = read_bytes(read_input(path, name), name)
    data = located.data
    if isinstance(data, dict) and "metadata" not in data and "requirements" in data:
        if not isinstance(data["requirements"], dict):
            raise InputError([located.problem(("requirements",), "requirements is a mapping "
                                              "of figures (concurrent_users, ...)", "")])
        return None, dict(data["requirements"])
    return parse_located(located, catalog).design, {}


def cmd_propose(args: argparse.Namespace) -> int:
    """``propose``: the proposal written to -o with its summary on standard output; exit 1
    with one line when the requirements cannot be met."""
    from validators.brief import Asked, brief
    from validators.propose import propose

    from .clock import today
    from .model.canonical import dump_design
    from .model.io import write_target, write_text_atomic

    if os.path.exists(args.output) and not args.force:
        raise UsageError(f"{args.output}: exists; it is left as it is (--force replaces it)")
    if not _written(args.output, lambda: None if write_target(args.output) else None):
        return EXIT_INPUT  # refused before the search: a folder, a PDF, not a design...
    catalog = _catalog(args)
    start, given = _requirements_file(args.start, catalog) if args.start else (None, {})
    asked = Asked(
        users=args.users, peak_grefs=args.peak_grefs, odb_tb=args.odb_tb,
        growth_pct=args.growth, horizon_years=args.horizon, base_year=args.base_year,
        regions=args.regions, providers=args.providers, jurisdictions=args.jurisdictions,
        availability_pct=args.availability, survive=args.survive,
        rpo_minutes=args.rpo_minutes, rto_minutes=args.rto_minutes,
        headroom_pct=args.headroom, tenancy=args.tenancy, commitment=args.commitment,
        sites=args.site, name=args.name, organisation=args.organisation, owner=args.owner,
        revision=args.revision, effective_date=args.effective_date,
        last_dr_test=args.last_dr_test, criticality_analysis=args.criticality_analysis,
        emergency_access=args.emergency_access, baa_signed=args.baa_signed,
        baa_confirmed=args.baa_confirmed, fail_on=args.fail_on, start=start,
        requirements=given)
    wanted = brief(asked, catalog, "ehrwb propose")
    proposal = propose(wanted, catalog, _as_of(args) or today())
    if args.format == "json":
        print(json.dumps(proposal.to_json(), indent=2))
    if proposal.design is None:
        if args.format == "text":
            print(one_line(f"ehrwb propose: {proposal.infeasible}"), file=sys.stderr)
        return EXIT_FINDINGS
    text = dump_design(proposal.design)
    if not _written(args.output, lambda: write_text_atomic(
            write_target(args.output), text, keep_backup=False)):
        return EXIT_INPUT
    if args.format == "text":
        print("\n".join(proposal.summary()))
    print(f"{args.output}: written", file=sys.stderr)
    return EXIT_OK


def cmd_keygen(args: argparse.Namespace) -> int:
    """A new private key in OUT (created 0600, never over an existing file); the line to add to
    policy.trusted_approvers on standard output."""
    from .model.signing import new_private_key, private_key_pem, public_key_text

    key = new_private_key()
    try:
        fd = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{args.output}: exists; it is left as it is (choose another file)") \
            from None
    except OSError as exc:
        raise UsageError(one_line(f"{args.output}: cannot write: {exc.strerror or exc}")) \
            from None
    with os.fdopen(fd, "wb") as out:
        out.write(private_key_pem(key))
    name = json.dumps(args.name, ensure_ascii=False)
    sys.stdout.write(f"- {{name: {name}, public_key: {public_key_text(key)}}}\n")
    print(f"{args.output}: private key written (keep it to yourself); add the line above to "
          "policy.trusted_approvers of the designs you approve", file=sys.stderr)
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    """Append a signed approval (or rejection) of the design's current fingerprint to FILE,
    written in canonical form; one line on standard error says what was recorded."""
    import datetime as dt

    from catalogs.reading import input_name, read_input

    from .clock import now
    from .model.canonical import FINGERPRINT_VERSION, fingerprint
    from .model.design import Approval
    from .model.io import PDF_MAGIC, loads_design, save_design
    from .model.signing import KeyFileError, private_key_from_pem, sign_approval, signature_status

    if args.file == STDIN:
        raise UsageError("ehrwb approve: the approval is written back into FILE: give a design "
                         "file, not standard input")
    as_of = _as_of(args)
    try:
        with open(args.key, "rb") as f:
            pem = f.read(64 * 1024)
        key = private_key_from_pem(pem)
    except OSError as exc:
        raise UsageError(one_line(f"{args.key}: cannot read the key: {exc.strerror or exc}")) \
            from None
    except KeyFileError as exc:
        raise UsageError(f"{args.key}: {exc}") from None
    name = input_name(args.file)
    raw = read_input(args.file, name)
    if raw.startswith(PDF_MAGIC):
        raise UsageError(f"{name}: is a PDF document; approve the design file it was exported "
                         "from")
    design = loads_design(raw, name, _catalog(args)).design
    when = dt.datetime.combine(as_of, dt.time(), dt.UTC) if as_of is not None else now()
    approval = sign_approval(Approval(
        reviewer=args.reviewer, date=when, decision="reject" if args.reject else "approve",
        fingerprint=fingerprint(design), fingerprint_version=FINGERPRINT_VERSION,
        note=args.note, conditions=args.condition), key)
    design = design.model_copy(update={"reviews": design.reviews.model_copy(
        update={"approvals": [*design.reviews.approvals, approval]})})
    if not _written(args.file, lambda: save_design(design, args.file, keep_backup=False)):
        return EXIT_INPUT
    status, key_name = signature_status(design, approval)
    trust = f"signed by {key_name}'s key" if status == "verified" else \
        "signed by a key not in policy.trusted_approvers (it shows as unknown-key until " \
        "the key is added there)"
    print(f"{name}: {approval.decision} by {args.reviewer} recorded for fingerprint "
          f"{approval.fingerprint[:12]}..., {trust}", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """The schema for the catalog the other commands read (built-in, EHRWB_CATALOG_PATH and
    --catalog folders given before or after the command); $id only for the built-in one."""
    from catalogs import load_catalog

    from .model.schema import design_json_schema

    catalog = load_catalog([*args.catalog, *args.schema_catalog])
    sys.stdout.write(json.dumps(design_json_schema(catalog), indent=2) + "\n")
    return EXIT_OK


def cmd_catalog(args: argparse.Namespace) -> int:
    from catalogs.listing import catalog_json, catalog_markdown

    catalog = _catalog(args)
    if args.format == "json":
        sys.stdout.write(json.dumps(catalog_json(catalog), indent=2) + "\n")
    else:
        sys.stdout.write(catalog_markdown(catalog))
    return EXIT_OK


def cmd_completion(args: argparse.Namespace) -> int:
    from validators.registry import all_rules

    from .completion import script

    ids = sorted(rule.id for rule in all_rules())
    families = sorted({rule_id.split("-")[0] for rule_id in ids} | {"USR"})
    sys.stdout.write(script(args.shell, _parser(), [*families, *ids]))
    return EXIT_OK


_COMMANDS = {"propose": cmd_propose, "gui": cmd_gui, "review": cmd_review,
             "validate": cmd_validate, "fmt": cmd_fmt,
             "schema": cmd_schema,
             "rules": cmd_rules, "scenarios": cmd_scenarios, "export": cmd_export,
             "catalog": cmd_catalog, "variant": cmd_variant, "compare": cmd_compare,
             "keygen": cmd_keygen, "approve": cmd_approve, "diff": cmd_diff,
             "completion": cmd_completion}


if __name__ == "__main__":
    sys.exit(main())
