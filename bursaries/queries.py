"""How many, and which: the bursary querysets that more than one page counts or lists. Each page
asks these, so a count and the list it links to never disagree."""

from .models import BursaryStatus
from .services import visible_applications


def waiting_for_score(user):
    """Applications waiting for `user`'s score: undecided, visible to them (no conflict of
    interest declared), and not yet scored by them. The overview's "N applications to score"
    counts exactly this, and the list it links to ("Waiting for my score") shows exactly this."""
    return (
        visible_applications(user)
        .filter(status__in=BursaryStatus.undecided)
        .exclude(reviews__reviewer=user, reviews__score__isnull=False)
    )
