"""The predictor: machine pre-annotation (entities, ids, quotes) between the segmenter and labelling."""
