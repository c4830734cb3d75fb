"""Settings: the YAML schema (`schema`), the loader (`loader`) and the zero-config default (`defaults`)."""
