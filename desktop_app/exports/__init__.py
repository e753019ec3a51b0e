"""Writing files (Excel, PDF, data packages) from plain data."""
