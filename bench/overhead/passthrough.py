"""The bare pass-through proxy: aiohttp in, aiohttp out, no auth, routing or accounting.

It marks what one Python process can do at all; hybridgate is measured against it.

    python bench/overhead/passthrough.py --port 9200 --upstream http://127.0.0.1:9100
"""

import argparse

import aiohttp
import uvloop
from aiohttp import web

args = argparse.ArgumentParser()
args.add_argument("--port", type=int, default=9200)
args.add_argument("--upstream", default="http://127.0.0.1:9100")
opts = args.parse_args()


async def proxy(request: web.Request) -> web.StreamResponse:
    session: aiohttp.ClientSession = request.app["session"]
    body = await request.read()
    async with session.post(
        opts.upstream + request.path, data=body, headers={"content-type": "application/json"}
    ) as up:
        if up.content_type != "text/event-stream":
            return web.Response(
                status=up.status, body=await up.read(), content_type=up.content_type
            )
        out = web.StreamResponse(status=up.status, headers={"content-type": up.content_type})
        await out.prepare(request)
        async for chunk in up.content.iter_any():
            await out.write(chunk)
        await out.write_eof()
        return out


async def session_ctx(app: web.Application):  # type: ignore[no-untyped-def]
    app["session"] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    yield
    await app["session"].close()


app = web.Application()
app.cleanup_ctx.append(session_ctx)
app.router.add_post("/v1/chat/completions", proxy)
app.router.add_get("/healthz", lambda _: web.Response(text="ok"))  # type: ignore[arg-type,return-value]
web.run_app(app, host="127.0.0.1", port=opts.port, print=None, loop=uvloop.new_event_loop())
