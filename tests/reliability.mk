## SPDX-License-Identifier: MIT
## tests/reliability.mk - limits, fault injection on the real binary, fuzz
## regressions and valgrind (issue: reliability).
if HAVE_CUNIT
check_PROGRAMS += tests/test_limits
tests_test_limits_SOURCES = tests/test_limits.c
tests_test_limits_CFLAGS = $(TU_CFLAGS)
tests_test_limits_LDADD = $(TU_LIBS)
TESTS += tests/test_limits
endif

AM_TESTS_ENVIRONMENT += export OC_SANITIZED='$(OC_SANITIZED)';
TESTS += tests/fault-dir.sh tests/fault-disk.sh tests/fault-signal.sh tests/fault-input.sh tests/txn.sh tests/hostile.sh tests/inputs.sh tests/memory.sh tests/signals.sh tests/forged.sh \
	tests/valgrind.sh
EXTRA_DIST += tests/fault_lib.sh tests/fault-dir.sh tests/fault-disk.sh tests/fault-signal.sh tests/txn.sh tests/hostile.sh tests/inputs.sh tests/memory.sh tests/signals.sh tests/forged.sh \
	tests/fault-input.sh tests/valgrind.sh

# The fuzz harnesses, driven by fuzz/replay.c over the seeds and the
# regression inputs (tests/fuzz-regress/) in every build.
check_PROGRAMS += tests/replay_ini tests/replay_csv tests/replay_model
tests_replay_ini_SOURCES = fuzz/fuzz_ini.c fuzz/replay.c
tests_replay_ini_LDADD = $(OC_LIBS)
tests_replay_csv_SOURCES = fuzz/fuzz_csv.c fuzz/replay.c fuzz/fuzz_file.h
tests_replay_csv_LDADD = $(OC_LIBS)
tests_replay_model_SOURCES = fuzz/fuzz_model.c fuzz/replay.c fuzz/fuzz_file.h
tests_replay_model_LDADD = $(OC_LIBS)
TESTS += tests/fuzz-replay.sh
EXTRA_DIST += tests/fuzz-replay.sh tests/fuzz-regress fuzz/replay.c
