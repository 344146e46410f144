"""What a backup counts of the register (``core.backup``'s manifest and the restore's summary)."""

from bangfu.core.backup.database import backup_count_register
from bangfu.registry.models import Household, Village

backup_count_register("villages", Village.objects.count)
backup_count_register("households", Household.objects.count)
