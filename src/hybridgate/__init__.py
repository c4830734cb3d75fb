"""hybridgate: a self-hostable hybrid LLM gateway.

Importing the package does nothing but define names: no network, no model load.
"""

__version__ = "0.1.0"
