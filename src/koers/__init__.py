"""Koers: client tracking and reporting for the local branches of a refugee-support foundation."""
