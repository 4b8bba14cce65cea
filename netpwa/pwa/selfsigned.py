"""A self-signed certificate for `make run HTTPS=1`: service workers and the camera need HTTPS
on a phone that opens the laptop's LAN address. Made once, kept in instance/, remade when it
nears expiry or the laptop's address changes."""

import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DEFAULT_INSTANCE = Path(__file__).resolve().parents[2] / "instance"
VALID_FOR = timedelta(days=365)
RENEW_BEFORE = timedelta(days=30)


def _names(hosts: list[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def wanted_hosts(lan: str | None) -> list[str]:
    """localhost, the loopback addresses and, when there is one, the LAN address."""
    hosts = ["localhost", "127.0.0.1", "::1"]
    if lan and lan not in hosts:
        hosts.append(lan)
    return hosts


def _covers(certificate: x509.Certificate, hosts: list[str]) -> bool:
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    present = set(san)
    return all(name in present for name in _names(hosts))


def _usable(certfile: Path, keyfile: Path, hosts: list[str]) -> bool:
    if not (certfile.exists() and keyfile.exists()):
        return False
    try:
        certificate = x509.load_pem_x509_certificate(certfile.read_bytes())
    except ValueError:
        return False
    fresh = certificate.not_valid_after_utc - RENEW_BEFORE > datetime.now(UTC)
    return fresh and _covers(certificate, hosts)


def make_certificate(hosts: list[str]) -> tuple[bytes, bytes]:
    """A new (certificate PEM, private key PEM) valid for those host names and addresses."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "netpwa local"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "netpwa (self-signed)")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + VALID_FOR)
        .add_extension(x509.SubjectAlternativeName(_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def ensure_certificate(instance_path: str | Path | None = None,
                       lan: str | None = None) -> tuple[str, str]:
    """(certfile, keyfile) in instance/, made or remade when missing, expiring or outdated.
    lan is this machine's address on the network (serve.lan_address), named in the certificate."""
    folder = Path(instance_path) if instance_path else DEFAULT_INSTANCE
    hosts = wanted_hosts(lan)
    certfile, keyfile = folder / "selfsigned-cert.pem", folder / "selfsigned-key.pem"
    if not _usable(certfile, keyfile, hosts):
        folder.mkdir(parents=True, exist_ok=True)
        cert_pem, key_pem = make_certificate(hosts)
        keyfile.write_bytes(key_pem)
        keyfile.chmod(0o600)
        certfile.write_bytes(cert_pem)
    return str(certfile), str(keyfile)
