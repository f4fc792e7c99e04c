## man/man.mk - man pages, generated from .in templates with paths and version.
man_MANS = man/opticure.1 man/opticure.ini.5 man/opticure-model.5
EXTRA_DIST += man/opticure.1.in man/opticure.ini.5.in man/opticure-model.5.in
CLEANFILES += $(man_MANS)

man_edit = $(SED) -e 's|@VERSION[@]|$(VERSION)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g'
man/opticure.1: $(srcdir)/man/opticure.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_edit) $(srcdir)/man/opticure.1.in > $@.tmp && mv $@.tmp $@
man/opticure.ini.5: $(srcdir)/man/opticure.ini.5.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_edit) $(srcdir)/man/opticure.ini.5.in > $@.tmp && mv $@.tmp $@
man/opticure-model.5: $(srcdir)/man/opticure-model.5.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_edit) $(srcdir)/man/opticure-model.5.in > $@.tmp && mv $@.tmp $@
