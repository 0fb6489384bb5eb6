"""民情台账: the grievance ledger — items, their history, time limits, figures, the 民情日记."""
