"""Dictionaries (字典管理): coded lists with zh and en labels that administrators edit, that the
platform and plugins ship through the ``qi_dictionaries`` hook (issue 18)."""
