## tests/data.mk - tests of the data area.
