"""Standardization services (标准化服务): a built-in category plugin of QI One-Stop."""
__version__ = "0.1.0"
