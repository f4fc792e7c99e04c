## SPDX-License-Identifier: MIT
## man/man.mk - man pages, generated from .in templates with paths and version.
man_MANS = man/opticure.1 man/opticure.ini.5 man/opticure-model.5
EXTRA_DIST += man/opticure.1.in man/opticure.ini.5.in man/opticure-model.5.in
CLEANFILES += $(man_MANS)

# The date in each page's title line is when its source last changed, never
# the build day: SOURCE_DATE_EPOCH when set (reproducible builds), else the
# source's last commit in a git checkout, else its modification time (which
# a release tarball keeps).
man_date = $$(if test -n "$$SOURCE_DATE_EPOCH"; then date -u -d "@$$SOURCE_DATE_EPOCH" +%Y-%m-%d; \
	else d=$$(cd $(srcdir) && git log -1 --format=%cs -- "man/$$(basename $<)" 2>/dev/null); \
	test -n "$$d" && echo "$$d" || date -u -r "$<" +%Y-%m-%d; fi)
man_edit = $(SED) -e 's|@VERSION[@]|$(VERSION)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e "s|@MANDATE[@]|$(man_date)|g"
man/opticure.1: $(srcdir)/man/opticure.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_edit) $(srcdir)/man/opticure.1.in > $@.tmp && mv $@.tmp $@
man/opticure.ini.5: $(srcdir)/man/opticure.ini.5.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_edit) $(srcdir)/man/opticure.ini.5.in > $@.tmp && mv $@.tmp $@
man/opticure-model.5: $(srcdir)/man/opticure-model.5.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_edit) $(srcdir)/man/opticure-model.5.in > $@.tmp && mv $@.tmp $@
