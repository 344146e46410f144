"""The assessment engine: snapshot the register into Arrow and DuckDB, run compiled standards on it.

    from bangfu.engine.snapshot import snapshot_take
    with snapshot_take(scope="441521") as snapshot:        # register → Arrow tables → DuckDB
        evaluation = evaluate(snapshot, query.sql)         # bangfu.engine.run

The engine knows nothing of the standards' rules (they arrive as compiled SQL over the snapshot tables of
``bangfu.standards.snapshot_schema``) and writes nothing back: ``bangfu.assessment.services`` stores runs.
"""
