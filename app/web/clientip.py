"""Which address a request counts against in rate limits.

An IPv4 address counts alone. An IPv6 address counts as its /64 network: a home router, a
phone or a rented server is handed a whole /64, so counting single IPv6 addresses would let
one attacker move to a fresh address for every attempt. IPv4-mapped IPv6 addresses
(`::ffff:1.2.3.4`, from dual-stack sockets) count as the IPv4 address they carry.
"""
from __future__ import annotations

import ipaddress

from flask import request

UNKNOWN = "unknown"  # no address at all (a test client, a broken proxy): still limited


def client_key(address: str | None = None) -> str:
    """The rate-limit key for `address` (default: the request's remote address)."""
    raw = (request.remote_addr if address is None else address) or ""
    try:
        ip = ipaddress.ip_address(raw.split("%", 1)[0].strip())  # drop an IPv6 zone index
    except ValueError:
        return raw[:64] or UNKNOWN
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)
