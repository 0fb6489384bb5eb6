"""Realistic demo data for every screen and report: `fill_demo` is the operation that makes it."""

from models.demo.roster import fill_demo

__all__ = ["fill_demo"]
