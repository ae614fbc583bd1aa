"""Command line: `python -m generator validate|build|serve`. Messages in Italian.

A thin layer over `build`: it parses options, prints problems and progress,
and turns failures into exit codes (0 ok, 1 data errors or failed build).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .build import CACHE, SiteBuildError, build, check
from .issues import DataError, Issues

log = logging.getLogger("generator")


def _print_issues(issues: Issues, out=sys.stderr) -> None:
    for issue in sorted(issues.errors, key=lambda i: (i.file, i.line or 0)):
        print(str(issue), file=out)
    for issue in sorted(issues.warnings, key=lambda i: (i.file, i.line or 0)):
        print(str(issue), file=out)


def _summary(issues: Issues) -> str:
    e, w = len(issues.errors), len(issues.warnings)
    return f"{e} {'errore' if e == 1 else 'errori'}, {w} {'avviso' if w == 1 else 'avvisi'}"


def cmd_validate(args: argparse.Namespace) -> int:
    _, _, issues = check(args.data)
    _print_issues(issues)
    failed = bool(issues.errors) or (args.strict and bool(issues.warnings))
    print(("Dati non validi: " if failed else "Dati validi: ") + _summary(issues), file=sys.stderr)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    try:
        report = build(args.data, args.site, cache_dir=None if args.no_cache else CACHE, strict=args.strict)
    except DataError as e:
        _print_issues(e.issues)
        print(f"Costruzione annullata, il sito in {args.site} non è stato modificato: {_summary(e.issues)}", file=sys.stderr)
        return 1
    except SiteBuildError as e:
        print(f"{e}\nCostruzione annullata, il sito in {args.site} non è stato modificato.", file=sys.stderr)
        return 1
    _print_issues(report.issues)
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="Pagine 'Amministrazione trasparente' del ciclo della performance.")
    p.add_argument("-v", "--verbose", action="store_true", help="mostra anche i messaggi di MkDocs")
    p.add_argument("-q", "--quiet", action="store_true", help="mostra solo gli errori")
    sub = p.add_subparsers(dest="command", required=True)

    def data_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--data", type=Path, default=Path("data"), help="cartella dei dati (predefinita: data/)")
        sp.add_argument("--strict", action="store_true", help="considera errori anche gli avvisi")

    v = sub.add_parser("validate", help="controlla i dati e riporta tutti gli errori e gli avvisi")
    data_opt(v)
    v.set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="controlla i dati e costruisce il sito")
    data_opt(b)
    b.add_argument("--site", type=Path, default=Path("site"), help="cartella del sito (predefinita: site/)")
    b.add_argument("--no-cache", action="store_true", help="ridisegna tutti i grafici")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="anteprima locale che si aggiorna quando cambiano i dati")
    s.add_argument("--data", type=Path, default=Path("data"), help="cartella dei dati (predefinita: data/)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    level = logging.INFO if args.verbose else (logging.ERROR if args.quiet else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(level)
    return args.func(args)
