"""Render deploy/nginx.conf as a whole nginx configuration that runs in a throw-away prefix.

deploy/nginx.conf is a site file for Debian's /etc/nginx/sites-enabled/. For a test or a
measurement this wraps it in a main configuration (pid, logs and temp folders in the prefix,
`user` only when root) and swaps its machine-specific values: the listen ports, the upstream
gunicorn address, the static folder, the cache folder and the certificate. Every swap must
find its target, so a change to deploy/nginx.conf that breaks one fails loudly.

    python -m tools.nginx_conf PREFIX --http-port 8080 --https-port 8443 --upstream 127.0.0.1:8000
    nginx -p PREFIX -c PREFIX/nginx.conf -e stderr -g 'daemon off;'
"""
from __future__ import annotations

import argparse
import os
import pwd
import re
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"
SERVER_NAME = "kesat.example"  # the site file's placeholder host


def self_signed_cert(folder: Path, host: str = SERVER_NAME) -> tuple[Path, Path]:
    """A certificate for `host`, valid two days, made with the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    return cert, key


def _ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def _swap(text: str, pattern: str, replacement: str) -> str:
    new, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if not count:
        raise ValueError(f"deploy/nginx.conf no longer has {pattern!r}: update tools/nginx_conf.py")
    return new


def render_site(text: str, *, prefix: Path, http_port: int, https_port: int, upstream: str,
                cert: Path, key: Path, static: Path = ROOT / "static", ipv6: bool = True,
                also_names: tuple[str, ...] = ()) -> str:
    """`also_names`: other host names the site answers besides its own (make bench reaches it
    as "localhost": TLS must name the server, and the catch-all refuses an IP address)."""
    if also_names:
        text = _swap(text, rf"^(\s*server_name\s+){re.escape(SERVER_NAME)};",
                     rf"\g<1>{SERVER_NAME} {' '.join(also_names)};")
    text = _swap(text, r"^(\s*listen\s+(?:\[::\]:)?)80\b", rf"\g<1>{http_port}")
    text = _swap(text, r"^(\s*listen\s+(?:\[::\]:)?)443\b", rf"\g<1>{https_port}")
    if not ipv6:
        text = _swap(text, r"^\s*listen\s+\[::\]:.*\n", "")
    text = _swap(text, r"^(\s*server\s+)127\.0\.0\.1:8000;", rf"\g<1>{upstream};")
    text = _swap(text, r"alias /srv/kesat/static/;", f"alias {static}/;")
    text = _swap(text, r"proxy_cache_path /var/cache/nginx/kesat ", f"proxy_cache_path {prefix}/cache ")
    text = _swap(text, r"access_log /var/log/nginx/kesat\.access\.log ",
                 f"access_log {prefix}/kesat.access.log ")
    text = _swap(text, r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};")
    return _swap(text, r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};")


def render(prefix: Path, *, http_port: int, https_port: int, upstream: str, cert: Path,
           key: Path, static: Path = ROOT / "static", ipv6: bool | None = None,
           site: Path = SITE, also_names: tuple[str, ...] = ()) -> str:
    """The main configuration, with the site file inside its http block, as Debian does
    (`site`: deploy/nginx.conf, or a copy of it such as the production rehearsal installs)."""
    site = render_site(site.read_text(), prefix=prefix, http_port=http_port,
                       https_port=https_port, upstream=upstream, cert=cert, key=key,
                       static=static, ipv6=_ipv6() if ipv6 is None else ipv6,
                       also_names=also_names)
    # Workers of a root master would run as nobody and could not write the temp prefix.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temps = "".join(f"    {kind}_temp_path {prefix}/tmp/{kind};\n"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        f"{user}worker_processes 1;\n"
        f"pid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n"
        "    default_type application/octet-stream;\n"
        "    gzip on;  # as Debian's nginx.conf: the site file must not repeat it at http level\n"
        f"    access_log {prefix}/access.log;\n"
        f"{temps}"
        + "".join(f"    {line}\n" if line else "\n" for line in site.splitlines())
        + "}\n"
    )


def write(prefix: Path, **kwargs) -> Path:
    """Write PREFIX/nginx.conf (and the folders it names); returns its path."""
    for folder in ("tmp", "cache"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(render(prefix, **kwargs))
    return conf


def command(prefix: Path, conf: Path, *extra: str) -> list[str]:
    """nginx in the foreground with this prefix and configuration (`-t` to only check it)."""
    return [NGINX, "-p", str(prefix), "-c", str(conf), "-e", "stderr", "-g", "daemon off;", *extra]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", type=Path)
    parser.add_argument("--http-port", type=int, default=8080)
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--upstream", default="127.0.0.1:8000")
    parser.add_argument("--cert", type=Path, help="PEM certificate (default: a new self-signed one)")
    parser.add_argument("--key", type=Path)
    args = parser.parse_args(argv)
    prefix = args.prefix.resolve()
    prefix.mkdir(parents=True, exist_ok=True)
    cert, key = (args.cert, args.key) if args.cert else self_signed_cert(prefix)
    conf = write(prefix, http_port=args.http_port, https_port=args.https_port,
                 upstream=args.upstream, cert=cert, key=key)
    print(" ".join(command(prefix, conf)))


if __name__ == "__main__":
    main()
