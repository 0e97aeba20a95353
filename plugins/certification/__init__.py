"""Certification and accreditation services (认证认可服务): a built-in category plugin of QI One-Stop."""
__version__ = "0.1.0"
