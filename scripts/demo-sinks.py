#!/usr/bin/env python3
"""Stand-ins for the outside world the demo's notification receivers talk to (config/notifications.yaml), so that a
new user's alert pages show deliveries instead of "Connection refused": the operations webhook (HTTP :9095), the team
chat (Telegram-style sendMessage, HTTP :9096), the dead-man's switch monitor (HTTP :9097) and the mail server
(SMTP :2525). Each message received is one line in the log (stdout): time, sink, what came. Started by scripts/run.sh;
standard library only. A port already taken (another run on this machine) is said and skipped: whoever holds it answers.

Usage: demo-sinks.py [--host 127.0.0.1]
"""
import asyncio
import datetime
import json
import sys

HTTP_SINKS = {9095: "ops-webhook", 9096: "ops-chat", 9097: "deadman"}
SMTP_PORT = 2525
MAX_BODY = 16 * 1024 * 1024


def log(sink, text):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{now} {sink} {text}", flush=True)


def http_handler(sink):
    async def handle(reader, writer):
        try:
            while True:
                request = await reader.readline()
                if not request:
                    return
                length = 0
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = min(int(value.strip() or 0), MAX_BODY)
                body = await reader.readexactly(length) if length else b""
                log(sink, f"{request.decode('latin-1').strip()} {len(body)} bytes: {body.decode('utf-8', 'replace')[:200]!r}")
                # Telegram's answer shape; the webhook and the monitor only look at the status.
                answer = json.dumps({"ok": True, "result": {"message_id": 1}}).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(answer), answer))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()

    return handle


async def smtp_handle(reader, writer):
    """Just enough SMTP for a client that sends mail: greet, accept every command, take DATA up to the lone dot."""
    async def say(line):
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    try:
        await say("220 supervision-demo-sink ESMTP")
        recipients, sender = [], ""
        while True:
            line = await reader.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                await say("250-supervision-demo-sink")
                await say("250 8BITMIME")
            elif verb == "MAIL":
                sender, recipients = command[10:], []
                await say("250 OK")
            elif verb == "RCPT":
                recipients.append(command[8:])
                await say("250 OK")
            elif verb == "DATA":
                await say("354 end with <CRLF>.<CRLF>")
                size, subject = 0, ""
                while True:
                    data = await reader.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    size += len(data)
                    if data.lower().startswith(b"subject:") and not subject:
                        subject = data[8:].decode("utf-8", "replace").strip()
                log("ops-mail", f"from {sender} to {', '.join(recipients)} {size} bytes, subject {subject!r}")
                await say("250 OK queued")
            elif verb == "QUIT":
                await say("221 bye")
                return
            else:  # HELO, RSET, NOOP and the rest
                await say("250 OK")
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(host):
    servers = []
    for port, sink in HTTP_SINKS.items():
        try:
            servers.append(await asyncio.start_server(http_handler(sink), host, port))
            log(sink, f"listening on http://{host}:{port}/")
        except OSError as error:
            log(sink, f"not started: {host}:{port} {error.strerror}")
    try:
        servers.append(await asyncio.start_server(smtp_handle, host, SMTP_PORT))
        log("ops-mail", f"listening on smtp://{host}:{SMTP_PORT}")
    except OSError as error:
        log("ops-mail", f"not started: {host}:{SMTP_PORT} {error.strerror}")
    if not servers:
        return
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    address = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--host" else "127.0.0.1"
    try:
        asyncio.run(main(address))
    except KeyboardInterrupt:
        pass
