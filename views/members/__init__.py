"""The 党员 tab: roster list, member dialog, archive dialog, detail panel."""
