"""The plugin system: the contract (``hookspecs``), the marker plugins import, and the manager.

Plugins import only this::

    from app.plugins import hookimpl
"""
import pluggy

hookimpl = pluggy.HookimplMarker("qi_onestop")

__all__ = ["hookimpl"]
