"""Writing files (Excel, PDF, data packages) from plain data, atomically (.part, then rename)."""
