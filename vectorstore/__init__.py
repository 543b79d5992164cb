"""The knowledge store: chunk model, embeddings, Norwegian keyword index and the Chroma collection.

Everything that ingest and service must agree on lives here, once. This package imports nothing of ours.
"""
