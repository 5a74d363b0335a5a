"""Where the lesson panel goes, and what the tabs do to keep the step's subject in view.

Docked beside the tabs while the screen holds both; floating over the window's right
edge when it does not (a 1280-pixel projector in presentation mode); where the user put
it when the user floated it.  A floating panel over an edge of the window makes the tabs
leave that edge free, so it never covers the subject.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from ..look import look
from ..spotlight import screen_area, settle


class Placement(QObject):
    """The lesson panel's place (see the module)."""

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.window = panel.window_
        self._waiting = False  # a placing asked of the event loop's next turn
        self._tries = 0
        self._floating_by_us = False  # floated for want of room (not by the user)
        self._our_float = False  # (inside our own setFloating)
        panel.topLevelChanged.connect(self._floated)
        self._room_timer = QTimer(self, singleShot=True, interval=0)
        self._room_timer.timeout.connect(self._make_room)
        panel.installEventFilter(self)
        # a window resized (a projector plugged in, F11) places the panel and subject again
        self._place_timer = QTimer(self, singleShot=True, interval=0)
        self._place_timer.timeout.connect(self.place)
        self.window.installEventFilter(self)

    def place(self):
        """The panel beside the tab, and the step's subject in view, marked: alone
        (the other panels folded away) in presentation mode, when the tab and this panel
        do not fit side by side, or when the subject would be small or out of sight."""
        spotlight = self.window.spotlight
        step = self.panel.step
        if step is None or not step.subject or not self.panel.isVisible():
            spotlight.clear()
            self.fit_screen()
            return
        tab = self.window.current_page()
        if tab.key != step.tab:  # the user went to another tab first: nothing to mark there
            spotlight.clear()
            return
        if not tab.isVisible():
            # A tab built just now shows on the event loop's next turn; a hidden window
            # never shows it, so ask once and no more.
            if self.window.isVisible() and not self._waiting and self._tries < 20:
                self._waiting = True
                self._tries += 1
                QTimer.singleShot(0, self._place_later)
            return
        self._tries = 0
        spotlight.show(tab, step.subject, alone=look().presenting or not self._room_beside())
        self.fit_screen()
        if not spotlight.alone and not spotlight.readable():
            spotlight.show_alone(True)
            self.fit_screen()

    def _place_later(self):
        self._waiting = False
        self.place()

    def fit_screen(self):
        """Beside the tabs when the screen has room for both; otherwise floating over the
        window's right edge (a 1280-pixel projector in presentation mode): the tab is
        never squeezed below its own minimum."""
        screen = screen_area(self.window)
        if screen is None or not self.panel.isVisible():
            return
        if self.panel.isFloating() and not self._floating_by_us:
            self._make_room()  # floated by the user: where they put it
            return
        floating = not self._room_beside()
        if floating != self.panel.isFloating():
            self._our_float = True
            self.panel.setFloating(floating)
            self._our_float = False
            self._floating_by_us = floating
            if not floating:  # (docked again by the window: setFloating alone left it
                #                  drawn where it had floated)
                self.window.addDockWidget(Qt.RightDockWidgetArea, self.panel)
        if floating:
            width = max(self.panel.minimumWidth(), round(screen.width() * 0.24))
            self.panel.setGeometry(screen.right() - width - 8, screen.top() + 60, width,
                             min(screen.height() - 120, 560))
        self._make_room()

    def _floated(self, floating):
        if not self._our_float:  # the user floated it (or docked it again)
            self._floating_by_us = False
        self._room_timer.start()

    def _make_room(self):
        """A floating panel over the window's left or right part: the tabs leave that
        part free, so the subject of the step is never under it."""
        settle()  # (the tabs' own size, after a resize still waiting to be laid out)
        left = right = 0
        if self.panel.isFloating() and self.panel.isVisible():
            win = self.window
            area = win.tabs.rect().translated(win.tabs.mapToGlobal(win.tabs.rect().topLeft()))
            over = self.panel.frameGeometry().intersected(area)
            if not over.isEmpty() and over.height() > 0:
                if over.center().x() >= area.center().x():
                    right = area.right() - over.left() + 1
                else:
                    left = over.right() - area.left() + 1
                if left + right > area.width() // 2:  # (over the middle: the user's choice)
                    left = right = 0
        changed, whole = self._leave_room(left, right)
        spotlight = self.window.spotlight
        if spotlight.tab is None or spotlight.alone:
            return
        if not whole:  # the tab cannot spare the room: the subject alone can
            spotlight.show_alone(True)
            self._leave_room(left, right)
        elif changed and not spotlight.readable():  # (less room: still readable?)
            spotlight.show_alone(True)

    def eventFilter(self, obj, event):
        # (the tabs' margins change on the event loop's next turn: changed inside a dock's
        # own move, resize or hide, as it docks again, they left it drawn where it had
        # floated)
        if obj is self.window:
            if event.type() == QEvent.Resize and self.panel.isVisible():
                self._place_timer.start()
        elif event.type() in (QEvent.Move, QEvent.Resize, QEvent.Hide):
            self._room_timer.start()
        elif event.type() == QEvent.Show:  # (opened before the window was shown)
            self._place_timer.start()
        return False

    def _room_beside(self):
        """Does the screen hold the tab (as it is shown now) and this panel side by side?"""
        screen = screen_area(self.window)
        need = self._tab_needs() + self.panel.minimumWidth() + 40
        return screen is None or need <= screen.width()

    def _holders(self):
        """What holds each tab (under its scroll area): its margins are the room left free."""
        tabs = self.window.tabs
        return [tabs.widget(i).widget() for i in range(tabs.count())]

    def _tab_needs(self):
        """The width the shown tab needs (less, and it scrolls), without room left free."""
        holder = self.window.tabs.currentWidget().widget()
        margins = holder.layout().contentsMargins()
        return holder.minimumSizeHint().width() - margins.left() - margins.right()

    def _leave_room(self, left, right):
        """Keep ``left`` and ``right`` pixels of the tabs free (a floating lesson there),
        as far as the tab can spare them: the window never grows for it.  (Did they
        change, and was all of it given?)"""
        settle()
        now = self.window.tabs.currentWidget().widget().layout().contentsMargins()
        spare = max(0, self.window.tabs.width() - self._tab_needs())
        whole = left + right <= spare
        if not whole:
            left, right = left * spare // (left + right), right * spare // (left + right)
        if (now.left(), now.right()) == (left, right):
            return False, whole
        for holder in self._holders():
            holder.layout().setContentsMargins(left, 0, right, 0)
        return True, whole
