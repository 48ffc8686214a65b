"""Access matrix rows of the interchange app (see tests/test_access_matrix.py): the upload page is for
association administrators only."""

from tests.access import NONE, row

ROWS = {
    "interchange:import": row(NONE, 403, 403, 403, 403, 200),
}
