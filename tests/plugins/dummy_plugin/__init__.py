"""A tiny plugin that touches every hook of app/plugins/hookspecs.py.

The test suite installs it as the entry point ``dummy`` of a fake distribution (see tests/conftest.py),
so it is found the way an outside plugin is. Keep one implementation of every hook here.
"""
__version__ = "1.2.3"
