#!/usr/bin/python3
"""A real SMTP server on loopback that keeps every message it accepts as a file.

    smtp_sink.py DIR [--port N] [--refuse ADDRESS]... [--tempfail ADDRESS]...

Each accepted message becomes DIR/NNNNNN.eml (the bytes as received, with an added
X-Envelope-To header line first) and DIR/NNNNNN.json (envelope and the decoded subject and
body (and HTML part, if any), read with Python's own e-mail parser). Files appear whole (written, then renamed).
--refuse answers 550 to RCPT TO for that address; --tempfail answers 451; --slow waits a
minute before answering RCPT TO (a server that hangs). With port 0 (the
default) a free port is chosen; the port is written to DIR/port once the server listens.
Used by the C tests (tests/mail/) and by `make run` (var/mail/). Stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder, refuse, tempfail, slow):
        self.folder = folder
        self.slow = {a.lower() for a in slow}
        self.refuse = {a.lower() for a in refuse}
        self.tempfail = {a.lower() for a in tempfail}
        names = [n for n in os.listdir(folder) if n.endswith(".eml")]
        self.count = len(names)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.slow:
            await asyncio.sleep(60)
        if address.lower() in self.refuse:
            return "550 5.1.1 Mottakeren finnes ikke"
        if address.lower() in self.tempfail:
            return "451 4.3.0 Prøv igjen senere"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%06d" % self.count)
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        info = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["subject"]),
            "message_id": str(msg["message-id"]),
            "date": str(msg["date"]),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "transfer_encoding": str(msg["content-transfer-encoding"]),
            "body": body.get_content() if body else "",
            "html": html.get_content() if html else "",
            "defects": [str(d) for d in msg.defects],
        }
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
        os.rename(base + ".eml.tmp", base + ".eml")
        os.rename(base + ".json.tmp", base + ".json")
        return "250 OK: lagret som %06d.eml" % self.count


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--tempfail", action="append", default=[])
    ap.add_argument("--slow", action="append", default=[])
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    handler = Sink(args.dir, args.refuse, args.tempfail, args.slow)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp-sink.localhost", enable_SMTPUTF8=True),
        host=args.host, port=args.port, reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
