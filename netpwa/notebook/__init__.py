"""The follow-up notebook: a timeline of interactions per person, cadences, due follow-ups."""
