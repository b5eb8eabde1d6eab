"""Settings from XIAONENG_* environment variables, with safe defaults for one machine."""

from functools import lru_cache
from typing import Literal
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XIAONENG_", env_file=".env", extra="ignore")

    env: str = "development"  # development | production | test
    database_url: str = "sqlite:///./var/xiaoneng.db"
    secret_key: str = DEV_SECRET
    host: str = "127.0.0.1"
    port: int = 8000
    timezone: str = "Asia/Shanghai"
    # Cookies marked Secure only behind HTTPS; production sets it true.
    secure_cookies: bool = False
    session_max_age_seconds: int = 8 * 3600
    var_dir: Path = Path("./var")
    demo_seed: int = 20261123
    # Timed jobs run inside the web process unless a center runs separate workers.
    run_jobs_in_server: bool = True
    # A guide (办事指南) not reviewed for longer than this raises an alert (SPEC A2).
    guide_review_max_days: int = 365
    # Printed QR codes of windows and staff stay valid this long; case links expire with the rating window.
    qr_token_days: int = 400
    # Where citizens reach the public pages: the base of links sent by SMS (rating and rectification links).
    public_base_url: str = "http://127.0.0.1:8000"
    # Public endpoints (rating pages, disclosure): requests per client address per minute.
    public_rate_limit_per_minute: int = 60
    # Where the public rating API's group commit runs: "process" (a child process of the server, so the database
    # work uses another core) or "thread" (inside the server process).
    rating_writer: Literal["process", "thread"] = "process"
    # Request bodies: larger ones are refused (413) before they are read. Import uploads have a limit of their own.
    max_body_bytes: int = 1024 * 1024
    # Imports (SPEC A4): the file, its rows, and what an XLSX (a zip) may unpack to; a file past one is refused.
    import_max_upload_bytes: int = 10 * 1024 * 1024
    import_max_rows: int = 20_000
    import_max_unpacked_bytes: int = 100 * 1024 * 1024

    @model_validator(mode="after")
    def refuse_placeholder_secret(self) -> "Settings":
        if self.env == "production" and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise ValueError("XIAONENG_SECRET_KEY must be set to a random value of 32+ characters in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
