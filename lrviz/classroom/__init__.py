"""Class answers: students predict from their own phones before the teacher runs a
lesson step (no Qt).

``room.Room`` keeps the room code, the devices' tokens and their answers per step;
``server.ClassServer`` serves the class's page and its small API from a thread of
its own; ``process.RoomProcess`` runs both in a child process while the teacher has
Class answers on, so that no request takes Python's interpreter from the window.  The window's side is
``lrviz.ui.lessons.classroom``.
"""
