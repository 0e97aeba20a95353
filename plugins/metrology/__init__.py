"""Metrology services (计量服务): a built-in category plugin of QI One-Stop."""
__version__ = "0.1.0"
