"""The demo's made-up people: example.org addresses only."""


def email(name):
    return name.split()[0].lower().replace("é", "e") + "@example.org"
