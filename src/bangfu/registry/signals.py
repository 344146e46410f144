"""What the register tells the apps above it (they connect receivers; the register knows none of them).

``register_changed`` is sent inside the transaction that changed the register (an import that was applied,
a load of a register folder), with ``reason`` naming it; ``bangfu.indicators`` rebuilds the dashboard's
pre-aggregated figures then, in that same transaction.
"""

from django.dispatch import Signal

register_changed = Signal()  # sender: the module that changed the register; reason: str
