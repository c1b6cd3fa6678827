"""The benchmarks of the warehouse: ``make bench`` and ``make bench-incremental``.

``python -m tools.benchmark`` (:mod:`tools.benchmark.cli`) builds every mart on N generated
events beside a floor query and a pandas baseline; its parts:

- :mod:`~tools.benchmark.runner`: one run, step by step, and the figures it returns;
- :mod:`~tools.benchmark.landing`: generating (or reusing) the landing files of a size;
- :mod:`~tools.benchmark.pipeline`: the dbt steps (seed, run, test), timed and measured;
- :mod:`~tools.benchmark.dbt_results`: per-model figures read from dbt's run results;
- :mod:`~tools.benchmark.phases`: the floor and the baseline, each in a child process;
- :mod:`~tools.benchmark.floor`, :mod:`~tools.benchmark.baseline`: those two computations;
- :mod:`~tools.benchmark.capacity`: whether a size fits the machine's disk and memory;
- :mod:`~tools.benchmark.report`: results.json, the results.md table, the printed summary;
- :mod:`~tools.benchmark.measure`: running a child process and measuring it.

``python -m tools.benchmark.incremental`` (:mod:`tools.benchmark.incremental`) times a full
refresh against one incremental day; :mod:`tools.benchmark.compare` checks that both warehouses
hold the same marts (the incremental and Spark tests use it too).
"""
