"""Pure Python domain: value types, rules and Vietnamese normalisation. No I/O, no Qt."""
