"""`ehrwb completion bash|zsh|fish`: each shell's own completion machinery, given the script,
offers the commands, options, choices, files and rule codes the command line takes.

bash is driven through its completion function (COMP_WORDS, COMP_CWORD); fish through
``complete -C``; zsh through compinit in a pseudo-terminal (zsh/zpty), with compadd reporting
what it is given. zsh and fish tests skip, saying so, where the shell is not installed (.ci/run
installs both).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from workbench import cli
from workbench.completion import SHELLS, commands, script

FLAWED = "assets/samples/flawed-design.yaml"

# (the command line up to the cursor, candidates that must be offered, candidates that must not)
CASES = [
    ("ehrwb val", {"validate"}, {"variant", "scenarios"}),
    ("ehrwb validate --fo", {"--format"}, {"--fail-on"}),
    ("ehrwb validate --format ", {"text", "json", "sarif"}, {"markdown"}),
    ("ehrwb scenarios --format ", {"text", "json"}, {"sarif"}),
    ("ehrwb validate --fail-on w", {"warning"}, set()),
    ("ehrwb --catalog /tmp fm", {"fmt"}, set()),
    ("ehrwb variant ", {"derive"}, set()),
    ("ehrwb variant derive --to ", {"shared", "dedicated"}, set()),
    ("ehrwb export x.yaml -o out.pdf --paper ", {"a4", "letter"}, set()),
    ("ehrwb completion ", {"bash", "zsh", "fish"}, set()),
    ("ehrwb validate --select RED,CMP-00", {"RED,CMP-001", "RED,CMP-009"}, {"CMP-001"}),
    ("ehrwb validate --ignore TH", {"THR", "THR-001"}, set()),
    ("ehrwb validate --designs-only -q ", set(), {"--format"}),  # files, not options
    ("ehrwb fmt assets/samples/flaw", {FLAWED}, set()),
]


def _script(shell: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["completion", shell]) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("completion")
    paths = {"bash": folder / "ehrwb.bash", "zsh": folder / "functions" / "_ehrwb",
             "fish": folder / "ehrwb.fish"}
    for shell, path in paths.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(_script(shell))
    return paths


def _shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install {name}; .ci/run installs it)")
    return found


def _candidates(shell: str, path: Path, line: str) -> set[str]:
    if shell == "bash":
        words = line.split(" ")
        driver = ("source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); "
                  "_ehrwb; printf '%s\\n' \"${COMPREPLY[@]}\"")
        argv = [_shell("bash"), "--norc", "-c", driver, "bash", str(path), *words]
    elif shell == "fish":
        argv = [_shell("fish"), "--no-config", "-c",
                f"source {path}; complete -C {_fish_quote(line)}"]
    else:
        capture = path.parent.parent / "capture.zsh"
        capture.write_text(_ZSH_CAPTURE)
        argv = [_shell("zsh"), "-f", str(capture), str(path.parent),
                str(path.parent.parent / "zcompdump"), line]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    found = {c.split("\t")[0] for c in done.stdout.splitlines() if c}
    if shell == "zsh" and "/" in line.rsplit(" ", 1)[-1]:  # zsh lists file names in a folder
        folder = line.rsplit(" ", 1)[-1].rsplit("/", 1)[0]
        found = {f"{folder}/{c}" for c in found}
    return found


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(("line", "offered", "not_offered"), CASES,
                         ids=[c[0] for c in CASES])
def test_the_shell_completes(scripts: dict[str, Path], shell: str, line: str,
                             offered: set[str], not_offered: set[str]) -> None:
    found = _candidates(shell, scripts[shell], line)
    assert offered <= found, found
    assert not (not_offered & found), found
    if line.endswith("--designs-only -q "):  # a file argument: file names of the folder
        assert "README.md" in found and "assets/" in {f.rstrip("/") + "/" for f in found}


def test_the_scripts_parse(scripts: dict[str, Path]) -> None:
    subprocess.run([_shell("bash"), "-n", str(scripts["bash"])], check=True)
    if shutil.which("zsh"):
        subprocess.run(["zsh", "-n", str(scripts["zsh"])], check=True)
    if shutil.which("fish"):
        subprocess.run(["fish", "--no-execute", str(scripts["fish"])], check=True)


def test_every_command_and_option_of_the_parser_is_in_every_script(
        scripts: dict[str, Path]) -> None:
    table = commands(cli._parser())
    assert {c.path for c in table} >= {"", "validate", "variant derive", "completion"}
    for shell, path in scripts.items():
        text = path.read_text()
        for command in table:
            for name in command.subcommands:
                assert name in text, (shell, name)
            for option in command.options:
                long = [f for f in option.flags if f.startswith("--")][0]
                needle = f"-l {long[2:]}" if shell == "fish" else long
                assert needle in text, (shell, command.path, long)


def test_an_unknown_shell_is_refused() -> None:
    with pytest.raises(ValueError, match="bash, zsh, fish"):
        script("tcsh", cli._parser())
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exited:
        cli.main(["completion", "tcsh"])
    assert exited.value.code == 2 and "invalid choice: 'tcsh'" in err.getvalue()


# Runs zsh's completion in a pseudo-terminal and prints what compadd is given (after the
# approach of zsh-capture-completion): zsh -f capture.zsh FPATH_DIR DUMP 'ehrwb validate --fo'
_ZSH_CAPTURE = r"""
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
local line
setopt rcquotes
() {
    zpty -w z source $1
    repeat 40; do
        zpty -r z line
        [[ $line == ok* ]] && return
    done
    echo 'zsh did not start its completion' >&2
    exit 2
} =( <<< "
PROMPT=
fpath=($1 \$fpath)
autoload -U compinit
compinit -u -d $2
bindkey '^M' undefined
bindkey '^J' undefined
bindkey '^I' complete-word
null-line () { echo -E - \$'\0' }
compprefuncs=( null-line )
comppostfuncs=( null-line exit )
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' list-separator ''
compadd () {
    if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd \"\$@\"
        return \$?
    fi
    typeset -a __hits
    builtin compadd -A __hits \"\$@\"
    [[ -n \$__hits ]] || return
    local h
    for h in \$__hits; do echo -E - \"<hit>\$IPREFIX\$h\"; done
}
echo ok")
zpty -w z "$3"$'\t'
integer tog=0
while zpty -r z; do :; done | while IFS= read -r line; do
    if [[ $line == *$'\0\r' ]]; then
        (( tog++ )) && exit 0 || continue
    fi
    (( tog )) && [[ $line == *'<hit>'* ]] && echo -E - ${${line#*<hit>}%$'\r'}
done
exit 0
"""
