"""Where and how fast the pipeline runs: one process, worker processes, or Dask.

Layer 3, beside ``pipeline``: these modules call the pipeline and the stages, never
the reverse. ``local`` (this process or a process pool), ``dask`` (a Dask cluster),
``extraction`` (the ``Extractor`` every command reads and extracts through) and the
speed plumbing that serves them: ``digest`` (per-article work for the report stage,
done at extraction), ``forkmap`` (forked workers for the report stage), ``memory``
(the cyclic GC paused in hot loops). Nothing here changes a result.

This file imports nothing: ``pipeline`` imports ``engine.digest`` while
``engine.local`` imports ``pipeline``, so the package itself must stay empty.
"""
