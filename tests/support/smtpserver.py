#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real SMTP server for the mail tests, on aiosmtpd (Debian's python3-aiosmtpd).

Each message it accepts becomes one file in --folder, NNNN.json: the envelope (mailFrom,
rcptTos), whether it came over TLS and after AUTH, and the bytes received (data, base64). It is
written under a temporary name and renamed, so a reader never sees half of one. Prints
"ready PORT" on standard output once it answers, and stops when standard input closes.

  smtpserver.py --folder DIR [--port N] [--mode plain|starttls|smtps] [--cert F --key F]
                [--user NAME --password PW] [--refuse ADDRESS]... [--hold-first-data]

--mode starttls offers STARTTLS and requires it before anything else; smtps is TLS from the
first byte. With --user, AUTH is required before MAIL (offered over TLS only, except in plain
mode). --refuse answers 550 to RCPT TO for that address. --hold-first-data never answers the first
message's DATA: it writes the file "holding" in --folder, waits for the client to leave, then
writes "left" and stores nothing (a message whose client left before the 250 was not
delivered); the messages after it are answered as usual. For the test of a sender killed
mid-send.
"""
import argparse
import asyncio
import base64
import json
import os
import socket
import ssl
import sys
import threading

from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Recorder:
    def __init__(self, folder, refused, tls_from_start, hold_first_data=False):
        self.folder = folder
        self.refused = {address.lower() for address in refused}
        self.tls_from_start = tls_from_start
        self.hold_first_data = hold_first_data
        self.count = 0
        self.lock = threading.Lock()

    def mark(self, name):
        with open(os.path.join(self.folder, name), "w", encoding="utf-8"):
            pass

    async def hold(self, server):
        """Answers nothing until the client leaves (aiosmtpd cancels the handler then)."""
        self.mark("holding")
        try:
            while server.transport is not None and not server.transport.is_closing():
                await asyncio.sleep(0.05)
        finally:
            self.mark("left")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 <%s>: recipient unknown here" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first_data:
            self.hold_first_data = False
            await self.hold(server)
            return "421 4.3.0 the client left"  # nobody to hear it: nothing stored
        data = envelope.original_content
        if data is None:
            data = envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        with self.lock:
            self.count += 1
            name = "%04d.json" % self.count
        record = {
            "parsed": parsed(data),
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "tls": self.tls_from_start or session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "data": base64.b64encode(data).decode("ascii"),
        }
        temporary = os.path.join(self.folder, "." + name + ".part")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.replace(temporary, os.path.join(self.folder, name))
        return "250 2.0.0 Message accepted for delivery"


def parsed(data):
    """What Python's own mail parser reads in the message: an oracle independent of ours."""
    try:
        message = message_from_bytes(data, policy=policy.default)
        headers = [[name, str(value)] for name, value in message.items()]
        addresses = {}
        for name in ("From", "To", "Cc", "Bcc"):
            values = message.get_all(name) or []
            addresses[name] = [[a.display_name, a.addr_spec]
                               for value in values for a in value.addresses]
        parts = [{"type": part.get_content_type(), "charset": part.get_content_charset(),
                  "content": part.get_content()}
                 for part in message.walk() if not part.is_multipart()]
        return {"headers": headers, "addresses": addresses, "parts": parts,
                "defects": [repr(d) for d in message.defects]}
    except Exception as error:  # the test says what failed
        return {"error": repr(error)}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--mode", choices=["plain", "starttls", "smtps"], default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--hold-first-data", action="store_true")
    args = parser.parse_args()

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == args.user.encode()
              and auth_data.password == args.password.encode())
        return AuthResult(success=ok, handled=False)

    smtp_options = {}
    if args.user:
        smtp_options["authenticator"] = authenticator
        smtp_options["auth_required"] = True
        # In smtps mode aiosmtpd cannot see the TLS of its transport: TLS is certain there.
        smtp_options["auth_require_tls"] = args.mode == "starttls"
    if args.mode == "starttls":
        smtp_options["tls_context"] = context
        smtp_options["require_starttls"] = True

    port = args.port or free_port()
    controller = Controller(
        Recorder(args.folder, args.refuse, args.mode == "smtps", args.hold_first_data),
        hostname="127.0.0.1", port=port,
        ssl_context=context if args.mode == "smtps" else None,
        server_hostname="localhost", **smtp_options)
    controller.start()
    print("ready %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
