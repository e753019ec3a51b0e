"""Qt item models adapting read models."""
