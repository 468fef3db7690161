"""Tomoshibi: help against trafficking and sexual exploitation in Japan, joined up."""

__version__ = "0.1.0"
