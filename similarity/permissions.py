import rules

from ideas.permissions import manages_seasons


@rules.predicate
def can_review_duplicates(user) -> bool:
    """The season's likely duplicate pairs, and dismissing one: the planning office."""
    return bool(manages_seasons(user))


rules.add_perm("similarity.review_duplicates", can_review_duplicates)
