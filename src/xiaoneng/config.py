"""Settings from XIAONENG_* environment variables, with safe defaults for one machine."""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)

# The value older installations carried as the default; never used to sign anything, treated as "not configured".
DEV_SECRET = "development-only-secret-change-me"
SECRET_FILE = "secret_key"
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XIAONENG_", env_file=".env", extra="ignore")

    env: str = "development"  # development | production | test
    database_url: str = "sqlite:///./var/xiaoneng.db"
    # Signs session cookies and rating tokens. Unset outside production: generated once into <var_dir>/secret_key.
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    timezone: str = "Asia/Shanghai"
    # Cookies marked Secure (sent over HTTPS only); unset: true in production, false elsewhere.
    secure_cookies: bool | None = None
    session_max_age_seconds: int = 8 * 3600
    # Addresses or networks (comma-separated) of reverse proxies whose X-Forwarded-For/-Proto are believed.
    trusted_proxies: str = ""
    # Sign-in back-off: failures allowed before a lock, per account and per client address.
    sign_in_account_failures: int = 5
    sign_in_address_failures: int = 20
    var_dir: Path = Path("./var")
    demo_seed: int = 20261123
    # Timed jobs run inside the web process unless a center runs separate workers.
    run_jobs_in_server: bool = True
    # A guide (办事指南) not reviewed for longer than this raises an alert (SPEC A2).
    guide_review_max_days: int = 365
    # Printed QR codes of windows and staff stay valid this long; case links expire with the rating window.
    qr_token_days: int = 400
    # Where citizens reach the public pages: the base of every link that leaves the platform (printed QR codes,
    # kiosk links, SMS, the invitation API's rating_url), whatever Host a request came with.
    public_base_url: str = "http://127.0.0.1:8000"
    # Public endpoints (rating pages, disclosure): requests per client address per minute.
    public_rate_limit_per_minute: int = 60
    # Rating submissions per window or staff QR code per hour (a code is scanned by the day's visitors), and per
    # rating device (browser or app install, identified by the id the server issued to it) per day.
    rating_code_limit_per_hour: int = 30
    rating_device_limit_per_day: int = 10
    # Where the public rating API's group commit runs: "process" (a child process of the server, so the database
    # work uses another core) or "thread" (inside the server process).
    rating_writer: Literal["process", "thread"] = "process"
    # Request bodies: larger ones are refused (413) before they are read. Import uploads have a limit of their own.
    max_body_bytes: int = 1024 * 1024
    # Imports (SPEC A4): the file, its rows, and what an XLSX (a zip) may unpack to; a file past one is refused.
    import_max_upload_bytes: int = 10 * 1024 * 1024
    import_max_rows: int = 20_000
    import_max_unpacked_bytes: int = 100 * 1024 * 1024
    # The 12345 import takes a year of a district's work orders in one file: 100,000 rows are about 25 MB as CSV,
    # 8 MB as XLSX unpacking to 95 MB.
    complaint_import_max_upload_bytes: int = 64 * 1024 * 1024
    complaint_import_max_rows: int = 200_000
    complaint_import_max_unpacked_bytes: int = 512 * 1024 * 1024
    # An evidence file of a complaint's investigation (stored under <var_dir>/complaints/evidence).
    complaint_evidence_max_bytes: int = 10 * 1024 * 1024

    @model_validator(mode="after")
    def _secure_defaults(self) -> Settings:
        production = self.env == "production"
        if self.secret_key in ("", DEV_SECRET):
            if production:
                raise ValueError("XIAONENG_SECRET_KEY must be set to a random value of 32+ characters in production")
            self.secret_key = generated_secret(self.var_dir)
        elif production and len(self.secret_key) < MIN_SECRET_LENGTH:
            raise ValueError("XIAONENG_SECRET_KEY must be set to a random value of 32+ characters in production")
        if self.secure_cookies is None:
            self.secure_cookies = production
        elif production and not self.secure_cookies:
            raise ValueError("XIAONENG_SECURE_COOKIES cannot be false in production: serve it over HTTPS")
        parse_networks(self.trusted_proxies)
        return self

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [str(n) for n in parse_networks(self.trusted_proxies)]


def parse_networks(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated addresses or CIDR networks; anything else is refused, naming the entry."""
    networks = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"XIAONENG_TRUSTED_PROXIES: not an address or network: {entry!r}") from None
    return networks


def generated_secret(var_dir: Path) -> str:
    """The secret of an installation without XIAONENG_SECRET_KEY: read from <var_dir>/secret_key, made on first start.

    Several server or worker processes may start at once and must sign with the same secret: each writes its
    candidate to a private temporary file and links it into place; link() fails when the file exists, so exactly one
    candidate wins and every process reads that one."""
    path = var_dir / SECRET_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        fd, candidate = tempfile.mkstemp(dir=var_dir, prefix=".secret-")  # mode 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.link(candidate, path)
            log.warning("\n%s\nNo XIAONENG_SECRET_KEY is set: generated a random secret into %s (mode 0600).\n"
                        "It signs sessions and rating links; keep it, back it up with the database, and set\n"
                        "XIAONENG_SECRET_KEY in production (where starting without it is refused).\n%s",
                        "!" * 78, path.resolve(), "!" * 78)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            os.unlink(candidate)
    else:
        log.warning("No XIAONENG_SECRET_KEY is set: using the generated secret in %s", path.resolve())
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    if path.stat().st_mode & 0o077:
        log.warning("%s can be read by other users: chmod 600 it", path.resolve())
    value = path.read_text(encoding="utf-8").strip()
    if len(value) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} holds no usable secret (under {MIN_SECRET_LENGTH} characters): remove it or set "
                         "XIAONENG_SECRET_KEY")
    return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
