## SPDX-License-Identifier: MIT
## fuzz/fuzz.mk - libFuzzer harnesses (configure --enable-fuzzing, CC=clang).
## `make fuzz-smoke` runs each for FUZZ_SECONDS from its seed corpus
## (`make fuzz-smoke FUZZ_SECONDS=30` for a shorter run).  Every build also
## replays the seeds through the harnesses: tests/reliability.mk.
EXTRA_DIST += fuzz/fuzz_ini.c fuzz/fuzz_csv.c fuzz/fuzz_model.c fuzz/fuzz_file.h fuzz/seeds
FUZZ_SECONDS = 60
FUZZERS = ini csv model

if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_ini fuzz/fuzz_csv fuzz/fuzz_model
fuzz_fuzz_ini_SOURCES = fuzz/fuzz_ini.c
fuzz_fuzz_ini_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_ini_LDADD = $(OC_LIBS)
fuzz_fuzz_csv_SOURCES = fuzz/fuzz_csv.c
fuzz_fuzz_csv_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_csv_LDADD = $(OC_LIBS)
fuzz_fuzz_model_SOURCES = fuzz/fuzz_model.c
fuzz_fuzz_model_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_model_LDADD = $(OC_LIBS)

fuzz-smoke: fuzz/fuzz_ini fuzz/fuzz_csv fuzz/fuzz_model
	@set -e; for f in $(FUZZERS); do \
	  mkdir -p fuzz/corpus/$$f; \
	  echo "fuzz-smoke: $$f for $(FUZZ_SECONDS) s"; \
	  ./fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=fuzz/$$f- -print_final_stats=1 \
	    fuzz/corpus/$$f $(srcdir)/fuzz/seeds/$$f || { \
	    echo "fuzz-smoke: $$f found a failing input (fuzz/$$f-*): add it to" \
	         "tests/fuzz-regress/$$f/ and fix the code" >&2; exit 1; }; \
	done
else
fuzz-smoke:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing first" >&2; exit 1
endif
.PHONY: fuzz-smoke
