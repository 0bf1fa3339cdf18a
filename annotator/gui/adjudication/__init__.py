"""Team ▸ Compare coders: two coders' versions of an article side by side, accepted into gold.

The pairing and the verdicts come from ``annotator.team.adjudication`` (no Qt);
this package shows them and turns "Accept A" / "Accept B" into undo commands
on the window's stack.
"""
