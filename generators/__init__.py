"""Generators of interchange v1 data sets — a development and demo tool, not part of the runtime.

The calibrated 2019 demo (`demo2019`, `manage.py make_demo`) and the scaled data set for benchmarks (`scale`,
`manage.py make_scale`). Both write the exact CSV format of interchange v1 (see `csvout`), with every code taken
from the apps' `enums.py`. This package may import the runtime apps (their enums, `interchange.format`, the
importer); no runtime app may import it (tests/demo/test_generators_layer.py). Faker, a development requirement,
is imported only where names are drawn.
"""
