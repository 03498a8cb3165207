# Travel bursaries arrive with the bursary issues; the app exists so the layout is whole.
