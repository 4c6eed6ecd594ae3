"""The macOS backends driven against a recording fake of CoreFoundation, IOKit, Carbon and
ApplicationServices.

The fake checks each call against ``assistant.platform_bindings.macos.TABLE`` (declared,
argument count, argument types as ctypes would convert them, result type) and answers as
Apple's documentation says. CoreFoundation objects are counted: what a ``Create``/``Copy``
function hands out must be ``CFRelease``d once, what a ``Get`` function returns must not be.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pytest

from assistant.platform_bindings import macos as m
from tests.platform.recording_os import RecordingOS, target

pytestmark = pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit sizes")


def test_structures_have_their_documented_64_bit_sizes() -> None:
    for structure, size in m.SIZES_64BIT.items():
        assert ctypes.sizeof(structure) == size, structure.__name__


def test_every_declared_function_has_a_ctypes_signature() -> None:
    for functions in m.TABLE.values():
        for name, (_restype, argtypes) in functions.items():
            assert all(hasattr(t, "from_param") for t in argtypes), name


def test_cf_number_type_is_a_cfindex_not_an_int() -> None:
    # typedef CF_ENUM(CFIndex, CFNumberType): 8 bytes on 64-bit macOS.
    _restype, argtypes = m.TABLE["CoreFoundation"]["CFNumberGetValue"]
    assert ctypes.sizeof(argtypes[1]) == 8


class CoreFoundation:
    """Objects by number; owned ones (Create/Copy) must be released exactly once."""

    def __init__(self) -> None:
        self.next_id = 0x1000
        self.objects: dict[int, Any] = {}
        self.owned: set[int] = set()
        self.released: list[int] = []

    def new(self, value: Any, owned: bool = True) -> int:
        self.next_id += 0x10
        self.objects[self.next_id] = value
        if owned:
            self.owned.add(self.next_id)
        return self.next_id

    def handlers(self) -> dict[str, Any]:
        return {
            "CFStringCreateWithCString": self.create_string,
            "CFRelease": self.release,
            "CFDictionaryGetValue": self.dictionary_get,
            "CFBooleanGetValue": lambda ref: int(self.objects[ref] is True),
            "CFNumberGetValue": self.number_get,
            "CFArrayGetCount": lambda ref: len(self.objects[ref]),
            "CFArrayGetValueAtIndex": lambda ref, i: self.objects[ref][i],
        }

    def create_string(self, allocator: Any, text: bytes, encoding: int) -> int:
        assert allocator is None and encoding == m.K_CF_STRING_ENCODING_UTF8
        return self.new(text.decode())

    def release(self, ref: int) -> None:
        assert ref in self.owned, f"CFRelease of {ref:#x}, which the caller does not own"
        self.owned.remove(ref)
        self.released.append(ref)

    def dictionary_get(self, ref: int, key: int) -> int:
        value = self.objects[ref].get(self.objects[key])
        if value is None:
            return None  # type: ignore[return-value]  # NULL: no such key
        return value if isinstance(value, int) and value in self.objects else self.new(value, owned=False)

    def number_get(self, ref: int, number_type: int, out: Any) -> int:
        value = self.objects[ref]
        if not isinstance(value, int) or isinstance(value, bool):
            return 0
        width = {m.K_CF_NUMBER_SINT64_TYPE: ctypes.c_int64, m.K_CF_NUMBER_INT_TYPE: ctypes.c_int}[number_type]
        assert ctypes.sizeof(target(out)) == ctypes.sizeof(width)  # the buffer fits the type asked for
        target(out).value = value
        return 1


def mac_os(cf: CoreFoundation, **handlers: Any) -> RecordingOS:
    return RecordingOS(m.TABLE, {**cf.handlers(), **handlers})


# ---- idle time: IOKit HIDIdleTime ----------------------------------------------------------

def test_idle_seconds_from_hid_idle_time_and_everything_released() -> None:
    from assistant.idle.macos import HIDIdleSource

    cf = CoreFoundation()
    service, released_services = 0x77, []

    def matching(name: bytes) -> int:
        assert name == b"IOHIDSystem"
        return cf.new({"IOProviderClass": "IOHIDSystem"})

    def matching_service(port: int, dictionary: int) -> int:
        assert port == m.K_IO_MAIN_PORT_DEFAULT
        cf.owned.discard(dictionary)  # "this function consumes a reference on matching"
        return service

    def create_property(entry: int, key: int, allocator: Any, options: int) -> int:
        assert entry == service and cf.objects[key] == "HIDIdleTime"
        return cf.new(93_500_000_000)  # nanoseconds

    fake = mac_os(cf, IOServiceMatching=matching, IOServiceGetMatchingService=matching_service,
                  IORegistryEntryCreateCFProperty=create_property,
                  IOObjectRelease=lambda obj: released_services.append(obj) or 0)
    source = HIDIdleSource(fake)
    assert source.idle_seconds() == 93.5
    assert source.idle_seconds() == 93.5
    source.close()
    assert released_services == [service] and cf.owned == set()


# ---- lock state: CGSessionCopyCurrentDictionary (defect 13b: the key was never released) --

@pytest.mark.parametrize(("session", "locked"), [
    ({"CGSSessionScreenIsLocked": True, "kCGSSessionOnConsoleKey": True}, True),
    ({"kCGSSessionOnConsoleKey": True}, False),  # the key is absent while unlocked
])
def test_lock_probe_reads_the_session_and_releases_what_it_created(session: dict[str, Any], locked: bool) -> None:
    from assistant.locking.macos import CGSessionLockProbe

    cf = CoreFoundation()
    true = cf.new(True, owned=False)  # kCFBooleanTrue: a constant, never released
    values = {k: (true if v is True else v) for k, v in session.items()}
    fake = mac_os(cf, CGSessionCopyCurrentDictionary=lambda: cf.new(values))
    probe = CGSessionLockProbe(fake)
    for _ in range(3):
        assert probe() is locked
    assert cf.owned == set()  # the copied dictionary and every key string: released
    assert fake.names().count("CFStringCreateWithCString") == fake.names().count("CGSessionCopyCurrentDictionary")


def test_no_window_server_session_is_no_answer() -> None:
    from assistant.locking.macos import CGSessionLockProbe

    cf = CoreFoundation()
    assert CGSessionLockProbe(mac_os(cf, CGSessionCopyCurrentDictionary=lambda: None))() is None


# ---- full screen: CGWindowListCopyWindowInfo + CGDisplayBounds -----------------------------

def window_server(cf: CoreFoundation, windows: list[dict[str, Any]]) -> RecordingOS:
    display = m.CGRect(m.CGPoint(0, 0), m.CGSize(1440, 900))

    def rect_from(dictionary: int, rect_ref: Any) -> bool:
        x, y, width, height = cf.objects[dictionary]
        rect = target(rect_ref)
        rect.origin.x, rect.origin.y, rect.size.width, rect.size.height = x, y, width, height
        return True

    def displays(maximum: int, ids: Any, count_ref: Any) -> int:
        assert maximum >= 1
        ids[0] = 1
        target(count_ref).value = 1
        return 0

    def bounds(display_id: int) -> m.CGRect:
        assert display_id == 1
        return display

    def window_list(options: int, relative_to: int) -> int:
        infos = [cf.new({**w, "kCGWindowBounds": cf.new(w["kCGWindowBounds"], owned=False)}, owned=False)
                 for w in windows]
        return cf.new(infos)

    return mac_os(cf, CGWindowListCopyWindowInfo=window_list, CGRectMakeWithDictionaryRepresentation=rect_from,
                  CGGetActiveDisplayList=displays, CGDisplayBounds=bounds)


@pytest.mark.parametrize(("bounds", "busy"), [((0, 0, 1440, 900), True), ((0, 25, 1440, 875), False)])
def test_a_frontmost_window_covering_the_display_is_full_screen(bounds: tuple[int, ...], busy: bool) -> None:
    from assistant.focus import Busy
    from assistant.focus.macos import MacFullscreenProbe

    cf = CoreFoundation()
    fake = window_server(cf, [{"kCGWindowLayer": 25, "kCGWindowOwnerPID": 1, "kCGWindowBounds": (0, 0, 1440, 22)},
                              {"kCGWindowLayer": 0, "kCGWindowOwnerPID": 4242, "kCGWindowBounds": bounds}])
    probe = MacFullscreenProbe(fake)
    assert probe.busy() == (Busy.FULLSCREEN if busy else None)
    probe.close()
    assert cf.owned == set()


# ---- hotkeys: Carbon RegisterEventHotKey --------------------------------------------------

class FakeCarbon:
    """The Carbon Event Manager: one application target, hot keys by (key code, modifiers)."""

    TARGET, HANDLER = 0xE1, 0xA1

    def __init__(self, taken: set[tuple[int, int]] | None = None) -> None:
        self.taken = taken or set()  # combinations another application registered
        self.hotkeys: dict[int, tuple[int, int, int, int]] = {}  # ref -> (code, mods, signature, id)
        self.handler: Any = None
        self.removed = False
        self.os = RecordingOS(m.TABLE, {
            "GetApplicationEventTarget": lambda: self.TARGET,
            "InstallEventHandler": self.install, "RemoveEventHandler": self.remove,
            "RegisterEventHotKey": self.register, "UnregisterEventHotKey": self.unregister,
            "GetEventParameter": self.parameter,
        })
        self._pressed: m.EventHotKeyID | None = None

    def install(self, event_target: int, upp: Any, count: int, specs: Any, user_data: Any, out: Any) -> int:
        spec = target(specs)
        assert event_target == self.TARGET and count == 1
        assert (spec.eventClass, spec.eventKind) == (m.K_EVENT_CLASS_KEYBOARD, m.K_EVENT_HOT_KEY_PRESSED)
        self.handler = upp
        target(out).value = self.HANDLER
        return m.NO_ERR

    def remove(self, handler: Any) -> int:
        assert handler.value == self.HANDLER
        self.removed = True
        return m.NO_ERR

    def register(self, code: int, modifiers: int, hotkey_id: m.EventHotKeyID, event_target: int,
                 options: int, out: Any) -> int:
        assert event_target == self.TARGET and options == 0
        if (code, modifiers) in self.taken or any(k[:2] == (code, modifiers) for k in self.hotkeys.values()):
            return m.EVENT_HOT_KEY_EXISTS_ERR
        ref = 0xB00 + len(self.hotkeys) + 1
        self.hotkeys[ref] = (code, modifiers, hotkey_id.signature, hotkey_id.id)
        target(out).value = ref
        return m.NO_ERR

    def unregister(self, ref: Any) -> int:
        return m.NO_ERR if self.hotkeys.pop(ref.value, None) else m.EVENT_HOT_KEY_INVALID_ERR

    def press(self, code: int, modifiers: int) -> int:
        """The user pressed the combination: Carbon calls the installed handler."""
        [(signature, hotkey_id)] = [k[2:] for k in self.hotkeys.values() if k[:2] == (code, modifiers)]
        self._pressed = m.EventHotKeyID(signature, hotkey_id)
        return int(self.handler(None, 0xEE, None))

    def parameter(self, event: int, name: int, wanted: int, actual: Any, size: int, actual_size: Any,
                  out: Any) -> int:
        assert event == 0xEE and name == m.K_EVENT_PARAM_DIRECT_OBJECT and wanted == m.TYPE_EVENT_HOT_KEY_ID
        assert size == ctypes.sizeof(m.EventHotKeyID) == 8
        assert self._pressed is not None
        ctypes.memmove(out, ctypes.addressof(self._pressed), size)
        return m.NO_ERR


def test_carbon_hotkey_fires_its_callback_and_is_unregistered() -> None:
    from assistant.hotkeys.carbon import CarbonHotkeyService

    carbon = FakeCarbon()
    service = CarbonHotkeyService(carbon.os)
    pressed: list[str] = []
    lock = service.register("<ctrl>+<alt>+l", lambda: pressed.append("lock"))
    service.register("<ctrl>+<alt>+<shift>+<f9>", lambda: pressed.append("help"))
    kVK_ANSI_L, kVK_F9 = 0x25, 0x65
    assert carbon.press(kVK_ANSI_L, m.CONTROL_KEY | m.OPTION_KEY) == m.NO_ERR
    assert carbon.press(kVK_F9, m.CONTROL_KEY | m.OPTION_KEY | m.SHIFT_KEY) == m.NO_ERR
    assert pressed == ["lock", "help"]
    service.unregister(lock)
    assert [k[:2] for k in carbon.hotkeys.values()] == [(kVK_F9, 0x1A00)]
    service.close()
    assert carbon.hotkeys == {} and carbon.removed


def test_a_combination_another_app_holds_says_so() -> None:
    from assistant.hotkeys import HotkeyError
    from assistant.hotkeys.carbon import CarbonHotkeyService

    service = CarbonHotkeyService(FakeCarbon(taken={(0x25, m.CONTROL_KEY | m.OPTION_KEY)}).os)
    with pytest.raises(HotkeyError, match="already taken by another application"):
        service.register("<ctrl>+<alt>+l", lambda: None)
    with pytest.raises(HotkeyError, match="no macOS key code"):
        service.register("<ctrl>+<f21>", lambda: None)


# ---- the code word: Input Monitoring --------------------------------------------------------

def listen_access_os(granted: bool, granted_on_request: bool = False) -> RecordingOS:
    return RecordingOS(m.TABLE, {"CGPreflightListenEventAccess": lambda: granted,
                                 "CGRequestListenEventAccess": lambda: granted_on_request})


def test_without_input_monitoring_the_code_word_listener_says_which_permission() -> None:
    from assistant.panic.code_word import CodeWordMatcher
    from assistant.panic.code_word_listener import CodeWordListenerError, create_code_word_listener

    fake = listen_access_os(granted=False)
    listener = create_code_word_listener(CodeWordMatcher("redbird"), lambda: None, kind="macos",
                                         macos_bindings=fake)
    assert listener.name == "none"
    with pytest.raises(CodeWordListenerError) as refused:
        listener.start()
    assert refused.value.capability.needs_permission == "Input Monitoring"
    assert "Input Monitoring" in str(refused.value)
    assert fake.names() == ["CGPreflightListenEventAccess", "CGRequestListenEventAccess"]  # asked once


def test_input_monitoring_granted_or_granted_at_the_prompt() -> None:
    from assistant.panic.input_monitoring import input_monitoring

    assert input_monitoring(listen_access_os(granted=True)).available
    prompt = listen_access_os(granted=False, granted_on_request=True)
    assert not input_monitoring(prompt).available  # without request, no prompt
    assert input_monitoring(prompt, request=True).available


def test_before_macos_10_15_there_is_no_permission_to_ask_for() -> None:
    # bind() stands in for the optional functions a framework lacks: they raise OSError.
    from assistant.panic.input_monitoring import input_monitoring
    from assistant.platform_bindings import bind

    class OldApplicationServices:
        def __getattr__(self, name: str) -> Any:
            if name in m.OPTIONAL:
                raise AttributeError(name)
            return type("Function", (), {"restype": None, "argtypes": None})()

    bound = bind({"ApplicationServices": m.TABLE["ApplicationServices"]},
                 lambda _name: OldApplicationServices(), m.OPTIONAL)
    assert input_monitoring(bound, request=True).available
    with pytest.raises(AttributeError):  # a function that is not optional must exist
        bind({"ApplicationServices": m.TABLE["ApplicationServices"]}, lambda _name: OldApplicationServices())


def test_lock_screen_through_the_login_framework_then_confirmed_by_the_probe() -> None:
    from assistant.locking import SessionLocker
    from assistant.locking.macos import CGSessionLockProbe, SACLockScreenBackend

    cf = CoreFoundation()
    true = cf.new(True, owned=False)
    session: dict[str, Any] = {"kCGSSessionOnConsoleKey": True}

    def lock_screen() -> int:
        session["CGSSessionScreenIsLocked"] = true
        return 0

    login = RecordingOS(m.LOGIN_TABLE, {"SACLockScreenImmediate": lock_screen})
    probe = CGSessionLockProbe(mac_os(cf, CGSessionCopyCurrentDictionary=lambda: cf.new(dict(session))))
    assert probe() is False
    outcome = SessionLocker([SACLockScreenBackend(login)], probe).lock()
    assert outcome.locked and outcome.confirmed and login.names() == ["SACLockScreenImmediate"]
    assert cf.owned == set()
