"""One module per command; each has ``run(args) -> exit code``.

Layer 5: a command reads its arguments, loads the rules, calls the pipeline (through
``engine.extraction.Extractor``) or a service below it (``against``, ``baseline``,
``store``, ``watch``) and prints. ``cli`` imports only the module of the command it
dispatches to; errors and exit codes come from ``quotecheck.errors``.
"""
