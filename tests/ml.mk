## tests/ml.mk - tests of the ml area.
