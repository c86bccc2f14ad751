#!/usr/bin/python3
"""Runs a command under the seccomp part of feedwatch.service's sandbox, where systemd is not PID 1.

    sandbox-check.py UNIT -- COMMAND [ARG...]

Builds the same filters systemd would from UNIT and installs them with libseccomp (Debian: python3-seccomp)
before exec'ing COMMAND, so the dynamic loader and the Swift runtime start under them as they would in the
service:
  SystemCallFilter= (every line, groups expanded by `systemd-analyze syscall-filter`, ~ lines remove)
  SystemCallErrorNumber=  (what a call outside the filter returns)
  RestrictAddressFamilies=  (socket() with another family: EAFNOSUPPORT)
  MemoryDenyWriteExecute=yes  (mmap W+X, mprotect/pkey_mprotect +X, shmat SHM_EXEC: EPERM)
It does not set up namespaces or mounts (ProtectSystem=, PrivateTmp=…); run it under
`setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all`
to drop the user and capabilities as DynamicUser= and CapabilityBoundingSet= would.
"""
import errno
import os
import socket
import subprocess
import sys

import seccomp

PROT_WRITE, PROT_EXEC, SHM_EXEC = 0x2, 0x4, 0o100000


def unit_settings(path):
    """Each key's values, in file order (a key may repeat)."""
    settings = {}
    with open(path) as unit:
        for line in unit:
            line = line.strip()
            if not line or line[0] in "#;[" or "=" not in line:
                continue
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def expand(name, seen=None):
    """The system calls a name stands for: itself, or a group's members, nested groups expanded."""
    if not name.startswith("@"):
        return {name}
    seen = seen if seen is not None else set()
    if name in seen:
        return set()
    seen.add(name)
    output = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True, check=True)
    calls = set()
    for line in output.stdout.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith("#"):
            calls |= expand(line, seen)
    return calls


def allowed_calls(lines):
    """What systemd allows: the first allow-list, then each ~ line removes and each plain line adds."""
    allowed = set()
    for value in lines:
        deny = value.startswith("~")
        names = value.lstrip("~").split()
        calls = set().union(*(expand(name) for name in names)) if names else set()
        if deny:
            allowed -= calls
        else:
            allowed |= calls
    return allowed


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    settings = unit_settings(sys.argv[1])
    command = sys.argv[3:]
    denied_errno = getattr(errno, settings.get("SystemCallErrorNumber", ["EPERM"])[-1])
    rules = seccomp.SyscallFilter(defaction=seccomp.ERRNO(denied_errno))
    allowed = allowed_calls(settings.get("SystemCallFilter", []))
    special = {"socket", "mmap", "mprotect", "pkey_mprotect", "shmat"}
    skipped = []

    def deny(number, call, *conditions):
        if number == denied_errno:
            return  # the default action already does this; libseccomp refuses a rule that repeats it
        rules.add_rule(seccomp.ERRNO(number), call, *conditions)

    for call in sorted(allowed - special):
        try:
            rules.add_rule(seccomp.ALLOW, call)
        except (ValueError, RuntimeError, OSError):
            skipped.append(call)  # not a system call on this architecture (arm_fadvise64_64 …)

    families = set()
    for value in settings.get("RestrictAddressFamilies", []):
        families |= {int(getattr(socket, name)) for name in value.split()}
    if "socket" in allowed:
        if families:
            for family in range(0, 64):
                if family in families:
                    rules.add_rule(seccomp.ALLOW, "socket", seccomp.Arg(0, seccomp.EQ, family))
                else:
                    deny(errno.EAFNOSUPPORT, "socket", seccomp.Arg(0, seccomp.EQ, family))
        else:
            rules.add_rule(seccomp.ALLOW, "socket")

    mdwe = settings.get("MemoryDenyWriteExecute", ["no"])[-1] == "yes"
    if "mmap" in allowed:
        if mdwe:
            for prot in (0, PROT_WRITE, PROT_EXEC):
                rules.add_rule(seccomp.ALLOW, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, PROT_WRITE | PROT_EXEC, prot))
            deny(errno.EPERM, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, PROT_WRITE | PROT_EXEC, PROT_WRITE | PROT_EXEC))
        else:
            rules.add_rule(seccomp.ALLOW, "mmap")
    for call in ("mprotect", "pkey_mprotect"):
        if call in allowed:
            if mdwe:
                rules.add_rule(seccomp.ALLOW, call, seccomp.Arg(2, seccomp.MASKED_EQ, PROT_EXEC, 0))
                deny(errno.EPERM, call, seccomp.Arg(2, seccomp.MASKED_EQ, PROT_EXEC, PROT_EXEC))
            else:
                rules.add_rule(seccomp.ALLOW, call)
    if "shmat" in allowed:
        if mdwe:
            rules.add_rule(seccomp.ALLOW, "shmat", seccomp.Arg(2, seccomp.MASKED_EQ, SHM_EXEC, 0))
            deny(errno.EPERM, "shmat", seccomp.Arg(2, seccomp.MASKED_EQ, SHM_EXEC, SHM_EXEC))
        else:
            rules.add_rule(seccomp.ALLOW, "shmat")

    print(f"sandbox-check: {len(allowed)} system calls allowed ({len(skipped)} not on this architecture), "
          f"others fail with {errno.errorcode[denied_errno]}; address families {sorted(families)}; "
          f"MemoryDenyWriteExecute={'yes' if mdwe else 'no'}", file=sys.stderr)
    rules.load()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
