"""PCMD Desk: registers and reports for prostitution-prevention offices."""

__version__ = "0.1.0"
