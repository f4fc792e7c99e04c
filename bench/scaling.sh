# SPDX-License-Identifier: MIT
# bench/scaling.sh - bench/run -s: cost against the number of rows, for
# opticure and the Python original, on a log-log plot.  Sourced by
# bench/run (its helpers: timed, median, train_case, sec, ratio, oc_fit,
# py_fit, log, die) and exits; see bench/run's comment for the cases.

command -v gnuplot >/dev/null 2>&1 || die "gnuplot is needed for -s (Debian package gnuplot-nox)"

train_sizes="1000 10000 100000"
predict_sizes="10000 100000 1000000"
[ "$huge" = 0 ] || predict_sizes="$predict_sizes 10000000"

# --- training: the whole pipeline and each fit ---
train_case default 500 "$reps"        # the model --predict scores with
for n in $train_sizes; do
	runs=$reps
	[ "$n" -lt 100000 ] || runs=$bigreps
	train_case "s$n" "$n" "$runs"
done

# --- --predict: one CSV of 1,000,000 rows, cut or repeated ---
log "scaling: writing the CSVs to score"
"$oc" --generate --rows 1000000 --seed 7 -q -C "$tmp/big"
for n in $predict_sizes; do
	f="$tmp/score$n.csv"
	if [ "$n" -le 1000000 ]; then
		head -n $((n + 1)) "$tmp/big/curing_data.csv" >"$f"
	else
		{ cat "$tmp/big/curing_data.csv"
		  i=1
		  while [ $((i * 1000000)) -lt "$n" ]; do
			tail -n +2 "$tmp/big/curing_data.csv"
			i=$((i + 1))
		  done; } >"$f"
	fi
	runs=$reps
	[ "$n" -lt 10000000 ] || runs=$bigreps
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		log "predict $n rows: opticure run $i/$runs"
		OUT=/dev/null timed "oc-p$n" "$oc" --predict "$f" -C "$tmp/oc-default"
	done
	[ "$have_py" = 1 ] || continue
	pyruns=$((runs < 3 ? runs : 3))
	i=0
	while [ "$i" -lt "$pyruns" ]; do
		i=$((i + 1))
		log "predict $n rows: python run $i/$pyruns"
		OUT=/dev/null timed "py-p$n" "$py" "$ref" predict --data "$f" --dir "$tmp/py-default" \
			--out /dev/null
	done
	[ "$n" -le 1000000 ] || rm -f "$f"
done

# --- figures: scaling.dat (gnuplot's input), then the tables ---
# fits N SIDE: the four models' median fit seconds, summed
fits() {
	t=0
	for m in lr rf gb svm; do
		v=$(median "$tmp/$2-s$1-$m.fit" 1)
		[ "$v" = - ] && { echo -; return; }
		t=$(awk -v a="$t" -v b="$v" 'BEGIN { printf "%.6f", a + b }')
	done
	echo "$t"
}
dat="$outdir/scaling.dat"
{
	echo "# bench/run -s: seconds against rows (median of runs; - when not measured)"
	echo "# training rows, whole pipeline: opticure, python; the four fits: opticure, python"
	for n in $train_sizes; do
		echo "$n $(median "$tmp/oc-s$n.t" 1) $(median "$tmp/py-s$n.t" 1) $(fits "$n" oc) $(fits "$n" py)"
	done
	printf '\n\n'
	echo "# rows scored, --predict to /dev/null: opticure, python"
	for n in $predict_sizes; do
		echo "$n $(median "$tmp/oc-p$n.t" 1) $(median "$tmp/py-p$n.t" 1)"
	done
} >"$dat"

load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
comma() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s); print s }'; }
{
	echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(date -u +%Y-%m-%d); load average at the end: $load"
	echo "Command: bench/run -s$( [ "$huge" = 1 ] && echo ' -X') -r $reps -R $bigreps" \
	     "(medians of $reps runs; 100,000 training rows and 10,000,000 scored rows: $bigreps run(s);" \
	     "Python --predict: at most 3 runs)"
	echo
	echo "| training rows | opticure pipeline, s | Python pipeline, s | ratio | opticure fits, s | scikit-learn fits, s | ratio |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	while read -r n op pp of pf; do
		case $n in ''|'#'*) continue ;; esac
		echo "| $(comma "$n") | $(sec "$op") | $(sec "$pp") | $(ratio "$pp" "$op")× | $(sec "$of") | $(sec "$pf") | $(ratio "$pf" "$of")× |"
	done <<EOF
$(sed -n '1,/^$/p' "$dat")
EOF
	echo
	echo "| training rows | lr fit, s: opticure / scikit-learn | rf | gb | svm |"
	echo "| ---: | ---: | ---: | ---: | ---: |"
	for n in $train_sizes; do
		line="| $(comma "$n")"
		for m in lr rf gb svm; do
			o=$(median "$tmp/oc-s$n-$m.fit" 1) p=$(median "$tmp/py-s$n-$m.fit" 1)
			line="$line | $(sec "$o") / $(sec "$p") ($(ratio "$p" "$o")×)"
		done
		echo "$line |"
	done
	echo
	echo "| rows scored | opticure --predict, s | rows/s | Python predict, s | rows/s | ratio |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
	sed -n '/^# rows scored/,$p' "$dat" | while read -r n o p; do
		case $n in ''|'#'*) continue ;; esac
		orate=$(awk -v n="$n" -v s="$o" 'BEGIN { printf("%.0f", n / s) }')
		prate=$(awk -v n="$n" -v s="$p" 'BEGIN { if (s == "-") print "-"; else printf("%.0f", n / s) }')
		echo "| $(comma "$n") | $(sec "$o") | $(comma "$orate") | $(sec "$p") | $(comma "$prate") | $(ratio "$p" "$o")× |"
	done
} >"$outdir/scaling.md"
cat "$outdir/scaling.md"

# --- the plot: both programs, seconds against rows, log-log ---
gnuplot <<EOF || die "gnuplot failed"
set terminal svg size 960,420 dynamic font "sans,12" background "white"
set output "$outdir/scaling.svg"
set datafile missing "-"
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set grid
set key top left Left reverse samplen 2
set multiplot layout 1,2 title "opticure and the Python original (scikit-learn 1.2.1), $(nproc) CPUs"
set title "training: generate, fit 4 models, write"
set xlabel "training rows"
set ylabel "seconds"
plot "$dat" index 0 using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "opticure, whole pipeline", \\
     "" index 0 using 1:3 with linespoints lw 2 pt 5 lc rgb "#d62728" title "Python, whole pipeline", \\
     "" index 0 using 1:4 with linespoints lw 1 dt 2 pt 6 lc rgb "#1f77b4" title "opticure, the 4 fits", \\
     "" index 0 using 1:5 with linespoints lw 1 dt 2 pt 4 lc rgb "#d62728" title "scikit-learn, the 4 fits"
set title "scoring: CSV in, CSV out (default model: rf)"
set xlabel "rows scored"
plot "$dat" index 1 using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "opticure --predict", \\
     "" index 1 using 1:3 with linespoints lw 2 pt 5 lc rgb "#d62728" title "Python: pandas + scikit-learn"
unset multiplot
EOF
log "scaling: wrote $outdir/scaling.md, scaling.dat and scaling.svg"
exit 0
