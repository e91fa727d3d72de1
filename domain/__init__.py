"""The domain layer: types, stage/kind tables with their labels, settings and user errors.

Every other layer (storage, intents, charts, bot) imports from here; this package imports none of them.
"""
