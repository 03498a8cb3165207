"""Numbers in words for staff messages: "1 email", "7 emails", never "7 email(s)"."""


def how_many(count, singular, plural=None):
    """`count` and the noun that fits it: how_many(1, "email") is "1 email", how_many(7,
    "email") "7 emails", how_many(2, "person", "people") "2 people"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
