"""Write a set of files so that their folder holds the whole previous set or the whole new one.

Why: the files of an export are read together (``mentions.csv`` points into
``articles.csv``, ``claims_flat.csv`` repeats ``claims.csv``), so a folder
that mixes an old ``articles.csv`` with a new ``mentions.csv`` gives wrong
figures without any error. So every file of a set is written into a staging
folder beside OUTDIR (``.OUTDIR.export-XXXX.tmp``, on the same filesystem, so
moving is a rename), flushed and fsynced, and only when all of them are
complete is the set moved into place, in the first of these ways that applies:

1. **OUTDIR does not exist**: one rename of the staging folder to OUTDIR.
   Atomic: OUTDIR is absent or complete.
2. **OUTDIR is a plain folder holding nothing but files of this kind of set**
   (the ``family``: for an export, the file names of its format, or the
   :class:`Pattern` of names a per-document format writes) and
   is not the process's working folder, on Linux (a filesystem that allows
   it): ``renameat2(RENAME_EXCHANGE)`` swaps the staging folder and OUTDIR
   in one step, then the old folder is deleted. Atomic: every reader opening
   OUTDIR/NAME sees the old file or the new one, and all of one set. OUTDIR
   is then a new folder: its permission bits are copied over, but a shell
   whose working directory is OUTDIR keeps seeing the old, deleted one.
3. **Otherwise** (OUTDIR also holds other files, is a mount point, or the
   system has no renameat2, such as macOS and Windows): file by file with
   ``os.replace``, each atomic, after every file is fsynced. Each replaced
   file is first hard-linked aside, so a move that fails (a file locked by
   another program) puts every previous file back. Only a crash (kill -9,
   power loss) inside this last loop of a few renames, after all writing is
   done, can leave some files new and others old; the next run repairs that.

Files of the family that the new set does not contain are removed with the
move (a stale ``X_codes.csv`` next to a new ``X.csv`` would be a mix too);
other files in OUTDIR are never touched. While writing, both sets need room.

On any failure before the move (an exception, a cancel, a full disk) the
staging folder is removed and OUTDIR is as it was; an OSError becomes one
:class:`FileSetError` line naming the file. A staging folder left by a killed
process is removed by the next write to the same OUTDIR; a live writer's is
told apart by the ``flock`` its writer holds on it (on Windows, which has no
flock, leftovers are removed as far as files in use allow).

When OUTDIR is a mount point or its parent is not writable, the staging
folder is made inside OUTDIR (``OUTDIR/.export-XXXX.tmp``) and the move is the
file-by-file one; only then can a killed run leave a hidden folder in OUTDIR.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fnmatch
import functools
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

INSIDE_PREFIX = ".export-"
SUFFIX = ".tmp"
BACKUP = ".previous"


class FileSetError(Exception):
    """Writing a set of files failed (full disk, no permission); the folder keeps its old files."""


class Pattern:
    """A family known by its names' shapes (``*.ann``), for formats with a file per document."""

    def __init__(self, *patterns: str) -> None:
        self.patterns = patterns

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and not name.startswith(".") and any(
            fnmatch.fnmatchcase(name, p) for p in self.patterns)


class FileSet:
    """A set of files written into a staging folder, then moved into ``outdir`` as a whole.

    Use as a context manager; :meth:`open` each file by name. Leaving the
    block normally moves the set in; an exception discards it::

        with FileSet(out, family={"a.csv", "b.csv"}) as files:
            with files.open("a.csv") as fh:
                fh.write(...)

    ``how`` says afterwards which move was used ("rename", "exchange", "files").
    """

    def __init__(self, outdir: str | Path, family: Collection[str] | Pattern) -> None:
        self.shown = Path(outdir)  # as the caller named it, for messages
        self.outdir = Path(os.path.realpath(outdir))
        self.family = family if isinstance(family, Pattern) else frozenset(family)
        self.names: list[str] = []
        self.staging: Path | None = None
        self.beside = True
        self.how: str | None = None
        self._lock_fd: int | None = None
        self._current: str | None = None
        self._unsynced: list[str] = []

    # -- the block ---------------------------------------------------------------------------
    def __enter__(self) -> FileSet:
        try:
            self._stage()
        except OSError as exc:
            raise self._error(exc) from exc
        return self

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is None:
                try:
                    self._commit()
                except OSError as error:
                    self._discard()
                    raise self._error(error) from error
                return
            self._discard()
            if isinstance(exc, OSError):
                raise self._error(exc) from exc
        finally:
            self._unlock()

    @contextlib.contextmanager
    def open(self, name: str, *, encoding: str = "utf-8", newline: str = "",
             sync_now: bool = True) -> Iterator[IO[str]]:
        """A text file ``name`` in the staging folder, fsynced when the block ends.

        ``sync_now=False`` (a format with a file per document: thousands of small
        files) leaves the flush to the commit, which syncs them all at once
        (``syncfs`` on Linux, else one fsync each) before anything moves.
        """
        if name not in self.family or name in self.names:
            raise ValueError(f"{name!r} is not a new member of this file set")
        assert self.staging is not None, "open() belongs inside the with block"
        self._current = name
        with (self.staging / name).open("w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            if sync_now:
                os.fsync(fh.fileno())
            else:
                self._unsynced.append(name)
        self.names.append(name)
        self._current = None

    @contextlib.contextmanager
    def path(self, name: str) -> Iterator[Path]:
        """The staging path of ``name`` for a library that writes by file name (xlsx, sav).

        The file is fsynced when the block ends, like one written through :meth:`open`.
        """
        if name not in self.family or name in self.names:
            raise ValueError(f"{name!r} is not a new member of this file set")
        assert self.staging is not None, "path() belongs inside the with block"
        self._current = name
        target = self.staging / name
        yield target
        fd = os.open(target, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        self.names.append(name)
        self._current = None

    # -- staging -----------------------------------------------------------------------------
    def _stage(self) -> None:
        out, parent = self.outdir, self.outdir.parent
        parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out)
        self.beside = not out.is_dir() or (_same_device(out, parent)
                                            and os.access(parent, os.W_OK))
        where, prefix = (parent, f".{out.name}.export-") if self.beside else (out, INSIDE_PREFIX)
        for _attempt in range(5):
            path = where / f"{prefix}{secrets.token_hex(6)}{SUFFIX}"
            os.mkdir(path)  # mode 0o777 less the umask, as a folder made by hand
            if self._lock(path):
                self.staging = path
                return
        raise FileExistsError(errno.EEXIST, "could not lock a staging folder", str(where))

    def _lock(self, path: Path) -> bool:
        """Hold a flock on the new staging folder, so another run's clean-up leaves it alone."""
        if fcntl is None:
            return True
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # a clean-up may have removed it between mkdir and flock: then try another name
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                self._lock_fd = fd
                return True
        except OSError:
            pass
        os.close(fd)
        return False

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _discard(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _error(self, exc: OSError) -> FileSetError:
        name = self._current
        where = self.shown / name if name else self.shown  # never the hidden staging folder
        reason = exc.strerror or str(exc)
        kept = (f"the files in {self.shown} are as they were" if self.outdir.exists()
                else "nothing was written")
        return FileSetError(f"{where}: {reason}; {kept}")

    # -- moving into place -------------------------------------------------------------------
    def _commit(self) -> None:
        staging, out = self.staging, self.outdir
        assert staging is not None
        self._sync_deferred()
        _fsync_dir(staging)
        if self.beside and not os.path.lexists(out):
            try:
                os.rename(staging, out)
            except OSError as exc:  # OUTDIR appeared meanwhile: move into it below
                if not isinstance(exc, FileExistsError) and exc.errno != errno.ENOTEMPTY:
                    raise
            else:
                self.how = "rename"
                _fsync_dir(out.parent)
                return
        entries = set(os.listdir(out))
        # not into our own working folder: the process would be left in the deleted old one
        if self.beside and all(e in self.family for e in entries) and os.getcwd() != str(out):
            os.chmod(staging, stat.S_IMODE(os.stat(out).st_mode))
            if exchange(staging, out):
                self.how = "exchange"
                _fsync_dir(out.parent)
                self._put_back_strays(staging)
                shutil.rmtree(staging, ignore_errors=True)
                return
        self._move_files(sorted({e for e in entries if e in self.family} - set(self.names)))
        self.how = "files"
        shutil.rmtree(staging, ignore_errors=True)

    def _sync_deferred(self) -> None:
        """Make the files opened with ``sync_now=False`` durable: one syncfs, or fsync each."""
        if not self._unsynced:
            return
        assert self.staging is not None
        if _syncfs(self.staging):
            return
        for name in self._unsynced:
            self._current = name
            fd = os.open(self.staging / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self._current = None

    def _put_back_strays(self, old: Path) -> None:
        """A file someone put into OUTDIR between our look and the swap goes back into it."""
        for name in os.listdir(old):
            if name not in self.family and not os.path.lexists(self.outdir / name):
                with contextlib.suppress(OSError):
                    os.rename(old / name, self.outdir / name)

    def _move_files(self, stale: list[str]) -> None:
        """os.replace each new file, unlink each stale one; on a failure put every old file back."""
        staging, out = self.staging, self.outdir
        assert staging is not None
        backup = staging / BACKUP
        backup.mkdir()
        done: list[tuple[str, bool, bool]] = []  # (name, existed, kept aside)
        try:
            for name in [*self.names, *stale]:
                target = out / name
                existed = kept = os.path.lexists(target)
                if existed:
                    try:
                        os.link(target, backup / name)
                    except OSError:  # no hard links here: this one cannot be put back
                        kept = False
                if name in stale:
                    os.unlink(target)
                else:
                    os.replace(staging / name, target)
                done.append((name, existed, kept))
            _fsync_dir(out)
        except OSError:
            for name, existed, kept in reversed(done):
                with contextlib.suppress(OSError):
                    if kept:
                        os.replace(backup / name, out / name)
                    elif not existed:
                        os.unlink(out / name)
            raise


def remove_leftovers(outdir: Path) -> list[Path]:
    """Remove staging folders that killed runs left beside (or inside) ``outdir``."""
    removed = []
    for folder, prefix in ((outdir.parent, f".{outdir.name}.export-"), (outdir, INSIDE_PREFIX)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            path = folder / name
            if (name.startswith(prefix) and name.endswith(SUFFIX) and path.is_dir()
                    and not path.is_symlink() and _remove_if_abandoned(path)):
                removed.append(path)
    return removed


def _remove_if_abandoned(path: Path) -> bool:
    if fcntl is None:
        shutil.rmtree(path, ignore_errors=True)
        return not path.exists()
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # its writer is alive
        return False
    else:
        shutil.rmtree(path, ignore_errors=True)
        return True
    finally:
        os.close(fd)


def _same_device(a: Path, b: Path) -> bool:
    return os.stat(a).st_dev == os.stat(b).st_dev


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX; Windows cannot open a folder for this)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs(folder: Path) -> bool:
    """Flush the filesystem holding ``folder`` in one call (Linux ``syncfs``); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        fn = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        if fn(fd) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number), str(folder))
        return True
    finally:
        os.close(fd)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with RENAME_EXCHANGE).

    False where that is not available (another system, an old C library, a
    filesystem without it): the caller then moves file by file.
    """
    fn = _renameat2()
    return fn is not None and fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                                 _RENAME_EXCHANGE) == 0
