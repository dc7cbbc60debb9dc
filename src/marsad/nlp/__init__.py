"""The spaCy stage: tokens, sentences, entities and dependencies."""
