import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load: nothing was read or written yet
    print("Interrotto prima di cominciare: nessun file è stato letto o modificato.", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
