"""发展党员 tab: the development pipeline, each person's steps, materials and scores, the ranking and the rules."""
