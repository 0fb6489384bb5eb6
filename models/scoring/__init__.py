"""积分制: the rule catalogue, score entries, quarter and year scores, ranking and 公示."""
