"""Command line: `python -m generator validate|build|serve|init|import|export|new-year`. Messages in Italian.

A thin layer over `build`: it parses options, prints problems and progress,
and turns failures into exit codes (0 ok, 1 data errors or failed build).
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

from .check import check
from .issues import DataError, Issues

log = logging.getLogger("generator")


def _print_issues(issues: Issues, quiet: bool = False, out=sys.stderr) -> None:
    """Errors, then warnings (with -q only counted, by the summary line)."""
    for issue in sorted(issues.errors, key=lambda i: (i.file, i.line or 0)):
        print(str(issue), file=out)
    for issue in sorted(issues.warnings, key=lambda i: (i.file, i.line or 0)) if not quiet else ():
        print(str(issue), file=out)


def _summary(issues: Issues) -> str:
    e, w = len(issues.errors), len(issues.warnings)
    return f"{e} {'errore' if e == 1 else 'errori'}, {w} {'avviso' if w == 1 else 'avvisi'}"


def _data_missing(data: Path) -> bool:
    if data.is_dir():
        return False
    what = "è un file, non una cartella" if data.exists() else "non esiste"
    print(f"La cartella dei dati {data} {what}: indicarla con --data (ad esempio --data data)", file=sys.stderr)
    return True


def cmd_validate(args: argparse.Namespace) -> int:
    if _data_missing(args.data):
        return 1
    _, _, issues = check(args.data)
    _print_issues(issues, args.quiet)
    failed = bool(issues.errors) or (args.strict and bool(issues.warnings))
    print(("Dati non validi: " if failed else "Dati validi: ") + _summary(issues), file=sys.stderr)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import CACHE, Interrupted, SiteBuildError, build  # late: MkDocs and the charts are not needed to validate

    if _data_missing(args.data):
        return 1
    try:
        report = build(args.data, args.site, cache_dir=None if args.no_cache else CACHE, strict=args.strict)
    except DataError as e:
        _print_issues(e.issues, args.quiet)
        print(f"Costruzione annullata, il sito in {args.site} non è stato modificato: {_summary(e.issues)}", file=sys.stderr)
        return 1
    except SiteBuildError as e:
        print(f"{e}\nCostruzione annullata, il sito in {args.site} non è stato modificato.", file=sys.stderr)
        return 1
    except Interrupted as e:
        print(f"Costruzione interrotta, il sito in {args.site} non è stato modificato.", file=sys.stderr)
        return e.code
    _print_issues(report.issues, args.quiet)
    print(
        f"Sito costruito in {args.site}: {report.pages} pagine, {report.charts} grafici "
        f"({report.charts_rendered} disegnati, {report.charts - report.charts_rendered} dalla cache), "
        f"{report.seconds:.1f} s; {_summary(report.issues)}",
        file=sys.stderr,
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.data, host=args.host, port=args.port)


def _print_outcome(outcome, quiet: bool = False) -> int:
    for line in outcome.lines:
        if not (quiet and ": avviso: " in line):  # -q: the warnings are counted by the summary lines
            print(line, file=sys.stderr)
    return outcome.code


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import init_body

    return _print_outcome(init_body(args.dir, args.year, args.updated), args.quiet)


def cmd_import(args: argparse.Namespace) -> int:
    from .importer import import_file

    if args.replace and args.update:
        print("python -m generator import: errore: --replace e --update non si usano insieme: --replace sostituisce obiettivi e "
              "indicatori dell'anno con quelli del foglio, --update ne aggiorna solo i valori (per un foglio esportato)", file=sys.stderr)
        return 2
    outcome = import_file(args.file, args.year, args.data, replace=args.replace, updated=args.updated, update=args.update)
    return _print_outcome(outcome, args.quiet)


def cmd_export(args: argparse.Namespace) -> int:
    from .exporter import export_year

    return _print_outcome(export_year(args.data, args.year, args.file, force=args.force), args.quiet)


def cmd_new_year(args: argparse.Namespace) -> int:
    from .scaffold import new_year

    return _print_outcome(new_year(args.data, args.year, args.updated), args.quiet)


def _year(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f'"{text}": atteso un anno tra 2000 e 2100 (ad es. 2026)')
    return int(text)


def _day(text: str) -> date:
    from .model import parse_day

    try:
        return parse_day(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f'"{text}": {e}') from None


def _path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError('percorso vuoto: indicare una cartella (ad es. site)')
    return Path(text)


def _port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f'"{text}": attesa una porta tra 1 e 65535 (ad es. 8000)')
    return int(text)


def _host(text: str) -> str:
    import socket

    try:
        socket.getaddrinfo(text, None)
    except (OSError, UnicodeError, ValueError):
        raise argparse.ArgumentTypeError(f'"{text}": atteso un indirizzo di questa macchina (ad es. 127.0.0.1 o localhost)') from None
    return text


# argparse's own messages in Italian: argparse looks each one up through gettext
# when it prints it, so a catalog in place of gettext is all it takes.
_ARGPARSE_IT = {
    "usage: ": "uso: ",
    "positional arguments": "argomenti",
    "options": "opzioni",
    "subcommands": "comandi",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "%(prog)s: error: %(message)s\n": "%(prog)s: errore: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s (l'elenco delle opzioni: --help)",
    "the following arguments are required: %s": "manca un argomento obbligatorio: %s (vedere --help)",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r non è un comando (comandi: %(choices)s)",
    "invalid %(type)s value: %(value)r": "valore non valido: %(value)r",
    "expected one argument": "manca il valore dopo l'opzione",
    "expected at most one argument": "atteso al massimo un valore",
    "expected at least one argument": "atteso almeno un valore",
    "expected %s argument": "atteso %s valore",
    "expected %s arguments": "attesi %s valori",
    "ambiguous option: %(option)s could match %(matches)s": "opzione ambigua: %(option)s può essere %(matches)s",
    "not allowed with argument %s": "non ammesso insieme a %s",
    "ignored explicit argument %r": "valore non previsto: %r",
    "one of the arguments %s is required": "serve uno degli argomenti %s",
    "unexpected option string: %s": "opzione inattesa: %s",
    "can't open '%(filename)s': %(error)s": "impossibile aprire '%(filename)s': %(error)s",
}
argparse._ = lambda message: _ARGPARSE_IT.get(message, message)  # type: ignore[attr-defined]
argparse.ngettext = lambda singular, plural, n: _ARGPARSE_IT.get(m := singular if n == 1 else plural, m)  # type: ignore[attr-defined]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="Pagine 'Amministrazione trasparente' del ciclo della performance.")
    p.add_argument("-v", "--verbose", action="store_true", help="mostra anche i messaggi di MkDocs")
    p.add_argument("-q", "--quiet", action="store_true", help="mostra solo gli errori (gli avvisi sono solo contati)")
    common = argparse.ArgumentParser(add_help=False)  # the same options after the command: "build -q" as "-q build"
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="mostra anche i messaggi di MkDocs")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="mostra solo gli errori")
    sub = p.add_subparsers(dest="command", metavar="COMANDO", required=True, help="validate, build, serve, init, import o new-year")

    def command(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_, parents=[common])

    def data_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--data", type=Path, default=Path("data"), help="cartella dei dati (predefinita: data/)")
        sp.add_argument("--strict", action="store_true", help="considera errori anche gli avvisi")

    v = command("validate", "controlla i dati e riporta tutti gli errori e gli avvisi")
    data_opt(v)
    v.set_defaults(func=cmd_validate)
    b = command("build", "controlla i dati e costruisce il sito")
    data_opt(b)
    b.add_argument("--site", type=_path, default=Path("site"), help="cartella del sito (predefinita: site/)")
    b.add_argument("--no-cache", action="store_true", help="ridisegna tutti i grafici e ricostruisce tutte le pagine (nessuna cache)")
    b.set_defaults(func=cmd_build)
    s = command("serve", "anteprima locale che si aggiorna quando cambiano i dati")
    s.add_argument("--data", type=Path, default=Path("data"), help="cartella dei dati (predefinita: data/)")
    s.add_argument("--host", type=_host, default="127.0.0.1",
                   help="indirizzo su cui ascoltare (predefinito: 127.0.0.1, solo questo computer; 0.0.0.0 per la rete locale)")
    s.add_argument("--port", type=_port, default=8000, help="porta (predefinita: 8000)")
    s.set_defaults(func=cmd_serve)
    updated_help = "data di aggiornamento (aaaa-mm-gg o gg/mm/aaaa, predefinita: oggi)"
    i = command("init", "crea la cartella dei dati di un nuovo ente (tutto \"da completare\")")
    i.add_argument("dir", type=Path, metavar="DIR", help="cartella dei dati da creare (nuova o vuota)")
    i.add_argument("--year", type=_year, default=date.today().year, help="anno pianificato da creare (predefinito: l'anno corrente)")
    i.add_argument("--updated", type=_day, default=None, help=updated_help)
    i.set_defaults(func=cmd_init)
    m = command("import", "importa un Albero della Performance (.xlsx, .ods, .csv) come anno dei dati")
    m.add_argument("file", type=Path, metavar="FILE", help="foglio di calcolo: .xlsx, .ods o .csv")
    m.add_argument("--year", type=_year, required=True, help="anno dei dati da scrivere")
    m.add_argument("--data", type=Path, default=Path("data"), help="cartella dei dati (predefinita: data/)")
    m.add_argument("--replace", action="store_true", help="sostituisce performance.yaml e indicatori/ di un anno esistente")
    m.add_argument("--update", action="store_true",
                     help="aggiorna un anno esistente con i valori di un foglio esportato (il resto dell'anno resta com'è)")
    m.add_argument("--updated", type=_day, default=None, help=updated_help)
    m.set_defaults(func=cmd_import)
    x = command("export", "esporta un anno dei dati come Albero della Performance (.xlsx) da modificare e reimportare")
    x.add_argument("file", type=Path, metavar="FILE", help="file .xlsx da scrivere")
    x.add_argument("--year", type=_year, required=True, help="anno dei dati da esportare")
    x.add_argument("--data", type=Path, default=Path("data"), help="cartella dei dati (predefinita: data/)")
    x.add_argument("--force", action="store_true", help="sovrascrive il file se esiste già")
    x.set_defaults(func=cmd_export)
    n = command("new-year", "crea un anno pianificato a partire dall'ultimo anno precedente")
    n.add_argument("year", type=_year, metavar="YYYY", help="anno da creare")
    n.add_argument("--data", type=Path, default=Path("data"), help="cartella dei dati (predefinita: data/)")
    n.add_argument("--updated", type=_day, default=None, help=updated_help)
    n.set_defaults(func=cmd_new_year)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    level = logging.INFO if args.verbose else (logging.ERROR if args.quiet else logging.WARNING)
    for number, name in ((logging.ERROR, "errore"), (logging.WARNING, "avviso"), (logging.INFO, "info")):
        logging.addLevelName(number, name)  # editors read Italian, also in log lines
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(level)
    return args.func(args)
