## tests/pipeline.mk - tests of the pipeline area.
