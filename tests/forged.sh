#!/bin/sh
# SPDX-License-Identifier: MIT
# forged.sh - model files with a valid checksum but values training cannot
# produce are refused by the loader (exit 65, FILE:LINE), so that neither
# --predict nor the dashboard ever computes with them:
#   a feature range -1e308 .. 1e308 (the dashboard divided inf by inf);
#   gradient-boosting trees beyond the training limits of the
#   hyperparameter table and the training rows: a forged chain of 401 nodes
#   (depth 200 > the largest max_depth, 64) and one of 2,001 nodes (more
#   than 2n - 1 for n = 400 training rows);
#   logistic-regression coefficients of 1e308 (scored as nan before);
#   random-forest leaf counts of 1e308 (probabilities 0,0 before).
# Files are resealed with a fresh CRC-32 (gzip's trailer holds it).
. "$top_srcdir/tests/pipeline_lib.sh"

command -v gzip >/dev/null 2>&1 || { echo "# gzip not found"; exit 77; }
"$OPTICURE" --batch --config="$cfg" --dir="$tmp/m" --quiet </dev/null >/dev/null ||
	{ echo "Bail out! cannot train"; exit 99; }
model="$tmp/m/bat_curing_pipeline.model"
data="$tmp/m/curing_data.csv"

# reseal IN OUT: OUT is IN's body with a valid checksum line.
reseal() {
	head -n -1 "$1" >"$2.body"
	crc=$(gzip -c <"$2.body" | tail -c 8 | od -An -tx4 -N4 | tr -d ' \n')
	{ cat "$2.body"; printf 'crc32 %s\n' "$crc"; } >"$2"
	rm -f "$2.body"
}
# forged NAME AWK-PROGRAM: $tmp/NAME/bat_curing_pipeline.model is the model
# edited by the awk program, resealed.
forged() {
	mkdir -p "$tmp/$1"
	awk "$2" "$model" >"$tmp/$1.edit"
	reseal "$tmp/$1.edit" "$tmp/$1/bat_curing_pipeline.model"
}
# refused NAME MODEL ERE: --predict with the forged model exits 65 and says ERE.
refused() {
	expect_status 65 "$1: refused" "$OPTICURE" --predict="$data" --config="$cfg" \
		--dir="$tmp/$2" </dev/null >"$tmp/out"
	check_match "$1: says why" "$(cat "$tmp/stderr")" "$3"
	check "$1: no output" test ! -s "$tmp/out"
}

# The resealing itself is sound: an unchanged copy loads.
forged same '{ print }'
expect_status 0 "a resealed unchanged copy loads" "$OPTICURE" --predict="$data" --config="$cfg" \
	--dir="$tmp/same" </dev/null >/dev/null

forged range 'NR == FNR && /^feature "barn_temperature"/ { $4 = "-1e308"; $5 = "1e308"; $6 = "0" } { print }'
refused "feature range -1e308 .. 1e308" range "bat_curing_pipeline\.model:6: 'feature': range beyond"

# The first gradient-boosting tree replaced by a chain of 2D + 1 nodes
# (depth D), the rest of the file as it was.
chain_prog='
	/^gb_tree / && !done { skip = $2; done = 1
		print "gb_tree " 2 * D + 1
		for (j = 0; j <= 2 * D; j++)    # even ids down the chain, odd ids leaves
			print (j % 2 == 0 && j < 2 * D) ? "node 0 50 " j + 1 " " j + 2 " 0" : "node -1 0 -1 -1 0"
		next }
	skip > 0 && /^node / { skip--; next }
	{ print }'
forged chain "BEGIN { D = 200 } $chain_prog"
refused "gradient-boosting chain of 401 nodes (depth 200)" chain \
	"gb_tree: depth 200, more than training makes \\(64\\)"
forged chain2 "BEGIN { D = 1000 } $chain_prog"
refused "gradient-boosting chain of 2001 nodes (400 training rows)" chain2 \
	"'gb_tree': 2001 is out of range \\[1, 799\\]"

forged coef '/^lr_coef / { $2 = "1e308"; $3 = "-1e308" } { print }'
refused "logistic-regression coefficients of 1e308" coef "coefficients too large"

forged counts 'in_rf && /^node -1 / && !done { $6 = "1e308"; done = 1 } /^begin rf/ { in_rf = 1 } { print }'
refused "random-forest leaf counts of 1e308" counts "class counts must be"

tu_done
