"""The benchmarks of the warehouse: ``make bench`` and ``make bench-incremental``.

``python -m tools.benchmark`` (:mod:`tools.benchmark.cli`) builds every mart on N generated
events beside a floor query, a pandas baseline and a hand-written reference; its parts:

- :mod:`~tools.benchmark.runner`: one run, step by step, and the figures it returns;
- :mod:`~tools.benchmark.landing`: generating (or reusing) the landing files of a size;
- :mod:`~tools.benchmark.pipeline`: the dbt steps (seed, run, test), timed and measured;
- :mod:`~tools.benchmark.dbt_results`: per-model figures read from dbt's run results;
- :mod:`~tools.benchmark.phases`: the floor, the baseline and the reference, each in a child
  process;
- :mod:`~tools.benchmark.floor`, :mod:`~tools.benchmark.baseline`,
  :mod:`~tools.benchmark.reference` (SQL in :mod:`~tools.benchmark.reference_sql` and
  :mod:`~tools.benchmark.reference_conversions`): those three computations, and the
  reference's comparison with the marts;
- :mod:`~tools.benchmark.capacity`: whether a size fits the machine's disk and memory;
- :mod:`~tools.benchmark.report`: results.json, the results.md table, the printed summary;
- :mod:`~tools.benchmark.measure`: running a child process and measuring it.

``python -m tools.benchmark.incremental`` (:mod:`tools.benchmark.incremental`) times a full
refresh against one incremental day; :mod:`tools.benchmark.compare` checks that both warehouses
hold the same marts (the incremental and Spark tests use it too).
"""
