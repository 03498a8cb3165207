# Place registration arrives with the registration issue; the app exists so the layout is whole.
