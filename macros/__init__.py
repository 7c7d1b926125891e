"""Release Playbook: catalogue models and loader, page generation, document engine, command line.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`. Importing the
package imports nothing else, so `python -m macros` (the command line) never loads MkDocs.
"""


def define_env(env) -> None:
    """mkdocs-macros entry point (see macros/site.py)."""
    from .site import define_env as define

    define(env)


__all__ = ["define_env"]
