"""Generators of interchange v1 data sets — a development and demo tool, not part of the runtime.

The calibrated 2019 demo (`demo2019`, `manage.py make_demo`) and the scaled data set for benchmarks (`scale`,
`manage.py make_scale`). Both write the exact CSV format of interchange v1 (see `csvout`). This package may import
the runtime apps (`interchange.format`, the importer); no runtime app may import it. Faker, a development
requirement, is imported only where names are drawn.
"""
