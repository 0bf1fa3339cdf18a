"""Is there a display to open a window on? Asked before Qt is loaded, because Qt aborts.

Without a display Qt's xcb plugin calls ``qFatal`` ("could not connect to
display"), which kills the process with SIGABRT (exit status 134) and a
paragraph about plugins. A coder who typed ``annotator`` over ssh should read
one line saying what is wrong and what works instead. This module imports no
Qt, so it can decide before anything loads.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

#: Qt platforms that need no display server (tests, screenshots, VNC)
SELF_CONTAINED = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")

HINT = ("run it in a desktop session (or set QT_QPA_PLATFORM=offscreen for a "
        "headless run); import, export and the other commands need no display")


def display_problem(env: dict[str, str] | None = None) -> str | None:
    """None if a window can open, else one line saying why not (Linux and BSD only)."""
    env = os.environ if env is None else env
    if sys.platform in ("win32", "darwin"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if platform in SELF_CONTAINED:
        return None
    wayland, x11 = env.get("WAYLAND_DISPLAY"), env.get("DISPLAY")
    if platform in ("", "wayland") and wayland and _wayland_reachable(wayland, env):
        return None
    if platform in ("", "xcb") and x11:
        reason = _x11_problem(x11)
        if reason is None:
            return None
        return f"cannot open the window: the display {x11} {reason}; {HINT}"
    if platform == "wayland" or (wayland and not x11):
        return f"cannot open the window: the Wayland display {wayland or '(unset)'} is not " \
               f"reachable; {HINT}"
    if platform not in ("", "xcb", "wayland"):
        return None  # a platform we do not know: let Qt judge
    return f"cannot open the window: no display (DISPLAY and WAYLAND_DISPLAY are unset); {HINT}"


def _wayland_reachable(name: str, env) -> bool:
    path = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "/")) / name
    return path.exists()


_X_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$")


def _x11_problem(display: str) -> str | None:
    """None if an X server answers at ``display``, else a few words why not."""
    found = _X_DISPLAY.match(display)
    if found is None:
        return None  # a form we do not parse (launchd paths and such): let Qt try
    host, number = found["host"], int(found["number"])
    if host in ("", "unix"):
        sock = Path(f"/tmp/.X11-unix/X{number}")
        if sock.exists() or _abstract_x_socket(number):
            return None
        if host == "unix":
            return "has no X server socket"
        host = "localhost"
    import socket  # only for a display over TCP: the start-up needs it nowhere else
    try:
        with socket.create_connection((host, 6000 + number), timeout=1.0):
            return None
    except OSError:
        return "does not answer"


def _abstract_x_socket(number: int) -> bool:
    """Linux X servers also listen on an abstract socket, seen in /proc/net/unix."""
    try:
        with open("/proc/net/unix", encoding="ascii", errors="replace") as fh:
            return any(line.rstrip().endswith(f"@/tmp/.X11-unix/X{number}") for line in fh)
    except OSError:
        return False
