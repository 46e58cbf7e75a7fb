"""The synthetic demo region "Zuidwest-Nederland": every kind of record, for trying Koers out.

Not a Django app: a generator used by ``koers demo`` (and by tests). Entry point:
:func:`koers.demo.generate.generate_demo`.
"""
