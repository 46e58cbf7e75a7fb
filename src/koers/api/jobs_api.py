"""Bundles over HTTP (filled in below)."""

from ninja import Router

router = Router(tags=["Bundels"])
