class TokenConverter:
    """A private link's token: only its shape reaches the database, anything else is a 404."""

    regex = "[A-Za-z0-9_-]{32,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
