"""The baseline of benchmarks/relay_throughput.py: a bare FastAPI POST handler on uvicorn that
takes the relay's heartbeat request (same path, headers and JSON body) and answers the same
shape, with no signature check and no database.

    .venv/bin/python benchmarks/bare_handler.py PORT
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import uvicorn
from fastapi import FastAPI, Request, Response

app = FastAPI()


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/v1/heartbeat")
async def heartbeat(request: Request) -> Response:
    body = json.loads(await request.body())
    answer = {"supervisors_online": 0, "server_time": datetime.now(UTC).isoformat(),
              "state": body.get("state")}
    return Response(json.dumps(answer), media_type="application/json")


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                access_log=False)
