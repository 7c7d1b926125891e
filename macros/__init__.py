"""Release Playbook: catalogue models and loader, page generation, document engine, command line.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`.
"""

from .site import define_env

__all__ = ["define_env"]
