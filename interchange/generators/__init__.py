"""Generators of interchange v1 data sets: the calibrated 2019 demo (`demo2019`) and the scaled data set for
benchmarks (`scale`). Both write the exact CSV format of interchange v1 (see `csvout`)."""
