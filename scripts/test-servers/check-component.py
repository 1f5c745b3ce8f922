#!/usr/bin/python3
"""Checks a test XMPP server started by scripts/test-servers.sh (stdlib only).

  check-component.py component HOST PORT COMPONENT SECRET [--expect-fail]
      XEP-0114: stream header for COMPONENT, <handshake>sha1hex(id+secret)</handshake>;
      expects <handshake/> (or, with --expect-fail, <stream:error> with not-authorized).
  check-component.py c2s HOST PORT DOMAIN [USER PASSWORD [--expect-fail]]
      Client stream header; expects <stream:features> with SASL mechanisms. With USER and
      PASSWORD, also logs in with SASL PLAIN (plaintext, loopback only) and expects <success/>
      (or, with --expect-fail, <failure> with not-authorized).

Exit status 0 when the expectation holds, 1 otherwise; prints one line saying what happened.
"""
import base64
import hashlib
import re
import socket
import sys
import time

TIMEOUT = 10.0


def read_until(sock, buf, pattern, deadline):
    """Reads into buf until the regex pattern matches (returns the match) or the deadline passes."""
    rx = re.compile(pattern, re.S)
    while True:
        m = rx.search(buf[0])
        if m:
            return m
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            data = sock.recv(65536)
        except socket.timeout:
            return None
        if not data:
            return rx.search(buf[0])
        buf[0] += data.decode("utf-8", "replace")


def fail(msg, buf=None):
    print("FAIL: " + msg + (" | received: " + buf[0][:600] if buf else ""))
    return 1


def check_component(host, port, component, secret, expect_fail):
    deadline = time.monotonic() + TIMEOUT
    buf = [""]
    with socket.create_connection((host, port), timeout=TIMEOUT) as s:
        s.sendall((
            "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
            "xmlns:stream='http://etherx.jabber.org/streams' to='%s'>" % component
        ).encode())
        m = read_until(s, buf, r"<stream:stream\b[^>]*>", deadline)
        if not m:
            return fail("no stream header from the server", buf)
        idm = re.search(r"\bid=(['\"])(.*?)\1", m.group(0))
        if not idm:
            return fail("stream header without id", buf)
        sid = idm.group(2)
        digest = hashlib.sha1((sid + secret).encode("utf-8")).hexdigest()
        s.sendall(("<handshake>%s</handshake>" % digest).encode())
        m = read_until(s, buf, r"<handshake\s*/>|<handshake\s*>\s*</handshake>|</stream:error>|</stream:stream>", deadline)
        if not m:
            return fail("no answer to the handshake", buf)
        ok = m.group(0).startswith("<handshake")
        if expect_fail:
            if ok:
                return fail("wrong secret was accepted", buf)
            if "not-authorized" not in buf[0]:
                return fail("rejected, but not with not-authorized", buf)
            err = re.search(r"<stream:error>.*?</stream:error>", buf[0], re.S)
            print("OK: wrong secret rejected: " + (err.group(0) if err else buf[0][-300:]))
            return 0
        if not ok:
            return fail("handshake rejected", buf)
        print("OK: component %s accepted on %s:%d (stream id %s)" % (component, host, port, sid))
        s.sendall(b"</stream:stream>")
        return 0


def check_c2s(host, port, domain, user, password, expect_fail):
    deadline = time.monotonic() + TIMEOUT
    buf = [""]
    with socket.create_connection((host, port), timeout=TIMEOUT) as s:
        s.sendall((
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            "xmlns:stream='http://etherx.jabber.org/streams' to='%s' version='1.0'>" % domain
        ).encode())
        m = read_until(s, buf, r"</stream:features>|<stream:features\s*/>|</stream:error>", deadline)
        if not m or not m.group(0).endswith("features>"):
            return fail("no stream features", buf)
        mechs = re.findall(r"<mechanism>([^<]+)</mechanism>", buf[0])
        if not mechs:
            return fail("no SASL mechanisms offered", buf)
        if user is None:
            print("OK: c2s %s:%d offers SASL %s" % (host, port, " ".join(mechs)))
            return 0
        if "PLAIN" not in mechs:
            return fail("PLAIN not offered (got %s)" % " ".join(mechs))
        token = base64.b64encode(("\0%s\0%s" % (user, password)).encode("utf-8")).decode()
        buf[0] = ""
        s.sendall(("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>%s</auth>" % token).encode())
        m = read_until(s, buf, r"<success\b[^>]*/>|<success\b.*?</success>|</failure>|<failure\b[^>]*/>|</stream:error>", deadline)
        if not m:
            return fail("no answer to SASL auth", buf)
        ok = m.group(0).startswith("<success")
        s.sendall(b"</stream:stream>")
        if expect_fail:
            if ok:
                return fail("login %s@%s succeeded with a wrong password" % (user, domain))
            if "not-authorized" not in buf[0]:
                return fail("login failed, but not with not-authorized", buf)
            print("OK: wrong password for %s@%s rejected (not-authorized)" % (user, domain))
            return 0
        if not ok:
            return fail("login %s@%s failed" % (user, domain), buf)
        print("OK: %s@%s logged in with SASL PLAIN on %s:%d (offered: %s)" % (user, domain, host, port, " ".join(mechs)))
        return 0


def main(argv):
    args = [a for a in argv[1:] if a != "--expect-fail"]
    expect_fail = "--expect-fail" in argv[1:]
    try:
        if len(args) == 5 and args[0] == "component":
            return check_component(args[1], int(args[2]), args[3], args[4], expect_fail)
        if len(args) in (4, 6) and args[0] == "c2s":
            user, password = (args[4], args[5]) if len(args) == 6 else (None, None)
            return check_c2s(args[1], int(args[2]), args[3], user, password, expect_fail)
    except OSError as e:
        return fail("connection error: %s" % e)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
