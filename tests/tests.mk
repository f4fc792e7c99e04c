## SPDX-License-Identifier: MIT
## tests/tests.mk - test programs and scripts; one fragment per area.
## CUnit programs are only built when CUnit is found (else skipped by configure's warning).
include tests/core.mk
include tests/data.mk
include tests/ml.mk
include tests/pipeline.mk
include tests/tui.mk
include tests/perf.mk
include tests/reliability.mk
include tests/cv.mk
