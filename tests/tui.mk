## tests/tui.mk - tests of the tui area.
