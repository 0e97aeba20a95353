"""Certified reference materials (标准物质): a sample outside plugin of QI One-Stop."""
__version__ = "0.3.0"
