#!/usr/bin/env python3
"""A real SMTP relay for the mail tests (aiosmtpd), on 127.0.0.1.

Every message the relay accepts is written to --dir before it answers 250:
NNNNN.eml (the bytes as received) and NNNNN.json (envelope and the headers
and body as Python's email package decodes them). The answers to come are read,
one per DATA, from --dir/script (one line each: 451, 550, drop or
drop-in-body); when it is empty every message is accepted. `drop` closes the
connection at the end of DATA without answering. `drop-in-body` closes it
part-way through the message: after the header block and the first line of the
body, before the terminating dot; what it read is recorded as one line of
--dir/cuts.jsonl (bytes read, whether the dot was among them, the Message-ID).
--delay-ms waits between keeping a message and answering 250 (for kill tests).
Prints "PORT <n>" on stdout once listening; runs until killed.
"""

import argparse
import asyncio
import email
import email.parser
import email.policy
import json
import os
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class Relay:
    def __init__(self, directory, delay_ms):
        self.dir = directory
        self.delay = delay_ms / 1000.0
        self.count = len([n for n in os.listdir(directory) if n.endswith(".eml")])

    def next_answer(self, only=None):
        """Takes the next scripted answer; with `only`, takes it only if it is that."""
        path = os.path.join(self.dir, "script")
        try:
            with open(path) as f:
                lines = [l.strip() for l in f if l.strip()]
        except FileNotFoundError:
            return None
        if not lines or (only is not None and lines[0] != only):
            return None
        with open(path + ".tmp", "w") as f:
            f.write("\n".join(lines[1:]) + ("\n" if lines[1:] else ""))
        os.replace(path + ".tmp", path)
        return lines[0]

    def record_cut(self, seen, dot):
        headers = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(seen)
        record = {
            "bytes": len(seen),
            "body_bytes": len(seen.split(b"\r\n\r\n", 1)[1]) if b"\r\n\r\n" in seen else 0,
            "dot": dot,
            "message_id": str(headers["Message-ID"]) if headers["Message-ID"] else None,
        }
        with open(os.path.join(self.dir, "cuts.jsonl"), "a") as f:
            f.write(json.dumps(record) + "\n")

    async def handle_DATA(self, server, session, envelope):
        answer = self.next_answer()
        if answer == "451":
            return "451 4.3.0 Try again later"
        if answer == "550":
            return "550 5.1.1 Mailbox unavailable"
        if answer == "drop":
            server.transport.abort()
            return "250 never seen"
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        self.count += 1
        base = os.path.join(self.dir, "%05d" % self.count)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "reply_to": str(msg["Reply-To"]) if msg["Reply-To"] else None,
            "subject": str(msg["Subject"]),
            "subject_raw": msg.get("Subject").as_raw_if_possible()
            if hasattr(msg.get("Subject"), "as_raw_if_possible")
            else None,
            "message_id": str(msg["Message-ID"]),
            "charset": msg.get_content_charset(),
            "transfer_encoding": str(msg["Content-Transfer-Encoding"]),
            "body": msg.get_content(),
            "raw_ascii": all(b < 128 for b in raw),
            "received_at": time.time(),
        }
        # Find the raw Subject line as it came over the wire.
        for line in raw.split(b"\r\n"):
            if line.lower().startswith(b"subject:"):
                record["subject_raw"] = line.decode("ascii", "replace")
                break
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w") as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(base + ".json.tmp", base + ".json")
        os.replace(base + ".eml.tmp", base + ".eml")
        # Kept, not yet acknowledged: a sender killed now has it accepted but
        # not recorded, the one case that may be sent twice.
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 Ok: queued as %05d" % self.count


class CuttingSMTP(SMTP):
    """aiosmtpd's server, able to drop a connection in the middle of DATA
    (handle_DATA only ever sees a message that arrived whole)."""

    async def smtp_DATA(self, arg):
        # Recipients accepted mean HELO, TLS and login went before.
        ready = self.envelope is not None and self.envelope.rcpt_tos and not arg
        if not ready or self.event_handler.next_answer(only="drop-in-body") is None:
            return await super().smtp_DATA(arg)
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        seen = b""
        while not seen.endswith(b"\r\n\r\n") and not seen.endswith(b"\r\n.\r\n"):
            seen += await self._reader.readuntil(b"\r\n")
        line = await self._reader.readuntil(b"\r\n")
        seen += line
        # The first line of the body; the dot only if the body were empty.
        self.event_handler.record_cut(seen, line == b".\r\n" or seen.endswith(b"\r\n.\r\n"))
        self.transport.abort()


class RelayController(Controller):
    def factory(self):
        return CuttingSMTP(self.handler, **self.SMTP_kwargs)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--tls", choices=["none", "starttls", "tls"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth", help="USER:PASSWORD the relay requires (after STARTTLS)")
    a = p.parse_args()
    port = a.port
    if port == 0:
        import socket

        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    kwargs = {}
    if a.tls != "none":
        import ssl

        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        if a.tls == "starttls":
            kwargs = {"tls_context": ctx, "require_starttls": True}
        else:
            kwargs = {"ssl_context": ctx}
    if a.auth:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == user.encode()
                and auth_data.password == password.encode()
            )
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
    controller = RelayController(
        Relay(a.dir, a.delay_ms),
        hostname="127.0.0.1",
        port=port,
        decode_data=False,
        **kwargs,
    )
    controller.start()
    print("PORT %d" % port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
