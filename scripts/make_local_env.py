"""Write a .env for a developer's own machine: a fresh secret key and DEBUG on.

Used by `make run` / `make test` when no .env exists; an existing file is never touched.
"""

import secrets
import sys
from pathlib import Path

target = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
if target.exists():
    sys.exit(0)
target.write_text(
    "# Written by `make` for local development; see .env.example for every setting.\n"
    f"SECRET_KEY=local-{secrets.token_urlsafe(48)}\n"
    "DEBUG=true\n"
)
print(f"Wrote {target} for local development (DEBUG on).")
