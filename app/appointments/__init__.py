"""Appointments at service windows (预约式服务, clause 4.2.2-3).

- ``models``: the materialised slot (``qi_appointment_slot``: its places and how many are taken) and
  the appointment (``qi_appointment``), with their states.
- ``slots``: which slots a window offers, cut from its weekly hours on the working days of the
  calendar (``app.workdays``), for the next ``QI_APPOINTMENT_DAYS`` working days.
- ``booking``: booking, cancelling, rescheduling and marking attended / no-show, each one short
  transaction whose conditional ``UPDATE`` makes the last place of a slot go to exactly one booker.
- ``tasks``: the reminder the working day before (a periodic task of the core plugin).
- ``views``: the week of free places (``/appointments/book/<window code>``), the enterprise's
  appointments, one appointment's page, the window's day sheet and the staff list.

See docs/appointments.md.
"""
