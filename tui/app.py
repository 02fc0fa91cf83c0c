"""The Casefile app: the case list first, every case screen pushed on top of it."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence, TypeVar

from textual import work
from textual.app import App, ComposeResult, ScreenError
from textual.binding import Binding
from textual.dom import DOMNode
from textual.driver import Driver
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from casefile.actions.workspace import Workspace
from casefile.store.protocol import CaseListing, FirstCases
from screens.actions import bindings, bound_ids, key_clashes
from screens.messages import CaseChanged
from screens.widgets.plain import tell
from screens.widgets.row_fill import FIRST_ROWS
from tui.keymap import keymap_path
from tui.palette import CaseCommands
from tui.quiet_repaints import no_repaint_on_focus
from tui.terminal_driver import compact_driver

if TYPE_CHECKING:  # the case file's models (0.1 s to import) come after the case list's first paint
    from casefile.records.case_state import CaseState
    from tui.watch import CaseWatcher, SeenChange

R = TypeVar("R")
MIN_WIDTH, MIN_HEIGHT = 80, 24
SMALL_MODE = "too-small"
MAIN_MODE = "cases"  # the case list at the bottom of the stack, every screen on top


class TooSmallScreen(ModalScreen):
    """Shown instead of a broken layout while the terminal is below 80x24."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: auto; height: auto; }
    """
    BINDINGS = bindings("too-small")

    def compose(self) -> ComposeResult:
        yield Static(self._text(), id="too-small", markup=False)

    def _text(self) -> str:
        width, height = self.app.size
        return f"Casefile needs at least {MIN_WIDTH}x{MIN_HEIGHT}; this terminal is {width}x{height}"

    # The screen says the size itself, whenever it is shown or resized: a caller that
    # scheduled the text beside the mode switch could run before the switch was done.
    def on_screen_resume(self) -> None:
        self.query_one(Static).update(self._text())

    def on_resize(self) -> None:
        self.query_one(Static).update(self._text())


class CasefileApp(App):
    """The App, and the services screens may ask of it (screens.services.AppServices)."""

    CSS_PATH = "app.tcss"
    TITLE = "Casefile"
    COMMANDS = App.COMMANDS | {CaseCommands}
    MODES = {SMALL_MODE: TooSmallScreen}
    # The case list is the mode Textual starts in: switching to it from Textual's default
    # screen held the first paint for 50 ms (switch_mode's delay_update) and parsed the CSS
    # twice more.
    DEFAULT_MODE = MAIN_MODE
    BINDINGS = bindings("app")

    def __init__(self, ws: Workspace, *, theme: str | None = None, poll_interval: float = 1.0,
                 keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        # No animations: a smooth scroll repaints the whole region on every frame of it
        # (PageDown on a long report: ~14 frames, 163 KB over SSH where one frame does).
        self.animation_level = "none"
        no_repaint_on_focus()
        self.ws = ws
        self.poll_interval = poll_interval
        self.keymap: Mapping[str, str] = dict(keymap or {})  # read and checked by tui/launch.py
        self._clashes_told: set[tuple[str, str, frozenset[str]]] = set()
        self._theme_name = theme
        self.watcher: CaseWatcher | None = None
        self._stop = threading.Event()
        # Read the case index now, before Textual starts, in this thread: read in a thread
        # beside Textual's start-up, both fight for the GIL and the list painted ~120 ms
        # later (10,000 cases: 0.62-0.69 s against 0.50-0.53 s read here). Only the first
        # screenful when there are more (casefile/store/first_cases.py); the case list then
        # lists them all in a worker.
        self._first_cases: FirstCases | None = None
        self._first_list: CaseListing | Exception | None = self._read_first_list()
        self.mouse_default = True
        self._list_up = False
        self.known_pos: Sequence[str] = []  # the POs of the last case list read, offered by the palette
        self.add_mode(MAIN_MODE, self._case_list)

    def get_driver_class(self) -> type[Driver]:
        # The terminal's driver, writing a style only when it changes (tui.compact_output).
        return compact_driver(super().get_driver_class())

    def _read_first_list(self) -> CaseListing | Exception | None:
        try:
            self._first_cases = self.ws.first_cases(FIRST_ROWS)
            return None if self._first_cases is not None else self.ws.list_cases()
        except Exception as exc:  # noqa: BLE001 - handed to the case list, which shows it
            return exc

    def first_cases(self) -> FirstCases | None:
        """The case list's first screenful read at start, the first time; None after, or
        when the whole list was read at start (list_cases gives it)."""
        first, self._first_cases = self._first_cases, None
        return first

    def list_cases(self) -> CaseListing:
        """The case list: the one read at start the first time, a fresh read after (thread)."""
        first, self._first_list = self._first_list, None
        if isinstance(first, Exception):
            raise first
        listing = self.ws.list_cases() if first is None else first
        self.known_pos = [s.po for s in listing.summaries]
        return listing

    def _case_list(self) -> Screen:
        from screens.cases import CasesScreen

        return CasesScreen(self.ws)

    def on_mount(self) -> None:
        if self._theme_name:
            self.theme = self._theme_name
        self.set_keymap(dict(self.keymap))
        self._check_keys(self.screen)
        self._list_up = True
        # After whatever resize arrived while the list was coming up (it read the size then).
        self.call_next(self._guard_size)
        # After the case list's first paint: the watcher reads every case file's stat and
        # imports the case file's models, which the first paint does not need.
        self.call_after_refresh(self._watch)

    # -- no idle output: cursors never blink -------------------------------------
    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        result = super().push_screen(screen, *args, **kwargs)
        if isinstance(screen, Screen):
            screen.call_after_refresh(self._stop_blinking, screen)
            self._check_keys(screen)
        return result

    @staticmethod
    def _stop_blinking(screen: Screen) -> None:
        # A blinking cursor writes ~2 KB/s forever to an idle terminal over SSH, so none blink,
        # including the command palette's input and other screens' fields.
        from textual.widgets import TextArea  # start-up: 9 ms the case list does not need

        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False

    def refresh(self, *, repaint: bool = True, layout: bool = False, recompose: bool = False) -> CasefileApp:
        # When a screen leaves the stack, Textual 8.2.8 lays out the one below again and asks
        # for a repaint of all of it (App._prune), though that screen painted itself in full
        # when it resumed: a second full frame on every esc (3.9 KB on the case list). The
        # layout pass repaints whatever moved. The other caller, App.suspend, is not used here.
        if layout and not recompose:
            repaint = False
        return super().refresh(repaint=repaint, layout=layout, recompose=recompose)

    # -- terminal size ------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        # The terminal has moved, cut or blanked cells of its own while resizing: the frame
        # the new size brings is written whole (without this, growing back from the size
        # notice left parts of the notice and a blank footer on screen). A Resize to the size
        # the app has already (the terminal's first, which may come after the case list's
        # first paint) changed nothing there.
        if event.size != self.size:
            self._forget_cells()
        # Textual runs this handler before App._on_resize records the new size, and
        # switch_mode lays the screen it resumes out at app.size: switching here sized it to
        # the old terminal, its own compositor then queued it a Resize of the old size beside
        # the new one, and the two re-posted each other forever (issue #12: 100% CPU, no
        # repaint, keys never read). So the guard runs once the size is recorded.
        self.call_next(self._guard_size)

    def _guard_size(self) -> None:
        # A mode of its own, so the screens the user had open are all there afterwards and
        # are never laid out at a size they cannot fit.
        if not self._list_up:  # on_mount checks the size once the case list is up
            return
        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self.current_mode != SMALL_MODE:
            self.switch_mode(SMALL_MODE)
        elif not small and self.current_mode == SMALL_MODE:
            self.switch_mode(MAIN_MODE)

    def on_idle(self) -> None:
        # Textual 8.2.8 holds a screen's repaint while any update batch is open, and the last
        # batch to close wakes only the App. When a Footer's recompose (any screen) outlived
        # switch_mode's 50 ms batch, the screen just shown was never painted: the terminal kept
        # the old picture until the next key (3 of 50 resizes in tmux). Passing the App's idle
        # on lets the screen paint what it holds; with nothing held it writes nothing.
        try:
            screen = self.screen
        except ScreenError:  # no screen yet, or none left while quitting
            return
        screen.check_idle()

    # -- live data ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="watch")
    def _watch(self) -> None:
        from tui.watch import CaseWatcher  # start-up: see the top

        worker = get_current_worker()
        self.watcher = CaseWatcher(self.ws)
        while not worker.is_cancelled and not self._stop.wait(self.poll_interval):
            for change in self.watcher.poll():
                self.call_from_thread(self._seen, change)

    def _seen(self, change: SeenChange) -> None:
        who = f"{change.actor}: {change.action}" if change.actor else change.action
        tell(self, f"{change.po} changed by {who}", title="Case updated", timeout=6)
        self.broadcast(CaseChanged(change.po, change.actor, change.action))

    def own_write(self, po: str, action: Callable[[], R], state_of: Callable[[R], CaseState]) -> R:
        """AppServices.own_write: the watcher leaves the file alone until the new revision is noted."""
        watcher = self.watcher
        return action() if watcher is None else watcher.own_write(po, action, state_of)

    def saved(self, state: CaseState) -> None:
        """A screen wrote `state`: refresh every screen, without a 'changed by' notice."""
        if self.watcher is not None:
            self.watcher.note(state.po, state.revision)
        last = state.history[-1] if state.history else None
        self.broadcast(CaseChanged(state.po, last.actor if last else "", last.action if last else ""))

    def broadcast(self, message: CaseChanged) -> None:
        # Screens under the top one reload too, so going back shows the current state.
        for screen in self.screen_stack:
            screen.post_message(CaseChanged(message.po, message.actor, message.action))

    # -- keys -------------------------------------------------------------------------
    def _check_keys(self, screen: Screen) -> None:
        if not self.keymap:
            return
        ids = bound_ids(type(screen)) + ([] if screen.is_modal else bound_ids(type(self)))
        for key, held in key_clashes(ids, self.keymap).items():
            self._tell_clash(key, held, screen)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        for key in {b.key for b in clashed_bindings}:
            self._tell_clash(key, sorted(b.id or b.action for b in clashed_bindings if b.key == key), node)

    def _tell_clash(self, key: str, held: list[str], node: DOMNode) -> None:
        told = (type(node).__name__, key, frozenset(held))
        if told in self._clashes_told:  # Textual asks on every key while a clash is in the chain
            return
        self._clashes_told.add(told)
        tell(self, f"{key} is the key of {' and '.join(held)} on {type(node).__name__}, and only one "
                   f"of them can have it: give the other another key in {keymap_path()}",
             title="Keymap clash", severity="warning", timeout=15)

    # -- actions ----------------------------------------------------------------------
    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.keymap, str(keymap_path())))

    def action_redraw(self) -> None:
        # Only changed cells reach the terminal (tui/changed_cells.py), so a picture another
        # program scribbled on (a `wall` message, a stray `cat`) stays wrong until redrawn.
        self._forget_cells()
        self.screen.refresh()

    def _forget_cells(self) -> None:
        """What the terminal shows is unknown: the next frame is written in full."""
        forget = getattr(self._driver, "forget_cells", None)  # absent from Textual's test driver
        if forget is not None:
            forget()

    def get_system_commands(self, screen: Screen):
        # Textual's own palette entries, but for the theme and quitting: its "Keys" panel told
        # the keys in other words than F1, and "Screenshot" wrote an SVG into the working folder
        return (command for command in super().get_system_commands(screen) if command.title in ("Theme", "Quit"))

    def action_quit(self) -> None:
        # Textual's own quit (ctrl+q, the palette's "Quit") exited at once, a form's typed
        # input lost: it asks as q does
        self.action_quit_app()

    def action_quit_app(self) -> None:
        from screens.form_base import FormScreen  # start-up: see the top

        if not any(isinstance(s, FormScreen) and s.dirty for s in self.screen_stack):
            self.exit()
            return
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("A form holds input that is not saved. Quit and lose it?"), answered)

    def open_new_case(self) -> None:
        from screens.case_form import CaseFormScreen

        def created(state: CaseState | None) -> None:
            if state is not None:
                self.open_case(state.po)

        self.push_screen(CaseFormScreen(self.ws), created)

    def open_case(self, po: str) -> None:
        from screens.case_view import CaseViewScreen

        self.push_screen(CaseViewScreen(self.ws, po))

    def run(self, *args: Any, mouse: bool | None = None, **kwargs: Any) -> Any:
        # Mouse tracking sends ~7 KB per hover move over SSH; create_app(mouse=False) keeps it off.
        return super().run(*args, mouse=self.mouse_default if mouse is None else mouse, **kwargs)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._stop.set()
        super().exit(*args, **kwargs)


def create_app(ws: Workspace, *, theme: str | None = None, mouse: bool = True, **kwargs: Any) -> CasefileApp:
    """The app for `ws`. `mouse` is passed to `app.run(mouse=...)` by the launcher."""
    app = CasefileApp(ws, theme=theme, **kwargs)
    app.mouse_default = mouse
    return app
