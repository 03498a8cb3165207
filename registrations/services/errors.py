class RegistrationError(Exception):
    """A registration rule refused the request; str(exc) is safe to show to the person."""
