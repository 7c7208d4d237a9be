"""The review pages: ``reviewer`` (queue, review screen, directives, the idea's panel) and
``management`` (rounds, assignments, ranking, decisions) for the planning office."""
