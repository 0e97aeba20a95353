"""Shared equipment (共享仪器, clause 4.2.1-2): institutions list key instruments for time-share use,
enterprises book time ranges that never overlap, the owning institution approves or refuses."""
