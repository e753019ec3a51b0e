"""Reading office files (Excel, CSV) into plain data."""
