"""Shell completion for bash, zsh and fish, generated from the command line's argparse parser
(``ehrwb completion bash|zsh|fish``).

The parser is read once into a table of commands (``""`` for ``ehrwb`` itself, ``"validate"``,
``"variant derive"``): each command's subcommands, options and positional arguments, and what
completes an option's value or a positional argument — its choices, file names, folder names,
rule ids and families (``--select``/``--ignore``, comma-separated), or nothing (free text such
as a date). Each shell's script is written from that table; nothing but the standard library
is imported.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")

# What completes a value: ("words", candidates), ("file", ()), ("dir", ()), ("codes", ()) or
# ("none", ()) for free text.
Kind = tuple[str, tuple[str, ...]]
_FILE_METAVARS = re.compile(r"^(FILE|OUT|OLD|NEW|PNG|KEY)(\.\w+)?$|\.(pdf|yaml|pem|png)$", re.I)
_CODE_OPTIONS = frozenset({"--select", "--ignore"})


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]  # "-o", "--output-file"
    help: str
    value: Kind | None  # None: a flag that takes no value
    repeatable: bool = False
    label: str = ""  # what the value is: its metavar, else the option's name


@dataclass(frozen=True)
class Positional:
    name: str
    kind: Kind
    many: bool  # nargs + or *
    optional: bool


@dataclass
class Command:
    path: str  # "" for ehrwb, "validate", "variant derive"
    help: str = ""
    options: list[Option] = field(default_factory=list)
    positionals: list[Positional] = field(default_factory=list)
    subcommands: dict[str, str] = field(default_factory=dict)  # name -> help


def _first_clause(text: str | None) -> str:
    text = " ".join((text or "").split())
    text = re.split(r"[;(]| -- ", text)[0].strip().rstrip(",:")
    return text if len(text) <= 70 else text[:70].rsplit(" ", 1)[0].rstrip(",:") + "..."


def _kind(action: argparse.Action, flag: str | None) -> Kind:
    if action.choices is not None:
        return ("words", tuple(str(c) for c in action.choices))
    if flag in _CODE_OPTIONS:
        return ("codes", ())
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    if metavar == "DIR":
        return ("dir", ())
    if _FILE_METAVARS.search(metavar) or (not metavar and action.dest in ("file", "output")):
        return ("file", ())
    if not action.option_strings and not metavar:
        return ("file", ())
    return ("none", ())


def commands(parser: argparse.ArgumentParser) -> list[Command]:
    """Every command the parser knows, the top first, each before its subcommands."""
    out: list[Command] = []

    def visit(p: argparse.ArgumentParser, path: str, help_text: str) -> None:
        command = Command(path, _first_clause(help_text))
        out.append(command)
        children: list[tuple[str, argparse.ArgumentParser, str]] = []
        for action in p._actions:  # argparse keeps no public list of its actions
            if isinstance(action, argparse._SubParsersAction):
                helps = {a.dest: a.help for a in action._choices_actions}
                for name, child in action.choices.items():
                    command.subcommands[name] = _first_clause(helps.get(name))
                    children.append((name, child, helps.get(name) or ""))
            elif action.option_strings:
                takes = action.nargs != 0
                command.options.append(Option(
                    tuple(action.option_strings), _first_clause(action.help),
                    _kind(action, action.option_strings[-1]) if takes else None,
                    isinstance(action, argparse._AppendAction),
                    str(action.metavar or action.dest).replace("_", "-")))
            else:
                command.positionals.append(Positional(
                    str(action.metavar or action.dest), _kind(action, None),
                    action.nargs in ("+", "*", argparse.REMAINDER), action.nargs in ("?", "*")))
        for name, child, child_help in children:
            visit(child, f"{path} {name}".strip(), child_help)

    visit(parser, "", parser.description or "")
    return out


def script(shell: str, parser: argparse.ArgumentParser, codes: Sequence[str] = ()) -> str:
    """The completion script for ``shell`` (one of SHELLS); ``codes`` complete --select and
    --ignore (rule ids and families)."""
    prog = parser.prog
    table = commands(parser)
    if shell == "bash":
        return _bash(prog, table, codes)
    if shell == "zsh":
        return _zsh(prog, table, codes)
    if shell == "fish":
        return _fish(prog, table, codes)
    raise ValueError(f"no completion for the shell {shell!r}: one of {', '.join(SHELLS)}")


def _ident(prog: str) -> str:
    return re.sub(r"\W", "_", prog)


def _sq(text: str) -> str:
    """``text`` single-quoted for bash, zsh and fish alike (the three quote an apostrophe
    differently, so the help texts' apostrophes are left out)."""
    return "'" + text.replace("'", "") + "'"


# --- bash -------------------------------------------------------------------------------


def _bash(prog: str, table: list[Command], codes: Sequence[str]) -> str:
    fn = f"_{_ident(prog)}"

    def cases(rows: Iterable[tuple[str, str]]) -> str:
        return "".join(f"        {key}) {value} ;;\n" for key, value in rows)

    def kind_code(kind: Kind) -> str:
        name, words = kind
        return f"echo {_sq('words ' + ' '.join(words))}" if name == "words" \
            else f"echo {name}"

    subs = cases((_sq(c.path), f"echo {_sq(' '.join(c.subcommands))}")
                 for c in table if c.subcommands)
    opts = cases((_sq(c.path), f"echo {_sq(' '.join(f for o in c.options for f in o.flags))}")
                 for c in table)
    values = cases((_sq(f"{c.path}|{flag}"), kind_code(o.value)) for c in table
                   for o in c.options if o.value is not None for flag in o.flags)
    positional = cases((_sq(c.path), kind_code(c.positionals[0].kind)) for c in table
                       if c.positionals and not c.subcommands)
    return f"""# bash completion for {prog} (generated by '{prog} completion bash')
{fn}_subcommands() {{
    case "$1" in
{subs}    esac
}}
{fn}_options() {{
    case "$1" in
{opts}    esac
}}
{fn}_value() {{
    case "$1|$2" in
{values}        *) return 1 ;;
    esac
}}
{fn}_positional() {{
    case "$1" in
{positional}        *) echo none ;;
    esac
}}
{fn}_codes={_sq(' '.join(codes))}
{fn}_complete_kind() {{
    local cur="$1" kind="$2"
    case "$kind" in
        words\\ *) COMPREPLY=($(compgen -W "${{kind#words }}" -- "$cur")) ;;
        file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
        dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
        codes)
            local head="" tail="$cur"
            if [[ "$cur" == *,* ]]; then head="${{cur%,*}},"; tail="${{cur##*,}}"; fi
            COMPREPLY=($(compgen -P "$head" -W "${{{fn}_codes}}" -- "$tail")) ;;
        *) COMPREPLY=() ;;
    esac
}}
{fn}() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" path="" i word kind
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        if [[ "$word" == -* ]]; then
            if [[ "$word" != *=* ]] && {fn}_value "$path" "$word" >/dev/null; then
                ((i++))
            fi
        elif [[ " $({fn}_subcommands "$path") " == *" $word "* ]]; then
            path="${{path:+$path }}$word"
        fi
    done
    local prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    if [[ "$prev" == "=" ]] && ((COMP_CWORD > 2)); then  # --format=<TAB>: '=' is a word break
        prev="${{COMP_WORDS[COMP_CWORD-2]}}"
    elif [[ "$cur" == "=" ]]; then
        prev="${{COMP_WORDS[COMP_CWORD-1]}}" cur=""
    fi
    if ((COMP_CWORD > 1)) && [[ "$prev" == -* ]] && kind="$({fn}_value "$path" "$prev")"; then
        {fn}_complete_kind "$cur" "$kind"
        return 0
    fi
    if [[ "$cur" == --*=* ]] && kind="$({fn}_value "$path" "${{cur%%=*}}")"; then
        {fn}_complete_kind "${{cur#*=}}" "$kind"
        return 0
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$({fn}_options "$path")" -- "$cur"))
        return 0
    fi
    local subs
    subs="$({fn}_subcommands "$path")"
    if [[ -n "$subs" ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
        return 0
    fi
    {fn}_complete_kind "$cur" "$({fn}_positional "$path")"
}}
complete -F {fn} {prog}
"""


# --- zsh --------------------------------------------------------------------------------


def _zq(text: str) -> str:
    """Text inside an _arguments spec's [help] or :message: brackets and colons escaped."""
    return re.sub(r"([\[\]:\\])", r"\\\1", text.replace("'", ""))


def _zsh_action(kind: Kind, fn: str) -> str:
    name, words = kind
    if name == "words":
        return f"({' '.join(words)})"
    return {"file": "_files", "dir": "_files -/", "codes": f"{fn}_codes"}.get(name, " ")


def _zsh(prog: str, table: list[Command], codes: Sequence[str]) -> str:
    fn = f"_{_ident(prog)}"
    functions = []
    for c in table:
        name = fn + "".join(f"_{_ident(w)}" for w in c.path.split())
        specs: list[str] = []
        for o in c.options:
            help_text = f"[{_zq(o.help)}]" if o.help else ""
            value = "" if o.value is None else f":{_zq(o.label)}:{_zsh_action(o.value, fn)}"
            eq = "=" if o.value is not None and all(f.startswith("--") for f in o.flags) else ""
            star = "*" if o.repeatable else ""
            if len(o.flags) > 1:
                exclude = "" if o.repeatable else f"({' '.join(o.flags)})"
                spec = f"'{star}{exclude}'{{{','.join(o.flags)}}}'{help_text}{value}'"
            elif o.flags[0] in ("-h", "--help", "--version"):
                spec = f"'(- *){o.flags[0]}{help_text}'"
            else:
                spec = f"'{star}{o.flags[0]}{eq}{help_text}{value}'"
            specs.append(spec)
        body: list[str] = []
        if c.subcommands:
            specs += ["'1: :->command'", "'*:: :->args'"]
            described = " ".join(f"'{_zq(sub)}:{_zq(h)}'" for sub, h in c.subcommands.items())
            dispatch = "".join(
                f"                {sub}) {name}_{_ident(sub)} ;;\n" for sub in c.subcommands)
            body = [
                "    case $state in",
                "        command)",
                f"            local -a commands=({described})",
                "            _describe -t commands command commands ;;",
                "        args)",
                "            case $line[1] in",
                dispatch.rstrip("\n"),
                "            esac ;;",
                "    esac",
            ]
        else:
            for i, p in enumerate(c.positionals, 1):
                action = _zsh_action(p.kind, fn)
                where = "*" if p.many else str(i)
                colon = "::" if p.optional and not p.many else ":"
                specs.append(f"'{where}{colon}{_zq(p.name)}:{action}'")
        args = " \\\n        ".join(specs)
        functions.append(
            f"{name}() {{\n    local curcontext=\"$curcontext\" state line\n"
            f"    typeset -A opt_args\n    _arguments -C -s \\\n        {args}\n"
            + ("\n".join(body) + "\n" if body else "") + "}\n")
    return (f"#compdef {prog}\n# zsh completion for {prog} (generated by '{prog} completion "
            f"zsh')\n\n{fn}_codes() {{\n    _values -s , 'rule or family' "
            f"{' '.join(codes)}\n}}\n\n" + "\n".join(functions)
            + f"\nif [ \"$funcstack[1]\" = \"{fn}\" ]; then\n    {fn} \"$@\"\nelse\n"
            f"    compdef {fn} {prog}\nfi\n")


# --- fish -------------------------------------------------------------------------------


def _fish(prog: str, table: list[Command], codes: Sequence[str]) -> str:
    fn = f"__{_ident(prog)}"
    subs = "".join(f"        case {_sq(c.path)}\n            echo {' '.join(c.subcommands)}\n"
                   for c in table if c.subcommands)
    lines = [
        f"# fish completion for {prog} (generated by '{prog} completion fish')",
        f"function {fn}_subcommands",
        "    switch $argv[1]",
        subs.rstrip("\n"),
        "    end",
        "end",
        "# the command the line is at: '' for the program, 'validate', 'variant derive'",
        f"function {fn}_path",
        "    set -l path ''",
        "    for word in (commandline -opc)[2..-1]",
        f"        if contains -- $word (string split ' ' ({fn}_subcommands $path))",
        "            set path (string trim \"$path $word\")",
        "        end",
        "    end",
        "    echo $path",
        "end",
        f"function {fn}_at",
        f"    set -l path ({fn}_path)",
        "    test \"$path\" = \"$argv[1]\"",
        "end",
        f"function {fn}_codes",
        "    set -l token (commandline -ct)",
        "    set -l head (string replace -r '[^,]*$' '' -- $token)",
        f"    for code in {' '.join(codes)}",
        "        echo $head$code",
        "    end",
        "end",
        f"complete -c {prog} -f",
    ]
    for c in table:
        at = f"-n \"{fn}_at '{c.path}'\""
        for sub, h in c.subcommands.items():
            lines.append(f"complete -c {prog} {at} -a {sub} -d {_sq(h)}")
        for o in c.options:
            flags = " ".join(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}"
                             for f in o.flags)
            value = ""
            if o.value is not None:
                name, words = o.value
                value = {"words": f" -x -a {_sq(' '.join(words))}", "file": " -r -F",
                         "dir": " -x -a '(__fish_complete_directories)'",
                         "codes": f" -x -a '({fn}_codes)'"}.get(name, " -x")
            described = f" -d {_sq(o.help)}" if o.help else ""
            lines.append(f"complete -c {prog} {at} {flags}{value}{described}")
        if not c.subcommands and c.positionals:
            name, words = c.positionals[0].kind
            if name == "words":
                lines.append(f"complete -c {prog} {at} -a {_sq(' '.join(words))}")
            elif name in ("file", "dir"):
                lines.append(f"complete -c {prog} {at} -F")
    return "\n".join(lines) + "\n"
