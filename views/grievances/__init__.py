"""民情台账 tab: the ledger of residents' demands with its figures, the actions on an item, each member's workload, the 民情日记 and the chart."""
