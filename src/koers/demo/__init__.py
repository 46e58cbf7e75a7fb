"""The synthetic demo region "Zuidwest-Nederland": every kind of record, for trying Koers out.

An app without models: the generator (used by tests too) and its command ``koers demo``.
It sits on top of every other app and no app imports it. Entry point:
:func:`koers.demo.generate.generate_demo`.
"""
