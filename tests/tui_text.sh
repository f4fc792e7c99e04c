#!/bin/sh
# SPDX-License-Identifier: MIT
# tui_text.sh - non-ASCII feature and class names.  In UTF-8 they are
# measured and clipped by display columns; with --ascii and in the C locale
# each non-ASCII character is drawn as one '?', so the screen is pure ASCII
# and every frame stays aligned (each row 80 columns, the What-if title
# keeps its "(rf)").  A slider on zero shows 0.00, never -0.00.
. "${top_srcdir:-.}/tests/tui-lib.sh"
tui_init

# The curing data with accented column names, an accented class and a
# column whose range crosses zero.
data="$TUI_TMP/data"
mkdir -p "$data"
"$OPTICURE" --generate -q -C "$data" >/dev/null 2>&1 || { echo "ERROR: --generate failed" >&2; exit 99; }
awk -F, 'BEGIN { OFS = "," }
NR == 1 { $2 = "humidité_air"; $5 = "durée_séchage_réel"; print $0, "écart"; next }
{ sub(/^Premium$/, "Prémium", $6); print $0, sprintf("%.2f", ((NR * 7) % 35 - 17) / 10) }' \
	"$data/curing_data.csv" >"$data/accents.csv" || exit 99
"$OPTICURE" --batch -q -C "$TUI_MODEL_DIR" -d "$data/accents.csv" >"$TUI_TMP/batch.out" 2>&1 ||
	{ cat "$TUI_TMP/batch.out" >&2; echo "ERROR: --batch failed" >&2; exit 99; }

restart() {
	tui_stop
	tui_start 80 24 "$@"
}

# Rows 2..23 (the frames) are 80 characters each.
check_aligned() {
	tui_screen | sed -n '2,23p' | while IFS= read -r line; do
		n=$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)
		[ "$n" -eq 80 ] || { echo "$n columns: $line"; exit 1; }
	done || tui_fail "$1: a row is not 80 columns wide"
}

check_ascii() {
	if tui_screen | LC_ALL=C grep -q '[^ -~]'; then
		tui_fail "$1: non-ASCII bytes on the screen"
	fi
}

# --- UTF-8 ---
tui_start 80 24
tui_wait "PRÉMIUM"
tui_wait "humidité_air"
tui_wait "durée_séchage_réel"
check_aligned "UTF-8"
tui_keys Down Down Down Down
tui_wait "P(Standard) vs durée_séchage_réel (rf)"
check_aligned "UTF-8 curve"
# écart: its default -0.30 stepped up six times, and a typed -0.
tui_keys Down
tui_wait "▶ écart"
tui_wait "-0.30 "
tui_keys l l l l l l
tui_wait "0.00 "
tui_wait "P(Standard) vs écart (rf)"
tui_screen | grep -F -q -e "-0.00" && tui_fail "stepped to -0.00"
tui_keys l
tui_wait "0.05 "
tui_keys Enter - 0 Enter
tui_wait_gone "0.05 "
tui_screen | grep -F -q -e "-0.00" && tui_fail "typed -0 shows -0.00"
# The class names in the metrics tables, padded by columns.
tui_keys Tab Tab Tab
tui_wait "[Metrics]"
tui_keys j j j j j
tui_wait "LR    Prémium  "
check_aligned "UTF-8 per class"
tui_keys G
tui_wait "SVM               Prémium  Standard"
check_aligned "UTF-8 confusion"
tui_quit q "after q"

# --- --ascii in a UTF-8 locale, then the C locale ---
for how in ascii c_locale; do
	case $how in
	ascii) restart --ascii ;;
	c_locale) TUI_ENV="LC_ALL=C" restart ;;
	esac
	tui_wait "PR?MIUM"
	tui_wait "humidit?_air"
	tui_wait "dur?e_s?chage_r?el"
	check_ascii "$how"
	check_aligned "$how"
	tui_keys Down Down Down Down
	tui_wait "P(Standard) vs dur?e_s?chage_r?el (rf)"
	tui_keys Tab Tab Tab
	tui_wait "[Metrics]"
	tui_keys G
	tui_wait "Pr?mium"
	check_ascii "$how metrics"
	check_aligned "$how metrics"
	tui_keys q
	status=$(tui_exit_status)
	[ "$status" = "rc=0 stty=same" ] || tui_fail "$how: after q: $status"
done
exit 0
