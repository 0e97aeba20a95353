"""Intellectual property services (知识产权服务): a built-in category plugin of QI One-Stop."""
__version__ = "0.1.0"
