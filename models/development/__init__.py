"""发展党员: the pipeline from 入党申请 to 转正, its steps, materials and timing rules."""
