"""Issue 14's bad input: each row gets a message naming it, the rest still print, no 500."""

import io
import re

from helpers import page_text
from nametag_checks import finds, pdf_text

from netpwa.extensions import db
from netpwa.nametags.models import TagStock

TINY = b"""<?xml version="1.0"?>
<Glabels-templates>
  <Template brand="Tiny" part="T-1" size="A4" _description="Price stickers">
    <Label-rectangle id="0" width="14mm" height="8mm" round="0mm">
      <Layout nx="10" ny="20" x0="10mm" y0="10mm" dx="18mm" dy="12mm"/>
    </Label-rectangle>
  </Template>
</Glabels-templates>
"""


def _upload(client, rows: list[str]):
    data = ("name,ask me about\n" + "\n".join(rows) + "\n").encode()
    response = client.post("/tags/batches", data={"attendees": (io.BytesIO(data), "a.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    return response.headers["Location"]


def test_each_bad_row_is_named_and_the_rest_print(auth, client):
    auth.as_new_user()
    preview = _upload(client, [
        "Ana Costa,sourdough",            # row 2
        "X" * 300 + ",",                  # row 3: too long
        "🦄🌈,unicorns",                   # row 4: emoji only: prints, with the emoji font
        "   ,",                           # row 5: only spaces
        "प्रिया शर्मा,",                     # row 6: a script no tag font has
        "Zoë ★ Smith,",                   # row 7: one character no font has
        "Zoë 🦄   Smith,",                 # row 8: emoji kept, repeated spaces collapse
    ])
    page = client.get(preview)
    assert page.status_code == 200
    text = page_text(page)
    assert re.search(r"Row 3: the name is 300 characters long", text)
    assert "Row 5: only spaces; skipped." in text
    assert "Row 6: the name “प्रिया शर्मा” has nothing the tag fonts can print" in text
    assert "DEVANAGARI LETTER" in text
    assert re.search(r"Row 7 \(Zoë Smith\): left out ★ \(BLACK STAR\)", text)
    pdf = client.get(preview.split("?")[0] + ".pdf")
    assert pdf.status_code == 200
    extracted = pdf_text(pdf.data)
    for name in ("Ana Costa", "🦄🌈", "Zoë Smith", "Zoë 🦄 Smith"):
        assert finds(extracted, name), name
    assert "★" not in extracted and "प्र" not in extracted
    assert "Zoë  Smith" not in extracted and "Zoë 🦄  Smith" not in extracted


def test_a_label_too_small_for_a_legible_name_says_so_and_still_prints(auth, client):
    auth.as_new_user()
    response = client.post("/tags/stocks", data={"template": (io.BytesIO(TINY), "tiny.xml")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    with client.application.app_context():
        key = db.session.query(TagStock).one().key
    preview = _upload(client, ["Maximilian Alexander von Hohenzollern-Sigmaringen,", "Li,"])
    page = client.get(f"{preview.split('?')[0]}?stock={key}")
    assert page.status_code == 200
    assert re.search(r"Row 2 \(“Maximilian Alexander[^”]*”\): too long for this label at a "
                     r"legible size", page_text(page))
    pdf = client.get(f"{preview.split('?')[0]}.pdf?stock={key}")
    assert pdf.status_code == 200 and finds(pdf_text(pdf.data), "Li")
